// Package demosite is the demo's "studio website": pages on another site
// than the portal (http://localhost:… while the portal is framed from
// http://127.0.0.1:…, which browsers treat as different sites) that frame
// a studio's portal pages with embed.js, as a studio's own website would.
// Like a studio's site for a member logged in there, it signs single
// sign-on links, so the portal opens without its login form.
//
// It is demo material, not part of the portal: its texts stand for a
// studio's own website and are not in the portal's catalog.
package demosite

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/sso"
)

// Studio is one studio whose website the demo plays.
type Studio struct {
	Slug, Name string
	Lang       string // the website's language, passed on to the portal
	SSOSecret  string // signs the links; "" offers no single sign-on
}

// Config is the site's configuration.
type Config struct {
	// PortalURL is the portal as the studio's website links it
	// (http://127.0.0.1:8080).
	PortalURL string
	Studios   []Studio
	Now       func() time.Time // default time.Now
}

// Handler serves the site: / lists the studios, /{slug} is a studio's
// page with the portal framed in it; ?member=1001 plays a member logged
// in on the studio's site (single sign-on).
func Handler(cfg Config) http.Handler {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		render(w, indexPage, cfg)
	})
	mux.HandleFunc("GET /{studio}", func(w http.ResponseWriter, r *http.Request) {
		for _, s := range cfg.Studios {
			if s.Slug == r.PathValue("studio") {
				render(w, studioPage, studioView(cfg, s, r.URL.Query().Get("member")))
				return
			}
		}
		http.NotFound(w, r)
	})
	return mux
}

type member struct {
	ID     int64
	Number string
	Note   string
}

type studioData struct {
	Studio
	PortalURL string
	Members   []member
	Member    int64  // the member logged in on the site; 0: nobody
	SSOLink   string // a fresh link for Member
}

func studioView(cfg Config, s Studio, memberParam string) studioData {
	d := studioData{Studio: s, PortalURL: cfg.PortalURL}
	if s.SSOSecret == "" {
		return d
	}
	for _, m := range sandbox.DemoMembers {
		// The sandbox's customer ids are the member numbers without "1-".
		id, err := strconv.ParseInt(strings.TrimPrefix(m.CustomerNumber, "1-"), 10, 64)
		if err == nil {
			d.Members = append(d.Members, member{ID: id, Number: m.CustomerNumber, Note: m.Situation})
		}
	}
	if id, err := strconv.ParseInt(memberParam, 10, 64); err == nil && id > 0 {
		d.Member = id
		d.SSOLink = sso.New(s.Slug, id, 0, cfg.Now(), sso.MaxLifetime).URL(cfg.PortalURL, s.SSOSecret)
	}
	return d
}

func render(w http.ResponseWriter, t *template.Template, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := t.Execute(w, data); err != nil {
		http.Error(w, "the demo page failed", http.StatusInternalServerError)
	}
}

const style = `<style>
body { margin: 0; font: 16px/1.5 Georgia, "Times New Roman", serif; background: #fbf7f0; color: #2d2a26; }
header { background: #2d2a26; color: #fbf7f0; padding: 1rem 1.5rem; }
header a { color: inherit; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
.note { font-size: .9rem; background: #fff; border: 1px dashed #b8ad9c; padding: .75rem 1rem; }
form { margin: 1rem 0; }
select { max-width: 100%; }
.portal { margin: 1.5rem 0; background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.15); }
footer { text-align: center; font-size: .85rem; padding: 2rem; color: #6b6358; }
</style>`

var indexPage = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Studio websites (demo)</title>` + style + `</head>
<body><header><strong>Studio websites</strong> · demo</header>
<main>
<p>Each page stands for a studio's own website, on another site than the portal. It frames the studio's add-ons with one script tag.</p>
<ul>{{range .Studios}}<li><a href="/{{.Slug}}">{{.Name}}</a></li>{{end}}</ul>
</main></body></html>`))

var studioPage = template.Must(template.New("studio").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>{{.Name}}</title>` + style + `</head>
<body>
<header><a href="/">Studio websites</a> · <strong>{{.Name}}</strong> (the studio's own website, demo)</header>
<main>
<h1>{{.Name}}</h1>
<p class="note">This page plays the studio's website. The add-ons below come from the portal at {{.PortalURL}}, framed with:<br>
<code>&lt;div data-addons-portal&gt;&lt;/div&gt; &lt;script src="{{.PortalURL}}/embed.js" data-studio="{{.Slug}}" data-lang="{{.Lang}}" async&gt;&lt;/script&gt;</code></p>
{{if .Members}}<form method="get" class="note" data-testid="site-login">
<label>Logged in on the studio's website as
<select name="member">{{range .Members}}<option value="{{.ID}}"{{if eq .ID $.Member}} selected{{end}}>{{.Number}}: {{.Note}}</option>{{end}}</select></label>
<button type="submit">Open the add-ons signed in</button>
{{if .Member}}<a href="/{{.Slug}}">Log out of the website</a>{{end}}
</form>{{end}}
<div class="portal" data-addons-portal></div>
<script src="{{.PortalURL}}/embed.js" data-studio="{{.Slug}}" data-lang="{{.Lang}}"{{if .SSOLink}} data-sso="{{.SSOLink}}"{{end}} async></script>
</main>
<footer>{{.Name}} · a demo page</footer>
</body></html>`))
