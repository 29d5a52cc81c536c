package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/state/redistest"
)

// The reference deployment (compose.yaml, deploy/Caddyfile, Dockerfile)
// cannot run here: there is no container engine. What can be checked
// without one is checked: the files parse, name what the portal reads, and
// the image's build command builds a working binary.

// composeService is the part of a compose service the checks read.
type composeService struct {
	Build           any               `yaml:"build"`
	Image           string            `yaml:"image"`
	Environment     map[string]string `yaml:"environment"`
	Ports           []string          `yaml:"ports"`
	Expose          []string          `yaml:"expose"`
	Volumes         []string          `yaml:"volumes"`
	StopGracePeriod string            `yaml:"stop_grace_period"`
	Healthcheck     map[string]any    `yaml:"healthcheck"`
}

func readCompose(t *testing.T) map[string]composeService {
	t.Helper()
	raw, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Services map[string]composeService `yaml:"services"`
	}
	if err := yaml.Unmarshal(raw, &f); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	return f.Services
}

// interpolation is compose's ${NAME}, ${NAME:-default} and ${NAME:?error}.
var interpolation = regexp.MustCompile(`\$\{([A-Z0-9_]+)(?::?([-?])([^}]*))?\}`)

// interpolate resolves v as compose would with the variables in vars.
func interpolate(v string, vars map[string]string) string {
	return interpolation.ReplaceAllStringFunc(v, func(m string) string {
		p := interpolation.FindStringSubmatch(m)
		if val := vars[p[1]]; val != "" || p[2] != "-" {
			return val
		}
		return p[3]
	})
}

// TestComposeDescribesTwoPortalsBehindAProxy: the services, what the
// portal instances are given (every variable one the portal reads), what
// is published (only the proxy), and that the proxy sets X-Forwarded-For
// for instances that trust it.
func TestComposeDescribesTwoPortalsBehindAProxy(t *testing.T) {
	services := readCompose(t)
	for _, name := range []string{"portal-a", "portal-b", "redis", "proxy"} {
		if _, ok := services[name]; !ok {
			t.Fatalf("compose.yaml has no service %s", name)
		}
	}
	a, b := services["portal-a"], services["portal-b"]
	if a.Build != "." || a.Image == "" || !reflectEqual(a, b) {
		t.Errorf("portal-a and portal-b: want the same service built from this directory's Dockerfile: %+v / %+v", a, b)
	}
	env := a.Environment
	if env["TRUST_PROXY"] != "1" {
		t.Errorf("TRUST_PROXY = %q behind the proxy, want 1", env["TRUST_PROXY"])
	}
	if !strings.HasPrefix(env["REDIS_URL"], "redis://redis:") {
		t.Errorf("REDIS_URL = %q, want the redis service", env["REDIS_URL"])
	}
	port, metrics := env["PORT"], env["METRICS_ADDR"]
	_, metricsPort, err := net.SplitHostPort(metrics)
	if err != nil || metricsPort == port {
		t.Errorf("METRICS_ADDR %q: want an address with a port of its own (PORT is %s)", metrics, port)
	}
	if !slices.Contains(a.Expose, port) || !slices.Contains(a.Expose, metricsPort) {
		t.Errorf("portal expose %v, want %s and %s on the compose network", a.Expose, port, metricsPort)
	}
	for name, s := range services {
		if len(s.Ports) > 0 && name != "proxy" {
			t.Errorf("%s publishes %v: only the proxy may (metrics and pprof never reach the public)", name, s.Ports)
		}
	}
	grace, err := parseGrace(env["SHUTDOWN_GRACE"])
	if err != nil {
		t.Fatal(err)
	}
	if stop, err := time.ParseDuration(a.StopGracePeriod); err != nil || stop <= grace {
		t.Errorf("stop_grace_period %q must be longer than SHUTDOWN_GRACE %v, or a booking under way is killed", a.StopGracePeriod, grace)
	}
	if services["redis"].Healthcheck == nil {
		t.Error("redis has no healthcheck for the portals to wait on")
	}

	proxy := services["proxy"]
	if !slices.Contains(proxy.Volumes, "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro") {
		t.Fatalf("the proxy does not mount deploy/Caddyfile: %v", proxy.Volumes)
	}
	caddyfile, err := os.ReadFile("deploy/Caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"reverse_proxy portal-a:" + port + " portal-b:" + port,
		"header_up X-Forwarded-For {remote_host}",
		"health_uri /healthz",
	} {
		if !strings.Contains(string(caddyfile), want) {
			t.Errorf("deploy/Caddyfile lacks %q", want)
		}
	}
	dockerfile, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(dockerfile), "\nEXPOSE "+port+"\n") {
		t.Errorf("the Dockerfile does not expose the PORT compose gives (%s)", port)
	}
}

