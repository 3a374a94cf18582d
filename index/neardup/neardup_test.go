package neardup_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/corpus"
	"github.com/govnews/govnews/index/neardup"
	"github.com/govnews/govnews/index/neardup/dupeval"
)

func body(a index.Article) *neardup.Text {
	a.Normalize()
	return neardup.Analyze(a.Body)
}

func originals(n int) []index.Article {
	if p := corpus.FindViNews("."); p != "" {
		if as, err := corpus.ReadViNews(p, n); err == nil && len(as) == n {
			return as
		}
	}
	g := corpus.NewGenerator(1)
	out := make([]index.Article, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

// Copies made every way portals make them are the same article, and share
// a band.
func TestCopiesAreSame(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	missed := 0
	total := 0
	for _, a := range originals(300) {
		orig := body(a)
		if orig.Words() < neardup.MinWords {
			continue
		}
		for c := 0; c < 3; c++ {
			cp := body(dupeval.Copy(r, a, c))
			total++
			v := neardup.Compare(orig, cp)
			if !v.Same || !shareBand(orig, cp) {
				missed++
				if missed < 5 {
					t.Logf("missed copy (%+v, band %v): %.200q", v, shareBand(orig, cp), a.Body)
				}
			}
		}
	}
	if float64(missed) > 0.03*float64(total) {
		t.Fatalf("%d of %d copies not recognised", missed, total)
	}
}

func shareBand(a, b *neardup.Text) bool {
	ba, bb := a.Bands(), b.Bands()
	for i := range ba {
		if ba[i] == bb[i] {
			return true
		}
	}
	return false
}

// Templated look-alikes (bulletins, two communes, two decisions; short and
// long) are never the same article.
func TestLookAlikesDiffer(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 300; i++ {
		x, y := dupeval.LookAlike(r, i)
		if v := neardup.Compare(body(x), body(y)); v.Same {
			t.Fatalf("look-alike pair %d merged (%+v):\n%s\n---\n%s", i, v, x.Body, y.Body)
		}
	}
}

// A different number in a long text keeps two texts apart; an added
// sentence or a dropped paragraph does not; a short text tolerates no
// replaced word.
func TestCompareDetails(t *testing.T) {
	long := strings.Repeat("Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm với nhiều nội dung quan trọng được thảo luận kỹ lưỡng. ", 8)
	a := neardup.Analyze(long + "Tổng kinh phí là 120 tỷ đồng.")
	if !neardup.Same(a, neardup.Analyze(long+"Tổng kinh phí là 120 tỷ đồng. Bài: Minh Trí.")) {
		t.Error("an added byline split a copy")
	}
	if neardup.Same(a, neardup.Analyze(long+"Tổng kinh phí là 150 tỷ đồng.")) {
		t.Error("another amount merged")
	}
	if !neardup.Same(a, neardup.Analyze(strings.ReplaceAll(long, "hòa", "hoà")+"Tổng kinh phí là 120 tỷ đồng.")) {
		t.Error("tone style split a copy")
	}
	short := "Ủy ban nhân dân xã thông báo lịch tiếp công dân định kỳ vào sáng thứ hai hằng tuần tại trụ sở, công dân mang theo giấy tờ tùy thân."
	if neardup.Same(neardup.Analyze(short), neardup.Analyze(strings.Replace(short, "sáng", "chiều", 1))) {
		t.Error("a short text with a replaced word merged")
	}
	if !neardup.Same(neardup.Analyze(short), neardup.Analyze("  "+strings.ReplaceAll(short, ", ", " , "))) {
		t.Error("punctuation split a short copy")
	}
	if neardup.Analyze("một hai ba").Bands() != nil {
		t.Error("a text too short got bands")
	}
}
