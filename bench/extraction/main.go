// Command extraction scores govnews's article extraction, and go-trafilatura
// and go-readability as references, on the article-extraction-benchmark
// (when its directory is given) and on govnews's own Vietnamese portal
// fixtures. It prints a markdown table.
//
//	cd bench/extraction && go run . [-aeb DIR] [-fixtures DIR]
//
// The scoring reimplements the benchmark's evaluate.py: \w+ tokens, 4-token
// shingles, per-page TP/FP/FN normalised to sum 1 and averaged over pages,
// precision and recall from the averages, accuracy as exact token match.
// Each page is timed -runs times (default 5) and the fastest run kept, so
// that other work on the machine does not count as extraction time.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/go-shiori/go-readability"
	"github.com/govnews/govnews/crawler/extract"
	trafilatura "github.com/markusmobius/go-trafilatura"
)

type page struct {
	id, url string
	html    []byte
	want    string
	// Vietnamese fixtures also check the title and the date, and may carry
	// the HTTP Content-Type and per-source selectors the crawler would pass.
	title, published string
	fixture          bool
	// day: published is only the day the page shows (YYYY-MM-DD), as the
	// real-news-pages gold gives it.
	day         bool
	contentType string
	selectors   extract.Selectors
}

type extractor struct {
	name string
	run  func(p page) (body, title string, published time.Time, err error)
}

var extractors = []extractor{
	{"govnews", func(p page) (string, string, time.Time, error) {
		r, err := extract.Extract(p.url, p.html, p.contentType, extract.Options{Selectors: p.selectors})
		if err != nil {
			return "", "", time.Time{}, err
		}
		return r.Body, r.Title, r.Published, nil
	}},
	{"go-trafilatura v1.12.2", func(p page) (string, string, time.Time, error) {
		u, _ := url.Parse(p.url)
		r, err := trafilatura.Extract(bytes.NewReader(p.html), trafilatura.Options{EnableFallback: true, ExcludeComments: true, OriginalURL: u})
		if err != nil || r == nil {
			return "", "", time.Time{}, err
		}
		return r.ContentText, r.Metadata.Title, r.Metadata.Date, nil
	}},
	{"go-readability", func(p page) (string, string, time.Time, error) {
		u, _ := url.Parse(p.url)
		a, err := readability.FromReader(bytes.NewReader(p.html), u)
		if err != nil {
			return "", "", time.Time{}, err
		}
		var t time.Time
		if a.PublishedTime != nil {
			t = *a.PublishedTime
		}
		return a.TextContent, a.Title, t, nil
	}},
}

func main() {
	aeb := flag.String("aeb", "", "article-extraction-benchmark directory (ground-truth.json and html/); skipped when empty")
	fixtures := flag.String("fixtures", "../../crawler/extract/testdata", "govnews Vietnamese fixtures directory")
	only := flag.String("only", "", "run only the extractor whose name starts with this")
	verbose := flag.Bool("v", false, "print each page's F1, precision and recall for govnews on stderr")
	runs := flag.Int("runs", 5, "time each page this many times and keep the fastest (the machine may be busy)")
	real := flag.String("real", "", "real-news-pages directory (manifest.json, gold.json, pages/): pages captured from live Vietnamese sites by others; skipped when empty")
	flag.Parse()
	if err := run(os.Stdout, *aeb, *real, *fixtures, *only, *verbose, max(1, *runs)); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, aeb, real, fixtures, only string, verbose bool, runs int) error {
	type dataset struct {
		name  string
		pages []page
	}
	var sets []dataset
	if aeb != "" {
		ps, err := loadAEB(aeb)
		if err != nil {
			return err
		}
		sets = append(sets, dataset{"article-extraction-benchmark", ps})
	}
	if real != "" {
		ps, err := loadRealNews(real)
		if err != nil {
			return err
		}
		sets = append(sets, dataset{"real-news-pages", ps})
	}
	vi, err := loadFixtures(fixtures)
	if err != nil {
		return err
	}
	sets = append(sets, dataset{"govnews Vietnamese portals", vi})

	fmt.Fprintln(w, "| extractor | dataset | pages | precision | recall | F1 | accuracy | titles exact | dates exact | invented dates | median ms/page | p95 ms/page | median CPU ms/page |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, ds := range sets {
		for _, ex := range extractors {
			if only != "" && !strings.HasPrefix(ex.name, only) {
				continue
			}
			var scores []pageScore
			titles, dates, invented := 0, 0, 0
			for _, p := range ds.pages {
				var body, title string
				var pub time.Time
				var err error
				el, cpu := time.Duration(1<<63-1), time.Duration(1<<63-1)
				cpuOK := true
				runtime.LockOSThread()
				for range runs {
					c0, ok0 := threadCPU()
					start := time.Now()
					body, title, pub, err = ex.run(p)
					el = min(el, time.Since(start))
					c1, ok1 := threadCPU()
					cpu = min(cpu, c1-c0)
					cpuOK = cpuOK && ok0 && ok1
				}
				runtime.UnlockOSThread()
				if err != nil {
					body = ""
				}
				s := scorePage(p.want, body)
				s.ms = millis(el)
				s.cpuMS = -1
				if cpuOK {
					s.cpuMS = millis(cpu)
				}
				scores = append(scores, s)
				if verbose && ex.name == "govnews" {
					f := 0.0
					if s.tp > 0 {
						f = 2 * s.tp / (2*s.tp + s.fp + s.fn)
					}
					fmt.Fprintf(os.Stderr, "%.3f\t%.3f\t%.3f\t%s\t%s\n", f, s.tp/max(1e-9, s.tp+s.fp), s.tp/max(1e-9, s.tp+s.fn), p.id, p.url)
				}
				if p.fixture {
					if title == p.title {
						titles++
					}
					got := ""
					if !pub.IsZero() {
						got = pub.Format(time.RFC3339)
						if p.published == "" {
							invented++
						}
					}
					if p.day && !pub.IsZero() {
						got = pub.Format("2006-01-02")
					}
					if got == p.published || !p.day && sameDate(got, p.published) {
						dates++
					}
				}
			}
			sm := summarize(scores)
			tcol, dcol, icol := "", "", ""
			if len(ds.pages) > 0 && ds.pages[0].fixture {
				tcol = fmt.Sprintf("%d/%d", titles, len(ds.pages))
				dcol = fmt.Sprintf("%d/%d", dates, len(ds.pages))
				icol = fmt.Sprint(invented)
			}
			cpuCol := "n/a"
			if sm.cpuMedian >= 0 {
				cpuCol = fmt.Sprintf("%.2f", sm.cpuMedian)
			}
			fmt.Fprintf(w, "| %s | %s | %d | %.3f | %.3f | %.3f | %.3f | %s | %s | %s | %.2f | %.2f | %s |\n",
				ex.name, ds.name, sm.pages, sm.precision, sm.recall, sm.f1, sm.accuracy, tcol, dcol, icol, sm.median, sm.p95, cpuCol)
		}
	}
	return nil
}

