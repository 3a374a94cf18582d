package extract

import (
	"errors"
	"strings"

	"golang.org/x/net/html"
)

// ParseHTML parses a page (text in UTF-8). x/net/html refuses a page with more than 512
// elements open at once ("open stack of elements exceeds 512 nodes");
// text pasted from Word into a portal's editor does that with hundreds of
// unclosed <font> or <span> tags, and browsers render it. Such a page is
// parsed again after flattenInline has dropped the redundant inline tags.
// The crawler parses listing pages with it too, so that such a listing
// still yields its links.
func ParseHTML(text string) (*html.Node, error) {
	root, err := html.Parse(strings.NewReader(text))
	if err == nil || !strings.Contains(err.Error(), "open stack of elements exceeds") {
		return root, err
	}
	root, err2 := html.Parse(strings.NewReader(flattenInline(text)))
	if err2 != nil {
		return nil, errors.Join(err, err2)
	}
	return root, nil
}

// maxInlineOpen is how many inline (and Word namespaced, and div)
// elements flattenInline lets be open at once: far more than any real
// markup needs, far below the parser's 512.
const maxInlineOpen = 48

// flattenable are the tags that carry no structure the extraction reads
// when nested this deep: text formatting, and <div> which Word and old
// editors also pile up.
var flattenable = map[string]bool{
	"font": true, "span": true, "b": true, "i": true, "u": true, "s": true, "strike": true,
	"strong": true, "em": true, "small": true, "big": true, "sub": true, "sup": true,
	"tt": true, "nobr": true, "div": true,
}

// flattenInline drops the start tags of inline elements opened while
// maxInlineOpen of them are already open, and their end tags; everything
// else (text, other tags, comments, scripts) is copied byte for byte. For
// one tag name end tags close the innermost start tags first, which are
// the dropped ones.
func flattenInline(text string) string {
	z := html.NewTokenizer(strings.NewReader(text))
	var b strings.Builder
	b.Grow(len(text))
	open, dropped := map[string]int{}, map[string]int{}
	total := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		if tt == html.StartTagToken || tt == html.EndTagToken {
			name, _ := z.TagName()
			tag := string(name)
			if flattenable[tag] || strings.Contains(tag, ":") { // <o:p>, <st1:place>
				if tt == html.StartTagToken {
					if total >= maxInlineOpen {
						dropped[tag]++
						continue
					}
					open[tag]++
					total++
				} else {
					switch {
					case dropped[tag] > 0:
						dropped[tag]--
						continue
					case open[tag] > 0:
						open[tag]--
						total--
					}
				}
			}
		}
		b.Write(raw)
	}
	return b.String()
}
