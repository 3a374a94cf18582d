package web

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/govnews/govnews/index"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages are parsed once: each page is the base layout plus its own file.
var pages = parseTemplates()

var funcs = template.FuncMap{
	"date":       vnDate,
	"datetime":   vnDateTime,
	"iso":        func(t time.Time) string { return formatTime(t) },
	"number":     vnNumber,
	"crawlError": explainCrawlError,
	"snippet":    func(s string) template.HTML { return template.HTML(safeSnippet(s)) },
	"paragraphs": func(body string) []string {
		var out []string
		for _, p := range strings.Split(body, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
	"query": func(q string) string { return "/?" + url.Values{"q": {q}}.Encode() },
}

func parseTemplates() map[string]*template.Template {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, name := range names {
		base := path.Base(name)
		if base == "base.html" {
			continue
		}
		t := template.Must(template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/base.html", name))
		out[strings.TrimSuffix(base, ".html")] = t
	}
	return out
}

// render executes a page into a buffer first, so a template error is a
// clean 500 rather than half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	var buf bytes.Buffer
	if err := pages[page].ExecuteTemplate(&buf, "base", data); err != nil {
		s.log.Error("web: render", "page", page, "err", err)
		http.Error(w, "Lỗi máy chủ.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Add("Vary", "Accept-Encoding")
	body := buf.Bytes()
	// Pages are mostly Vietnamese text and repeated markup: gzip makes a
	// results page about a fifth of its size, which matters on a phone.
	if len(body) > 1024 && acceptsGzip(r) {
		var z bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&z, gzip.BestSpeed)
		_, _ = zw.Write(body)
		if zw.Close() == nil {
			h.Set("Content-Encoding", "gzip")
			body = z.Bytes()
		}
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// acceptsGzip says whether the client takes gzip (and did not refuse it
// with q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			return strings.ReplaceAll(params, " ", "") != "q=0"
		}
	}
	return false
}

func vnDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(index.Zone).Format("02/01/2006")
}

func vnDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(index.Zone).Format("15:04 02/01/2006")
}

// vnNumber groups thousands with dots, as Vietnamese does (12.345).
func vnNumber(n any) string {
	if p, ok := n.(*uint64); ok && p != nil {
		n = *p
	}
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// handleStatic serves the embedded CSS and JS by exact name: no directory
// listings, and nothing outside static/ is reachable.
func (s *server) handleStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if name == "" || strings.ContainsAny(name, "/\\") || strings.HasPrefix(name, ".") {
		s.handleNotFoundPage(w, r)
		return
	}
	data, err := staticFS.ReadFile("static/" + name)
	if err != nil {
		s.handleNotFoundPage(w, r)
		return
	}
	switch path.Ext(name) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(data)
}
