package main

import (
	"math"
	"testing"
)

func TestScorePage(t *testing.T) {
	gold := "Ngày 09/11/2022, Sở Khoa học và Công nghệ ban hành Quyết định số 250/QĐ-SKHCN."
	for _, tc := range []struct {
		name  string
		got   string
		p, r  float64
		exact bool
	}{
		{"identical", gold, 1, 1, true},
		{"same tokens, other spacing and punctuation", "Ngày 09 11 2022 Sở Khoa học và Công nghệ — ban hành Quyết định số 250 QĐ SKHCN", 1, 1, true},
		{"nothing", "", 0, 0, false},
		{"unrelated", "Lễ hội Sen Đồng Tháp thu hút hơn 150 nghìn lượt khách", 0, 0, false},
		// 18 tokens give 15 shingles; the first 14 tokens keep 11 of them.
		{"prefix", "Ngày 09/11/2022, Sở Khoa học và Công nghệ ban hành Quyết định", 1, 11.0 / 15, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := summarize([]pageScore{scorePage(gold, tc.got)})
			if math.Abs(s.precision-tc.p) > 1e-9 || math.Abs(s.recall-tc.r) > 1e-9 {
				t.Errorf("precision %.3f recall %.3f, want %.3f %.3f", s.precision, s.recall, tc.p, tc.r)
			}
			if (s.accuracy == 1) != tc.exact {
				t.Errorf("accuracy %.0f, want exact=%v", s.accuracy, tc.exact)
			}
		})
	}
}

func TestSummarizeWeighsPagesEqually(t *testing.T) {
	long := "a b c d e f g h i j k l m n o p q r s t u v w x y z"
	s := summarize([]pageScore{scorePage(long, long), scorePage("x y z w v", "")})
	if math.Abs(s.recall-0.5) > 1e-9 || s.precision != 1 {
		t.Errorf("precision %.3f recall %.3f, want 1 and 0.5", s.precision, s.recall)
	}
}
