// Package index stores govnews articles in a bleve index on disk and knows
// how Vietnamese text is analysed for search. It knows nothing of HTTP or
// crawling: the crawler and the importer hand it Articles.
package index

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/govnews/govnews/index/vietnamese"
)

// Zone is where every govnews date lives: Vietnam has one time zone.
var Zone = mustZone("Asia/Ho_Chi_Minh")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// No tzdata on the machine: Vietnam has had UTC+7 without DST since 1975.
		return time.FixedZone("ICT", 7*3600)
	}
	return loc
}

// Article is one news article, the unit govnews stores and finds. Its URL is
// its identity: storing an article with a known URL replaces the old one.
// The JSON form is the import/export schema.
type Article struct {
	URL          string    `json:"url"`
	CanonicalURL string    `json:"canonical_url,omitempty"`
	Title        string    `json:"title"`
	Body         string    `json:"body"` // plain text, paragraphs separated by a blank line
	Lead         string    `json:"lead,omitempty"`
	Published    time.Time `json:"published,omitzero"` // zero when the page shows no date
	Author       string    `json:"author,omitempty"`
	Source       string    `json:"source,omitempty"` // source id from sources.yaml
	SourceName   string    `json:"source_name,omitempty"`
	Province     string    `json:"province,omitempty"`     // as published (may be a pre-2025 province)
	ProvinceNow  string    `json:"province_now,omitempty"` // after the 2025 merger
	Agency       string    `json:"agency,omitempty"`
	FetchedAt    time.Time `json:"fetched_at,omitzero"`
	ContentHash  string    `json:"content_hash,omitempty"`
	Topics       []string  `json:"topics,omitempty"`
	Refs         []string  `json:"refs,omitempty"` // document numbers cited in the text
}

// Normalize puts every text field in NFC, trims it, puts dates in Vietnam's
// zone, and recomputes Refs and ContentHash from the text. Every entry point
// (import, crawl) calls it before storing.
func (a *Article) Normalize() {
	for _, f := range []*string{&a.URL, &a.CanonicalURL, &a.Title, &a.Lead, &a.Author, &a.Source, &a.SourceName, &a.Province, &a.ProvinceNow, &a.Agency} {
		*f = strings.TrimSpace(vietnamese.NFC(*f))
	}
	a.Body = strings.TrimSpace(vietnamese.NFC(a.Body))
	if !a.Published.IsZero() {
		a.Published = a.Published.In(Zone)
	}
	if !a.FetchedAt.IsZero() {
		a.FetchedAt = a.FetchedAt.In(Zone)
	}
	// Derived fields are always recomputed from the text, so an edited
	// article never keeps the references or hash of its old text.
	a.Refs = vietnamese.DocumentRefs(a.Title + "\n" + a.Body)
	a.ContentHash = contentHashNFC(a.Title, a.Body)
}

// ContentHash identifies an article's text, so that the same text under two
// URLs, or an unchanged page fetched again, is recognised.
func ContentHash(title, body string) string {
	return contentHashNFC(vietnamese.NFC(title), vietnamese.NFC(body))
}

func contentHashNFC(title, body string) string {
	h := sha256.New()
	h.Write([]byte(title))
	h.Write([]byte{0})
	h.Write([]byte(body))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// DisplayTitle is the title to show: the article's own, or when it has none
// the first sentence of its body, cut at a word boundary.
func (a *Article) DisplayTitle() string {
	if a.Title != "" {
		return a.Title
	}
	text := a.Lead
	if text == "" {
		text = a.Body
	}
	text = strings.TrimSpace(text)
	if i := strings.IndexAny(text, "\n"); i > 0 {
		text = text[:i]
	}
	if i := sentenceEnd(text); i > 0 {
		text = text[:i]
	}
	const max = 160
	if utf8.RuneCountInString(text) > max {
		rs := []rune(text)[:max]
		cut := len(rs)
		for cut > max/2 && !unicode.IsSpace(rs[cut-1]) {
			cut--
		}
		text = strings.TrimSpace(string(rs[:cut])) + "…"
	}
	return text
}

// sentenceEnd finds the end of the first sentence: a . ! or ? followed by a
// space and a capital letter (so "TP.HCM" and "121.500" do not end it).
func sentenceEnd(s string) int {
	for i, r := range s {
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		rest := s[i+1:]
		if rest == "" {
			return i + 1
		}
		if strings.HasPrefix(rest, " ") {
			next, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, " "))
			if unicode.IsUpper(next) {
				return i + 1
			}
		}
	}
	return -1
}
