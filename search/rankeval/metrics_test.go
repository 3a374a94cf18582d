package rankeval

import (
	"math"
	"slices"
	"testing"

	"github.com/govnews/govnews/index"
)

// Binary judgments score as ALQAC's score.py scores them.
func TestScoreMatchesALQACScorer(t *testing.T) {
	qs := []Judged{
		{ID: "a", Relevant: map[string]int{"x": 1}},
		{ID: "b", Relevant: map[string]int{"y": 1, "z": 1}},
		{ID: "c", Relevant: map[string]int{"w": 1}},
	}
	res := map[string][]string{
		"a": {"x"},                // first: nDCG 1, MRR 1
		"b": {"q", "y", "y", "z"}, // ranks 2 and 3 (the repeat counts once)
		"c": nil,                  // no hit
	}
	s := Score(qs, res)
	ndcgB := (1/math.Log2(3) + 1/math.Log2(4)) / (1 + 1/math.Log2(3))
	want := (1 + ndcgB + 0) / 3
	if math.Abs(s.NDCG10-want) > 1e-12 {
		t.Errorf("nDCG@10 %.6f, want %.6f", s.NDCG10, want)
	}
	if math.Abs(s.MRR10-(1+0.5)/3) > 1e-12 {
		t.Errorf("MRR@10 %.6f, want %.6f", s.MRR10, 0.5)
	}
	if s.NoHit != 1 || s.N != 3 {
		t.Errorf("no hit %d of %d, want 1 of 3", s.NoHit, s.N)
	}
	if math.Abs(s.R10-2.0/3) > 1e-12 {
		t.Errorf("R@10 %.6f, want %.6f", s.R10, 2.0/3)
	}
}

// The questions typed without diacritics keep their ids and judgments;
// only the text is folded (đ to d as well).
func TestWithoutDiacriticsFoldsOnlyTheText(t *testing.T) {
	qs := []Judged{{ID: "q1", Query: "Điều kiện kết hôn của Hoà?", Source: "alqac22", Relevant: map[string]int{"u": 1}}}
	got := WithoutDiacritics(qs)
	if got[0].Query != "dieu kien ket hon cua hoa?" {
		t.Errorf("folded query %q", got[0].Query)
	}
	if got[0].ID != "q1" || got[0].Source != "alqac22" || got[0].Relevant["u"] != 1 {
		t.Errorf("judgments changed: %+v", got[0])
	}
	if qs[0].Query != "Điều kiện kết hôn của Hoà?" {
		t.Errorf("the input was changed: %q", qs[0].Query)
	}
}

// Only distractors the pool judged relevant leave a ranking: the fixture's
// own articles and distractors judged 0 or not at all stay, in order.
func TestWithoutRelevantDistractors(t *testing.T) {
	distractors := []index.Article{{URL: "d1"}, {URL: "d2"}, {URL: "d3"}}
	pooled := map[string]map[string]int{"q": {PooledKey("d1"): 2, PooledKey("d2"): 0}}
	got := WithoutRelevantDistractors(map[string][]string{"q": {"d1", "f1", "d2", "d3"}, "r": {"d1"}}, pooled, distractors)
	if !slices.Equal(got["q"], []string{"f1", "d2", "d3"}) || !slices.Equal(got["r"], []string{"d1"}) {
		t.Errorf("got %v", got)
	}
}
