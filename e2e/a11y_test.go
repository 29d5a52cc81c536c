package e2e

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/studio-addons/portal/studios"
)

// axeSource is axe-core, vendored into the tests (testdata/axe/README.md);
// it is injected into each page under test, never served by the portal.
//
//go:embed testdata/axe/axe.min.js
var axeSource string

const (
	axeVersion = "4.14.1"
	axeSHA256  = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
)

// wcag21AA are the axe rule tags of WCAG 2.1 levels A and AA.
const wcag21AA = `["wcag2a","wcag2aa","wcag21a","wcag21aa"]`

// axeRun runs axe on the document and returns its violations.
const axeRun = `axe.run(document, {runOnly: {type: "tag", values: ` + wcag21AA + `}, resultTypes: ["violations"]})
	.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
		targets: v.nodes.map(n => n.target.map(t => [].concat(t).join(" ")).join(" > "))})))`

// axeViolation is one failed rule with the elements that fail it.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// pageFacts are what the checks beside axe read from a page state.
type pageFacts struct {
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Lang        string       `json:"lang"`
	Invalid     []invalidBox `json:"invalid"`
}

// invalidBox is a field marked aria-invalid, with how the mark shows.
type invalidBox struct {
	Field string `json:"field"`
	// Message is the visible text of the error the field (or its
	// fieldset) is described by; Icon the error text's ::before content.
	Message string `json:"message"`
	Icon    string `json:"icon"`
	// BorderWidth is the field's (or its fieldset's) left border, in px.
	BorderWidth float64 `json:"borderWidth"`
}

const readFacts = `(() => {
	const visible = el => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
	const describedBy = el => (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean)
		.map(id => document.getElementById(id)).filter(e => e && e.classList.contains("field-error"));
	const invalid = [...document.querySelectorAll('[aria-invalid="true"]')].map(el => {
		const box = el.closest("fieldset") || el;
		const errs = [...describedBy(el), ...(box === el ? [] : describedBy(box))].filter(visible);
		const err = errs[0];
		const marked = (el.type === "radio" || el.type === "checkbox") ? box : el;
		return {
			field: el.name || el.id,
			message: err ? err.textContent.trim() : "",
			icon: err ? getComputedStyle(err, "::before").content : "",
			borderWidth: parseFloat(getComputedStyle(marked).borderLeftWidth) || 0,
		};
	});
	const meta = document.querySelector('meta[name="description"]');
	return {title: document.title, description: meta ? meta.content : "", lang: document.documentElement.lang, invalid};
})()`

// focusRing describes the focused element's ring and what lies behind it.
type focusRing struct {
	Element string   `json:"element"`
	Colors  []string `json:"colors"`
	Behind  string   `json:"behind"`
}

const readFocus = `(() => {
	const el = document.activeElement;
	if (!el || el === document.body || el === document.documentElement) return null;
	const cs = getComputedStyle(el);
	const colors = (cs.boxShadow.match(/rgba?\([^)]*\)/g) || []);
	if (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) colors.push(cs.outlineColor);
	let behind = "rgb(255, 255, 255)";
	for (let p = el.parentElement; p; p = p.parentElement) {
		const bg = getComputedStyle(p).backgroundColor;
		if (bg && bg !== "transparent" && !/rgba\([^)]*,\s*0\)$/.test(bg)) { behind = bg; break; }
	}
	const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
		(el.dataset.testid ? "[data-testid=" + el.dataset.testid + "]" : "") + " " + (el.textContent || "").trim().slice(0, 30);
	return {element: name, colors, behind};
})()`

// htmxSettled waits until htmx has no request, swap or settle running.
var htmxSettled = waitOnly{chromedp.Poll(`!document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling")`, nil,
	chromedp.WithPollingInterval(20*time.Millisecond))}

// errorTitlePrefix is how a page's title starts when its form has errors.
var errorTitlePrefix = map[string]string{"en": "Error: ", "de": "Fehler: "}

