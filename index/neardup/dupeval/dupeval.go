// Package dupeval builds the deterministic near-duplicate evaluation:
// originals, each with 0–5 copies made the ways portals republish (a new
// title, a byline or source line, a first or last paragraph dropped, NFD
// text, the other tone-mark style, whitespace and punctuation changes, a
// sentence added), and templated look-alike pairs that must stay apart
// (weekly bulletins with other figures, one announcement for two
// communes, two decisions with other numbers and amounts). Score turns a
// grouping into pair precision and recall.
package dupeval

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/govnews/govnews/index"
)

// Set is an evaluation: articles in the order to store them, the story
// each belongs to (copies share their original's), and the look-alike
// pairs (URLs) that must not be grouped.
type Set struct {
	Articles   []index.Article
	Story      map[string]string // URL → story
	LookAlikes [][2]string
	Originals  int
	Copies     int
	Extra      int             // articles without copies
	Generated  map[string]bool // copies and look-alikes (not from the source corpus)
}

var portals = []struct{ host, source, name, province string }{
	{"skhcn.bentre.gov.vn", "skhcn-bentre", "Sở KH&CN Bến Tre", "Bến Tre"},
	{"bentre.gov.vn", "ubnd-bentre", "UBND tỉnh Bến Tre", "Bến Tre"},
	{"tinhuy.angiang.gov.vn", "tinhuy-angiang", "Tỉnh ủy An Giang", "An Giang"},
	{"hdnd.vinhlong.gov.vn", "hdnd-vinhlong", "HĐND tỉnh Vĩnh Long", "Vĩnh Long"},
	{"mttq.thanhhoa.gov.vn", "mttq-thanhhoa", "MTTQ Thanh Hóa", "Thanh Hóa"},
	{"chauthanh.bentre.gov.vn", "chauthanh", "UBND huyện Châu Thành", "Bến Tre"},
	{"sotttt.nghean.gov.vn", "stttt-nghean", "Sở TT&TT Nghệ An", "Nghệ An"},
}

var bylines = []string{
	"Nguyễn Văn Hùng", "PV", "Thu Hà (Trung tâm Văn hóa - Thể thao)", "Minh Trí",
	"Nguồn: Báo Bến Tre", "Theo Cổng Thông tin điện tử tỉnh", "Ban Biên tập",
}

var addedSentences = []string{
	"Bài viết được đăng lại từ Cổng Thông tin điện tử của tỉnh.",
	"Mọi thông tin chi tiết xin liên hệ bộ phận một cửa để được hướng dẫn.",
	"Đây là hoạt động thiết thực nhằm đưa nghị quyết vào cuộc sống.",
	"Tin liên quan sẽ tiếp tục được cập nhật trong thời gian tới.",
}

// Tone placements in the two styles (the new style first).
var toneStyles = [][2]string{{"hòa", "hoà"}, {"Hòa", "Hoà"}, {"hóa", "hoá"}, {"thủy", "thuỷ"}, {"khỏe", "khoẻ"}, {"họa", "hoạ"}, {"tòa", "toà"}, {"thỏa", "thoả"}, {"lũy", "luỹ"}, {"ủy", "uỷ"}, {"Ủy", "Uỷ"}, {"xòe", "xoè"}, {"quý", "quý"}}

func otherToneStyle(s string) string {
	pairs := make([]string, 0, 4*len(toneStyles))
	for _, p := range toneStyles {
		pairs = append(pairs, p[0], p[1])
	}
	out := strings.NewReplacer(pairs...).Replace(s)
	if out != s {
		return out
	}
	back := make([]string, 0, len(pairs))
	for _, p := range toneStyles {
		back = append(back, p[1], p[0])
	}
	return strings.NewReplacer(back...).Replace(s)
}

