package web

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/govnews/govnews/search"
)

func TestSafeSnippet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"kế <mark>hoạch</mark> năm", "kế <mark>hoạch</mark> năm"},
		{"a &lt;b&gt; <mark>c</mark>", "a &lt;b&gt; <mark>c</mark>"},
		{`<script>alert(1)</script> <mark>x</mark>`, `&lt;script&gt;alert(1)&lt;/script&gt; <mark>x</mark>`},
		{"<mark>open", "<mark>open</mark>"},
		{"stray</mark> <mark>a<mark>b</mark>", "stray <mark>ab</mark>"},
		{`<mark onclick="x">a</mark>`, `&lt;mark onclick=&#34;x&#34;&gt;a`},
		{"&amp;amp; KH&amp;CN", "&amp;amp; KH&amp;CN"},
	}
	for _, tc := range tests {
		if got := safeSnippet(tc.in); got != tc.want {
			t.Errorf("safeSnippet(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestTimelineData(t *testing.T) {
	got, outside := timelineData([]search.FacetCount{{Value: "2024-03", Count: 2}, {Value: "2023-12", Count: 5}, {Value: "junk", Count: 9}})
	want := []monthCount{{"2023-12", 5}, {"2024-01", 0}, {"2024-02", 0}, {"2024-03", 2}}
	if !slices.Equal(got, want) || outside != nil {
		t.Fatalf("got %v (outside %v), want %v", got, outside, want)
	}
	// A genuine long archive with no outlier: the ten years with most matches.
	long, outside := timelineData([]search.FacetCount{{Value: "2000-01", Count: 1}, {Value: "2025-06", Count: 1}, {Value: "2024-01", Count: 3}})
	if len(long) != 18 || long[0].Month != "2024-01" || long[len(long)-1].Month != "2025-06" || len(outside) != 1 || outside[0].Month != "2000-01" {
		t.Errorf("long span: %d months %v..%v, outside %v; want 2024-01..2025-06, 2000-01 outside", len(long), long[0], long[len(long)-1], outside)
	}
	// Two far outliers are more than the outlier share of a small result
	// (28 matches): the ten years kept are drawn from their first match to
	// their last, not as nine empty years before 2024.
	var small []search.FacetCount
	for m := 1; m <= 12; m++ {
		small = append(small, search.FacetCount{Value: fmt.Sprintf("2024-%02d", m), Count: 2})
	}
	small = append(small, search.FacetCount{Value: "2024-06", Count: 2}, search.FacetCount{Value: "1900-01", Count: 1}, search.FacetCount{Value: "2204-01", Count: 1})
	drawn, outside := timelineData(small)
	if len(drawn) != 12 || drawn[0].Month != "2024-01" || len(outside) != 2 {
		t.Errorf("small result with two outliers: %d months from %v, outside %v; want 2024's twelve, two outside", len(drawn), drawn[0], outside)
	}
	if m, o := timelineData(nil); m != nil || o != nil {
		t.Error("no months should draw nothing")
	}
}

// One mistyped year must not hide the real matches: the timeline covers
// the months that hold them and names the outliers, at either end.
func TestTimelineCollapsesOutliers(t *testing.T) {
	var facet []search.FacetCount
	for m := 1; m <= 12; m++ {
		facet = append(facet, search.FacetCount{Value: fmt.Sprintf("2023-%02d", m), Count: 10}, search.FacetCount{Value: fmt.Sprintf("2024-%02d", m), Count: 20})
	}
	facet = append(facet, search.FacetCount{Value: "2204-01", Count: 1}, search.FacetCount{Value: "1924-05", Count: 2})
	months, outside := timelineData(facet)
	if len(months) != 24 || months[0].Month != "2023-01" || months[23].Month != "2024-12" {
		t.Errorf("timeline %v…, want 2023-01..2024-12", months[:min(3, len(months))])
	}
	if !slices.Equal(outside, []monthCount{{"1924-05", 2}, {"2204-01", 1}}) {
		t.Errorf("outside %v, want the two outliers", outside)
	}
	// Many matches far away are not outliers: they are drawn.
	facet = append(facet, search.FacetCount{Value: "2019-01", Count: 200})
	months, _ = timelineData(facet)
	if months[0].Month != "2019-01" {
		t.Errorf("a large early month was dropped as an outlier: starts %s", months[0].Month)
	}
}

func TestCharts(t *testing.T) {
	svg := string(timelineSVG([]monthCount{{"2024-01", 4}, {"2024-02", 0}, {"2024-03", 2}}, func(m string) string { return "/?from=" + m + "&x=<" }))
	if n := strings.Count(svg, `<rect class="bar"`); n != 3 {
		t.Errorf("%d bars, want 3", n)
	}
	for _, s := range []string{`role="img"`, "<title>01/2024: 4 bài</title>", `href="/?from=2024-01&amp;x=&lt;"`, `height="0.0"`} {
		if !strings.Contains(svg, s) {
			t.Errorf("timeline lacks %q", s)
		}
	}
	prov := string(provinceSVG([]search.FacetCount{{Value: "Huế", Count: 1}, {Value: "<b>Bến Tre</b>", Count: 3}}, func(p string) string { return "/?province=" + p }))
	if strings.Contains(prov, "<b>") {
		t.Error("province name not escaped")
	}
	// Largest first.
	if i, j := strings.Index(prov, "Bến Tre"), strings.Index(prov, "Huế"); i < 0 || j < 0 || i > j {
		t.Errorf("order: %s", prov)
	}
}

func TestVNNumber(t *testing.T) {
	for in, want := range map[int]string{0: "0", 999: "999", 1000: "1.000", 19774: "19.774", 1234567: "1.234.567", -4500: "-4.500"} {
		if got := vnNumber(in); got != want {
			t.Errorf("vnNumber(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestMetrics(t *testing.T) {
	m := NewMetrics()
	env := newTestEnv(t, func(c *Config) { c.Metrics = m })
	env.get(t, "/api/search?q=ke+hoach")
	env.get(t, "/?q=ke+hoach")
	env.get(t, "/api/search?limit=abc")
	for i := 0; i < 12; i++ {
		m.Page("bentre", true, i < 2) // two of them 404
	}
	m.Page("bentre", false, true) // timed out
	m.CrawlRun("bentre", 3, false)
	m.CrawlRun("hue", 0, true)
	resp, body := env.get(t, "/metrics")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	text := string(body)
	for _, re := range []string{
		`(?m)^govnews_articles 8$`,
		`(?m)^govnews_index_size_bytes [1-9]`,
		`(?m)^govnews_query_duration_seconds_count\{endpoint="api"\} 1$`,
		`(?m)^govnews_query_duration_seconds_count\{endpoint="ui"\} 1$`,
		`(?m)^govnews_pages_fetched_total\{source="bentre"\} 12$`,
		`(?m)^govnews_crawl_errors_total\{source="bentre"\} 3$`,
		`(?m)^govnews_articles_stored_total\{source="bentre"\} 3$`,
		`(?m)^govnews_crawl_errors_total\{source="hue"\} 1$`,
		`(?m)^govnews_crawl_runs_total\{outcome="failed",source="hue"\} 1$`,
		`(?m)^govnews_http_requests_total\{code="400",route="GET /api/search"\} 1$`,
	} {
		if !regexp.MustCompile(re).MatchString(text) {
			t.Errorf("metrics lack %s", re)
		}
	}
}