// reflectEqual compares two services by their YAML.
func reflectEqual(a, b composeService) bool {
	x, _ := yaml.Marshal(a)
	y, _ := yaml.Marshal(b)
	return string(x) == string(y)
}

// TestComposeEnvironmentIsWhatThePortalReads starts the portal with the
// portal service's environment (secrets and hosts replaced by this test's:
// a Redis, a sandbox, free loopback ports) and checks it starts and asks
// for every variable compose sets: a misspelt name would be ignored
// silently in production.
func TestComposeEnvironmentIsWhatThePortalReads(t *testing.T) {
	redis := redistest.Start(t)
	sb := sandbox.New(sandbox.Config{})
	srv := httptest.NewServer(sb)
	t.Cleanup(func() { srv.Close(); sb.Close() })
	vars := map[string]string{
		"PORTAL_SECRET": strings.Repeat("s", 32), "MAGICLINE_BASE_URL": srv.URL,
		"MAGICLINE_API_KEY": sandbox.DemoKey, "MAGICLINE_WEBHOOK_KEY": "hook",
	}
	env := map[string]string{}
	for k, v := range readCompose(t)["portal-a"].Environment {
		env[k] = interpolate(v, vars)
	}
	env["REDIS_URL"] = redis.URL
	env["LOG_FORMAT"], env["LOG_LEVEL"] = "", "error" // keep the test's output quiet
	var mu sync.Mutex
	read := map[string]bool{}
	getenv := func(k string) string {
		mu.Lock()
		defer mu.Unlock()
		read[k] = true
		return env[k]
	}

	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-metrics-addr", "127.0.0.1:0"}, getenv, w)
	}()
	var portal string
	lines := bufio.NewScanner(out)
	for portal == "" && lines.Scan() {
		if f := strings.Fields(lines.Text()); len(f) == 2 && f[0] == "Portal:" {
			portal = f[1]
		}
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	if portal == "" {
		cancel()
		t.Fatalf("the portal did not start with compose's environment: %v", <-done)
	}
	resp, err := http.Get(portal + "readyz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("readyz with compose's environment: %v, %v", resp, err)
	} else {
		resp.Body.Close()
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
	for k := range readCompose(t)["portal-a"].Environment {
		if !read[k] {
			t.Errorf("compose.yaml sets %s, which the portal never reads", k)
		}
	}
}

// TestDockerfileBuildsTheBinary: the image's Go is go.mod's, and its build
// command, run here as written, makes a static binary that serves the
// embedded views, static files and demo. The build (the whole program
// once more, with the image's flags: two minutes on a cold cache) runs
// with CI set, as .ci/run does, or PORTAL_TEST_IMAGE_BUILD=1.
func TestDockerfileBuildsTheBinary(t *testing.T) {
	raw, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	dockerfile := strings.ReplaceAll(string(raw), "\\\n", " ")
	gomod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(gomod)
	image := regexp.MustCompile(`(?m)^FROM golang:(\d+\.\d+)`).FindStringSubmatch(dockerfile)
	if goVersion == nil || image == nil || image[1] != string(goVersion[1]) {
		t.Errorf("the build image's Go %v is not go.mod's %s", image, goVersion)
	}
	for _, want := range []string{"\nFROM scratch\n", "\nUSER 65532:65532\n", `ENTRYPOINT ["/portal"]`} {
		if !strings.Contains(dockerfile, want) {
			t.Errorf("the Dockerfile lacks %q", strings.TrimSpace(want))
		}
	}
	build := regexp.MustCompile(`(?m)^RUN (.*?go build .*?)(?:&&|$)`).FindStringSubmatch(dockerfile)
	if build == nil {
		t.Fatal("no RUN ... go build in the Dockerfile")
	}
	words := shellWords(build[1])
	var envs, args []string
	for len(words) > 0 && strings.Contains(words[0], "=") {
		envs, words = append(envs, words[0]), words[1:]
	}
	if !slices.Contains(envs, "CGO_ENABLED=0") || len(words) < 2 || words[0] != "go" || words[1] != "build" {
		t.Fatalf("the image's build command %q: want CGO_ENABLED=0 go build", build[1])
	}
	bin := filepath.Join(t.TempDir(), "portal")
	for i := 2; i < len(words); i++ {
		if words[i] == "-o" && i+1 < len(words) {
			i++
			args = append(args, "-o", bin)
			continue
		}
		args = append(args, words[i])
	}
	if !slices.Contains(args, bin) || args[len(args)-1] != "." {
		t.Fatalf("the image's build command %q: want -o and the module's main package", build[1])
	}
	checkDockerignore(t)
	if os.Getenv("CI") == "" && os.Getenv("PORTAL_TEST_IMAGE_BUILD") == "" {
		t.Skip("not building the image's binary: set CI or PORTAL_TEST_IMAGE_BUILD=1")
	}
	cmd := exec.Command("go", append([]string{"build"}, args...)...)
	cmd.Env = append(os.Environ(), envs...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", strings.Join(envs, " "), cmd.Args, err, out)
	}
	runBinary(t, bin)
}

// runBinary starts the built portal as the image does (nothing
// configured but the address) and reads a page of the embedded demo.
func runBinary(t *testing.T, bin string) {
	t.Helper()
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	cmd.Env = []string{"LOG_LEVEL=error"}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	lines := bufio.NewScanner(stdout)
	var portal string
	for portal == "" && lines.Scan() {
		if f := strings.Fields(lines.Text()); len(f) == 2 && f[0] == "Portal:" {
			portal = f[1]
		}
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	if portal == "" {
		t.Fatal("the built binary printed no portal URL")
	}
	doc := getDoc(t, &http.Client{Timeout: 5 * time.Second}, portal+"demo/login")
	if doc.Find("form[action$='/login']").Length() != 1 {
		t.Error("the built binary's demo login page has no login form")
	}
}

// checkDockerignore: the build context leaves out the secrets compose
// reads from .env, and nothing the build needs.
func checkDockerignore(t *testing.T) {
	t.Helper()
	raw, err := os.ReadFile(".dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, line := range strings.Split(string(raw), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			patterns = append(patterns, line)
		}
	}
	if !slices.Contains(patterns, ".env") {
		t.Error(".dockerignore does not leave out .env")
	}
	out, err := exec.Command("go", "list", "-deps", "-f",
		`{{if .Module}}{{if .Module.Main}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}
{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}
{{end}}{{end}}{{end}}`, ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	root, _ := os.Getwd()
	for _, file := range strings.Fields(string(out)) {
		rel, _ := filepath.Rel(root, file)
		for _, p := range patterns {
			first, _, _ := strings.Cut(rel, string(filepath.Separator))
			if ok, _ := filepath.Match(p, rel); ok || first == p {
				t.Errorf(".dockerignore's %q leaves out %s, which the build needs", p, rel)
			}
		}
	}
}

// shellWords splits a shell command line into words (double and single
// quotes; enough for a Dockerfile's RUN line).
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	var quote rune
	inWord := false
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words, inWord = append(words, cur.String()), false
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}
