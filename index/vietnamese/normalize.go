package vietnamese

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalization form C. Some CMSs serve NFD text,
// which looks identical on screen but never matches an NFC query.
//
// It also writes Đ for its look-alike Ð (U+00D0, the Icelandic eth) and
// đ for ð, which some portals type ("3043/QÐ-UBND", "Ðảng ủy"): neither
// folds to d, so such words were found by no query; and it drops the
// invisible characters that split words (invisibles).
func NFC(s string) string {
	if strings.Contains(s, "\u00d0") || strings.Contains(s, "\u00f0") {
		s = ethAsD.Replace(s)
	}
	if strings.ContainsAny(s, invisibles) {
		s = dropInvisibles.Replace(s)
	}
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

var ethAsD = strings.NewReplacer("\u00d0", "\u0110", "\u00f0", "\u0111")

// invisibles are characters that show nothing but split a word or a
// document number in two ("ph\u200bát", "321/QĐ\u00ad-UBND"): the zero-width
// space, non-joiner and joiner, the word joiner, the byte-order mark and
// the soft hyphen. NFC drops them.
const invisibles = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

var dropInvisibles = strings.NewReplacer("\u200b", "", "\u200c", "", "\u200d", "", "\u2060", "", "\ufeff", "", "\u00ad", "")

// IsNFC reports whether s is already in NFC.
func IsNFC(s string) bool { return norm.NFC.IsNormalString(s) }

// Tone marks, numbered as in the tables below (0 = level tone).
const (
	toneNone = iota
	toneGrave
	toneAcute
	toneHook
	toneTilde
	toneDot
)

var toneMarks = [...]rune{0, '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'}

// vowelBases are the Vietnamese vowels with their shape marks but no tone.
var vowelBases = []rune("aăâeêioôơuưy")

type vowelInfo struct {
	base rune // vowel without tone, shape mark kept (ơ, â …)
	tone int
}

var (
	vowelOf   = map[rune]vowelInfo{}    // precomposed lowercase vowel → base and tone
	composeOf = map[vowelInfo]rune{}    // and back
	foldOf    = map[rune]rune{'đ': 'd'} // lowercase letter → ASCII letter
)

func init() {
	for _, b := range vowelBases {
		for t := toneNone; t <= toneDot; t++ {
			s := string(b)
			if t != toneNone {
				s = norm.NFC.String(s + string(toneMarks[t]))
			}
			r, _ := utf8.DecodeRuneInString(s)
			vowelOf[r] = vowelInfo{base: b, tone: t}
			composeOf[vowelInfo{base: b, tone: t}] = r
			plain := []rune(norm.NFD.String(s))[0]
			foldOf[r] = plain
		}
	}
}

// foldTable maps the letters of Latin-1 and Latin Extended (Vietnamese
// included, both cases) to a lowercase ASCII letter; 0 where it has none.
var foldTable [0x1F00]byte

func init() {
	for r := rune(0xC0); r < 0x1F00; r++ {
		lr := unicode.ToLower(r)
		var base rune
		if f, ok := foldOf[lr]; ok {
			base = f
		} else if d := []rune(norm.NFD.String(string(lr))); len(d) > 1 && d[0] < utf8.RuneSelf && unicode.Is(unicode.Mn, d[1]) {
			base = d[0]
		}
		if base >= 'a' && base <= 'z' {
			foldTable[r] = byte(base)
		}
	}
}

// FoldRune is Fold for one rune: the ASCII letter it folds to, or the rune
// lowercased when it has no ASCII form. It is a table lookup, for hot loops.
func FoldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	if r < rune(len(foldTable)) && foldTable[r] != 0 {
		return rune(foldTable[r])
	}
	return unicode.ToLower(r)
}

// IsVowel reports whether r is a lowercase Vietnamese vowel, with any marks.
func isVowel(r rune) bool { _, ok := vowelOf[r]; return ok }

// Fold lowercases s and removes every diacritic, đ included (đ has no
// Unicode decomposition, so it is mapped by hand): "Đường" → "duong".
func Fold(s string) string {
	if len(s) <= 32 {
		return foldCache.get(s) // a syllable: indexing folds each one thousands of times
	}
	return foldWord(s)
}

var foldCache = newWordCache(foldWord)

func foldWord(s string) string {
	// Fast path: every rune has a table entry (Vietnamese always does):
	// no map, no cache, one allocation.
	b := make([]byte, 0, len(s))
	for _, r := range s {
		f := FoldRune(r)
		if f >= utf8.RuneSelf && r >= utf8.RuneSelf {
			return fold(s) // a letter outside the table: strip its marks the slow way
		}
		b = utf8.AppendRune(b, f)
	}
	return string(b)
}

func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		if f, ok := foldOf[r]; ok {
			b.WriteRune(f)
			continue
		}
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		// Other accented letters (é in a French name, say): strip marks.
		for _, d := range norm.NFD.String(string(r)) {
			if !unicode.Is(unicode.Mn, d) {
				b.WriteRune(d)
			}
		}
	}
	return b.String()
}

// HasDiacritics reports whether s carries any Vietnamese diacritic (đ counts),
// that is whether the user typed accents that should rank exact matches first.
func HasDiacritics(s string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf {
			continue
		}
		lr := unicode.ToLower(r)
		if lr == 'đ' {
			return true
		}
		if f, ok := foldOf[lr]; ok && f != lr {
			return true
		}
		if unicode.Is(unicode.Mn, r) {
			return true
		}
	}
	return false
}