// a11yTab is one browser tab (its own cookies) at one width and language,
// collecting what the checks find.
type a11yTab struct {
	ctx   context.Context
	label string // "en 360px booking"
	lang  string

	mu       sync.Mutex
	findings []string
	notes    []string // what the driver stalled on, logged not failed
}

func (tb *a11yTab) fail(format string, args ...any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.findings = append(tb.findings, tb.label+": "+fmt.Sprintf(format, args...))
}

func (tb *a11yTab) note(format string, args ...any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.notes = append(tb.notes, tb.label+": "+fmt.Sprintf(format, args...))
}

// startChromium starts one headless Chromium for a test; tabs open in it.
func startChromium(t *testing.T) context.Context {
	t.Helper()
	profile, err := os.MkdirTemp("", "portal-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromiumFlags(t, profile)...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		_ = chromedp.Cancel(ctx)
		cancelCtx()
		cancelAlloc()
		_ = os.RemoveAll(profile)
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// newA11yTab opens a tab with its own cookies in browser, width px wide,
// asking for lang, and records console errors and exceptions as findings.
func newA11yTab(t *testing.T, browser context.Context, width int, lang, flow string) *a11yTab {
	t.Helper()
	// A browser context of its own keeps the tab's cookies apart. The
	// target is made here, in a window of its own: headless Chromium
	// refuses a tab of a new browser context without one.
	exec := cdp.WithExecutor(browser, chromedp.FromContext(browser).Browser)
	bcID, err := target.CreateBrowserContext().WithDisposeOnDetach(true).Do(exec)
	if err != nil {
		t.Fatalf("browser context: %v", err)
	}
	tid, err := target.CreateTarget("about:blank").WithBrowserContextID(bcID).WithNewWindow(true).Do(exec)
	if err != nil {
		t.Fatalf("open tab: %v", err)
	}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithTargetID(tid))
	// Each step of a flow has its own bound (a11yStepTimeout); this one only
	// ends a tab that a slow machine keeps busy for far too long in all.
	ctx, cancelTimeout := context.WithTimeout(ctx, a11yTabTimeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		_ = target.DisposeBrowserContext(bcID).Do(exec)
	})
	tb := &a11yTab{ctx: ctx, label: fmt.Sprintf("%s %dpx %s", lang, width, flow), lang: lang}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch e := ev.(type) {
		case *log.EventEntryAdded:
			// A form with errors is answered 422, which the browser logs.
			if e.Entry.Level == log.LevelError && !strings.Contains(e.Entry.Text, "status of 422") {
				tb.fail("browser log: %s", e.Entry.Text)
			}
		case *runtime.EventExceptionThrown:
			tb.fail("exception: %s", e.ExceptionDetails.Text)
		}
	})
	err = chromedp.Run(ctx,
		log.Enable(), runtime.Enable(), network.Enable(),
		network.SetExtraHTTPHeaders(network.Headers{"Accept-Language": lang}),
		chromedp.EmulateViewport(int64(width), 800),
	)
	if err != nil {
		t.Fatalf("open tab: %v", err)
	}
	return tb
}

// check runs every check on the page as it is now (state names it):
// axe's WCAG 2.1 A and AA rules, the meta description, the language, the
// title of a form with errors, how errors are marked, and the focus ring
// of the first focusable elements.
func (tb *a11yTab) check(state string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var kind string
		if err := chromedp.Evaluate(`typeof axe`, &kind).Do(ctx); err != nil {
			return err
		}
		if kind == "undefined" {
			if err := chromedp.Evaluate(axeSource+"\n;typeof axe", &kind).Do(ctx); err != nil {
				return fmt.Errorf("inject axe: %w", err)
			}
		}
		var violations []axeViolation
		if err := chromedp.Evaluate(axeRun, &violations, awaitPromise).Do(ctx); err != nil {
			return fmt.Errorf("axe on %s: %w", state, err)
		}
		for _, v := range violations {
			tb.fail("%s: axe %s (%s): %s: %s", state, v.ID, v.Impact, v.Help, strings.Join(v.Targets, " | "))
		}
		if err := shot(screenshotName(tb.label + " " + state)).Do(ctx); err != nil {
			return err
		}
		var facts pageFacts
		if err := chromedp.Evaluate(readFacts, &facts).Do(ctx); err != nil {
			return err
		}
		tb.checkFacts(state, facts)
		return tb.checkFocus(ctx, state)
	})
}

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