// sameDate compares RFC 3339 dates; both empty is a match. The references
// return dates without a zone (read as UTC), so the same wall-clock date and
// time also counts: the question is whether the right date was found.
func sameDate(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	ta, err1 := time.Parse(time.RFC3339, a)
	tb, err2 := time.Parse(time.RFC3339, b)
	if err1 != nil || err2 != nil {
		return false
	}
	const wall = "2006-01-02 15:04"
	return ta.Equal(tb) || ta.Format(wall) == tb.Format(wall)
}

// loadRealNews reads real-news-pages: manifest.json names each page and
// its URL, gold.json its title, day, author and body (NFC, whitespace
// collapsed).
func loadRealNews(dir string) ([]page, error) {
	var manifest []struct{ File, URL string }
	var gold map[string]struct {
		Title, Date, Body string
	}
	for name, v := range map[string]any{"manifest.json": &manifest, "gold.json": &gold} {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(raw, v); err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(dir, name), err)
		}
	}
	var out []page
	for _, m := range manifest {
		key := filepath.Base(m.File)
		g, ok := gold[key]
		if !ok {
			return nil, fmt.Errorf("%s: no gold for %s", dir, key)
		}
		b, err := os.ReadFile(filepath.Join(dir, m.File))
		if err != nil {
			return nil, err
		}
		out = append(out, page{id: key, url: m.URL, html: b, want: g.Body, title: g.Title, published: g.Date, fixture: true, day: true})
	}
	return out, nil
}

func loadAEB(dir string) ([]page, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, err
	}
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "ground-truth.json"), err)
	}
	ids := make([]string, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []page
	for _, id := range ids {
		path := filepath.Join(dir, "html", id+".html.gz")
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		b, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, page{id: id, url: truth[id].URL, html: b, want: truth[id].ArticleBody})
	}
	return out, nil
}

// loadFixtures reads NAME.html and NAME.json pairs; the JSON holds the
// expected url, title, published (RFC 3339 or absent) and body.
func loadFixtures(dir string) ([]page, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	var out []page
	for _, jf := range files {
		raw, err := os.ReadFile(jf)
		if err != nil {
			return nil, err
		}
		var want struct {
			URL, Title, Published, Body, Kind string
			ContentType                       string            `json:"content_type"`
			Selectors                         extract.Selectors `json:"selectors"`
		}
		if err := json.Unmarshal(raw, &want); err != nil {
			return nil, fmt.Errorf("%s: %w", jf, err)
		}
		if want.Kind != "" && want.Kind != "article" {
			continue
		}
		hf := strings.TrimSuffix(jf, ".json") + ".html"
		b, err := os.ReadFile(hf)
		if err != nil {
			return nil, err
		}
		out = append(out, page{id: filepath.Base(hf), url: want.URL, html: b, want: want.Body,
			title: want.Title, published: want.Published, fixture: true, contentType: want.ContentType, selectors: want.Selectors})
	}
	return out, nil
}
