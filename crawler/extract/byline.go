package extract

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/govnews/govnews/index/vietnamese"
)

// authorLabel introduces a byline: "Tác giả : Trúc Ly", "Bài và ảnh: MK".
var authorLabel = regexp.MustCompile(`(?i)^\s*(?:tác giả|người viết|bài(?: và ảnh)?|tin(?: và ảnh)?|by|author)\s*:\s*(.*)$`)

// byline reads a paragraph that is only a byline: "MK", "BTV", "Trúc Ly",
// "Hồng Quốc", "Minh Khoa - Thu Hà", "Tác giả: Tô Hiện", "(Tô Hiện)". It
// returns the name, or "".
func byline(p string) string {
	p = strings.TrimSpace(p)
	if m := authorLabel.FindStringSubmatch(p); m != nil {
		name := strings.TrimSpace(m[1])
		if runes(name) <= 60 && !strings.ContainsAny(name, ".!?;") {
			return name
		}
		return ""
	}
	p = strings.Trim(p, "()[] ")
	if runes(p) == 0 || runes(p) > 40 || strings.ContainsAny(p, "0123456789.!?;:,\"“”") {
		return ""
	}
	f := strings.ToLower(vietnamese.Fold(p))
	if boilerLine.MatchString(f) || metaLine.MatchString(f) {
		return ""
	}
	words := strings.FieldsFunc(p, func(r rune) bool { return r == ' ' || r == '-' || r == '–' || r == '&' || r == '/' })
	if len(words) == 0 || len(words) > 6 {
		return ""
	}
	for _, w := range words {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) {
			return ""
		}
		for _, c := range r {
			if !unicode.IsLetter(c) {
				return ""
			}
		}
	}
	return p
}

// takeByline removes a byline ending the body and returns it.
func takeByline(paras []string) ([]string, string) {
	if len(paras) < 2 {
		return paras, ""
	}
	last := paras[len(paras)-1]
	if name := byline(last); name != "" {
		return paras[:len(paras)-1], name
	}
	// "… lời kết./. Trúc Ly" glued in one block by a <br>-less layout
	return paras, ""
}
