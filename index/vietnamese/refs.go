package vietnamese

import (
	"regexp"
	"strings"
	"unicode"
)

// refPattern matches the numbers of Vietnamese official documents:
// "250/QĐ-SKHCN", "18-NQ/TW", "68-KH/TU", "19-Ctr/TU", "202/2025/QH15",
// "02/2025/NQ-HĐND". A number, an optional year, then a code that starts
// with a capital letter. Dates such as "11/11/2022" do not match.
var refPattern = regexp.MustCompile(`(?:^|[^\p{L}\p{N}/.-])(\d{1,5}(?:/\d{4})?[/-]\p{Lu}[\p{L}\d]*(?:[-/][\p{L}\d]+)*)`)

// DocumentRefs returns the document numbers cited in text, in order of first
// appearance, each once, as written (NFC), but with a hyphen for an en dash
// or another dash of isDash.
func DocumentRefs(text string) []string {
	text = hyphenate(NFC(text))
	if !mayHaveRef(text) {
		return nil // most articles cite no document: skip the regexp
	}
	var refs []string
	seen := map[string]bool{}
	for _, m := range refPattern.FindAllStringSubmatch(text, -1) {
		ref := strings.TrimRight(m[1], "-/")
		if !strings.ContainsAny(ref, "/-") || len([]rune(ref)) < 4 || !hasIssuerCode(ref) {
			continue
		}
		if !seen[ref] {
			seen[ref] = true
			refs = append(refs, ref)
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

// mayHaveRef is a cheap filter for refPattern: a digit, then / or -, then
// a capital letter (ASCII, or the lead byte of an accented one such as Đ).
func mayHaveRef(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' && (s[i+1] == '/' || s[i+1] == '-') {
			if c := s[i+2]; c >= 'A' && c <= 'Z' || c >= 0xC3 {
				return true
			}
		}
	}
	return false
}

// IsDocumentRef reports whether s as a whole is a document number.
func IsDocumentRef(s string) bool {
	refs := DocumentRefs(s)
	return len(refs) == 1 && refs[0] == strings.TrimSpace(hyphenate(NFC(s)))
}
