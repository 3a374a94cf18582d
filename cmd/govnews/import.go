package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/govnews/govnews/index"
)

const importBatch = 1000

func newImportCmd(a *app) *cobra.Command {
	var df dataFlags
	var mem memoryLimitFlag
	cmd := &cobra.Command{
		Use:   "import [--data DIR] FILE.jsonl|-",
		Short: "Import articles from JSON Lines (one article per line)",
		Long: `Import articles from a JSON Lines file (or - for standard input), one JSON
object per line with the article fields (at least url; usually title, body,
published, author, source, province). An article whose url is already
stored is replaced, never duplicated.

Bad lines (invalid JSON, no url, a bad date) are reported with their line
number and skipped; every good line is still imported. A body over 1 MiB of
UTF-8 text is cut at the last paragraph break (else sentence end, else
space) within it and stored, with a warning naming FILE:LINE and the url. Exit status 3 when
any line was bad. Writes are batched; a batch is on disk when it is
reported, so an interrupted import loses nothing it reported and can simply
be run again.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			restore, err := mem.apply()
			if err != nil {
				return err
			}
			defer restore()
			return runImport(cmd.Context(), a, df, args[0])
		},
	}
	df.register(cmd.Flags())
	mem.register(cmd.Flags())
	return cmd
}

func runImport(ctx context.Context, a *app, df dataFlags, name string) error {
	var in io.Reader = a.stdin
	var size int64 = -1
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fileError(err, "import")
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		in = f
	}
	st, err := openStore(df)
	if err != nil {
		return err
	}
	defer st.Close()
	log := a.logger()

	var bar *progressbar.ProgressBar
	if a.stderrIsTerminal() && size > 0 {
		bar = progressbar.DefaultBytes(size, "importing")
	}
	lr := newLineReader(in, maxImportLine)
	// Two batches are stored at once (index.Writer); a batch is on disk
	// when Close returns.
	w := st.ix.NewWriter(importBatch)
	provinces := st.ix.Provinces()
	unknownProvince := map[string]bool{}
	bad, line := 0, 0
	var progressLines, progressBad atomic.Int64
	stopProgress := a.logProgress("import: progress", func() []any {
		return []any{"file", name, "lines", progressLines.Load(), "stored", w.Stored(), "bad_lines", progressBad.Load()}
	})
	defer stopProgress()
	flush := func() error {
		if err := w.Close(); err != nil {
			return fmt.Errorf("import: %s: %w", name, err)
		}
		return nil
	}
	for {
		raw, tooLong, rerr := lr.next()
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			_ = flush()
			return fmt.Errorf("import: %s: after line %d: %w", name, line, rerr)
		}
		if err := ctx.Err(); err != nil {
			// Interrupted: keep what is read so far, then stop.
			if ferr := flush(); ferr != nil {
				return ferr
			}
			return fmt.Errorf("import: %s: interrupted after line %d with %d articles imported; run it again to finish (already stored articles are replaced, not duplicated)", name, line, w.Stored())
		}
		line++
		progressLines.Store(int64(line))
		if tooLong {
			// One runaway line (a base64 image in a body, a file that is
			// not JSON Lines) must not cost the lines after it.
			bad++
			progressBad.Add(1)
			fmt.Fprintf(a.stderr, "%s:%d: line too long (over %d MiB); skipped\n", name, line, maxImportLine>>20)
			if bar != nil {
				_ = bar.Add(lr.lastLen)
			}
			continue
		}
		if line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")) // a UTF-8 BOM, as Windows editors write it
			// UTF-16 (Notepad's "Unicode"): every line would be "not
			// valid UTF-8"; one message says what to do instead.
			// Without a BOM, ASCII in UTF-16 is every other byte zero.
			if bytes.HasPrefix(raw, []byte("\xff\xfe")) || bytes.HasPrefix(raw, []byte("\xfe\xff")) || len(raw) >= 4 && bytes.Count(raw, []byte{0}) >= len(raw)/3 {
				return usageError("import: %s is UTF-16; save it as UTF-8 (JSON Lines are UTF-8) and import it again", name)
			}
		}
		if bar != nil {
			_ = bar.Add(len(raw) + 1)
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		art, err := decodeArticle(raw)
		if err != nil {
			bad++
			progressBad.Add(1)
			fmt.Fprintf(a.stderr, "%s:%d: %v\n", name, line, err)
			continue
		}
		if p := art.Province; p != "" && provinces != nil && !provinces.Known(p) && !unknownProvince[p] {
			// Stored as given (a filter on it still works), but it
			// joins no current province: say so once per name.
			unknownProvince[p] = true
			log.Warn("import: province not in provinces.yaml; stored as given, as its own current province (no merger maps it)", "at", fmt.Sprintf("%s:%d", name, line), "province", p)
		}
		if body, cut := index.CapBody(art.Body); cut {
			// Stored, cut (index.MaxBodyBytes): one runaway body must not
			// cost gigabytes of RAM at import and seconds per search.
			log.Warn("import: article body cut to the size cap", "at", fmt.Sprintf("%s:%d", name, line), "url", art.URL, "bytes", len(art.Body), "max_bytes", index.MaxBodyBytes)
			art.Body = body
		}
		if err := w.Add(art); err != nil {
			_ = w.Close()
			return fmt.Errorf("import: %s: before line %d: %w", name, line, err)
		}
		if line%importBatch == 0 {
			log.Debug("import: progress", "line", line, "stored", w.Stored())
		}
	}
	if err := flush(); err != nil {
		return err
	}
	stopProgress()
	if bar != nil {
		_ = bar.Finish()
	}
	total, _ := st.ix.Count()
	fmt.Fprintf(a.stderr, "import: %d lines, %d articles imported, %d bad lines; the index now holds %d articles\n", line, w.Stored(), bad, total)
	if bad > 0 {
		return partial("import: %d of %d lines were bad (see above)", bad, line)
	}
	return nil
}

// maxImportLine is the longest line import reads (a variable so that tests
// can lower it). Longer lines are reported and skipped.
var maxImportLine = 64 * 1024 * 1024

// lineReader reads lines of any length without holding more than max bytes
// of one: a longer line is read to its end, dropped and flagged, so the
// lines after it are still read (bufio.Scanner stops for good instead).
type lineReader struct {
	r       *bufio.Reader
	max     int
	buf     []byte
	lastLen int // bytes of the last line, with its newline
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 1024*1024), max: max}
}

// next returns the next line without its line ending; tooLong when it was
// over the limit (and is not returned). io.EOF after the last line.
func (l *lineReader) next() (line []byte, tooLong bool, err error) {
	l.buf = l.buf[:0]
	l.lastLen = 0
	for {
		chunk, err := l.r.ReadSlice('\n')
		l.lastLen += len(chunk)
		if !tooLong {
			if len(l.buf)+len(chunk) > l.max+2 { // +2: the line ending
				tooLong, l.buf = true, l.buf[:0]
			} else {
				l.buf = append(l.buf, chunk...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			if l.lastLen == 0 {
				return nil, false, io.EOF
			}
		case err != nil:
			return nil, false, err
		}
		if tooLong {
			return nil, true, nil
		}
		line = bytes.TrimSuffix(l.buf, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) > l.max {
			return nil, true, nil
		}
		return line, false, nil
	}
}

// importRecord is an imported line: the article, with its dates read by
// index.ParseTime rather than encoding/json, which takes RFC 3339 only.
type importRecord struct {
	index.Article
	Published json.RawMessage `json:"published"`
	FetchedAt json.RawMessage `json:"fetched_at"`
}

// decodeArticle reads one JSONL line strictly enough to catch mistakes:
// unknown fields are allowed (other tools add theirs); a missing url, a URL
// that is not an absolute http(s) one, and a date that is no date are not.
func decodeArticle(raw []byte) (index.Article, error) {
	var rec importRecord
	if !utf8.Valid(raw) {
		// encoding/json would store U+FFFD in its place, changing the
		// article's URL (its identity) or text without a word.
		n := 0
		for n < len(raw) {
			r, size := utf8.DecodeRune(raw[n:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			n += size
		}
		return rec.Article, fmt.Errorf("not valid UTF-8 (byte %d)", n+1)
	}
	if err := json.Unmarshal(raw, &rec); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			// "title: a number where text is expected", not Go's
			// "cannot unmarshal number into Go struct field importRecord.Article.title of type string".
			field := te.Field[strings.LastIndexByte(te.Field, '.')+1:]
			return rec.Article, fmt.Errorf("invalid JSON: %s: %s where %s is expected", field, jsonValueName(te.Value), jsonTypeName(te.Type))
		}
		return rec.Article, fmt.Errorf("invalid JSON: %v", err)
	}
	art := rec.Article
	var err error
	if art.URL, err = index.CheckURL(art.URL); err != nil {
		return art, err
	}
	if art.Published, err = importTime(rec.Published); err != nil {
		return art, fmt.Errorf("bad date: published: %v", err)
	}
	if art.FetchedAt, err = importTime(rec.FetchedAt); err != nil {
		return art, fmt.Errorf("bad date: fetched_at: %v", err)
	}
	return art, nil
}

// jsonValueName names a JSON value as encoding/json reports it ("number",
// "array", "object", "bool", "string").
func jsonValueName(v string) string {
	switch v {
	case "array", "object":
		return "an " + v
	case "bool":
		return "true or false"
	case "":
		return "a value"
	}
	return "a " + v
}

// jsonTypeName says what an import field holds, in the file's terms.
func jsonTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Slice:
		return "a list of " + strings.TrimPrefix(jsonTypeName(t.Elem()), "a ")
	case reflect.Int, reflect.Int64, reflect.Uint64, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	}
	return "a " + t.String()
}

// importTime reads a date field: absent, null or "" is no date.
func importTime(raw json.RawMessage) (time.Time, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return time.Time{}, fmt.Errorf("%s is not a string", raw)
	}
	return index.ParseTime(s)
}