func (tb *a11yTab) checkFacts(state string, f pageFacts) {
	if strings.TrimSpace(f.Description) == "" {
		tb.fail("%s: no meta description", state)
	}
	// The page's language is the tab's, or the member's preferredLanguage
	// once logged in (1-1003 prefers English): one the portal speaks.
	prefix, ok := errorTitlePrefix[f.Lang]
	if !ok {
		tb.fail("%s: <html lang=%q>, want one of the portal's languages", state, f.Lang)
	}
	hasPrefix := ok && strings.HasPrefix(f.Title, prefix)
	if len(f.Invalid) > 0 && !hasPrefix {
		tb.fail("%s: a form has errors but the title %q does not say so", state, f.Title)
	}
	if len(f.Invalid) == 0 && hasPrefix {
		tb.fail("%s: no field has an error but the title is %q", state, f.Title)
	}
	for _, in := range f.Invalid {
		switch {
		case in.Message == "":
			tb.fail("%s: field %s is marked invalid without a visible error text tied to it", state, in.Field)
		case in.Icon == "" || in.Icon == "none" || in.Icon == "normal":
			tb.fail("%s: error of %s is told by colour alone (no mark before its text)", state, in.Field)
		case in.BorderWidth < 2:
			tb.fail("%s: field %s is marked by a %.0fpx border, want a heavier one, not colour alone", state, in.Field, in.BorderWidth)
		}
	}
}

// checkFocus tabs through the first elements of the page and checks that
// each shows a focus ring of at least 3:1 against what lies behind it.
func (tb *a11yTab) checkFocus(ctx context.Context, state string) error {
	if err := chromedp.Evaluate(`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); true`, nil).Do(ctx); err != nil {
		return err
	}
	seen := map[string]bool{}
	for range 8 {
		if err := chromedp.KeyEvent(kb.Tab).Do(ctx); err != nil {
			return err
		}
		var ring *focusRing
		if err := chromedp.Evaluate(readFocus, &ring).Do(ctx); err != nil {
			return err
		}
		if ring == nil || seen[ring.Element] {
			break
		}
		seen[ring.Element] = true
		behind, err := cssColor(ring.Behind)
		if err != nil {
			return fmt.Errorf("%s: background %q: %w", state, ring.Behind, err)
		}
		best := 0.0
		for _, c := range ring.Colors {
			if col, err := cssColor(c); err == nil {
				best = max(best, studios.Contrast(col, behind))
			}
		}
		if best < 3 {
			tb.fail("%s: focus ring of %s: best contrast %.2f:1 against %s (ring %v), want 3:1", state, ring.Element, best, ring.Behind, ring.Colors)
		}
	}
	return nil
}

// a11yStepTimeout bounds one step of a flow (a navigation, a click, a wait
// or a page check), so a step that cannot finish is named while the tab
// can still be read. A whole flow on a loaded two-core machine, under the
// race detector and beside the rest of the package, has taken over two
// minutes, so the tab's own bound (a11yTabTimeout) is only a backstop.
const (
	a11yStepTimeout = 60 * time.Second
	a11yTabTimeout  = 6 * time.Minute
)

// waitOnly marks a step that only waits for the page (it changes nothing),
// so it can be tried again: the browser driver has been seen to miss a
// document that replaced the one it was watching and wait on forever.
type waitOnly struct{ chromedp.Action }

// see waits until an element matching the CSS selector is visible.
func see(sel string) chromedp.Action {
	return waitOnly{chromedp.WaitVisible(sel, chromedp.ByQuery)}
}

