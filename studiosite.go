package main

import (
	"cmp"
	"log/slog"
	"net"
	"net/http"

	"github.com/studio-addons/portal/app"
	"github.com/studio-addons/portal/demosite"
	"github.com/studio-addons/portal/studios"
)

// studioSite is the demo's studio website (package demosite) on a port of
// its own. It is http://localhost:… while its pages frame the portal as
// http://127.0.0.1:…: two different sites to a browser, as a studio's
// website and the portal are.
type studioSite struct {
	ln   net.Listener
	url  string
	list []app.StudioConfig
	srv  *http.Server
}

// listenStudioSite opens the site's port and adds the site's origin to
// every demo studio's frame_origins: the port is only known now, so the
// demo's allowed origin is computed at start (for the demo only; a real
// studios file names its origins).
func listenStudioSite(addr string, list []app.StudioConfig) (*studioSite, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	site := &studioSite{ln: ln, url: "http://localhost:" + port, list: list}
	for i := range list {
		list[i].FrameOrigins = append(list[i].FrameOrigins, site.url)
	}
	return site, nil
}

// serve starts the site; its pages frame the portal listening at portal.
func (s *studioSite) serve(portal net.Addr, logger *slog.Logger) {
	host, port, _ := net.SplitHostPort(portal.String())
	if ip := net.ParseIP(host); host == "" || host == "localhost" || ip != nil && (ip.IsUnspecified() || ip.IsLoopback()) {
		host = "127.0.0.1"
	}
	cfg := demosite.Config{PortalURL: "http://" + net.JoinHostPort(host, port)}
	for _, st := range s.list {
		ds := demosite.Studio{Slug: st.Slug, Name: cmp.Or(st.Name, studios.NameFromSlug(st.Slug)), Lang: string(st.Locale)}
		if len(st.SSOSecrets) > 0 {
			ds.SSOSecret = st.SSOSecrets[0]
		}
		cfg.Studios = append(cfg.Studios, ds)
	}
	s.srv = app.NewServer(demosite.Handler(cfg), logger)
	go func() { _ = s.srv.Serve(s.ln) }()
}

// close stops the site.
func (s *studioSite) close() {
	if s.srv != nil {
		_ = s.srv.Close()
		return
	}
	_ = s.ln.Close()
}
