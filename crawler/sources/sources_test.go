package sources

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestLoadValid(t *testing.T) {
	srcs, err := Load("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 {
		t.Fatalf("got %d sources, want 2", len(srcs))
	}
	min, full := srcs[0], srcs[1]
	if min.ID != "minimal" || min.Delay != 0 || min.PublishedProvince() != "An Giang" {
		t.Errorf("minimal source: %+v", min)
	}
	if full.Delay != 3*time.Second || full.MaxPages != 500 || !full.InsecureTLS || full.Selectors.Body != "div.content" || len(full.Selectors.Remove) != 1 {
		t.Errorf("full source fields not read: %+v", full)
	}
	if full.PublishedProvince() != "Tiền Giang" || full.Province != "Đồng Tháp" {
		t.Errorf("provinces: published %q now %q", full.PublishedProvince(), full.Province)
	}
	if re := full.ArticleRegexp(); re == nil || !re.MatchString("https://skhcn.example.gov.vn/tin-tuc/dai-hoi-12.html") {
		t.Errorf("article_url_pattern not compiled or wrong")
	}
	if got := full.Hosts(); len(got) != 1 || got[0] != "skhcn.example.gov.vn" {
		t.Errorf("hosts = %v", got)
	}
	if full.Line != 6 {
		t.Errorf("line = %d, want 6", full.Line)
	}
}

func TestParseErrorsNameSourceAndField(t *testing.T) {
	_, err := Load("testdata/invalid.yaml")
	if err == nil {
		t.Fatal("invalid file accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		`testdata/invalid.yaml:2: source "angiang-skhcn": start_urls[0]: "ht!tp://" is not an absolute http(s) URL`,
		`testdata/invalid.yaml:6: source "Bad_ID": id: "Bad_ID" must be lower-case`,
		`source "Bad_ID": schedule: "every day"`,
		`testdata/invalid.yaml:11: source "angiang-skhcn": id: duplicate of the source on line 2`,
		`source "angiang-skhcn": article_url_pattern: error parsing regexp`,
		`source "noname": name: missing`,
		`source "noname": start_urls: missing`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q; got:\n%s", want, msg)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown field", "sources:\n  - id: a\n    name: A\n    province: Huế\n    start_urls: [https://a.example/]\n    dealy: 2s\n", `source "a": unknown field "dealy"`},
		{"no list", "sources:\n", "no sources"},
		{"no sources key", "source: []\n", "x.yaml"},
		{"unknown selector", "sources:\n  - id: a\n    name: A\n    province: Huế\n    start_urls: [https://a.example/]\n    selectors: {tittle: h1}\n", `x.yaml:6: source "a": unknown field "tittle"`},
		{"bad delay", "sources:\n  - id: a\n    name: A\n    province: Huế\n    start_urls: [https://a.example/]\n    delay: soon\n", `x.yaml:6: source "a": delay: "soon" is not a duration such as 1.5s or 500ms`},
		{"syntax error names the source", "sources:\n  - id: a\n    name: A\n    province: Huế\n    start_urls: [https://a.example/]\n  - id: b\n    name: B\n    start_urls: [https://a.example/x?y=1, ]]\n", `(in source "b", from line 6`},
		{"delay zero", "sources:\n  - id: a\n    name: A\n    province: Huế\n    start_urls: [https://a.example/]\n    delay: 0s\n", `x.yaml:6: source "a": delay: 0 would send requests back to back; leave delay out for the default 1s`},
		{"delay in hours", "sources:\n  - id: a\n    name: A\n    province: Huế\n    start_urls: [https://a.example/]\n    delay: 1000h\n", `source "a": delay: 1000h0m0s is longer than 10m0s (a typo for ms?)`},
		{"bad max_pages", "sources:\n  - id: a\n    name: A\n    province: Huế\n    start_urls: [https://a.example/]\n    max_pages: many\n", `x.yaml:6: source "a": max_pages: "many" is not a whole number`},
		{"start_urls not a list", "sources:\n  - id: a\n    name: A\n    province: Huế\n    start_urls: {a: b}\n", `x.yaml:5: source "a": start_urls: a mapping where a list is expected`},
		{"not yaml", "sources: [\n", "x.yaml"},
		{"empty file", "", `x.yaml: the file is empty (expected a top-level "sources:" list`},
		{"schedule every 0s", "sources:\n  - id: a\n    name: A\n    province: Huế\n    start_urls: [https://a.example/]\n    schedule: \"@every 0s\"\n", `source "a": schedule: "@every 0s": runs every 1s; the shortest allowed is 1m0s`},
		{"schedule every 30s", "sources:\n  - id: a\n    name: A\n    province: Huế\n    start_urls: [https://a.example/]\n    schedule: \"@every 30s\"\n", `schedule: "@every 30s": runs every 30s`},
		{"bad css selector", "sources:\n  - id: a\n    name: A\n    province: Huế\n    start_urls: [https://a.example/]\n    selectors: {body: \"div.content[\"}\n", `source "a": selectors.body "div.content["`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.yaml), "x.yaml")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// "sources: []" is a valid config: serve then only serves.
func TestParseEmptyList(t *testing.T) {
	srcs, err := Parse([]byte("sources: []\n"), "x.yaml")
	if err != nil || len(srcs) != 0 {
		t.Fatalf("sources: [] gave %v, %v", srcs, err)
	}
}

// The shipped configs/sources.yaml must always load.
func TestShippedSources(t *testing.T) {
	data, err := os.ReadFile("../../configs/sources.yaml")
	if os.IsNotExist(err) {
		t.Skip("configs/sources.yaml not written yet")
	}
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := Parse(data, "configs/sources.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) < 5 {
		t.Errorf("only %d sources shipped", len(srcs))
	}
}

// A typo in one field does not hide the source's other problems: an
// operator fixing the file sees them all in one run.
func TestUnknownFieldDoesNotHideOtherErrors(t *testing.T) {
	src := "sources:\n  - id: Bad_ID\n    name: A\n    province: Huế\n    start_urls: [\"ht!tp://\"]\n    dealy: 2s\n    selectors: {tittle: h1}\n"
	_, err := Parse([]byte(src), "x.yaml")
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{
		`x.yaml:6: source "Bad_ID": unknown field "dealy"`,
		`x.yaml:7: source "Bad_ID": unknown field "tittle"`,
		`source "Bad_ID": id: "Bad_ID" must be lower-case`,
		`source "Bad_ID": start_urls[0]: "ht!tp://" is not an absolute http(s) URL`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q; got:\n%v", want, err)
		}
	}
}
