package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserMyAddOns looks at My add-ons of 1-1006 (25 add-ons) and an
// add-on's page in a real browser, on a phone and a desktop, in English and
// German: nothing overflows the width, the ended add-ons stay collapsed
// until opened, and no page causes a console error or a CSP violation.
// PORTAL_SCREENSHOTS=dir keeps a screenshot of each state.
func TestBrowserMyAddOns(t *testing.T) {
	e := newEnv(t)
	ctx, problems := browserCtx(t)
	if err := chromedp.Run(ctx,
		browserLogin(e.URL, "1-1006", "1999-12-31", `[data-testid=modules]`),
	); err != nil {
		t.Fatalf("log in: %v", err)
	}
	for _, lang := range []string{"en", "de"} {
		if lang == "de" {
			if err := chromedp.Run(ctx,
				chromedp.Navigate(e.URL+"/demo/my-modules"),
				chromedp.Click(`[data-testid=language-de]`, chromedp.ByQuery),
				chromedp.WaitVisible(`html[lang=de] [data-testid=mymodules-current]`, chromedp.ByQuery),
			); err != nil {
				t.Fatalf("switch to German: %v", err)
			}
		}
		for _, width := range []int64{360, 1280} {
			name := fmt.Sprintf("%s-%d", lang, width)
			var overflow, openBefore, openAfter bool
			err := chromedp.Run(ctx,
				chromedp.EmulateViewport(width, 900),
				chromedp.Navigate(e.URL+"/demo/my-modules"),
				chromedp.WaitVisible(`[data-testid=monthly-total]`, chromedp.ByQuery),
				chromedp.Evaluate(`document.querySelector('[data-testid=mymodules-past] details').open`, &openBefore),
				chromedp.Evaluate(`document.documentElement.scrollWidth > document.documentElement.clientWidth`, &overflow),
				shot("myaddons-"+name),
				chromedp.Click(`[data-testid=mymodules-past] summary`, chromedp.ByQuery),
				chromedp.Evaluate(`document.querySelector('[data-testid=mymodules-past] details').open`, &openAfter),
				shot("myaddons-"+name+"-ended-open"),
				chromedp.Navigate(e.URL+"/demo/my-modules/5101"),
				chromedp.WaitVisible(`[data-testid=timeline]`, chromedp.ByQuery),
				shot("myaddon-detail-"+name),
			)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if overflow {
				t.Errorf("%s: My add-ons is wider than the window", name)
			}
			if openBefore || !openAfter {
				t.Errorf("%s: ended add-ons open before %v, after a click %v; want closed, then open", name, openBefore, openAfter)
			}
		}
	}
	for _, p := range problems() {
		t.Errorf("browser reported: %s", p)
	}
}

// TestBrowserSwitchContract: a member with two contracts sees which one is
// active in the header and switches without logging out.
func TestBrowserSwitchContract(t *testing.T) {
	e := newEnv(t)
	ctx, problems := browserCtx(t)
	if err := chromedp.Run(ctx,
		browserLogin(e.URL, "1-1004", "1992-03-08", `[data-testid=contract-option]`),
		shot("contracts-choice-360"),
		chromedp.Click(`[data-testid=contract-submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-testid=active-contract]`, chromedp.ByQuery),
	); err != nil {
		t.Fatalf("log in and choose: %v", err)
	}
	for _, width := range []int64{360, 1280} {
		var before, after string
		err := chromedp.Run(ctx,
			chromedp.EmulateViewport(width, 900),
			chromedp.Navigate(e.URL+"/demo/my-modules"),
			chromedp.Text(`[data-testid=active-contract-name]`, &before, chromedp.ByQuery),
			shot(fmt.Sprintf("contracts-header-%d", width)),
			chromedp.Click(`[data-testid=switch-contract]`, chromedp.ByQuery),
			chromedp.WaitVisible(`[data-testid=contract-current]`, chromedp.ByQuery),
			shot(fmt.Sprintf("contracts-switch-%d", width)),
			chromedp.Click(`[data-testid=contract-option]:not(:has([data-testid=contract-current])) input`, chromedp.ByQuery),
			chromedp.Click(`[data-testid=contract-submit]`, chromedp.ByQuery),
			chromedp.WaitVisible(`[data-testid=flash]`, chromedp.ByQuery),
			chromedp.Text(`[data-testid=active-contract-name]`, &after, chromedp.ByQuery),
			shot(fmt.Sprintf("contracts-switched-%d", width)),
		)
		if err != nil {
			t.Fatalf("%d px: %v", width, err)
		}
		if before == after || after == "" {
			t.Errorf("%d px: header named %q before switching and %q after", width, before, after)
		}
	}
	for _, p := range problems() {
		t.Errorf("browser reported: %s", p)
	}
}