// a11yWaitTries is how often a waiting step is tried, each try bounded by
// a11yWaitTimeout; a page that never shows the element fails every try.
const (
	a11yWaitTries   = 3
	a11yWaitTimeout = 20 * time.Second
)

// runSteps runs a flow one step at a time. A step that fails is reported
// with its number, where the tab was and what the page said, and a
// screenshot when PORTAL_SCREENSHOTS is set: enough to tell a page the
// member would have been stuck on from a slow machine.
func (tb *a11yTab) runSteps(flow chromedp.Action) error {
	steps := flatten(flow)
	for i, step := range steps {
		start := time.Now()
		err := tb.runStep(i+1, step)
		if err != nil {
			return fmt.Errorf("step %d of %d (%T) after %s: %w; %s", i+1, len(steps), step,
				time.Since(start).Round(time.Millisecond), err, tb.where("failed step"))
		}
	}
	return nil
}

// runStep runs one step within its bound; a waiting step that runs out of
// time is tried again, and each stall is noted (shown with -v or when the
// test fails) with where the tab was.
func (tb *a11yTab) runStep(n int, step chromedp.Action) error {
	w, ok := step.(waitOnly)
	if !ok {
		ctx, cancel := context.WithTimeout(tb.ctx, a11yStepTimeout)
		defer cancel()
		return chromedp.Run(ctx, step)
	}
	var err error
	for try := 1; try <= a11yWaitTries; try++ {
		ctx, cancel := context.WithTimeout(tb.ctx, a11yWaitTimeout)
		err = chromedp.Run(ctx, w.Action)
		cancel()
		if err == nil || tb.ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		tb.note("step %d: waited %s (try %d of %d); %s", n, a11yWaitTimeout, try, a11yWaitTries, tb.where(fmt.Sprintf("step %d try %d", n, try)))
	}
	return err
}

// flatten lists a flow's steps, nested Tasks opened.
func flatten(a chromedp.Action) []chromedp.Action {
	tasks, ok := a.(chromedp.Tasks)
	if !ok {
		return []chromedp.Action{a}
	}
	var out []chromedp.Action
	for _, t := range tasks {
		out = append(out, flatten(t)...)
	}
	return out
}

// where describes the tab's page for a failure: its address, title, the
// htmx requests still running and the start of its main text.
func (tb *a11yTab) where(state string) string {
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	var page struct {
		URL   string `json:"url"`
		Title string `json:"title"`
		Busy  int    `json:"busy"`
		Text  string `json:"text"`
	}
	err := chromedp.Run(ctx,
		chromedp.Evaluate(`({url: location.href, title: document.title,
			busy: document.querySelectorAll(".htmx-request, .htmx-swapping, .htmx-settling").length,
			text: ((document.querySelector("main") || document.body || {}).innerText || "").replace(/\s+/g, " ").slice(0, 600)})`, &page),
		shot(screenshotName(tb.label+" "+state)),
	)
	if err != nil {
		return "page unreadable: " + err.Error()
	}
	return fmt.Sprintf("page %s %q (htmx busy: %d): %s", page.URL, page.Title, page.Busy, page.Text)
}

// screenshotName makes a file name of a tab's label and state
// ("a11y-en-360px-booking-login-with-errors").
func screenshotName(s string) string {
	return "a11y-" + strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(s), "-"), "-")
}

var rgbFunc = regexp.MustCompile(`^rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)\s*(?:[,/]\s*([\d.]+)\s*)?\)$`)

// cssColor reads a computed colour ("rgb(11, 110, 79)"); a transparent
// one is refused.
func cssColor(s string) (studios.Color, error) {
	m := rgbFunc.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", fmt.Errorf("not an rgb() colour: %q", s)
	}
	if m[4] != "" {
		if a, _ := strconv.ParseFloat(m[4], 64); a < 0.5 {
			return "", fmt.Errorf("translucent colour %q", s)
		}
	}
	hex := "#"
	for _, v := range m[1:4] {
		n, _ := strconv.Atoi(v)
		hex += fmt.Sprintf("%02x", n)
	}
	return studios.ParseColor(hex)
}

