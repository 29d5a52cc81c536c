package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/studio-addons/portal/apiclient/sandbox"
)

// TestBrowserShowTermsOnlyWithoutJavaScript: on the add-on's page at
// 360 px, "Show the terms of this choice" is hidden while JavaScript runs
// (the commitment box follows the choice live); with scripts off it shows,
// fits the screen, and brings the page back with the chosen option checked
// and its commitment in view.
func TestBrowserShowTermsOnlyWithoutJavaScript(t *testing.T) {
	e := newEnv(t)
	ctx, problems := browserCtx(t)
	const button = `[data-testid=show-terms]`
	var shownWithJS, shownWithout, fits, checked, inView bool
	var location, price string
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(360, 800),
		browserLogin(e.URL, "1-1001", "1990-01-15", `[data-testid=modules]`),
		chromedp.Navigate(e.URL+"/demo/modules/302"),
		chromedp.WaitVisible(`[data-testid=check-submit]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('`+button+`').getClientRects().length > 0`, &shownWithJS),
		shot("30-addon-with-js"),
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(e.URL+"/demo/modules/302"),
		chromedp.WaitVisible(button, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('`+button+`').getClientRects().length > 0`, &shownWithout),
		chromedp.Evaluate(`(function () {
			var r = document.querySelector('`+button+`').getBoundingClientRect();
			return r.left >= 0 && r.right <= window.innerWidth && r.height >= 44 &&
				document.documentElement.scrollWidth <= window.innerWidth;
		})()`, &fits),
		shot("31-addon-without-js"),
		chromedp.Click(`#paymentFrequency-3022`, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("browser flow: %v", err)
	}
	// The button sends the form: a navigation, waited for.
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(button, chromedp.ByQuery)); err != nil {
		t.Fatalf("show the terms: %v", err)
	}
	err = chromedp.Run(ctx,
		chromedp.WaitVisible(`#commitment [data-testid=commitment-price]`, chromedp.ByQuery),
		chromedp.Location(&location),
		chromedp.Evaluate(`document.querySelector('#paymentFrequency-3022').checked`, &checked),
		chromedp.Text(`#commitment [data-testid=commitment-price]`, &price, chromedp.ByQuery),
		chromedp.Evaluate(`(function () {
			var r = document.querySelector('#commitment').getBoundingClientRect();
			return r.top >= 0 && r.top < window.innerHeight;
		})()`, &inView),
		shot("32-terms-without-js"),
	)
	if err != nil {
		t.Fatalf("the terms of the choice: %v", err)
	}
	if shownWithJS {
		t.Error("the show-terms button shows while JavaScript runs")
	}
	if !shownWithout || !fits {
		t.Errorf("without JavaScript the button shows %v, fits 360 px (44 px tall) %v", shownWithout, fits)
	}
	if !strings.HasSuffix(location, "/demo/modules/302?frequency=3022#commitment") || !checked {
		t.Errorf("after showing the terms: %s, yearly checked %v", location, checked)
	}
	if price != "€45.00 every year" || !inView {
		t.Errorf("commitment price %q, in view %v; want the yearly price in view", price, inView)
	}
	if got := e.Sandbox.WriteCount("demo"); got != 0 {
		t.Errorf("writes = %d, want none", got)
	}
	if got := len(e.Sandbox.ModuleContractIDs("demo", sandbox.ContractNoAddOns)); got != 0 {
		t.Errorf("%d add-ons booked, want none", got)
	}
	for _, p := range problems() {
		t.Errorf("browser reported: %s", p)
	}
}
