package corpus

import (
	"reflect"
	"strings"
	"testing"

	"github.com/govnews/govnews/index/vietnamese"
)

func TestGeneratorIsDeterministic(t *testing.T) {
	a, b := NewGenerator(1), NewGenerator(1)
	for i := 0; i < 50; i++ {
		x, y := a.Next(), b.Next()
		if !reflect.DeepEqual(x, y) {
			t.Fatalf("article %d differs between two generators with one seed", i)
		}
		if x.URL == "" || x.Title == "" || len(x.Body) < 100 || x.Published.IsZero() {
			t.Fatalf("article %d incomplete: %+v", i, x)
		}
	}
	if NewGenerator(2).Next().Body == NewGenerator(1).Next().Body {
		t.Error("different seeds gave the same article")
	}
}

// The generator's words must be spread like a real corpus's, or every
// benchmark query over it is a worst case. A query's folded words match
// an article that has each of them anywhere; in vi-news "chu"+"tich"
// stand together in 18 % of the articles, "kinh"+"te" in 17.5 %,
// "khoa"+"hoc" in 14 %, "phat"+"trien" in 19 %, "nhan"+"dan" in 42 %.
func TestGeneratorSpreadsWordsLikeNews(t *testing.T) {
	g := NewGenerator(1)
	const n = 4000
	want := map[string]float64{"chu tich": 0.18, "kinh te": 0.175, "khoa hoc": 0.14, "phat trien": 0.19, "nhan dan": 0.42}
	df := map[string]int{}
	words := 0
	for i := 0; i < n; i++ {
		a := g.Next()
		seen := map[string]bool{}
		for _, tok := range vietnamese.Tokenize(a.Title+" "+a.Body, false) {
			seen[vietnamese.Fold(strings.ToLower(tok.Text))] = true
			words++
		}
		for q := range want {
			all := true
			for _, w := range strings.Fields(q) {
				all = all && seen[w]
			}
			if all {
				df[q]++
			}
		}
	}
	for q, w := range want {
		share := float64(df[q]) / n
		if share < w/2 || share > w*1.5 {
			t.Errorf("%q matches %.1f %% of generated articles, want about %.1f %% as in vi-news", q, share*100, w*100)
		}
	}
	if avg := words / n; avg < 250 || avg > 1000 {
		t.Errorf("articles average %d syllables, want 250-1000 like portal news", avg)
	}
	t.Logf("articles matching in %d: %v; %d syllables on average", n, df, words/n)
}