// loginAs logs the tab's member in through the login form.
func (tb *a11yTab) loginAs(base, number, dob string) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Navigate(base + "/demo/login"),
		see(`#customerNumber`),
		chromedp.SendKeys(`#customerNumber`, number, chromedp.ByID),
		chromedp.SetValue(`#dateOfBirth`, dob, chromedp.ByID),
		chromedp.Click(`[data-testid=login-submit]`, chromedp.ByQuery),
		see(`[data-testid=modules]`),
	}
}

// a11yFlows are the member's flows, every page state checked, htmx swaps
// included: booking the sauna with its trial, canceling the towel, and
// keeping (withdrawing the cancelation of) 1-1003's sauna.
var a11yFlows = []struct {
	name string
	run  func(tb *a11yTab, base string) chromedp.Action
}{
	{"booking", func(tb *a11yTab, base string) chromedp.Action {
		return chromedp.Tasks{
			chromedp.Navigate(base + "/demo/login"),
			see(`#customerNumber`),
			tb.check("login"),
			chromedp.Click(`[data-testid=login-submit]`, chromedp.ByQuery),
			see(`[aria-invalid="true"]`),
			tb.check("login with errors"),
			chromedp.SendKeys(`#customerNumber`, "1-1001", chromedp.ByID),
			chromedp.SetValue(`#dateOfBirth`, "1990-01-15", chromedp.ByID),
			chromedp.Click(`[data-testid=login-submit]`, chromedp.ByQuery),
			see(`[data-testid=modules]`),
			tb.check("catalog"),
			chromedp.Navigate(base + "/demo/modules/301"),
			see(`[data-testid=check-form]`),
			tb.check("add-on"),
			// Nothing chosen: the fields come back marked (htmx, 422).
			chromedp.Evaluate(`document.querySelectorAll("input[name=paymentFrequency]").forEach(i => { i.checked = false }); true`, nil),
			chromedp.Click(`[data-testid=check-submit]`, chromedp.ByQuery),
			see(`[data-testid=check-fields] [aria-invalid="true"]`),
			htmxSettled,
			tb.check("add-on continue with errors (htmx)"),
			chromedp.Click(`input[name=paymentFrequency]`, chromedp.ByQuery),
			chromedp.Click(`input[name=trial]`, chromedp.ByQuery),
			// The trial's commitment is swapped in (htmx).
			see(`[data-testid=commitment-paying]`),
			htmxSettled,
			tb.check("add-on with the trial (htmx)"),
			chromedp.Click(`[data-testid=check-submit]`, chromedp.ByQuery),
			see(`[data-testid=book-form]`),
			tb.check("summary"),
			chromedp.Click(`[data-testid=book-form] button[type=submit]`, chromedp.ByQuery),
			see(`[data-testid=booking-booked]`),
			tb.check("booked"),
			chromedp.Click(`[data-testid=receipt-link]`, chromedp.ByQuery),
			see(`[data-testid=receipt]`),
			tb.check("receipt"),
			// An add-on that cannot be booked online: the reason at the top.
			chromedp.Navigate(base + "/demo/modules/307"),
			see(`#continue-result [data-testid=check-outcome]`),
			tb.check("add-on not bookable"),
			chromedp.Navigate(base + "/demo/my-modules"),
			see(`[data-testid=module-contract]`),
			tb.check("my add-ons"),
		}
	}},
	{"cancel", func(tb *a11yTab, base string) chromedp.Action {
		return chromedp.Tasks{
			tb.loginAs(base, "1-1002", "1985-06-30"),
			chromedp.Navigate(base + "/demo/my-modules/5001"),
			see(`[data-testid=cancel-link]`),
			tb.check("add-on contract"),
			chromedp.Click(`[data-testid=cancel-link]`, chromedp.ByQuery),
			see(`[data-testid=cancel-form]`),
			tb.check("cancel form"),
			chromedp.Click(`[data-testid=cancel-review]`, chromedp.ByQuery),
			see(`[data-testid=cancel-errors]`),
			htmxSettled,
			tb.check("cancel form with errors (htmx)"),
			chromedp.Click(`[data-testid=cancel-reason-option] input`, chromedp.ByQuery),
			chromedp.Click(`[data-testid=cancel-review]`, chromedp.ByQuery),
			see(`[data-testid=review-date]`),
			htmxSettled,
			tb.check("cancel review (htmx)"),
			chromedp.Click(`[data-testid=cancel-confirm]`, chromedp.ByQuery),
			see(`[data-testid=flash]`),
			tb.check("canceled"),
		}
	}},
	{"keep add-on", func(tb *a11yTab, base string) chromedp.Action {
		return chromedp.Tasks{
			tb.loginAs(base, "1-1003", "1978-11-02"),
			chromedp.Navigate(base + "/demo/my-modules/5003"),
			see(`[data-testid=withdraw-link]`),
			tb.check("canceled add-on"),
			chromedp.Click(`[data-testid=withdraw-link]`, chromedp.ByQuery),
			see(`[data-testid=withdraw-form]`),
			tb.check("keep add-on"),
			chromedp.Click(`[data-testid=withdraw-form] button[type=submit]`, chromedp.ByQuery),
			see(`[data-testid=flash]`),
			tb.check("kept"),
		}
	}},
}

