package web

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search"
)

// csvHeader names the CSV columns; url first, since it is the identity.
var csvHeader = []string{"url", "title", "published", "source", "source_name", "province", "province_now", "agency", "author", "topics", "refs", "lead", "body", "fetched_at", "group"}

// csvRow is one article in csvHeader's order. Lists are joined with "; "
// (topic ids and document numbers never contain it); dates are RFC 3339 in
// Vietnam's zone, empty when the page showed none.
func csvRow(a index.Article) []string {
	return []string{
		a.URL, a.Title, formatTime(a.Published), a.Source, a.SourceName, a.Province, a.ProvinceNow,
		a.Agency, a.Author, strings.Join(a.Topics, "; "), strings.Join(a.Refs, "; "), a.Lead, a.Body, formatTime(a.FetchedAt),
		a.Group, // the near-duplicate group: count publications per story
	}
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return index.InZone(t).Format(time.RFC3339)
}

// exportWriter writes articles in one format.
type exportWriter interface {
	write(a index.Article) error
	flush() error
}

// csvExport writes a UTF-8 BOM first: without it Excel reads the file as
// the local code page and Vietnamese turns into mojibake.
type csvExport struct{ w *csv.Writer }

func newCSVExport(w io.Writer) (*csvExport, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180, and what Excel expects
	if err := cw.Write(csvHeader); err != nil {
		return nil, err
	}
	return &csvExport{w: cw}, nil
}

func (e *csvExport) write(a index.Article) error {
	row := csvRow(a)
	for i := range row {
		row[i] = defuseFormula(row[i])
	}
	return e.w.Write(row)
}

// defuseFormula keeps a crawled cell from running as a spreadsheet formula
// when the CSV is opened in Excel ("=HYPERLINK(…)" in a title, the DDE
// payload "-2+3+cmd|' /C calc'!A0"): such a cell gets a leading apostrophe,
// which Excel shows as text. A "- " bullet (Vietnamese bodies often start
// lines so) is left alone unless its first line holds what a formula
// needs to do harm ("- 2+3+cmd|' /C calc'!A0": an operator, a pipe, a
// call): Excel reads a leading minus as a formula, space or not.
func defuseFormula(cell string) string {
	if cell == "" {
		return cell
	}
	if strings.ContainsRune("=+@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	if cell[0] == '-' {
		if len(cell) > 1 && cell[1] != ' ' {
			return "'" + cell
		}
		first, _, _ := strings.Cut(cell, "\n")
		if strings.ContainsAny(first, "=+|!@(") {
			return "'" + cell
		}
	}
	return cell
}

func (e *csvExport) flush() error { e.w.Flush(); return e.w.Error() }

// jsonlExport writes one index.Article per line: the import schema, so an
// export can be imported elsewhere as it is.
type jsonlExport struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

func newJSONLExport(w io.Writer) *jsonlExport {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &jsonlExport{bw: bw, enc: enc}
}

func (e *jsonlExport) write(a index.Article) error { return e.enc.Encode(a) }
func (e *jsonlExport) flush() error                { return e.bw.Flush() }

// handleExport: GET /api/export?format=csv|jsonl&q=…&…: every match,
// streamed page by page so memory stays flat for any size of result.
func (s *server) handleExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req, err := s.parse(q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	format := q.Get("format")
	var ext, ctype string
	switch format {
	case "csv", "":
		format, ext, ctype = "csv", "csv", "text/csv; charset=utf-8"
	case "jsonl", "ndjson":
		format, ext, ctype = "jsonl", "jsonl", "application/x-ndjson; charset=utf-8"
	default:
		s.writeError(w, r, &search.Error{Param: "format", Msg: fmt.Sprintf("%q is not csv or jsonl", format)})
		return
	}
	if req.Cursor != "" {
		s.writeError(w, r, &search.Error{Param: "cursor", Msg: "an export is the whole result set; it takes no cursor"})
		return
	}
	if q.Has("limit") {
		s.writeError(w, r, &search.Error{Param: "limit", Msg: "an export is the whole result set; it takes no limit (narrow it with q, province, source, topic, from, to)"})
		return
	}
	req.Limit = 0
	if req.Sort == search.SortRelevance && req.Query == "" {
		req.Sort = search.SortDate
	}

	// Validate by asking for the first page before any byte is sent: once
	// the 200 is out an error can only cut the file short.
	probe := req
	probe.Limit = 1
	if _, err := s.searcher.Search(r.Context(), probe); err != nil {
		s.writeError(w, r, err)
		return
	}

	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="govnews-%s.%s"`, time.Now().In(index.Zone).Format("20060102-150405"), ext))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return // the headers a download would get, not the download
	}

	var out exportWriter
	if format == "csv" {
		c, err := newCSVExport(w)
		if err != nil {
			return // the client went away
		}
		out = c
	} else {
		out = newJSONLExport(w)
	}
	rc := http.NewResponseController(w)
	n := 0
	err = s.searcher.Export(r.Context(), req, func(a index.Article) error {
		if err := out.write(a); err != nil {
			return err
		}
		n++
		if n%500 == 0 {
			if err := out.flush(); err != nil {
				return err
			}
			_ = rc.Flush()
		}
		return nil
	})
	if ferr := out.flush(); err == nil {
		err = ferr
	}
	if err != nil {
		// The status is sent; all we can do is stop, so the file is visibly
		// short rather than silently complete, and log why.
		s.log.Warn("web: export cut short", "format", format, "written", n, "query", r.URL.RawQuery, "err", err)
		panic(http.ErrAbortHandler)
	}
	s.log.Info("web: export", "format", format, "articles", n, "query", r.URL.RawQuery)
}
