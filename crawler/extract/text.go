package extract

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/govnews/govnews/index/vietnamese"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// boilerLine matches short lines that are page tools, counters or comment
// prompts rather than text: "A+ A- In", "Lượt xem: 120", "Gửi bình luận".
// Matched on folded lower-case text.
var boilerLine = regexp.MustCompile(`^(?:a\s*\+|a\s*-|in|ban in|in bai( viet)?|in trang|gui email|gui bai|email|chia se|share|tweet|like|luot xem|so luot xem|luot truy cap|da xem|views?|danh gia|binh luan|gui binh luan|y kien ban doc|y kien cua ban|nhap lai|reset captcha|reset|quay lai|tro ve|tro lai|ve dau trang|len dau trang|back|top|xem them|xem tiep|doc them|facebook|twitter|zalo|google|cac tin (khac|da dua|cung chuyen muc|lien quan)|tin (khac|lien quan|cung chuyen muc)|bai viet (khac|lien quan)|tin tuc khac|cac tin tuc khac|related|read more|advertisement|quang cao|tag|tags|tu khoa|chi tiet bai viet|xuat ban thong tin|font size|co chu|[a-]\s?[a-]\s?[a+]?|(a\s*[+-]\s*)+(in)?|submit thread to .*)(?:\s*[:(]?\s*\d*\s*\)?)?$`)

// relatedHeading starts the related-news list that follows many articles:
// everything from it on is not the article.
var relatedHeading = regexp.MustCompile(`^(?:cac |nhung )?(?:tin|bai|tin tuc|bai viet)(?: viet)? (?:khac|lien quan|cung chuyen muc|da dua|moi hon|cu hon|moi nhat|cung loai|noi bat)\b|^(?:related (?:articles|stories|posts|news)|more (?:stories|news)|xem them|doc them|y kien ban doc|gui y kien|binh luan)\s*:?$`)

// seeAlso is an in-text pointer to another article: "Xem thêm: …".
var seeAlso = regexp.MustCompile(`^(?:xem them|doc them|tin lien quan|bai lien quan|tin cung chu de|read more|see also|related)\s*[:>»]`)

// metaLine is a date, author or view-count line shown in the article
// header or footer: metadata, not body text.
var metaLine = regexp.MustCompile(`^(?:ngay dang|dang ngay|ngay cap nhat|cap nhat|ngay xuat ban|xuat ban|ngay|da dang vao|dang luc|thoi gian dang|posted|published|updated|tac gia|nguon|luot xem|thu (?:hai|ba|tu|nam|sau|bay)|chu nhat)\b`)

var captionClass = newNames(`caption|desc|chuthich|chu-thich|imagenote|image_note|imgnote|img-note|photonote|photo-note|legend|wp-caption-text|credit`)

type group struct {
	lines []string
	list  bool
}

// renderer turns the content elements into paragraphs, collecting images
// and their captions on the way.
type renderer struct {
	base   *url.URL
	groups []group
	cur    strings.Builder
	prefix string
	inList bool
	images []Image
	// imageOpen is the index of the image a caption may still attach to.
	imageOpen int
	block     []*html.Node
	// apart holds the paragraphs set apart by layout (right-aligned or all
	// bold), as bylines are.
	apart map[string]bool
}

func newRenderer(base *url.URL) *renderer {
	return &renderer{base: base, imageOpen: -1, apart: map[string]bool{}}
}

func (r *renderer) render(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		r.cur.WriteString(n.Data)
		return
	case html.ElementNode:
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			r.render(c)
		}
		return
	}
	if skipTag(n.DataAtom) {
		return
	}
	switch n.DataAtom {
	case atom.Img:
		r.image(n, "")
		return
	case atom.Br:
		r.flush()
		return
	case atom.Figure:
		r.flush()
		r.figure(n)
		return
	case atom.Figcaption:
		return
	case atom.Table:
		r.flush()
		r.table(n)
		return
	case atom.Li:
		r.flush()
		r.prefix = "- "
		if p := n.Parent; p != nil && p.DataAtom == atom.Ol {
			k := 1
			for s := p.FirstChild; s != nil && s != n; s = s.NextSibling {
				if s.DataAtom == atom.Li {
					k++
				}
			}
			r.prefix = strconv.Itoa(k) + ". "
		}
		wasList := r.inList
		r.inList = true
		r.children(n)
		r.flush()
		r.inList = wasList
		return
	}
	if isBlock(n.DataAtom) {
		r.flush()
		r.block = append(r.block, n)
		r.children(n)
		r.flush()
		r.block = r.block[:len(r.block)-1]
		return
	}
	r.children(n)
}

func (r *renderer) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.render(c)
	}
}

// flush ends the current paragraph.
func (r *renderer) flush() {
	t := collapse(r.cur.String())
	r.cur.Reset()
	prefix := r.prefix
	r.prefix = ""
	if t == "" {
		return
	}
	if r.imageOpen >= 0 {
		i := r.imageOpen
		r.imageOpen = -1
		if r.captionLike(t) {
			r.images[i].Caption = t
			return
		}
	}
	line := prefix + t
	if len(r.block) > 0 && setApart(r.block[len(r.block)-1]) {
		r.apart[line] = true
	}
	if r.inList && len(r.groups) > 0 && r.groups[len(r.groups)-1].list {
		g := &r.groups[len(r.groups)-1]
		g.lines = append(g.lines, line)
		return
	}
	r.groups = append(r.groups, group{lines: []string{line}, list: r.inList})
}

