// Package extract turns one fetched page into one article: its headline,
// the date the page shows, the byline and the paragraphs of news, without
// the menus, counters, share tools, related-news lists and footers that
// Vietnamese government portals wrap around them.
//
// Pages are decoded from whatever charset they declare (windows-1258
// included) and every string returned is NFC. A date the page does not
// show is left zero: extract never guesses.
package extract

import (
	"fmt"
	"time"

	"github.com/andybalholm/cascadia"

	"github.com/govnews/govnews/index"
)

// Kinds of page.
const (
	KindArticle = "article" // one news item: index it
	KindListing = "listing" // a category or search page: follow its links, do not index it
	KindOther   = "other"   // anything else (empty page, form, error page)
)

// Selectors are per-source overrides, CSS selectors from the sources config.
// An empty selector leaves the automatic choice in place.
type Selectors struct {
	Title  string   `yaml:"title" json:"title,omitempty"`
	Body   string   `yaml:"body" json:"body,omitempty"`
	Date   string   `yaml:"date" json:"date,omitempty"`
	Remove []string `yaml:"remove" json:"remove,omitempty"`
}

// Validate checks that every selector is valid CSS, naming the bad one.
// The sources config calls it on load; Extract calls it too.
func (s Selectors) Validate() error {
	check := func(field, sel string) error {
		if sel == "" {
			return nil
		}
		if _, err := cascadia.ParseGroup(sel); err != nil {
			return fmt.Errorf("extract: selectors: %s %q: %v", field, sel, err)
		}
		return nil
	}
	for _, f := range []struct{ field, sel string }{{"title", s.Title}, {"body", s.Body}, {"date", s.Date}} {
		if err := check(f.field, f.sel); err != nil {
			return err
		}
	}
	for i, r := range s.Remove {
		if err := check(fmt.Sprintf("remove[%d]", i), r); err != nil {
			return err
		}
	}
	return nil
}

// Options tune one extraction.
type Options struct {
	Selectors Selectors
}

// Image is a picture of the article with its caption, if any.
type Image struct {
	Src     string `json:"src"`
	Caption string `json:"caption,omitempty"`
}

// Result is what extract found in a page.
type Result struct {
	URL          string    `json:"url"`
	CanonicalURL string    `json:"canonical_url,omitempty"`
	Title        string    `json:"title"`
	Published    time.Time `json:"published,omitzero"` // in index.Zone; zero when the page shows no date
	Author       string    `json:"author,omitempty"`
	Lead         string    `json:"lead,omitempty"`
	Body         string    `json:"body"` // paragraphs separated by a blank line
	Kind         string    `json:"kind"`
	Refs         []string  `json:"refs,omitempty"`
	Images       []Image   `json:"images,omitempty"`
	Profile      string    `json:"profile,omitempty"` // which CMS profile matched
	// CharsetWarning says that the HTTP header's charset was overruled
	// because the bytes did not validate against it, and what was used;
	// empty otherwise. The crawler logs it with the URL.
	CharsetWarning string `json:"charset_warning,omitempty"`
	// Truncated says the body was cut to index.MaxBodyBytes (index.CapBody).
	Truncated bool `json:"truncated,omitempty"`
}

// Article maps the result to the record the index stores.
func (r *Result) Article() index.Article {
	return index.Article{
		URL:          r.URL,
		CanonicalURL: r.CanonicalURL,
		Title:        r.Title,
		Body:         r.Body,
		Lead:         r.Lead,
		Published:    r.Published,
		Author:       r.Author,
		Refs:         append([]string(nil), r.Refs...),
	}
}