func paragraphs(body string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(body, "\r", ""), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Copy makes one republished copy of a on portal p, changed in one to
// three of the ways portals change what they republish.
func Copy(r *rand.Rand, a index.Article, n int) index.Article {
	p := portals[r.IntN(len(portals))]
	c := a
	c.URL = fmt.Sprintf("https://%s/tin-tuc/%s-copy-%d.html", p.host, index.ID(a.URL), n)
	c.Source, c.SourceName, c.Province, c.ProvinceNow, c.Agency = p.source, p.name, p.province, "", p.name
	if !a.Published.IsZero() {
		c.Published = a.Published.Add(time.Duration(1+r.IntN(72)) * time.Hour)
	}
	c.FetchedAt = time.Time{}
	c.Topics, c.Refs, c.ContentHash = nil, nil, ""
	paras := paragraphs(a.Body)
	ways := 1 + r.IntN(3)
	for w := 0; w < ways; w++ {
		switch r.IntN(7) {
		case 0: // retitled
			c.Title = strings.TrimSpace(strings.TrimSuffix(c.Title, ".") + " - " + p.province)
			if r.IntN(2) == 0 {
				c.Title = "Tin " + p.province + ": " + a.Title
			}
		case 1: // a byline or source line
			line := bylines[r.IntN(len(bylines))]
			if r.IntN(2) == 0 {
				paras = append(paras, line)
			} else {
				paras = append([]string{line}, paras...)
			}
		case 2: // first or last paragraph dropped
			if len(paras) >= 3 {
				if r.IntN(2) == 0 {
					paras = paras[1:]
				} else {
					paras = paras[:len(paras)-1]
				}
			}
		case 3:
			c.Title, c.Lead = norm.NFD.String(c.Title), norm.NFD.String(c.Lead)
			for i := range paras {
				paras[i] = norm.NFD.String(paras[i])
			}
		case 4:
			for i := range paras {
				paras[i] = otherToneStyle(paras[i])
			}
		case 5: // whitespace and punctuation
			for i := range paras {
				s := strings.ReplaceAll(paras[i], ". ", ".  ")
				s = strings.ReplaceAll(s, ", ", " , ")
				s = strings.ReplaceAll(s, "\"", "“")
				paras[i] = s
			}
		case 6: // a sentence added
			s := addedSentences[r.IntN(len(addedSentences))]
			i := r.IntN(len(paras) + 1)
			paras = append(paras[:i], append([]string{s}, paras[i:]...)...)
		}
	}
	sep := "\n"
	if r.IntN(2) == 0 {
		sep = "\n\n"
	}
	c.Body = strings.Join(paras, sep)
	return c
}

// Build makes the evaluation from originals: each gets 0–5 copies, and
// lookAlikes templated pairs are added. The order of Articles is shuffled
// (a crawl meets copies before originals too).
func Build(originals []index.Article, lookAlikes int, seed uint64) *Set {
	return BuildWith(originals, nil, lookAlikes, seed)
}

// BuildWith is Build plus extra articles without copies (a corpus to make
// the index larger), each its own story: grouping one with another
// article is a wrong pair.
func BuildWith(originals, extra []index.Article, lookAlikes int, seed uint64) *Set {
	r := rand.New(rand.NewPCG(seed, 0x6475706576616c))
	s := &Set{Story: map[string]string{}, Generated: map[string]bool{}}
	seen := map[string]bool{}
	for _, a := range extra {
		key := index.ContentHash("", a.Body)
		if seen[key] {
			continue
		}
		seen[key] = true
		s.Articles = append(s.Articles, a)
		s.Story[a.URL] = "x:" + a.URL
		s.Extra++
	}
	for i, a := range originals {
		key := index.ContentHash("", a.Body)
		if seen[key] || len(strings.Fields(a.Body)) < 10 {
			continue // the source corpus's own exact repeats are not originals
		}
		seen[key] = true
		story := fmt.Sprintf("s%d", i)
		s.Articles = append(s.Articles, a)
		s.Story[a.URL] = story
		s.Originals++
		for c, n := 0, r.IntN(6); c < n; c++ {
			cp := Copy(r, a, c)
			s.Articles = append(s.Articles, cp)
			s.Story[cp.URL] = story
			s.Generated[cp.URL] = true
			s.Copies++
		}
	}
	for i := 0; i < lookAlikes; i++ {
		x, y := LookAlike(r, i)
		s.Articles = append(s.Articles, x, y)
		s.Story[x.URL], s.Story[y.URL] = fmt.Sprintf("la%d-a", i), fmt.Sprintf("la%d-b", i)
		s.LookAlikes = append(s.LookAlikes, [2]string{x.URL, y.URL})
		s.Generated[x.URL], s.Generated[y.URL] = true, true
	}
	r.Shuffle(len(s.Articles), func(i, j int) { s.Articles[i], s.Articles[j] = s.Articles[j], s.Articles[i] })
	return s
}

// Report is the evaluation's outcome over all pairs of articles.
type Report struct {
	Articles, Groups      int
	TruePairs, FoundPairs int // pairs of one story; pairs put in one group
	CorrectPairs          int // found pairs of one story
	Precision, Recall     float64
	LookAlikesMerged      int
	LookAlikePairs        int
	MergedExamples        [][2]string
	// CorpusPairs are found pairs of two source-corpus articles (vi-news
	// originals and fillers), which the evaluation takes for different
	// stories although the corpus holds real duplicates (the same wire
	// story in two papers, an article in both its train and test sets);
	// PrecisionGenerated leaves them out.
	CorpusPairs        int
	PrecisionGenerated float64
}

// Score compares a grouping (URL → group) with the stories.
func (s *Set) Score(group map[string]string) Report {
	rep := Report{Articles: len(s.Articles), LookAlikePairs: len(s.LookAlikes)}
	byStory := map[string]int{}
	byGroup := map[string]int{}
	both := map[[2]string]int{}
	corpus := map[string]int{}
	for _, a := range s.Articles {
		st, g := s.Story[a.URL], group[a.URL]
		if g == "" {
			g = "url:" + a.URL
		}
		byStory[st]++
		byGroup[g]++
		both[[2]string{st, g}]++
		if !s.Generated[a.URL] {
			corpus[g]++ // each source article is a story of its own
		}
	}
	pairs := func(n int) int { return n * (n - 1) / 2 }
	for _, n := range byStory {
		rep.TruePairs += pairs(n)
	}
	for _, n := range byGroup {
		rep.FoundPairs += pairs(n)
	}
	for _, n := range both {
		rep.CorrectPairs += pairs(n)
	}
	for _, n := range corpus {
		rep.CorpusPairs += pairs(n)
	}
	rep.Groups = len(byGroup)
	rep.Precision, rep.Recall = 1, 1
	rep.PrecisionGenerated = 1
	if rep.FoundPairs > 0 {
		rep.Precision = float64(rep.CorrectPairs) / float64(rep.FoundPairs)
	}
	if n := rep.FoundPairs - rep.CorpusPairs; n > 0 {
		rep.PrecisionGenerated = float64(rep.CorrectPairs) / float64(n)
	}
	if rep.TruePairs > 0 {
		rep.Recall = float64(rep.CorrectPairs) / float64(rep.TruePairs)
	}
	for _, p := range s.LookAlikes {
		if g := group[p[0]]; g != "" && g == group[p[1]] {
			rep.LookAlikesMerged++
			if len(rep.MergedExamples) < 5 {
				rep.MergedExamples = append(rep.MergedExamples, p)
			}
		}
	}
	return rep
}

func (r Report) String() string {
	return fmt.Sprintf("articles %d, groups %d; pairs: true %d, found %d, correct %d; precision %.4f, recall %.4f; look-alike pairs merged %d of %d; found pairs of two source articles %d (precision without them %.4f)",
		r.Articles, r.Groups, r.TruePairs, r.FoundPairs, r.CorrectPairs, r.Precision, r.Recall, r.LookAlikesMerged, r.LookAlikePairs, r.CorpusPairs, r.PrecisionGenerated)
}
