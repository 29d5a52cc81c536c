package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/studio-addons/portal/apiclient/sandbox"
)

// chromium finds the browser for the tests where JavaScript matters. CI
// installs it (see .ci/run) and fails without it; elsewhere the tests skip.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHROMIUM_PATH"), "chromium", "chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium not found; CI must install it (apt-get install -y chromium)")
	}
	t.Skip("chromium not installed: apt-get install -y chromium")
	return ""
}

// chromiumFlags start headless Chromium from the machine's package with
// profile as its own user data folder, without the sandbox (tests run as
// root), the GPU, QUIC or component updates (the machine's network is
// closed), and with extra.
func chromiumFlags(t *testing.T, profile string, extra ...chromedp.ExecAllocatorOption) []chromedp.ExecAllocatorOption {
	t.Helper()
	return append(append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(profile),
	), extra...)
}

// browserOption prepares the browser's profile folder before it starts.
type browserOption func(t *testing.T, profile string)

// browserCtx starts headless Chromium (360 px wide, a phone) and collects
// every console error and CSP violation the pages cause.
func browserCtx(t *testing.T, opts ...browserOption) (context.Context, func() []string) {
	t.Helper()
	// Chromium may still write to its profile while it exits, so the folder
	// is removed after the browser, ignoring leftovers.
	profile, err := os.MkdirTemp("", "portal-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range opts {
		o(t, profile)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromiumFlags(t, profile, chromedp.WindowSize(360, 800))...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	// A backstop for a stalled browser: a slow, loaded CI machine under the
	// race detector takes several times as long as a quiet one.
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		_ = chromedp.Cancel(ctx) // closes the browser and waits for it
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		_ = os.RemoveAll(profile)
	})

	var mu sync.Mutex
	var problems []string
	chromedp.ListenTarget(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *log.EventEntryAdded:
			if e.Entry.Level == log.LevelError {
				problems = append(problems, "log: "+e.Entry.Text)
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError {
				var args []string
				for _, a := range e.Args {
					if a.Description != "" {
						args = append(args, a.Description)
					} else {
						args = append(args, string(a.Value))
					}
				}
				problems = append(problems, "console.error: "+strings.Join(args, " "))
			}
		}
	})
	if err := chromedp.Run(ctx, log.Enable(), runtime.Enable()); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
}

// shot saves a PNG screenshot when PORTAL_SCREENSHOTS names a folder, so a
// person can look at the pages the test walked through.
func shot(name string) chromedp.Action {
	dir := os.Getenv("PORTAL_SCREENSHOTS")
	return chromedp.ActionFunc(func(ctx context.Context) error {
		if dir == "" {
			return nil
		}
		var buf []byte
		if err := chromedp.FullScreenshot(&buf, 100).Do(ctx); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
	})
}

