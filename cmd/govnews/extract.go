package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/govnews/govnews/crawler/extract"
	"github.com/govnews/govnews/index"
)

// maxPage bounds what extract reads: no portal article is this large.
const maxPage = 32 << 20

func newExtractCmd(a *app) *cobra.Command {
	var pageURL, contentType string
	var text bool
	var sel extract.Selectors
	cmd := &cobra.Command{
		Use:   "extract [--url URL] [--text] [FILE|-]",
		Short: "Extract the article from one saved page and print it as JSON",
		Long: `Extract the article from one saved web page (a file, or - or nothing for
standard input) and print one JSON object: url, title, published (RFC 3339,
absent when the page shows no date), author, lead, body, kind (article,
listing, other), refs, images, and the CMS profile that matched.

--url gives the page's address (relative image links are resolved against
it); --content-type passes the HTTP header when the charset came from
there. --title, --body, --date and --remove try per-source CSS selectors
before adding them to the sources config. --text prints the result for
reading instead of JSON.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := "-"
			if len(args) == 1 {
				name = args[0]
			}
			return runExtract(a, name, pageURL, contentType, text, sel)
		},
	}
	f := cmd.Flags()
	f.StringVar(&pageURL, "url", "", "the page's URL")
	f.StringVar(&contentType, "content-type", "", `the HTTP Content-Type header, e.g. "text/html; charset=windows-1258"`)
	f.BoolVar(&text, "text", false, "print readable text instead of JSON")
	f.StringVar(&sel.Title, "title", "", "CSS selector for the headline")
	f.StringVar(&sel.Body, "body", "", "CSS selector for the article body")
	f.StringVar(&sel.Date, "date", "", "CSS selector for the publication date")
	f.StringSliceVar(&sel.Remove, "remove", nil, "CSS selectors of elements to drop (repeatable)")
	return cmd
}

func runExtract(a *app, name, pageURL, contentType string, text bool, sel extract.Selectors) error {
	if pageURL != "" {
		// As import checks an article's url: links would resolve against
		// nonsense.
		if _, err := index.CheckURL(pageURL); err != nil {
			return usageError("extract: --url: %v", err)
		}
	}
	var in io.Reader = a.stdin
	label := "standard input"
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("extract: %w", err)
		}
		defer f.Close()
		in, label = f, name
	}
	page, err := io.ReadAll(io.LimitReader(in, maxPage+1))
	if err != nil {
		return fmt.Errorf("extract: read %s: %w", label, err)
	}
	if len(page) > maxPage {
		return fmt.Errorf("extract: %s: larger than %d MB, not a web page", label, maxPage>>20)
	}
	res, err := extract.Extract(pageURL, page, contentType, extract.Options{Selectors: sel})
	if err != nil {
		return fmt.Errorf("%w (input: %s)", err, label)
	}
	if text {
		writeText(a.stdout, res)
		return nil
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

// writeText prints a result for a person: headline, metadata, body.
func writeText(w io.Writer, r *extract.Result) {
	fmt.Fprintln(w, r.Title)
	fmt.Fprintln(w, strings.Repeat("=", min(80, max(3, len([]rune(r.Title))))))
	if r.Published.IsZero() {
		fmt.Fprintln(w, "Published: (the page shows no date)")
	} else {
		fmt.Fprintln(w, "Published:", r.Published.Format(time.DateTime+" -07:00"))
	}
	if r.Author != "" {
		fmt.Fprintln(w, "Author:   ", r.Author)
	}
	fmt.Fprintf(w, "Kind:      %s (profile %s)\n", r.Kind, r.Profile)
	if r.URL != "" {
		fmt.Fprintln(w, "URL:      ", r.URL)
	}
	if len(r.Refs) > 0 {
		fmt.Fprintln(w, "Refs:     ", strings.Join(r.Refs, ", "))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, r.Body)
	if len(r.Images) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Images:")
		for _, im := range r.Images {
			if im.Caption != "" {
				fmt.Fprintf(w, "- %s (%s)\n", im.Src, im.Caption)
			} else {
				fmt.Fprintf(w, "- %s\n", im.Src)
			}
		}
	}
}
