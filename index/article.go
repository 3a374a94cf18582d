// Package index stores govnews articles in a bleve index on disk and knows
// how Vietnamese text is analysed for search. It knows nothing of HTTP or
// crawling: the crawler and the importer hand it Articles.
package index

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
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

// standardZone is Vietnam's standard time, UTC+7.
var standardZone = time.FixedZone("ICT", 7*3600)

// InZone is t in Vietnam's zone, as every stored and shown date is. Before
// 1906 the tz database gives Asia/Ho_Chi_Minh a local mean time of +07:06:40,
// which RFC 3339 cannot write (it truncates the offset to +07:06), so such a
// date would move by 40 seconds on every export and import. Where the zone's
// offset is not whole minutes the date is put in standard time, UTC+7,
// instead: the instant is the same and its RFC 3339 form reads back exactly.
func InZone(t time.Time) time.Time {
	local := t.In(Zone)
	if _, off := local.Zone(); off%60 != 0 {
		return t.In(standardZone)
	}
	return local
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
	// Group is the id of the article's near-duplicate group: the id of
	// the group's first stored member (its own id when it has no copy).
	// Put assigns it; a given value is ignored (groups.go).
	Group string `json:"group,omitempty"`
}

// Normalize puts every text field in NFC, trims it, caps the body at
// MaxBodyBytes (CapBody), puts dates in Vietnam's zone, and recomputes Refs
// and ContentHash from the text. Every entry point (import, crawl) calls it
// before storing.
func (a *Article) Normalize() {
	for _, f := range []*string{&a.URL, &a.CanonicalURL, &a.Title, &a.Lead, &a.Author, &a.Source, &a.SourceName, &a.Province, &a.ProvinceNow, &a.Agency} {
		*f = strings.TrimSpace(cleanText(vietnamese.NFC(*f)))
	}
	a.Body = strings.TrimSpace(cleanText(vietnamese.NFC(a.Body)))
	// One size cap for every path. Extraction and import cut and log
	// first; this makes sure nothing bigger reaches the index.
	a.Body, _ = CapBody(a.Body)
	if u, err := url.Parse(a.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		// One article, one URL: HTTPS://T.VN/a and https://t.vn/a#x are
		// the page the crawler stores as https://t.vn/a.
		a.URL = NormalizeURL(u).String()
	}
	if !a.Published.IsZero() {
		a.Published = InZone(a.Published)
	}
	if !a.FetchedAt.IsZero() {
		a.FetchedAt = InZone(a.FetchedAt)
	}
	// Derived fields are always recomputed from the text, so an edited
	// article never keeps the references or hash of its old text.
	a.Refs = vietnamese.DocumentRefs(a.Title + "\n" + a.Body)
	a.ContentHash = contentHashNFC(a.Title, a.Body)
}

// textCleaner makes line ends one "\n" (a CRLF body is one paragraph to
// a reader that splits on blank lines, and another content hash than the
// same text with LF) and drops the bidirectional controls (U+202A–U+202E,
// U+2066–U+2069, the marks U+200E, U+200F, U+061C), which no Vietnamese
// text needs and which make a title
// read backwards on screen ("evil" shown as "live").
var textCleaner = strings.NewReplacer("\r\n", "\n", "\r", "\n",
	"\u202a", "", "\u202b", "", "\u202c", "", "\u202d", "", "\u202e", "",
	"\u2066", "", "\u2067", "", "\u2068", "", "\u2069", "",
	"\u200e", "", "\u200f", "", "\u061c", "")

func cleanText(s string) string {
	if !needsCleaning(s) {
		return s
	}
	return textCleaner.Replace(s)
}

