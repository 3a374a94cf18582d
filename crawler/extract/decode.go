package extract

import (
	"bytes"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// metaCharset finds a declared charset in the first bytes of a page, to tell
// a declaration apart from the html/charset package's fallback guess.
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*[a-z0-9_-]+`)

// decoded is a page as text, with the charset it was read in and, when the
// HTTP header's charset was overruled, why.
type decoded struct {
	text    string
	charset string
	warning string
}

// decode returns the page as UTF-8. The order is the browsers': BOM, then
// the HTTP header, then <meta charset>; an undeclared page is UTF-8 when it
// is valid UTF-8, otherwise windows-1258 when it looks Vietnamese, otherwise
// windows-1252.
//
// Browsers believe the header even when the bytes contradict it; portals
// get it wrong often enough (a UTF-8 page with <meta charset=utf-8> served
// as ISO-8859-1 by an old server default, a windows-1258 page served as
// UTF-8 behind a new proxy) that govnews checks it: a header is overruled
// when the bytes do not validate against it and another reading does.
//   - header UTF-8, bytes not UTF-8 (more invalid sequences than a stray
//     byte or two): the <meta> charset when it names another one, else the
//     undeclared guess (windows-1258 or windows-1252);
//   - header a single-byte charset (ISO-8859-1, windows-125x…), bytes valid
//     UTF-8 with non-ASCII text in them, and no <meta> naming another
//     single-byte charset: UTF-8. Any bytes "validate" as a single-byte
//     charset, but Vietnamese text in another charset is practically never
//     valid UTF-8 by chance.
//
// The warning says which; the crawler logs it with the URL.
func decode(page []byte, contentType string) (decoded, error) {
	enc, name, warning := chooseCharset(page, contentType)
	if name == "utf-8" {
		page = bytes.TrimPrefix(page, []byte("\xef\xbb\xbf"))
		if utf8.Valid(page) {
			return decoded{string(page), name, warning}, nil
		}
		// Declared UTF-8 and mostly is: keep what is valid, replace the rest.
		return decoded{string(bytes.ToValidUTF8(page, []byte("\uFFFD"))), name, warning}, nil
	}
	out, err := enc.NewDecoder().Bytes(page)
	if err != nil {
		return decoded{charset: name}, fmt.Errorf("decode %s: %w", name, err)
	}
	return decoded{string(out), name, warning}, nil
}

// chooseCharset picks the page's encoding; see decode.
func chooseCharset(page []byte, contentType string) (encoding.Encoding, string, string) {
	head := page
	if len(head) > 1024 {
		head = head[:1024]
	}
	// BOM first: DetermineEncoding without a header answers certain only
	// for a BOM.
	if enc, name, certain := charset.DetermineEncoding(page, ""); certain {
		return enc, name, ""
	}
	// The <meta> declaration, if there is one (not the package's guess).
	var metaEnc encoding.Encoding
	var metaName string
	if metaCharset.Match(head) {
		metaEnc, metaName, _ = charset.DetermineEncoding(page, "")
	}
	var hdrEnc encoding.Encoding
	var hdrName, hdrLabel string
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		hdrLabel = params["charset"]
		hdrEnc, hdrName = charset.Lookup(hdrLabel)
	}
	if hdrEnc == nil {
		if metaEnc != nil {
			return metaEnc, metaName, ""
		}
		enc, name := guessEncoding(page)
		return enc, name, ""
	}
	switch {
	case hdrName == "utf-8" && !mostlyUTF8(page):
		enc, name := metaEnc, metaName
		how := "its <meta charset>"
		if enc == nil || name == "utf-8" {
			enc, name = guessEncoding(page)
			how = "its bytes"
		}
		return enc, name, fmt.Sprintf("charset: the HTTP header says %s but the page is not valid UTF-8; read as %s (from %s)", hdrLabel, name, how)
	case singleByte(hdrName) && (metaEnc == nil || metaName == "utf-8" || !singleByte(metaName)) && hasMultibyte(page) && mostlyUTF8(page):
		how := "its bytes"
		if metaName == "utf-8" {
			how = "its <meta charset> and its bytes"
		}
		return encoding.Nop, "utf-8", fmt.Sprintf("charset: the HTTP header says %s but the page is UTF-8 (from %s)", hdrLabel, how)
	}
	return hdrEnc, hdrName, ""
}

// singleByte says a WHATWG encoding name is a one-byte-per-character
// charset, which any byte sequence decodes in.
func singleByte(name string) bool {
	return strings.HasPrefix(name, "windows-") || strings.HasPrefix(name, "iso-8859-") ||
		strings.HasPrefix(name, "koi8") || name == "ibm866" || name == "macintosh" || name == "x-mac-cyrillic"
}

// utf8Counts counts the valid multi-byte sequences and the invalid bytes.
func utf8Counts(page []byte) (multi, invalid int) {
	for i := 0; i < len(page); {
		if page[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(page[i:])
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			multi++
		}
		i += n
	}
	return multi, invalid
}

// mostlyUTF8 says the bytes are UTF-8, allowing a stray invalid byte in
// twenty (a page pasted together from two sources): such a page is read
// as UTF-8 with the stray bytes replaced, not re-read in another charset.
func mostlyUTF8(page []byte) bool {
	multi, invalid := utf8Counts(page)
	return invalid == 0 || invalid*20 <= multi
}

func hasMultibyte(page []byte) bool {
	multi, _ := utf8Counts(page)
	return multi > 0
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