// Canon lowercases a word and puts its tone mark where govnews' canonical
// spelling puts it, so that the two placements found in one corpus
// (hoà/hòa, thuỷ/thủy, uỷ/ủy, khoẻ/khỏe, toà/tòa) and the i/y variants
// (quí/quý, kì/kỳ, lí/lý) become one term. The input may be NFD.
func Canon(word string) string {
	if len(word) <= 32 {
		return canonCache.get(word)
	}
	return canon(word)
}

func canon(word string) string {
	word = strings.ToLower(NFC(word))
	if !isVietnameseWord(word) {
		return word
	}
	return canonSyllable(word)
}

// CanonText applies Canon to every word of s, keeping everything else.
func CanonText(s string) string {
	s = NFC(s)
	var b strings.Builder
	b.Grow(len(s))
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			b.WriteString(Canon(s[start:i]))
			start = -1
		}
		b.WriteRune(r)
	}
	if start >= 0 {
		b.WriteString(Canon(s[start:]))
	}
	// Lowercasing can make a letter and a following combining mark
	// composable ("J" + U+030C has no precomposed capital, "ǰ" exists), so
	// the result is put in NFC again (the fuzzer's find).
	return NFC(b.String())
}

func isVietnameseWord(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			if _, ok := vowelOf[r]; !ok && r != 'đ' {
				return false
			}
		}
	}
	return w != ""
}

// canonSyllable rewrites one lowercase NFC syllable. Words of several
// syllables written without spaces are left as they are when they do not
// parse as one syllable (initial consonant, vowel cluster, final consonant).
func canonSyllable(w string) string {
	rs := []rune(w)
	// Initial consonant: the letters before the first vowel, with "qu" and
	// "gi" counted as consonants when a vowel follows them.
	i := 0
	for i < len(rs) && !isVowel(rs[i]) {
		i++
	}
	if i < len(rs)-1 {
		lower := strings.ToLower(string(rs[:i]))
		if (lower == "q" && vowelOf[rs[i]].base == 'u') || (lower == "g" && vowelOf[rs[i]].base == 'i' && isVowel(rs[i+1])) {
			i++
		}
	}
	initial := string(rs[:i])
	j := i
	for j < len(rs) && isVowel(rs[j]) {
		j++
	}
	if j == i {
		return w // no vowel: an abbreviation such as "ubnd"
	}
	for k := j; k < len(rs); k++ {
		if isVowel(rs[k]) {
			return w // vowel after the final consonant: not one syllable
		}
	}
	cluster := make([]vowelInfo, j-i)
	tone := toneNone
	for k := range cluster {
		v := vowelOf[rs[i+k]]
		if v.tone != toneNone {
			if tone != toneNone {
				return w // two tone marks: not a Vietnamese syllable
			}
			tone = v.tone
		}
		cluster[k] = vowelInfo{base: v.base}
	}
	final := string(rs[j:])

	// i and y after h, k, l, m, t and qu in an open syllable: one spelling (y).
	if len(cluster) == 1 && final == "" && cluster[0].base == 'i' {
		switch initial {
		case "h", "k", "l", "m", "t", "qu":
			cluster[0].base = 'y'
		}
	}
	if tone != toneNone {
		cluster[tonePosition(cluster, final)].tone = tone
	}
	var b strings.Builder
	b.WriteString(initial)
	for _, v := range cluster {
		b.WriteRune(composeOf[v])
	}
	b.WriteString(final)
	return b.String()
}

// tonePosition says which vowel of the cluster carries the tone mark.
// Canonical placement: a vowel with a shape mark (ê, ơ, â …) takes it;
// otherwise the last vowel when a final consonant follows; otherwise, in
// open syllables, the first vowel of two (hòa, khỏe, thủy, mái) and the
// middle of three (ngoài).
func tonePosition(cluster []vowelInfo, final string) int {
	shaped := -1
	for k, v := range cluster {
		switch v.base {
		case 'ă', 'â', 'ê', 'ô', 'ơ', 'ư':
			shaped = k
		}
	}
	switch {
	case shaped >= 0:
		return shaped
	case len(cluster) == 1:
		return 0
	case final != "":
		return len(cluster) - 1
	case len(cluster) == 3:
		return 1
	default:
		return 0
	}
}

// YSpelling is Canon with one more i/y pair merged: sĩ and sỹ (bác sĩ,
// bác sỹ, chiến sỹ) are both written sỹ. Canon keeps them apart because
// indexes built before this pair was noticed hold "sĩ" and "sỹ" as
// different exact terms; a query looks for both (index.ExactSpellings),
// and matching in memory compares this key.
func YSpelling(word string) string {
	c := Canon(word)
	rs := []rune(c)
	if len(rs) == 2 && rs[0] == 's' {
		if v, ok := vowelOf[rs[1]]; ok && v.base == 'i' {
			return "s" + string(composeOf[vowelInfo{base: 'y', tone: v.tone}])
		}
	}
	return c
}

// ISpelling returns the spelling with i of a word that YSpelling writes
// with y (kì for kỳ or kì, quí for quý, li for ly, sĩ for sỹ), lowercase,
// or "" when the
// word has no such pair. The two spellings fold apart ("ki", "ky"):
// whatever matches on folded forms (a query typed without diacritics, a
// pair of words) looks for both.
func ISpelling(word string) string {
	c := YSpelling(word)
	rs := []rune(c)
	if len(rs) < 2 {
		return ""
	}
	last, ok := vowelOf[rs[len(rs)-1]]
	if !ok || last.base != 'y' {
		return ""
	}
	switch string(rs[:len(rs)-1]) {
	case "h", "k", "l", "m", "t", "qu", "s":
	default:
		return ""
	}
	i := composeOf[vowelInfo{base: 'i', tone: last.tone}]
	return string(rs[:len(rs)-1]) + string(i)
}
