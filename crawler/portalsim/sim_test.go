package portalsim

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func get(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestPortals(t *testing.T) {
	sim, err := Start(Options{Portals: 4, Articles: 25, PerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	srcs := sim.Sources()
	if len(srcs) != 4 {
		t.Fatalf("%d sources", len(srcs))
	}
	for i, src := range srcs {
		start := src.StartURLs[0]
		res, body := get(t, start)
		if res.StatusCode != 200 || !strings.Contains(body, "bản tin số 25") || !strings.Contains(body, `rel="alternate"`) {
			t.Errorf("portal %d listing: %d %.200s", i, res.StatusCode, body)
		}
		// Conditional GET.
		if res2, _ := get(t, start, "If-None-Match", res.Header.Get("ETag")); res2.StatusCode != 304 {
			t.Errorf("portal %d: conditional GET got %d", i, res2.StatusCode)
		}
		base := strings.TrimSuffix(start, sim.portals[i].style.listing(1))
		if res, body := get(t, base+"/robots.txt"); res.StatusCode != 200 || !strings.Contains(body, "Disallow: /private/") {
			t.Errorf("robots: %s", body)
		}
		if res, _ := get(t, base+"/r/3"); res.StatusCode != 301 || !sim.IsArticlePath(i, res.Header.Get("Location")) {
			t.Errorf("redirect: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
	}
	arts := sim.Articles()
	if len(arts) != 4*24 { // article 4 is gone on every portal
		t.Errorf("%d articles", len(arts))
	}
	// The flaky article fails once, then works.
	a5 := arts[0]
	for _, a := range arts {
		if a.Portal == 0 && a.ID == idFlaky {
			a5 = a
		}
	}
	if res, _ := get(t, a5.URL); res.StatusCode != 500 {
		t.Errorf("first fetch of flaky article: %d", res.StatusCode)
	}
	if res, body := get(t, a5.URL); res.StatusCode != 200 || !strings.Contains(body, a5.Title) {
		t.Errorf("second fetch of flaky article: %d", res.StatusCode)
	}
	edited, added := sim.Mutate(2)
	if len(added) != 8 || len(edited) != 4*3 {
		t.Errorf("Mutate: %d edited, %d added", len(edited), len(added))
	}
	if _, body := get(t, added[0].URL); !strings.Contains(body, "<h1") {
		t.Errorf("new article not served")
	}
	if len(sim.Requests()) == 0 {
		t.Error("no requests logged")
	}
}
