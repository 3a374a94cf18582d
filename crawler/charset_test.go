package crawler

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/govnews/govnews/crawler/extract"
	"golang.org/x/text/encoding/charmap"
)

// syncBuffer is a log destination tests read while the crawler writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// onePagePortal serves a listing that links one article, which is page
// served with contentType.
func onePagePortal(page []byte, contentType string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/tin-tuc":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><body><ul><li><a href="/tin-tuc/tang-cuong-cong-tac-tiem-chung-1234.html">Tăng cường công tác tiêm chủng mở rộng cho trẻ em</a></li></ul></body></html>`)
		case "/tin-tuc/tang-cuong-cong-tac-tiem-chung-1234.html":
			w.Header().Set("Content-Type", contentType)
			w.Write(page)
		default:
			http.NotFound(w, r)
		}
	})
}

// TestCrawlCharsets crawls one article per charset situation and checks
// that the index holds the text as a reader sees it, that raw/ holds the
// bytes as served under the header as served, that re-extracting the raw
// copy gives the indexed text, and that an overruled header is logged.
func TestCrawlCharsets(t *testing.T) {
	cp1258, err := os.ReadFile("extract/testdata/aspnet-tiemchung-1258.html")
	if err != nil {
		t.Fatal(err)
	}
	noMeta := bytes.Replace(cp1258, []byte(`<meta charset="windows-1258" />`), nil, 1)
	dec, err := charmap.Windows1258.NewDecoder().Bytes(noMeta)
	if err != nil {
		t.Fatal(err)
	}
	utf8Page := bytes.Replace(dec, []byte("<head>"), []byte(`<head><meta charset="utf-8">`), 1)
	if bytes.Equal(utf8Page, dec) {
		t.Fatal("fixture has no <head>")
	}
	latin1Page, err := charmap.ISO8859_1.NewEncoder().Bytes([]byte(`<html><head><title>Thông báo</title></head><body><article><h1>Bà con nông dân và máy cày tôt</h1>
<p>Ngày 09/11/2022, bà con nông dân nhà bên sông Cà Mau nhìn máy cày tôt; các cán bô giám sát tài chính và ghi chép các phiêu.</p>
<p>Các máy cày có công suât lón, phù hop cho ruông sâu; bà con nghe cách vân hành an toàn trong mùa khô.</p>
<p>Ban quan lý cho biêt sau mùa mua sê giao máy cho các thôn còn lai trong tháng tói, cho các hô nghèo.</p></article></body></html>`))
	if err != nil {
		t.Fatalf("latin-1 fixture does not encode: %v", err)
	}
	const tiemchung = "Tăng cường công tác tiêm chủng mở rộng cho trẻ em dưới 5 tuổi"
	for _, tc := range []struct {
		name, contentType string
		page              []byte
		title             string
		warn              bool // the header is overruled, with a warning
	}{
		{"windows-1258 header", "text/html; charset=windows-1258", noMeta, tiemchung, false},
		{"windows-1258 header and meta", "text/html; charset=windows-1258", cp1258, tiemchung, false},
		{"ISO-8859-1 header", "text/html; charset=ISO-8859-1", latin1Page, "Bà con nông dân và máy cày tôt", false},
		{"UTF-8 page under an ISO-8859-1 header", "text/html; charset=ISO-8859-1", utf8Page, tiemchung, true},
		{"windows-1258 page with meta under a UTF-8 header", "text/html; charset=utf-8", cp1258, tiemchung, true},
		{"undeclared windows-1258 page under a UTF-8 header", "text/html; charset=UTF-8", noMeta, tiemchung, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(onePagePortal(tc.page, tc.contentType))
			defer srv.Close()
			e := newEnv(t, t.TempDir())
			var logs syncBuffer
			e.c.log = slog.New(slog.NewTextHandler(&logs, nil))
			p := &miniPortal{}
			sum, err := e.c.Crawl(context.Background(), p.source("charset", srv.URL))
			if err != nil || sum.New != 1 {
				t.Fatalf("summary %+v, %v", sum, err)
			}
			u := srv.URL + "/tin-tuc/tang-cuong-cong-tac-tiem-chung-1234.html"
			a, ok, err := e.ix.Get(u)
			if err != nil || !ok {
				t.Fatalf("%s not stored (%v)", u, err)
			}
			if a.Title != tc.title {
				t.Errorf("title %q, want %q", a.Title, tc.title)
			}
			if strings.ContainsAny(a.Body, "\uFFFDÃÄÆ") || a.Body == "" {
				t.Errorf("body mis-decoded: %.160q", a.Body)
			}
			raw, ct, err := e.c.Raw().Get(u)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(raw, tc.page) || ct != tc.contentType {
				t.Errorf("raw copy is not the page as served: %d bytes (want %d), content type %q (want %q)", len(raw), len(tc.page), ct, tc.contentType)
			}
			res, err := extract.Extract(u, raw, ct, extract.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Title != a.Title || res.Body != a.Body {
				t.Errorf("re-extraction differs from the crawl: title %q, body %.80q", res.Title, res.Body)
			}
			warned := strings.Contains(logs.String(), "charset") && strings.Contains(logs.String(), u)
			if warned != tc.warn {
				t.Errorf("charset warning naming the URL logged: %v, want %v; log:\n%s", warned, tc.warn, logs.String())
			}
		})
	}
}
