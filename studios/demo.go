package studios

import (
	"embed"
	"io/fs"
)

//go:embed demo
var demoFiles embed.FS

// DemoFile is the name of the demo studios file in Demo.
const DemoFile = "studios.yaml"

// Demo holds the embedded demo configuration (the studios `go run .`
// serves on its sandbox) and its logos: an ordinary studios file, loaded
// with LoadFS(Demo(), DemoFile, getenv).
func Demo() fs.FS {
	sub, err := fs.Sub(demoFiles, "demo")
	if err != nil {
		panic(err) // the directory is embedded above
	}
	return sub
}