// browserLogin logs a member in at the demo studio through the login form
// and waits for the page the login leads to (the catalog, or the contract
// choice: landing).
func browserLogin(base, number, dob, landing string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.Navigate(base + "/demo/login"),
		chromedp.WaitVisible(`#customerNumber`, chromedp.ByID),
		chromedp.SendKeys(`#customerNumber`, number, chromedp.ByID),
		chromedp.SetValue(`#dateOfBirth`, dob, chromedp.ByID),
		chromedp.Click(`[data-testid=login-submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(landing, chromedp.ByQuery),
	}
}

// TestBrowserBookSaunaWithTrial is the booking flow in a real browser with
// JavaScript: choosing the trial swaps in its commitment (paying starts
// after the trial), Continue keeps the focus on its busy button while the
// studio validates and then goes on to the summary, the booked page links
// the receipt, whose Print button JavaScript shows, and no page causes a
// console error or a CSP violation.
func TestBrowserBookSaunaWithTrial(t *testing.T) {
	e := newEnv(t)
	ctx, problems := browserCtx(t)

	var paying, busyDuring, focusDuring, summaryPaying, bookedText, urlAfterContinue, printHidden string
	err := chromedp.Run(ctx,
		chromedp.Navigate(e.URL+"/demo/login"),
		chromedp.WaitVisible(`#customerNumber`, chromedp.ByID),
		shot("01-login"),
		chromedp.SendKeys(`#customerNumber`, "1-1001", chromedp.ByID),
		chromedp.SetValue(`#dateOfBirth`, "1990-01-15", chromedp.ByID),
		chromedp.Click(`[data-testid=login-submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-testid=modules]`, chromedp.ByQuery),
		shot("02-modules"),
		chromedp.Click(`[data-testid=module-card] a[href$="/modules/301"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-testid=check-form]`, chromedp.ByQuery),
		chromedp.Click(`input[name=trial]`, chromedp.ByQuery),
		// htmx swaps in the commitment of the new choice.
		chromedp.WaitVisible(`[data-testid=commitment-paying]`, chromedp.ByQuery),
		chromedp.Text(`[data-testid=commitment-paying]`, &paying, chromedp.ByQuery),
		shot("03-module-trial"),
		// A slow validate call makes the busy state observable.
		chromedp.ActionFunc(func(context.Context) error {
			e.Sandbox.SetFault(sandbox.Fault{Method: "POST", Path: "/v1/memberships/{contractId}/self-service/additional-modules/validate", Latency: 1500 * time.Millisecond, Times: 1})
			return nil
		}),
		chromedp.Focus(`[data-testid=check-submit]`, chromedp.ByQuery),
		chromedp.Click(`[data-testid=check-submit]`, chromedp.ByQuery),
		chromedp.Sleep(300*time.Millisecond),
		chromedp.Evaluate(`String(document.querySelector('[data-testid=check-submit]').getAttribute('aria-disabled'))`, &busyDuring),
		chromedp.Evaluate(`String(document.activeElement && document.activeElement.dataset.testid)`, &focusDuring),
		chromedp.WaitVisible(`[data-testid=book-form]`, chromedp.ByQuery),
		chromedp.Location(&urlAfterContinue),
		chromedp.Text(`[data-testid=confirm-summary] [data-testid=commitment-paying]`, &summaryPaying, chromedp.ByQuery),
		shot("04-summary"),
		chromedp.Click(`[data-testid=book-form] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-testid=booking-booked]`, chromedp.ByQuery),
		chromedp.Text(`[data-testid=booking-booked]`, &bookedText, chromedp.ByQuery),
		shot("05-booked"),
		chromedp.Click(`[data-testid=receipt-link]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-testid=receipt]`, chromedp.ByQuery),
		chromedp.Evaluate(`String(document.querySelector('[data-testid=receipt-print]').hidden)`, &printHidden),
		shot("06-receipt"),
		chromedp.Navigate(e.URL+"/demo/my-modules"),
		chromedp.WaitVisible(`main`, chromedp.ByQuery),
		shot("07-my-modules"),
	)
	if err != nil {
		t.Fatalf("browser flow: %v", err)
	}
	if got := strings.TrimSpace(paying); got != "5 Dec 2026" {
		t.Errorf("paying starts after choosing the trial = %q, want 5 Dec 2026", got)
	}
	if busyDuring != "true" || focusDuring != "check-submit" {
		t.Errorf("while Continue runs: aria-disabled %s, focus on %s; want true, check-submit", busyDuring, focusDuring)
	}
	if !strings.HasSuffix(pathOf(urlAfterContinue), "/summary") {
		t.Errorf("after Continue the page is %s, want the summary", urlAfterContinue)
	}
	if got := strings.TrimSpace(summaryPaying); got != "5 Dec 2026" {
		t.Errorf("summary: paying starts %q, want 5 Dec 2026", got)
	}
	if !strings.Contains(bookedText, "Sauna") {
		t.Errorf("booked page text = %q, want it to name the sauna", bookedText)
	}
	if printHidden != "false" {
		t.Errorf("the receipt's Print button hidden = %s with JavaScript, want shown", printHidden)
	}
	if got := len(e.Sandbox.ModuleContractIDs("demo", 2001)); got != 1 {
		t.Errorf("module contracts on 1-1001's contract = %d, want 1", got)
	}
	for _, p := range problems() {
		t.Errorf("browser reported: %s", p)
	}
}