// needsCleaning looks for a CR or a bidi control byte by byte (every
// article body passes here: one pass, no rune decoding).
func needsCleaning(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\r':
			return true
		case 0xE2: // U+2000–U+2FFF: LRM, RLM (E2 80 8E/8F), U+202A–E, U+2066–9
			if i+2 < len(s) && (s[i+1] == 0x80 && (s[i+2] >= 0xAA && s[i+2] <= 0xAE || s[i+2] == 0x8E || s[i+2] == 0x8F) || s[i+1] == 0x81 && s[i+2] >= 0xA6 && s[i+2] <= 0xA9) {
				return true
			}
		case 0xD8: // U+061C, the Arabic letter mark (D8 9C)
			if i+1 < len(s) && s[i+1] == 0x9C {
				return true
			}
		}
	}
	return false
}

// CheckURL parses an article's URL as imported: only an absolute http(s)
// URL is a page govnews can link to ("javascript:alert(1)" or "not a url"
// would reach the feed and the UI as links). It returns the URL normalised
// as the crawler normalises links (NormalizeURL).
func CheckURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", fmt.Errorf("no url")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("url %q: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("url %q: not an absolute http(s) URL", raw)
	}
	if u.Host == "" || u.Hostname() == "" {
		return "", fmt.Errorf("url %q: no host", raw)
	}
	return NormalizeURL(u).String(), nil
}

// trackingParams never change what a page shows; dropping them makes two
// links to one article one URL.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "zarsrc": true, "_ga": true, "sessionid": true,
	"jsessionid": true, "phpsessid": true, "sid": true, "aspxautodetectcookiesupport": true,
}

// NormalizeURL returns u without fragment, default port, session ids and
// tracking parameters, with a lower-case scheme and host. It is the one
// normalisation of article URLs: the crawler's links and imported records
// go through it, so one page is one article whichever way it is written.
func NormalizeURL(u *url.URL) *url.URL {
	n := *u
	n.Fragment, n.RawFragment = "", ""
	n.Scheme = strings.ToLower(n.Scheme)
	n.Host = strings.ToLower(n.Host)
	if (n.Scheme == "http" && strings.HasSuffix(n.Host, ":80")) || (n.Scheme == "https" && strings.HasSuffix(n.Host, ":443")) {
		n.Host = n.Host[:strings.LastIndexByte(n.Host, ':')]
	}
	if i := strings.Index(strings.ToLower(n.Path), ";jsessionid="); i >= 0 {
		n.Path, n.RawPath = n.Path[:i], ""
	}
	if n.Path == "" {
		n.Path = "/"
	}
	nfcURL(&n)
	if n.RawQuery != "" {
		var kept []string
		for _, kv := range strings.Split(n.RawQuery, "&") {
			k := strings.ToLower(kv)
			if i := strings.IndexByte(k, '='); i >= 0 {
				k = k[:i]
			}
			if kv == "" || trackingParams[k] || strings.HasPrefix(k, "utm_") {
				continue
			}
			kept = append(kept, kv)
		}
		n.RawQuery = strings.Join(kept, "&")
	}
	n.ForceQuery = false
	return &n
}

// nfcURL puts u's path and query in NFC: a CMS that serves NFD text links
// /tin-tức in NFD, whose escapes (tu%CC%9B%CC%81c) differ from the NFC
// ones (t%E1%BB%A9c), and the one page would be two articles. Only the
// non-ASCII text changes: every ASCII character and escape (%20, %2F, a
// literal "/") stays as written, and a URL already in NFC is left exactly
// as it is.
func nfcURL(u *url.URL) {
	if !vietnamese.IsNFC(u.Path) {
		esc := nfcEscaped(u.EscapedPath(), true)
		if dec, err := url.PathUnescape(esc); err == nil {
			u.Path, u.RawPath = dec, esc
		}
	}
	if q := u.RawQuery; q != "" {
		// Written escaped, the NFC form is escaped; written raw, raw.
		escaped := strings.Contains(q, "%") && !hasRawNonASCII(q)
		if n := nfcEscaped(q, escaped); n != q {
			u.RawQuery = n
		}
	}
}

