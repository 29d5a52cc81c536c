package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/studio-addons/portal/apiclient/sandbox"
	"github.com/studio-addons/portal/demosite"
)

// studioWebsite is the demo's studio website (package demosite) on a
// loopback port, addressed as http://localhost:…: another site than the
// portal on http://127.0.0.1:…, as a studio's website is.
type studioWebsite struct {
	ln  net.Listener
	URL string
}

func listenStudioWebsite(t *testing.T) *studioWebsite {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return &studioWebsite{ln: ln, URL: "http://localhost:" + port}
}

// serve starts the site with pages framing the portal at portalURL.
func (s *studioWebsite) serve(t *testing.T, portalURL string, studios ...demosite.Studio) {
	srv := &http.Server{Handler: demosite.Handler(demosite.Config{PortalURL: portalURL, Studios: studios, Now: testNow}), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(s.ln) }()
	t.Cleanup(func() { _ = srv.Close() })
}

// framedPortal starts a portal whose demo studio lets the returned studio
// website frame it, and the website with a page for demo in lang.
func framedPortal(t *testing.T, lang string) (*env, *studioWebsite) {
	t.Helper()
	site := listenStudioWebsite(t)
	e := newEnv(t, withSSO(), func(c *appConfig) { c.Studios[0].FrameOrigins = []string{site.URL} })
	site.serve(t, e.URL, demosite.Studio{Slug: "demo", Name: "Demo Studio", Lang: lang, SSOSecret: ssoSecret})
	return e, site
}

// blockFramedCookies makes Chromium keep no cookie at all, partitioned or
// not, for the portal (127.0.0.1) inside pages of localhost: a browser
// blocking third-party cookies without CHIPS. Chromium's own third-party
// cookie blocking lets partitioned cookies through, so the test uses a
// site exception in the profile's preferences; first-party cookies of
// 127.0.0.1 are untouched.
func blockFramedCookies(t *testing.T, profile string) {
	prefs := map[string]any{"profile": map[string]any{"content_settings": map[string]any{"exceptions": map[string]any{
		"cookies": map[string]any{"127.0.0.1,localhost": map[string]any{"setting": 2}},
	}}}}
	b, _ := json.Marshal(prefs)
	if err := os.MkdirAll(filepath.Join(profile, "Default"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "Default", "Preferences"), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// waitTarget announces the first target of kind ("iframe", "page") whose
// address starts with prefix. Call it before the navigation that makes it.
func waitTarget(ctx context.Context, kind, prefix string) <-chan target.ID {
	ch := make(chan target.ID, 1)
	lctx, cancel := context.WithCancel(ctx)
	var once sync.Once
	chromedp.ListenBrowser(lctx, func(ev any) {
		var info *target.Info
		switch ev := ev.(type) {
		case *target.EventTargetCreated:
			info = ev.TargetInfo
		case *target.EventTargetInfoChanged:
			info = ev.TargetInfo
		default:
			return
		}
		if info.Type == kind && strings.HasPrefix(info.URL, prefix) {
			once.Do(func() { ch <- info.TargetID; cancel() })
		}
	})
	return ch
}

// attach returns a context on the target, collecting its console errors
// and exceptions like browserCtx does for the page.
func attach(t *testing.T, ctx context.Context, ids <-chan target.ID, what string) (context.Context, func() []string) {
	t.Helper()
	var id target.ID
	select {
	case id = <-ids:
	case <-ctx.Done():
		t.Fatalf("%s never appeared", what)
	}
	tctx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(id))
	t.Cleanup(cancel)
	var mu sync.Mutex
	var problems []string
	chromedp.ListenTarget(tctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *log.EventEntryAdded:
			if e.Entry.Level == log.LevelError {
				problems = append(problems, what+": log: "+e.Entry.Text)
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, what+": exception: "+e.ExceptionDetails.Text)
		}
	})
	if err := chromedp.Run(tctx); err != nil {
		t.Fatalf("attach to %s: %v", what, err)
	}
	return tctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
}

