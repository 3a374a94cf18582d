package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

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
number and skipped; every good line is still imported. Exit status 3 when
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
			return fmt.Errorf("import: %w", err)
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
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1024*1024), 64*1024*1024)
	// Two batches are stored at once (index.Writer); a batch is on disk
	// when Close returns.
	w := st.ix.NewWriter(importBatch)
	bad, line := 0, 0
	flush := func() error {
		if err := w.Close(); err != nil {
			return fmt.Errorf("import: %s: %w", name, err)
		}
		return nil
	}
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			// Interrupted: keep what is read so far, then stop.
			if ferr := flush(); ferr != nil {
				return ferr
			}
			return fmt.Errorf("import: %s: interrupted after line %d with %d articles imported; run it again to finish (already stored articles are replaced, not duplicated)", name, line, w.Stored())
		}
		line++
		raw := sc.Bytes()
		if line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")) // a UTF-8 BOM, as Windows editors write it
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
			fmt.Fprintf(a.stderr, "%s:%d: %v\n", name, line, err)
			continue
		}
		if err := w.Add(art); err != nil {
			_ = w.Close()
			return fmt.Errorf("import: %s: before line %d: %w", name, line, err)
		}
		if line%importBatch == 0 {
			log.Debug("import: progress", "line", line, "stored", w.Stored())
		}
	}
	if err := sc.Err(); err != nil {
		_ = flush()
		return fmt.Errorf("import: %s: after line %d: %w", name, line, err)
	}
	if err := flush(); err != nil {
		return err
	}
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

// decodeArticle reads one JSONL line strictly enough to catch mistakes:
// unknown fields are allowed (other tools add theirs), a missing url is not.
func decodeArticle(raw []byte) (index.Article, error) {
	var art index.Article
	if err := json.Unmarshal(raw, &art); err != nil {
		msg := err.Error()
		if strings.Contains(msg, "parsing time") {
			return art, fmt.Errorf("bad date: %v (use RFC 3339, e.g. 2022-11-11T00:00:00+07:00)", err)
		}
		return art, fmt.Errorf("invalid JSON: %v", err)
	}
	if strings.TrimSpace(art.URL) == "" {
		return art, fmt.Errorf("no url")
	}
	return art, nil
}
