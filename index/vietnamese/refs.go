package vietnamese

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// refPattern matches the numbers of Vietnamese official documents:
// "250/QĐ-SKHCN", "18-NQ/TW", "68-KH/TU", "19-Ctr/TU", "202/2025/QH15",
// "02/2025/NQ-HĐND". A number, an optional year, then a code that starts
// with a capital letter. Dates such as "11/11/2022" do not match.
var refPattern = regexp.MustCompile(`(?:^|[^\p{L}\p{N}/.-])(\d{1,5}(?:/\d{4})?[/-]\p{Lu}[\p{L}\d]*(?:[-/][\p{L}\d]+)*)`)

// lowerRefPattern matches a document number typed in lower case
// ("250/qđ-ubnd", "18-nq/tw", "13/2023/nđ-cp"), as some editors write
// them: accepted only with a document type's code (quyết định, nghị
// quyết, nghị định, kế hoạch, thông báo, chỉ thị, chương trình, công văn,
// báo cáo, thông tư, hướng dẫn, tờ trình, kết luận) and an issuer's after
// it, so that ordinary lower-case words after a number are not taken.
var lowerRefPattern = regexp.MustCompile(`(?:^|[^\p{L}\p{N}/.-])(\d{1,5}(?:/\d{4})?[/-](?:qđ|qd|nq|nđ|nd|kh|tb|ct|ctr|cv|bc|tt|hd|hđ|ttr|kl)[-/]\p{Ll}[\p{Ll}\d]*(?:[-/][\p{Ll}\d]+)*)`)

// DocumentRefs returns the document numbers cited in text, in order of first
// appearance, each once, as written (NFC), but with a hyphen for an en dash
// or another dash of isDash.
func DocumentRefs(text string) []string {
	text = joinSpacedRefs(hyphenate(NFC(text)))
	upper, lower := mayHaveRef(text)
	if !upper && !lower {
		return nil // most articles cite no document: skip the regexps
	}
	type found struct {
		at  int
		ref string
	}
	var all []found
	if upper {
		for _, m := range refPattern.FindAllStringSubmatchIndex(text, -1) {
			ref := strings.TrimRight(text[m[2]:m[3]], "-/")
			if strings.ContainsAny(ref, "/-") && len([]rune(ref)) >= 4 && hasIssuerCode(ref) {
				all = append(all, found{m[2], ref})
			}
		}
	}
	if lower {
		for _, m := range lowerRefPattern.FindAllStringSubmatchIndex(text, -1) {
			all = append(all, found{m[2], strings.TrimRight(text[m[2]:m[3]], "-/")})
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].at < all[j].at })
	}
	var refs []string
	seen := map[string]bool{}
	for _, f := range all {
		if !seen[f.ref] {
			seen[f.ref] = true
			refs = append(refs, f.ref)
		}
	}
	return refs
}

// hasIssuerCode reports whether a ref holds a code of two capitals or more
// (QĐ, NQ, TW, UBND, TTg, HĐND): every document number has its type or its
// issuer written so. A number before a capitalised word is not one: "1-Oliver"
// and "6-Frank" in a football line-up, "1-Chạm", an address's "13/Q1".
func hasIssuerCode(ref string) bool {
	for _, seg := range strings.FieldsFunc(ref, func(r rune) bool { return r == '/' || r == '-' }) {
		capitals := 0
		for _, r := range seg {
			if unicode.IsUpper(r) {
				capitals++
			}
		}
		if capitals >= 2 {
			return true
		}
	}
	return false
}

// mayHaveRef is a cheap filter for the patterns: a digit, then / or -,
// then a capital letter (ASCII, or the lead byte of an accented one such
// as Đ) for refPattern, or one of the lower-case codes' first letters
// (q, n, k, t, c, b, h) for lowerRefPattern.
func mayHaveRef(s string) (upper, lower bool) {
	for i := 0; i+2 < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' && (s[i+1] == '/' || s[i+1] == '-') {
			switch c := s[i+2]; {
			case c >= 'A' && c <= 'Z' || c >= 0xC3:
				upper = true
			case strings.IndexByte("qnktcbh", c) >= 0:
				lower = true
			}
		}
	}
	return upper, lower
}

// IsDocumentRef reports whether s as a whole is a document number.
func IsDocumentRef(s string) bool {
	refs := DocumentRefs(s)
	return len(refs) == 1 && refs[0] == strings.TrimSpace(hyphenate(NFC(s)))
}

// spacedRef is a number written with a space beside its first separator
// ("18 - NQ/TW", "250 /QĐ-UBND"), its code followed by another separator
// and an issuer, so that "Điều 5 - UBND tỉnh" is not taken for one.
var spacedRef = regexp.MustCompile(`\d(?: [/-] ?|[/-] )\p{Lu}[\p{L}\d]*[-/][\p{L}\d]`)

// joinSpacedRefs writes the numbers of spacedRef without their spaces.
func joinSpacedRefs(text string) string {
	if !hasSpacedSeparator(text) {
		return text
	}
	return spacedRef.ReplaceAllStringFunc(text, func(m string) string { return strings.ReplaceAll(m, " ", "") })
}

// hasSpacedSeparator is a cheap filter for spacedRef: a digit, then a
// space and / or -, or / or - and a space.
func hasSpacedSeparator(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			continue
		}
		if s[i+1] == ' ' && (s[i+2] == '/' || s[i+2] == '-') || (s[i+1] == '/' || s[i+1] == '-') && s[i+2] == ' ' {
			return true
		}
	}
	return false
}
