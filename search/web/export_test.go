package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/corpus"
	"github.com/govnews/govnews/search"
)

func TestExportCSV(t *testing.T) {
	env := newTestEnv(t, nil)
	resp, body := env.get(t, "/api/export?format=csv&province=ben+tre")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".csv") {
		t.Errorf("Content-Disposition %q", cd)
	}
	// Excel needs the BOM to read UTF-8.
	if !bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		t.Fatalf("no UTF-8 BOM: %q", body[:min(len(body), 20)])
	}
	rows, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], csvHeader) || rows[0][0] != "url" {
		t.Errorf("header %q", rows[0])
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want header + 2", len(rows))
	}
	// Newest first when there is no query; Vietnamese intact.
	if rows[1][0] != urlBenTreSap || rows[2][0] != urlBenTrePlan {
		t.Errorf("urls %q, %q", rows[1][0], rows[2][0])
	}
	if rows[2][1] != "Kế hoạch phát triển kinh tế – xã hội năm 2024" || rows[2][2] != "2024-03-15T08:30:00+07:00" || rows[2][6] != "Vĩnh Long" {
		t.Errorf("row %q", rows[2])
	}
	if !strings.Contains(rows[2][12], "\n\n") {
		t.Errorf("body lost its paragraphs: %q", rows[2][12])
	}
}

// A JSONL export is the import schema: every line decodes to the article
// that is stored.
func TestExportJSONL(t *testing.T) {
	env := newTestEnv(t, nil)
	resp, body := env.get(t, "/api/export?format=jsonl")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	n := 0
	for sc.Scan() {
		var a index.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		stored, ok, err := env.ix.Get(a.URL)
		if err != nil || !ok {
			t.Fatalf("line %d: %s not stored: %v", n+1, a.URL, err)
		}
		if a.Title != stored.Title || a.Body != stored.Body || !a.Published.Equal(stored.Published) {
			t.Errorf("line %d differs from the stored article", n+1)
		}
		n++
	}
	if n != 8 {
		t.Errorf("%d lines, want 8", n)
	}
}

func TestExportBadParams(t *testing.T) {
	env := newTestEnv(t, nil)
	for _, tc := range []struct{ params, param string }{
		{"format=xlsx", "format"},
		{"format=csv&from=2024-02-30", "from"},
		{"format=csv&cursor=abc", "cursor"},
		{"format=csv&limit=2", "limit"},
		{"format=jsonl&q=%22unclosed", ""},
	} {
		resp, body := env.get(t, "/api/export?"+tc.params)
		if tc.param == "" {
			// The searcher decides what a bad query is; whatever it says,
			// an export either streams or fails before the first byte.
			if resp.StatusCode != 200 && resp.StatusCode != 400 {
				t.Errorf("%s: status %d", tc.params, resp.StatusCode)
			}
			continue
		}
		var e apiError
		_ = json.Unmarshal(body, &e)
		if resp.StatusCode != 400 || e.Param != tc.param {
			t.Errorf("%s: %d %s, want 400 naming %s", tc.params, resp.StatusCode, body, tc.param)
		}
	}
}

func TestDefuseFormula(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")":       "'=HYPERLINK(\"http://x\")",
		"@SUM(A1)":                       "'@SUM(A1)",
		"+84 123":                        "'+84 123",
		"- gạch đầu dòng":                "- gạch đầu dòng",
		"-2+3+cmd|' /C calc'!A0":         "'-2+3+cmd|' /C calc'!A0", // the classic DDE payload
		"-1":                             "'-1",
		"- 2+3+cmd|' /C calc'!A0":        "'- 2+3+cmd|' /C calc'!A0", // the same with a space
		"- Tăng cường (thí điểm)\n- hai": "'- Tăng cường (thí điểm)\n- hai",
		"- gạch một\n- =2+2":             "- gạch một\n- =2+2", // only a cell's start is read as a formula
		"-":                              "-",
		"Kế hoạch":                       "Kế hoạch",
		"":                               "",
	} {
		if got := defuseFormula(in); got != want {
			t.Errorf("defuseFormula(%q) = %q, want %q", in, got, want)
		}
	}
}

// An export is every match, past its first internal page of 500, with
// the page's parameters as the web UI's download links pass them
// (collapse on by default) and with collapse off.
func TestExportGoesPastOnePage(t *testing.T) {
	env := newTestEnv(t, nil)
	g := corpus.NewGenerator(5)
	arts := make([]index.Article, 1200)
	for i := range arts {
		arts[i] = g.Next()
	}
	if err := env.ix.Put(arts...); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"", "q=t%E1%BB%89nh&"} {
		_, body := env.get(t, "/api/search?"+q+"collapse=false&limit=1")
		var res struct{ Total int }
		if err := json.Unmarshal(body, &res); err != nil {
			t.Fatal(err)
		}
		if res.Total <= 500 {
			t.Fatalf("%q: %d matches; the test needs more than one export page", q, res.Total)
		}
		for _, extra := range []string{"", "&collapse=false"} {
			resp, body := env.get(t, "/api/export?"+q+"format=jsonl"+extra)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if n := bytes.Count(body, []byte("\n")); n != res.Total {
				t.Errorf("export %q%s: %d lines, want every match: %d", q, extra, n, res.Total)
			}
		}
	}
}

// HEAD of an export answers with the download's headers and runs no
// export (it ran the whole export and logged it as cut short).
func TestExportHead(t *testing.T) {
	var exports atomic.Int32
	env := newTestEnv(t, func(c *Config) { c.Searcher = countingExports{c.Searcher, &exports} })
	resp, body := env.do(t, http.MethodHead, "/api/export?format=csv&q=tinh", nil)
	if n := exports.Load(); n != 0 {
		t.Errorf("HEAD ran %d exports", n)
	}
	if resp.StatusCode != http.StatusOK || len(body) != 0 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("HEAD: %d %q %v", resp.StatusCode, body, resp.Header)
	}
	if resp, _ := env.do(t, http.MethodHead, "/api/export?format=xls", nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("HEAD with a bad format: %d, want 400", resp.StatusCode)
	}
}

// countingExports counts the exports a Searcher runs.
type countingExports struct {
	Searcher
	n *atomic.Int32
}

func (c countingExports) Export(ctx context.Context, req search.Request, fn func(index.Article) error) error {
	c.n.Add(1)
	return c.Searcher.Export(ctx, req, fn)
}