// TestAccessibility walks the booking, cancel and keep-add-on flows in
// Chromium at 360 px and 1280 px, in English and German, and checks every
// page state, after htmx swaps too: any WCAG 2.1 A/AA violation axe finds,
// a missing meta description, a wrong <html lang>, a form with errors
// whose title does not say so, an error told by colour alone, or a focus
// ring under 3:1 fails it, naming the rule, impact and elements.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	if sum := sha256.Sum256([]byte(axeSource)); hex.EncodeToString(sum[:]) != axeSHA256 || !strings.HasPrefix(axeSource, "/*! axe v"+axeVersion) {
		t.Fatalf("testdata/axe/axe.min.js is not the vendored axe-core %s (see its README)", axeVersion)
	}
	browser := startChromium(t)
	axeFindsViolations(t, browser)
	for _, width := range []int{360, 1280} {
		for _, lang := range []string{"en", "de"} {
			t.Run(fmt.Sprintf("%s/%dpx", lang, width), func(t *testing.T) {
				t.Parallel()
				e := newEnv(t)
				for _, flow := range a11yFlows {
					tb := newA11yTab(t, browser, width, lang, flow.name)
					start := time.Now()
					if err := tb.runSteps(flow.run(tb, e.URL)); err != nil {
						t.Errorf("%s: %v", tb.label, err)
					}
					t.Logf("%s: %s", tb.label, time.Since(start).Round(time.Millisecond))
					for _, f := range tb.findings {
						t.Error(f)
					}
					for _, n := range tb.notes {
						t.Log(n)
					}
				}
			})
		}
	}
}

// axeFindsViolations proves the harness can fail: axe, injected the same
// way, reports an image without a text alternative.
func axeFindsViolations(t *testing.T, browser context.Context) {
	t.Helper()
	tb := newA11yTab(t, browser, 360, "en", "harness")
	var violations []axeViolation
	err := chromedp.Run(tb.ctx,
		chromedp.Navigate(`data:text/html,<!DOCTYPE html><html lang="en"><title>t</title><main><img src="x.png"></main></html>`),
		chromedp.Evaluate(axeSource+"\n;typeof axe", nil),
		chromedp.Evaluate(axeRun, &violations, awaitPromise),
	)
	if err != nil {
		t.Fatalf("axe on a test page: %v", err)
	}
	for _, v := range violations {
		if v.ID == "image-alt" && len(v.Targets) == 1 {
			return
		}
	}
	t.Fatalf("axe did not report the image without alt: %+v", violations)
}
