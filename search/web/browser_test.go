package web

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

const chromiumPath = "/usr/bin/chromium"

// newBrowser starts headless Chromium, or skips when it is not installed.
// The flags keep Chromium from phoning home: on a closed network its
// background connections would fail and slow every page.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser test skipped: %s not found (apt-get install -y chromium)", chromiumPath)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// waitFor polls a JavaScript condition, so a step that navigates is waited
// for by what the user would see, not by a fixed sleep. An evaluation that
// fails because the page is being replaced is retried.
func waitFor(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		lastErr = err
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("waiting for %s (%s): %v", what, js, lastErr)
}

// A journalist types a query without diacritics, narrows it to a province
// and finds the article, in a real browser.
func TestBrowserSearch(t *testing.T) {
	ctx := newBrowser(t)
	env := newTestEnv(t, nil)

	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844), // a phone
		chromedp.Navigate(env.srv.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "ke hoach\n"),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the results", `location.search.includes("q=ke+hoach") && !!document.querySelector("#results-title")`)
	heading, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("results-title")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(heading, "Tìm thấy 3 bài") {
		t.Errorf("results heading %q, want 3 matches", heading)
	}
	// Matches are marked in the snippets, accented as the article writes them.
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll(".snippet mark")].map(m => m.textContent.toLowerCase()).join(" ")`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(marks, "kế") || !strings.Contains(marks, "hoạch") {
		t.Errorf("marked words %q, want kế hoạch", marks)
	}

	// Choosing a province applies it at once (the JS enhancement).
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const s = document.getElementById("province");
		s.value = "Vĩnh Long";
		s.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the filtered results", `location.search.includes("province=") && !!document.querySelector("#results-title")`)
	hits, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("ol.hits")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hits, "Kế hoạch phát triển kinh tế – xã hội năm 2024") || strings.Contains(hits, "Tết Nguyên đán") {
		t.Errorf("filtered hits:\n%s", hits)
	}
	sel, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("province")))
	if err != nil || sel != "Vĩnh Long" {
		t.Errorf("province select shows %q after filtering (%v)", sel, err)
	}

	// Usable on a phone: nothing wider than the screen; every field labelled.
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
	if err != nil || !ok {
		t.Errorf("page scrolls sideways on a 390px screen (%v)", err)
	}
	unlabelled, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("input, select")].filter(e => e.type !== "hidden" && (!e.labels || e.labels.length === 0)).map(e => e.name).join(",")`))
	if err != nil || unlabelled != "" {
		t.Errorf("fields without a label: %q (%v)", unlabelled, err)
	}

	// The article opens from the result, keyboard only: focus the link, Enter.
	if err := chromedp.Do(ctx,
		chromedp.Focus(chromedp.CSS("ol.hits h3 a")),
		chromedp.KeyEvent("\r"),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the article page", `location.pathname.startsWith("/articles/") && !!document.querySelector("article h1")`)
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("article h1")))
	if err != nil || title != "Kế hoạch phát triển kinh tế – xã hội năm 2024" {
		t.Errorf("article title %q (%v)", title, err)
	}
}

// Crawled markup does not run in the browser.
func TestBrowserEscaping(t *testing.T) {
	ctx := newBrowser(t)
	env := newTestEnv(t, nil)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.srv.URL+"/?q=tuyen+dung"),
		chromedp.WaitVisible(chromedp.CSS("ol.hits")),
	); err != nil {
		t.Fatal(err)
	}
	// If the title's <script>alert("xss")</script> or the body's
	// <img onerror> had run, an alert dialog would block the page and
	// the element count below would include them.
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("main script, main img").length`))
	if err != nil || n != 0 {
		t.Errorf("crawled markup became %d live elements (%v)", n, err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("ol.hits h3")))
	if err != nil || !strings.Contains(text, `<script>alert("xss")</script>`) {
		t.Errorf("title not shown as text: %q (%v)", text, err)
	}
}

// With JavaScript off the page still works: the form is a plain GET, empty
// fields included, and the server applies what is filled in.
func TestBrowserWithoutJavaScript(t *testing.T) {
	ctx := newBrowser(t)
	env := newTestEnv(t, nil)
	noScript := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	if err := chromedp.Do(ctx,
		noScript,
		chromedp.Navigate(env.srv.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "ke hoach"),
		chromedp.SetValue(chromedp.ID("province"), "Vĩnh Long"),
		chromedp.Click(chromedp.CSS(".apply button")),
	); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && strings.Contains(loc, "province=") {
			// The unenhanced form sends its empty fields too.
			if !strings.Contains(loc, "from=&") {
				t.Errorf("location %q: the script seems to have run", loc)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("form not submitted: %q %v", loc, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("ol.hits"))); err != nil {
		t.Fatal(err)
	}
	hits, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("ol.hits")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hits, "Kế hoạch phát triển kinh tế – xã hội năm 2024") || strings.Contains(hits, "Tết Nguyên đán") {
		t.Errorf("hits without JavaScript:\n%s", hits)
	}
}
