package extract

import (
	"bytes"
	"fmt"
	"regexp"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// metaCharset finds a declared charset in the first bytes of a page, to tell
// a declaration apart from the html/charset package's fallback guess.
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*[a-z0-9_-]+`)

// decode returns the page as UTF-8. The order is the browsers': BOM, then
// the HTTP header, then <meta charset>; an undeclared page is UTF-8 when it
// is valid UTF-8, otherwise windows-1258 when it looks Vietnamese, otherwise
// windows-1252.
func decode(page []byte, contentType string) (string, string, error) {
	enc, name, certain := charset.DetermineEncoding(page, contentType)
	if !certain {
		head := page
		if len(head) > 1024 {
			head = head[:1024]
		}
		if !metaCharset.Match(head) {
			enc, name = guessEncoding(page)
		}
	}
	if name == "utf-8" {
		page = bytes.TrimPrefix(page, []byte("\xef\xbb\xbf"))
		if utf8.Valid(page) {
			return string(page), name, nil
		}
		// Declared UTF-8 but is not: keep what is valid, replace the rest.
		return string(bytes.ToValidUTF8(page, []byte("\uFFFD"))), name, nil
	}
	out, err := enc.NewDecoder().Bytes(page)
	if err != nil {
		return "", name, fmt.Errorf("decode %s: %w", name, err)
	}
	return string(out), name, nil
}

// guessEncoding tells UTF-8, windows-1258 and windows-1252 apart. In
// windows-1258 Vietnamese text is full of the five combining tone marks
// (0xCC, 0xEC, 0xD2, 0xDE, 0xF2) and of ă, ơ, ư, đ (0xE3, 0xF5, 0xFD,
// 0xF0), which western text rarely uses.
func guessEncoding(page []byte) (encoding.Encoding, string) {
	if utf8.Valid(page) {
		return encoding.Nop, "utf-8"
	}
	high, viet := 0, 0
	for _, b := range page {
		if b < 0x80 {
			continue
		}
		high++
		switch b {
		case 0xCC, 0xEC, 0xD2, 0xDE, 0xF2, 0xE3, 0xF5, 0xFD, 0xF0, 0xC3, 0xD5, 0xDD, 0xD0:
			viet++
		}
	}
	if viet >= 3 && viet*4 >= high {
		return charmap.Windows1258, "windows-1258"
	}
	return charmap.Windows1252, "windows-1252"
}