// TestBrowserRefusalTakesTheFocus: a Continue the studio's system cannot
// answer is swapped in at the top of the add-on's page by htmx, and the
// focus moves to its heading.
func TestBrowserRefusalTakesTheFocus(t *testing.T) {
	e := newEnv(t)
	ctx, problems := browserCtx(t)
	var focused, title string
	var top bool
	err := chromedp.Run(ctx,
		browserLogin(e.URL, "1-1001", "1990-01-15", `[data-testid=modules]`),
		chromedp.Navigate(e.URL+"/demo/modules/302"),
		chromedp.WaitVisible(`[data-testid=check-form]`, chromedp.ByQuery),
		chromedp.ActionFunc(func(context.Context) error {
			// Neither the purchasable list nor the validation answers.
			e.Sandbox.SetFault(sandbox.Fault{Method: "GET", Path: purchasableRoute, Status: 500, Times: 1})
			e.Sandbox.SetFault(sandbox.Fault{Method: "POST", Path: "/v1/memberships/{contractId}/self-service/additional-modules/validate", Status: 503, Times: 1})
			return nil
		}),
		chromedp.Click(`[data-testid=check-submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#continue-result [data-testid=check-title]`, chromedp.ByQuery),
		chromedp.Sleep(100*time.Millisecond),
		chromedp.Evaluate(`document.activeElement ? document.activeElement.textContent.trim() : ""`, &focused),
		chromedp.Text(`#continue-result [data-testid=check-title]`, &title, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('#continue-result').getBoundingClientRect().top < document.querySelector('[data-testid=check-form]').getBoundingClientRect().top`, &top),
		shot("08-refusal-focus"),
	)
	if err != nil {
		t.Fatalf("browser flow: %v", err)
	}
	if focused == "" || focused != strings.TrimSpace(title) {
		t.Errorf("focus after the swap on %q, want the reason's heading %q", focused, title)
	}
	if !top {
		t.Error("the reason is not above the form")
	}
	// The 503 itself is reported (the failed request, htmx's error log);
	// nothing else may be.
	for _, p := range problems() {
		if !strings.Contains(p, "503") {
			t.Errorf("browser reported: %s", p)
		}
	}
}

// TestBrowserCancelWithReview cancels 1-1002's towel add-on in a browser:
// the review is swapped in by htmx in place of the form (the address stays
// the cancel page), the confirm is a plain form, and the detail page shows
// the new status with a flash message.
func TestBrowserCancelWithReview(t *testing.T) {
	e := newEnv(t)
	ctx, problems := browserCtx(t)
	var urlAfterReview, reviewDate, flash, status string
	err := chromedp.Run(ctx,
		browserLogin(e.URL, "1-1002", "1985-06-30", `[data-testid=modules]`),
		chromedp.Navigate(e.URL+"/demo/my-modules/5001"),
		chromedp.WaitVisible(`[data-testid=cancel-link]`, chromedp.ByQuery),
		shot("11-detail"),
		chromedp.Click(`[data-testid=cancel-link]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-testid=cancel-form]`, chromedp.ByQuery),
		chromedp.Click(`[data-testid=cancel-reason-option] input`, chromedp.ByQuery),
		shot("12-cancel-form"),
		chromedp.Click(`[data-testid=cancel-review]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-testid=cancel-review] [data-testid=review-date]`, chromedp.ByQuery),
		chromedp.Location(&urlAfterReview),
		chromedp.Text(`[data-testid=review-date]`, &reviewDate, chromedp.ByQuery),
		shot("13-cancel-review"),
		chromedp.Click(`[data-testid=cancel-confirm]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-testid=flash]`, chromedp.ByQuery),
		chromedp.Text(`[data-testid=flash]`, &flash, chromedp.ByQuery),
		chromedp.Text(`[data-testid=module-contract-status]`, &status, chromedp.ByQuery),
		shot("14-canceled"),
	)
	if err != nil {
		t.Fatalf("browser flow: %v", err)
	}
	if !strings.HasSuffix(pathOf(urlAfterReview), "/demo/my-modules/5001/cancel") {
		t.Errorf("after the htmx review the address is %s, want still the cancel page", urlAfterReview)
	}
	if reviewDate == "" || !strings.Contains(flash, reviewDate) {
		t.Errorf("flash %q does not name the chosen date %q", flash, reviewDate)
	}
	if !strings.Contains(status, "waiting for the studio") {
		t.Errorf("status after canceling = %q, want it to wait for the studio", status)
	}
	if got := e.Sandbox.WriteCount("demo"); got != 1 {
		t.Errorf("writes = %d, want exactly the one cancelation", got)
	}
	for _, p := range problems() {
		t.Errorf("browser reported: %s", p)
	}
}

// TestBrowserCommitmentFollowsTheLastChoice: a member who changes the
// payment option twice while the first commitment is still on its way
// reads the commitment of the option they ended on, not of the one they
// left (a second change is never dropped).
func TestBrowserCommitmentFollowsTheLastChoice(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx, problems := browserCtx(t)
	var price string
	err := chromedp.Run(ctx,
		browserLogin(e.URL, "1-1001", "1990-01-15", `[data-testid=modules]`),
		chromedp.Navigate(e.URL+"/demo/modules/302"),
		chromedp.WaitVisible(`[data-testid=commitment-price]`, chromedp.ByQuery),
		// The commitment of the first change takes a while (the studio's
		// catalog is read slowly, once).
		chromedp.ActionFunc(func(context.Context) error {
			e.Sandbox.SetFault(sandbox.Fault{Method: "GET", Path: "/v1/memberships/self-service/additional-modules", Latency: 700 * time.Millisecond, Times: 1})
			return nil
		}),
		chromedp.Click(`#paymentFrequency-3022`, chromedp.ByQuery),
		chromedp.Click(`#paymentFrequency-3021`, chromedp.ByQuery),
		chromedp.Sleep(50*time.Millisecond), // the second change has started its request
		htmxSettled,
		chromedp.Text(`[data-testid=commitment-price]`, &price, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("browser flow: %v", err)
	}
	if got := strings.TrimSpace(price); got != "€4.50 every month" {
		t.Errorf("after choosing yearly, then monthly, the commitment states %q, want the monthly €4.50 every month", got)
	}
	for _, p := range problems() {
		t.Errorf("browser reported: %s", p)
	}
}
