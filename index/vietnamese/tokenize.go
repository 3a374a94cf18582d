package vietnamese

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text, with its byte offsets in that text.
type Token struct {
	Text       string // as written (NFC input assumed), not lowercased; a compound's dashes as "-"
	Start, End int    // byte offsets
	Position   int    // 1-based word position; a compound shares its first part's
	Compound   bool   // a whole "KH&CN", "TP.HCM" or "250/QĐ-SKHCN"
	// Break: a sentence or a paragraph ends between the word before and
	// this one, so the two are not a pair or part of one phrase
	// (breakBetween).
	Break bool
}

// breakBetween reports whether gap, the text between the word prev and
// the next, ends a sentence or a paragraph: a line break, or . ! ? ; or …
// (as written between sentences: "bầu ra bí thư. Đồng thời là…" holds no
// phrase "bí thư đồng thời"). A period after a short capitalised word is
// an abbreviation's ("TP. Hồ Chí Minh", "TS. Nguyễn"), not a sentence's end.
func breakBetween(prev, gap string) bool {
	for _, r := range gap {
		switch r {
		case '\n', '\r', '\u2028', '\u2029', '!', '?', ';', '…':
			return true
		case '.':
			if !abbreviated(prev) {
				return true
			}
		}
	}
	return false
}

// abbreviated reports a word that a period after it abbreviates: at most
// three letters, the first a capital (TP, Tp, TS, ThS, PGS).
func abbreviated(w string) bool {
	first, _ := utf8.DecodeRuneInString(w)
	return w != "" && utf8.RuneCountInString(w) <= 3 && unicode.IsUpper(first)
}

// isJoiner reports the characters that join letters and digits into one
// token when they stand between two of them: KH&CN, TP.HCM, 18-NQ/TW,
// 121.500.019, e-mail.
func isJoiner(r rune) bool {
	switch r {
	case '&', '/', '-', '.', '_', '\'':
		return true
	}
	return isDash(r)
}

// isDash reports the dashes that editors and word processors put where a
// hyphen was typed (250/QĐ–SKHCN with an en dash): U+2010–U+2013 and the
// minus sign. Inside a compound they read as "-", so the number is found as
// typed with either. The em dash, which separates phrases, is not one.
func isDash(r rune) bool {
	return r >= '\u2010' && r <= '\u2013' || r == '\u2212'
}

// hyphenate writes every dash of isDash as "-".
func hyphenate(s string) string {
	for _, r := range s {
		if isDash(r) {
			return strings.Map(func(r rune) rune {
				if isDash(r) {
					return '-'
				}
				return r
			}, s)
		}
	}
	return s
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Tokenize splits text into words. Syllables are words (Vietnamese writes a
// space between the syllables of one word; phrases are found by position).
// A run of words joined by & / - . _ is returned both whole (Compound) and
// as its parts, so "KH&CN" is found as "KH&CN", as "KH CN" and as "KH".
// When compounds is false only the parts are returned.
func Tokenize(text string, compounds bool) []Token {
	var toks []Token
	pos := 0
	i := 0
	prevEnd, prevWord := 0, ""
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		// A run of words and joiners: split it into parts.
		runStart := i
		firstPart := len(toks)
		partStart := i
		broken := prevWord != "" && breakBetween(prevWord, text[prevEnd:runStart])
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if isWordRune(r) {
				i += size
				continue
			}
			if isJoiner(r) && i+size < len(text) {
				next, _ := utf8.DecodeRuneInString(text[i+size:])
				if isWordRune(next) {
					pos++
					toks = append(toks, Token{Text: text[partStart:i], Start: partStart, End: i, Position: pos})
					i += size
					partStart = i
					continue
				}
			}
			break
		}
		pos++
		toks = append(toks, Token{Text: text[partStart:i], Start: partStart, End: i, Position: pos})
		toks[firstPart].Break = broken
		prevEnd, prevWord = i, text[partStart:i]
		if compounds && len(toks)-firstPart > 1 {
			whole := Token{Text: hyphenate(text[runStart:i]), Start: runStart, End: i, Position: toks[firstPart].Position, Compound: true, Break: broken}
			toks = append(toks, Token{})
			copy(toks[firstPart+1:], toks[firstPart:])
			toks[firstPart] = whole
		}
	}
	return toks
}
