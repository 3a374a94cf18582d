package extract

import (
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/govnews/govnews/index/vietnamese"
)

// authorLabel introduces a byline: "Tác giả : Trúc Ly", "Bài và ảnh: MK".
var authorLabel = regexp.MustCompile(`(?i)^\s*(?:(?:tác giả|người viết|(?:tin|bài|ảnh)(?:\s*(?:,|và|-|&)\s*(?:ảnh|tin|bài))?|author)\s*:|(?:viết bởi|đăng bởi|gửi bởi|written by|posted by|by)\s*:?)\s*(.*)$`)

// authorInside finds a labelled byline inside a metadata line.
var authorInside = regexp.MustCompile(`(?i)(?:tác giả|người viết|viết bởi)\s*:?\s*(\p{L}[^|]*)`)

// nameEnd cuts what follows a name in a byline line: "Thu Hà — Đăng 18:30".
var nameEnd = regexp.MustCompile(`\s+(?:[—–|-]|\bvào\b|\blúc\b|\bngày\b).*$`)

// datedBylineRe is a byline that also dates the article: a name, a dash
// or bar, then only a date and a time, "Nguyên Minh - 07/03/2026 08:47",
// "BTV | 08:47 07/03/2026". Nothing else may follow: a sentence that
// mentions a date is never a byline.
var datedBylineRe = regexp.MustCompile(`^(\p{L}[^0-9|]*?)\s+[-–—|]\s+((?:ngày\s+)?\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?:\s*[-,|]?\s*(?:lúc\s+)?\d{1,2}[:h]\d{2}(?::\d{2})?)?|\d{1,2}[:h]\d{2}(?::\d{2})?\s*[-,|]?\s*(?:ngày\s+)?\d{1,2}[/.-]\d{1,2}[/.-]\d{4})$`)

// datedByline reads "Name - date time": the name, and the date in
// Asia/Ho_Chi_Minh.
func datedByline(p string) (string, time.Time, bool) {
	m := datedBylineRe.FindStringSubmatch(strings.TrimSpace(p))
	if m == nil {
		return "", time.Time{}, false
	}
	name := byline(m[1])
	if name == "" {
		return "", time.Time{}, false
	}
	t, ok := ParseDate(m[2])
	if !ok {
		return "", time.Time{}, false
	}
	return name, t, true
}

// byline reads a paragraph that is only a byline: "MK", "BTV", "Trúc Ly",
// "Hồng Quốc", "Minh Khoa - Thu Hà", "Tác giả: Tô Hiện", "(Tô Hiện)",
// "Nguyên Minh - 07/03/2026 08:47". It returns the name, or "".
func byline(p string) string {
	p = strings.TrimSpace(p)
	if name, _, ok := datedByline(p); ok {
		return name
	}
	if m := authorLabel.FindStringSubmatch(p); m != nil {
		name := strings.TrimSpace(nameEnd.ReplaceAllString(m[1], ""))
		if runes(name) <= 60 && !strings.ContainsAny(name, ".!?;:0123456789") && strings.IndexFunc(name, unicode.IsLetter) >= 0 {
			return name
		}
		return ""
	}
	if len(p) > 2 && (p[0] == '(' && p[len(p)-1] == ')' || p[0] == '[' && p[len(p)-1] == ']') {
		p = strings.TrimSpace(p[1 : len(p)-1]) // "(BTV)"
	}
	// "Minh Khoa (Trung tâm Văn hóa - Thông tin)": a name and where from.
	name := p
	if i := strings.Index(p, " ("); i > 0 && strings.HasSuffix(p, ")") {
		name = p[:i]
	}
	if runes(name) == 0 || runes(name) > 40 || runes(p) > 80 || strings.ContainsAny(name, "0123456789.!?;:,\"“”()") {
		return ""
	}
	f := strings.ToLower(vietnamese.Fold(name))
	if boilerLine.MatchString(f) || metaLine.MatchString(f) {
		return ""
	}
	words := strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' || r == '–' || r == '&' || r == '/' })
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

// takeByline removes a byline ending the body and returns it. A last
// paragraph set apart by layout (right-aligned, bold) may be an office
// rather than a person: "Ban Tuyên giáo".
func takeByline(paras []string, apart map[string]bool) ([]string, string) {
	if len(paras) < 2 {
		return paras, ""
	}
	last := paras[len(paras)-1]
	if name := byline(last); name != "" {
		return paras[:len(paras)-1], name
	}
	if apart[last] && officeByline(last) {
		return paras[:len(paras)-1], strings.Trim(last, "()[] ")
	}
	return paras, ""
}

// officeByline: a capitalised short line without sentence punctuation.
func officeByline(p string) bool {
	p = strings.Trim(p, "()[] ")
	r := []rune(p)
	if len(r) == 0 || len(r) > 50 || !unicode.IsUpper(r[0]) || strings.ContainsAny(p, "0123456789.!?;:,\"“”") {
		return false
	}
	f := strings.ToLower(vietnamese.Fold(p))
	return len(strings.Fields(p)) <= 8 && !boilerLine.MatchString(f) && !metaLine.MatchString(f) && !relatedHeading.MatchString(f)
}