// embedShot saves what the member sees of the studio's page with the
// portal framed in it when PORTAL_SCREENSHOTS names a folder: one picture
// with the frame's top in view, one scrolled to the page's end. (Chromium
// paints a cross-site frame only near the viewport, so a full-page
// picture would show most of a tall frame blank.)
func embedShot(name string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		dir := os.Getenv("PORTAL_SCREENSHOTS")
		if dir == "" {
			return nil
		}
		for _, view := range []struct{ suffix, scroll string }{
			{"top", `document.querySelector("iframe").scrollIntoView()`},
			{"end", `window.scrollTo(0, document.documentElement.scrollHeight)`},
		} {
			var painted bool
			var buf []byte
			if err := chromedp.Run(ctx,
				chromedp.Evaluate(view.scroll, nil),
				chromedp.Poll(`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, &painted),
				chromedp.CaptureScreenshot(&buf),
			); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(dir, name+"-"+view.suffix+".png"), buf, 0o644); err != nil {
				return err
			}
		}
		return chromedp.Run(ctx, chromedp.Evaluate(`window.scrollTo(0, 0)`, nil))
	})
}

// click clicks an element inside the frame from the page's script: a
// mouse click aims at coordinates, and the studio's page may scroll the
// frame (to the top of a new page) between aiming and clicking.
func click(sel string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`document.querySelector(%q).click()`, sel), nil)
}

// phone makes the page 360 px wide: headless Chromium's window is never
// narrower than 500 px, whatever its window size says.
var phone = chromedp.EmulateViewport(360, 800)

// Forms in the frame are filled with SetValue: key events sent to a
// cross-site frame's target lost characters now and then (Chromium 156).

// frameFollows waits until the frame on the studio's page is exactly as
// tall as the portal's page inside it, and that page has nothing to
// scroll. A page still loading images may grow meanwhile: then it reads
// the height again.
func frameFollows(t *testing.T, page, frame context.Context, step string) {
	t.Helper()
	scrolls := false
	for range 10 {
		var height int
		if err := chromedp.Run(frame, chromedp.Evaluate(`Math.ceil(document.body.getBoundingClientRect().height)`, &height)); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		var same bool
		wctx, cancel := context.WithTimeout(page, 3*time.Second)
		err := chromedp.Run(wctx, chromedp.Poll(fmt.Sprintf(`Math.round(document.querySelector("iframe").getBoundingClientRect().height) === %d`, height), &same))
		cancel()
		if err != nil {
			scrolls = false
			continue
		}
		// The page may have grown since it was measured (an image
		// arrived): then the frame is about to follow; measure again.
		if err := chromedp.Run(frame, chromedp.Evaluate(`document.documentElement.scrollHeight > window.innerHeight || getComputedStyle(document.documentElement).overflow !== "hidden"`, &scrolls)); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if !scrolls {
			return
		}
	}
	if scrolls {
		t.Errorf("%s: the page inside the frame can scroll", step)
		return
	}
	t.Errorf("%s: the frame did not take the height of the page inside it", step)
}

// TestBrowserEmbeddedBookAndCancel: on the studio's own website (another
// site), the member logs in, books and cancels inside the frame; the
// frame's height follows every page, every htmx swap and a wider window.
func TestBrowserEmbeddedBookAndCancel(t *testing.T) {
	t.Parallel()
	e, site := framedPortal(t, "en")
	ctx, problems := browserCtx(t)
	frames := waitTarget(ctx, "iframe", e.URL+"/demo/")
	if err := chromedp.Run(ctx, phone, chromedp.Navigate(site.URL+"/demo")); err != nil {
		t.Fatal(err)
	}
	frame, frameProblems := attach(t, ctx, frames, "the portal's frame")
	var width int
	if err := chromedp.Run(frame, chromedp.Evaluate(`window.innerWidth`, &width)); err != nil || width >= 360 || width < 300 {
		t.Errorf("the frame is %d px wide on a 360 px phone (%v)", width, err)
	}
	run := func(step string, actions ...chromedp.Action) {
		t.Helper()
		if err := chromedp.Run(frame, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	run("login page", chromedp.WaitVisible(`#customerNumber`, chromedp.ByID))
	frameFollows(t, ctx, frame, "login page")
	if err := chromedp.Run(ctx, embedShot("21-embedded-login-360")); err != nil {
		t.Fatal(err)
	}
	run("log in",
		chromedp.SetValue(`#customerNumber`, "1-1002", chromedp.ByID),
		chromedp.SetValue(`#dateOfBirth`, "1985-06-30", chromedp.ByID),
		click(`[data-testid=login-submit]`),
		chromedp.WaitVisible(`[data-testid=modules]`, chromedp.ByQuery),
	)
	frameFollows(t, ctx, frame, "add-ons")
	if err := chromedp.Run(ctx, embedShot("22-embedded-modules-360")); err != nil {
		t.Fatal(err)
	}
	run("open the physio add-on and continue",
		click(fmt.Sprintf(`[data-testid=module-card] a[href$="/modules/%d"]`, sandbox.ModulePhysio)),
		chromedp.WaitVisible(`[data-testid=check-form]`, chromedp.ByQuery),
		click(`[data-testid=check-submit]`),
		chromedp.WaitVisible(`[data-testid=book-form]`, chromedp.ByQuery),
	)
	frameFollows(t, ctx, frame, "the summary (after an htmx redirect)")
	run("book",
		click(`[data-testid=book-form] button[type=submit]`),
		chromedp.WaitVisible(`[data-testid=booking-booked]`, chromedp.ByQuery),
	)
	frameFollows(t, ctx, frame, "booked")
	run("cancel the towel add-on",
		click(`nav a[href$="/my-modules"]`),
		chromedp.WaitVisible(`[data-testid=mymodules-current]`, chromedp.ByQuery),
		click(fmt.Sprintf(`a[href$="/my-modules/%d"]`, sandbox.ModuleContractTowelYearly)),
		chromedp.WaitVisible(`[data-testid=cancel-link]`, chromedp.ByQuery),
		click(`[data-testid=cancel-link]`),
		chromedp.WaitVisible(`[data-testid=cancel-form]`, chromedp.ByQuery),
		click(`[data-testid=cancel-reason-option] input`),
		click(`[data-testid=cancel-review]`),
		chromedp.WaitVisible(`[data-testid=cancel-review] [data-testid=review-date]`, chromedp.ByQuery),
	)
	frameFollows(t, ctx, frame, "cancelation review (an htmx swap)")
	run("confirm the cancelation",
		click(`[data-testid=cancel-confirm]`),
		chromedp.WaitVisible(`[data-testid=flash]`, chromedp.ByQuery),
	)
	frameFollows(t, ctx, frame, "canceled")
	if err := chromedp.Run(ctx, embedShot("23-embedded-canceled-360"), chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	frameFollows(t, ctx, frame, "a desktop-wide window")
	if err := chromedp.Run(ctx, embedShot("24-embedded-canceled-desktop")); err != nil {
		t.Fatal(err)
	}
	if got := len(e.Sandbox.ModuleContractIDs("demo", sandbox.ContractWithAddOns)); got != 3 {
		t.Errorf("add-on contracts on 1-1002's contract = %d, want 3 (the physio check booked)", got)
	}
	if got := e.Sandbox.WriteCount("demo"); got != 2 {
		t.Errorf("writes = %d, want the booking and the cancelation", got)
	}
	for _, p := range append(problems(), frameProblems()...) {
		t.Errorf("browser reported: %s", p)
	}
}

// TestBrowserEmbeddedSingleSignOn: the studio's website, where the member
// is logged in, opens the portal in German without the login form.
func TestBrowserEmbeddedSingleSignOn(t *testing.T) {
	t.Parallel()
	e, site := framedPortal(t, "de")
	ctx, problems := browserCtx(t)
	frames := waitTarget(ctx, "iframe", e.URL+"/demo/")
	if err := chromedp.Run(ctx, phone, chromedp.Navigate(site.URL+"/demo?member=1008")); err != nil {
		t.Fatal(err)
	}
	frame, frameProblems := attach(t, ctx, frames, "the portal's frame")
	var lang, title string
	if err := chromedp.Run(frame,
		chromedp.WaitVisible(`[data-testid=modules]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.documentElement.lang`, &lang),
	); err != nil {
		t.Fatal(err)
	}
	if lang != "de" {
		t.Errorf("the framed page speaks %q, want de", lang)
	}
	frameFollows(t, ctx, frame, "add-ons after single sign-on")
	if err := chromedp.Run(ctx,
		chromedp.Poll(`document.querySelector("iframe").title.indexOf("Zusatzleistungen") >= 0`, nil),
		chromedp.Evaluate(`document.querySelector("iframe").title`, &title),
		embedShot("25-embedded-sso-de-360"),
		chromedp.EmulateViewport(1280, 900),
	); err != nil {
		t.Fatalf("frame title %q: %v", title, err)
	}
	frameFollows(t, ctx, frame, "a desktop-wide window")
	if err := chromedp.Run(ctx, embedShot("26-embedded-sso-de-desktop")); err != nil {
		t.Fatal(err)
	}
	for _, p := range append(problems(), frameProblems()...) {
		t.Errorf("browser reported: %s", p)
	}
}

// TestBrowserEmbeddedWithoutCookies: where the browser keeps no cookie for
// the framed portal, the login is not a loop: the member is offered a new
// tab, and logs in there.
func TestBrowserEmbeddedWithoutCookies(t *testing.T) {
	t.Parallel()
	e, site := framedPortal(t, "en")
	ctx, _ := browserCtx(t, blockFramedCookies)
	frames := waitTarget(ctx, "iframe", e.URL+"/demo/")
	if err := chromedp.Run(ctx, phone, chromedp.Navigate(site.URL+"/demo")); err != nil {
		t.Fatal(err)
	}
	frame, frameProblems := attach(t, ctx, frames, "the portal's frame")
	if err := chromedp.Run(frame,
		chromedp.WaitVisible(`#customerNumber`, chromedp.ByID),
		chromedp.SetValue(`#customerNumber`, "1-1001", chromedp.ByID),
		chromedp.SetValue(`#dateOfBirth`, "1990-01-15", chromedp.ByID),
		click(`[data-testid=login-submit]`),
		chromedp.WaitVisible(`[data-testid=open-new-tab]`, chromedp.ByQuery),
	); err != nil {
		t.Fatalf("login in the frame: %v", err)
	}
	frameFollows(t, ctx, frame, "the new-tab offer")
	if err := chromedp.Run(ctx, embedShot("27-embedded-no-cookies-360")); err != nil {
		t.Fatal(err)
	}
	tabs := waitTarget(ctx, "page", e.URL+"/demo/login")
	if err := chromedp.Run(frame, chromedp.Click(`[data-testid=open-new-tab]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	tab, tabProblems := attach(t, ctx, tabs, "the new tab")
	if err := chromedp.Run(tab,
		chromedp.WaitVisible(`#customerNumber`, chromedp.ByID),
		chromedp.SetValue(`#customerNumber`, "1-1001", chromedp.ByID),
		chromedp.SetValue(`#dateOfBirth`, "1990-01-15", chromedp.ByID),
		chromedp.Click(`[data-testid=login-submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-testid=modules]`, chromedp.ByQuery),
	); err != nil {
		t.Fatalf("login in the new tab: %v", err)
	}
	// The frame's own refusal (403) is the only error the browser saw.
	for _, p := range append(frameProblems(), tabProblems()...) {
		if !strings.Contains(p, "403") {
			t.Errorf("browser reported: %s", p)
		}
	}
}

// TestBrowserFramingRefusedElsewhere: a page on an origin the studio does
// not list cannot frame its portal.
func TestBrowserFramingRefusedElsewhere(t *testing.T) {
	t.Parallel()
	e, _ := framedPortal(t, "en")
	other := listenStudioWebsite(t)
	other.serve(t, e.URL, demosite.Studio{Slug: "demo", Name: "Not the studio", Lang: "en"})
	ctx, _ := browserCtx(t)
	refused := make(chan string, 1)
	chromedp.ListenTarget(ctx, func(ev any) {
		if le, ok := ev.(*log.EventEntryAdded); ok && strings.Contains(le.Entry.Text, "frame-ancestors") {
			select {
			case refused <- le.Entry.Text:
			default:
			}
		}
	})
	if err := chromedp.Run(ctx, chromedp.Navigate(other.URL+"/demo")); err != nil {
		t.Fatal(err)
	}
	select {
	case msg := <-refused:
		if !strings.Contains(msg, e.URL) {
			t.Errorf("refusal %q does not name the portal", msg)
		}
	case <-ctx.Done():
		t.Fatal("the browser framed the portal for an origin the studio does not allow")
	}
	var height string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector("iframe").style.height`, &height), shot("28-framing-refused")); err != nil {
		t.Fatal(err)
	}
	if height != "640px" {
		t.Errorf("the refused frame's height is %s: the portal page told it", height)
	}
}