// captionLike says whether the text right after an image is its caption:
// short, and set apart as captions are (italic, centred or named so).
func (r *renderer) captionLike(t string) bool {
	if runes(t) > 300 || len(r.block) == 0 {
		return false
	}
	b := r.block[len(r.block)-1]
	if captionClass.MatchString(classID(b)) {
		return true
	}
	style := strings.ReplaceAll(strings.ToLower(attr(b, "style")+attr(b, "align")), " ", "")
	if strings.Contains(style, "center") || strings.Contains(style, "italic") {
		return true
	}
	return italicShare(b) >= 0.8
}

// setApart says whether a block is right-aligned or all bold.
func setApart(b *html.Node) bool {
	style := strings.ReplaceAll(strings.ToLower(attr(b, "style")+" align:"+attr(b, "align")), " ", "")
	if strings.Contains(style, "text-align:right") || strings.Contains(style, "align:right") {
		return true
	}
	total, bold := styledText(b, func(n *html.Node) bool { return n.DataAtom == atom.B || n.DataAtom == atom.Strong })
	return total > 0 && bold == total
}

// italicShare is the part of n's text set in <em>, <i> or a caption class.
func italicShare(n *html.Node) float64 {
	total, it := styledText(n, func(n *html.Node) bool {
		return n.Type == html.ElementNode && (n.DataAtom == atom.Em || n.DataAtom == atom.I || captionClass.MatchString(classID(n)) ||
			strings.Contains(strings.ToLower(attr(n, "style")), "italic"))
	})
	if total == 0 {
		return 0
	}
	return float64(it) / float64(total)
}

// styledText counts the letters of n's text, and those inside an element
// that styled says is set apart (bold, italic …).
func styledText(n *html.Node, styled func(*html.Node) bool) (total, inStyled int) {
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, in bool) {
		if n.Type == html.TextNode {
			k := runes(strings.TrimSpace(n.Data))
			total += k
			if in {
				inStyled += k
			}
			return
		}
		in = in || styled(n)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(n, false)
	return total, inStyled
}

func (r *renderer) image(n *html.Node, caption string) {
	// lazy loaders keep the real address in a data- attribute
	var src string
	for _, k := range []string{"data-src", "data-original", "data-lazy-src", "src"} {
		if src = attr(n, k); src != "" && !strings.HasPrefix(src, "data:") {
			break
		}
	}
	src = strings.TrimSpace(src)
	if src == "" || strings.HasPrefix(src, "data:") {
		return
	}
	if r.base != nil {
		if u, err := r.base.Parse(src); err == nil {
			src = u.String()
		}
	}
	r.images = append(r.images, Image{Src: src, Caption: caption})
	if caption == "" {
		r.imageOpen = len(r.images) - 1
	}
}

func (r *renderer) figure(n *html.Node) {
	caption := ""
	for _, e := range elements(n) {
		if e.DataAtom == atom.Figcaption {
			caption = textOf(e)
		}
	}
	for _, e := range elements(n) {
		if e.DataAtom == atom.Img {
			r.image(e, caption)
		}
	}
	r.imageOpen = -1
}

// table renders a table of figures row by row ("a | b | c"); a table that
// only frames an image gives the image and its caption; a layout table is
// read as blocks.
func (r *renderer) table(n *html.Node) {
	var imgs []*html.Node
	for _, e := range elements(n) {
		if e.DataAtom == atom.Img {
			imgs = append(imgs, e)
		}
	}
	if len(imgs) > 0 && len(imgs) <= 2 && runes(textOf(n)) < 300 {
		caption := textOf(n)
		for _, img := range imgs {
			r.image(img, caption)
		}
		r.imageOpen = -1
		return
	}
	if !dataTable(n) {
		r.block = append(r.block, n)
		r.children(n)
		r.flush()
		r.block = r.block[:len(r.block)-1]
		return
	}
	var g group
	g.list = true
	for _, tr := range elements(n) {
		if tr.DataAtom != atom.Tr {
			continue
		}
		var cells []string
		for td := tr.FirstChild; td != nil; td = td.NextSibling {
			if td.DataAtom == atom.Td || td.DataAtom == atom.Th {
				cells = append(cells, textOf(td))
			}
		}
		if line := strings.Join(cells, " | "); strings.Trim(line, " |") != "" {
			g.lines = append(g.lines, line)
		}
	}
	if c := firstChild(n, atom.Caption); c != nil {
		if t := textOf(c); t != "" {
			g.lines = append([]string{t}, g.lines...)
		}
	}
	if len(g.lines) > 0 {
		r.groups = append(r.groups, g)
	}
	r.imageOpen = -1
}

func firstChild(n *html.Node, a atom.Atom) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == a {
			return c
		}
	}
	return nil
}

// paragraphs returns the rendered text, one string per paragraph (a list
// or a table is one paragraph of lines), without tool and related-news
// lines.
func (r *renderer) paragraphs() []string {
	r.flush()
	var out []string
	for _, g := range r.groups {
		var keep []string
		for _, l := range g.lines {
			f := strings.ToLower(vietnamese.Fold(l))
			if runes(l) <= 60 && relatedHeading.MatchString(f) && (len(out) > 0 || len(keep) > 0) {
				if len(keep) > 0 {
					out = append(out, strings.Join(keep, "\n"))
				}
				return out
			}
			if runes(l) <= 60 && boilerLine.MatchString(f) || seeAlso.MatchString(f) && runes(l) <= 200 {
				continue
			}
			keep = append(keep, l)
		}
		if len(keep) == 0 {
			continue
		}
		out = append(out, strings.Join(keep, "\n"))
	}
	return out
}