// nfcEscaped puts the non-ASCII text of an escaped URL part in NFC: the
// escapes of bytes 0x80 and up are read as the bytes they stand for, the
// text is composed, and its non-ASCII bytes are escaped again (upper-case
// hex) when escape is set. ASCII, escaped or not, is copied as it is.
func nfcEscaped(s string, escape bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, ok := unhex2(s[i+1], s[i+2]); ok && v >= 0x80 {
				b.WriteByte(v)
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	dec := b.String()
	if !utf8.ValidString(dec) || vietnamese.IsNFC(dec) {
		return s
	}
	n := vietnamese.NFC(dec)
	if !escape {
		return n
	}
	b.Reset()
	for i := 0; i < len(n); i++ {
		if c := n[i]; c >= 0x80 {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func hasRawNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}

func unhex2(a, b byte) (byte, bool) {
	h := func(c byte) (byte, bool) {
		switch {
		case '0' <= c && c <= '9':
			return c - '0', true
		case 'a' <= c && c <= 'f':
			return c - 'a' + 10, true
		case 'A' <= c && c <= 'F':
			return c - 'A' + 10, true
		}
		return 0, false
	}
	x, ok1 := h(a)
	y, ok2 := h(b)
	return x<<4 | y, ok1 && ok2
}

// ParseTime reads a date of an imported record. Besides RFC 3339 it takes
// the forms other tools and spreadsheets write: "2024-01-02",
// "2024-01-02 08:30", "2024-01-02T08:30:00", "02/01/2024" (day first, as
// Vietnam writes it), each in Vietnam's zone when it names none. "" is no
// date (the zero time). A date that names an impossible day is an error.
// The published dates an index holds: bleve keeps a date as nanoseconds
// since 1970 in an int64 (1677-09-21 to 2262-04-11), so whole years inside
// that in any zone (EarliestDate is a day early, for +07:00). An article
// dated outside is refused where it comes in (ParseTime, Put): stored, it
// would break every date-sorted page.
var (
	EarliestDate = time.Date(1677, 12, 31, 0, 0, 0, 0, time.UTC)
	LatestDate   = time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC) // the first instant after
)

// CheckDate says whether t (zero: no date) can be stored as a published date.
func CheckDate(t time.Time) error {
	if t.IsZero() || (!t.Before(EarliestDate) && t.Before(LatestDate)) {
		return nil
	}
	return fmt.Errorf("year %d is outside the years govnews can index (1678–2261)", t.Year())
}

// ParseTime reads an imported date: RFC 3339, the usual layouts (a date
// without a zone is in Asia/Ho_Chi_Minh, day before month), or a date as
// a portal shows it. "" is no date; a date without a year is an error,
// never a guessed year.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return InZone(t), CheckDate(t)
	}
	for _, layout := range []string{
		"2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04:05.999999999", "2006-01-02 15:04",
		"2006-01-02", "02/01/2006 15:04:05", "02/01/2006 15:04", "02/01/2006", "2/1/2006",
	} {
		if t, err := time.ParseInLocation(layout, s, Zone); err == nil {
			if _, off := t.Zone(); off%60 != 0 {
				// Before 1906 (see InZone): the wall time as written, in
				// standard time, so it exports as it was imported.
				t, _ = time.ParseInLocation(layout, s, standardZone)
			}
			return t, CheckDate(t)
		}
	}
	// As a portal shows it, label and all: "Ngày đăng : 11/11/2022",
	// "15 Th3, 2019 lúc 7:28", "ngày 23 tháng 9 năm 2022", "28.6.2016"
	// (a scraper's export keeps these; rejecting them lost the article).
	if t, ok, badClock := parseTextDate(s); ok {
		if badClock {
			return time.Time{}, fmt.Errorf("%q has a time of day that cannot be (hours 0–23, minutes 0–59)", s)
		}
		return t, CheckDate(t)
	}
	return time.Time{}, fmt.Errorf("%q is not a date (use RFC 3339, e.g. 2024-01-02T08:30:00+07:00, or 2024-01-02, 2024-01-02 08:30, 02/01/2024, or a portal's own form such as \"Ngày đăng : 11/11/2022\" or \"ngày 23 tháng 9 năm 2022\")", s)
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
