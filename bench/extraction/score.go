package main

import (
	"regexp"
	"slices"
	"time"
)

// token is the benchmark's \w+ (Unicode letters, digits, marks, underscore).
var token = regexp.MustCompile(`[\p{L}\p{N}\p{M}_]+`)

type shingle [4]string

// shingles counts the 4-token shingles of text; a text of fewer than four
// tokens is one shingle of what it has.
func shingles(text string) (map[shingle]int, []string) {
	toks := token.FindAllString(text, -1)
	out := map[shingle]int{}
	if len(toks) == 0 {
		return out, toks
	}
	for i := 0; i < max(1, len(toks)-3); i++ {
		var s shingle
		copy(s[:], toks[i:min(i+4, len(toks))])
		out[s]++
	}
	return out, toks
}

// pageScore is one page's true positives, false positives and false
// negatives over shingle multisets, normalised to sum 1 so that every page
// weighs the same, as the article-extraction-benchmark's evaluate.py does.
type pageScore struct {
	tp, fp, fn float64
	exact      bool
	ms         float64 // wall clock, fastest run
	cpuMS      float64 // CPU time of the extracting thread, fastest run; -1 if not measured
}

func scorePage(want, got string) pageScore {
	ws, wt := shingles(want)
	gs, gt := shingles(got)
	var tp, fp, fn float64
	for s, n := range gs {
		m := ws[s]
		tp += float64(min(n, m))
		fp += float64(max(0, n-m))
	}
	for s, m := range ws {
		fn += float64(max(0, m-gs[s]))
	}
	if sum := tp + fp + fn; sum > 0 {
		tp, fp, fn = tp/sum, fp/sum, fn/sum
	}
	return pageScore{tp: tp, fp: fp, fn: fn, exact: slices.Equal(wt, gt)}
}

// summary is one row of the results table.
type summary struct {
	precision, recall, f1, accuracy float64
	median, p95                     float64
	cpuMedian                       float64 // -1 when not measured
	pages                           int
}

func summarize(ps []pageScore) summary {
	var s summary
	s.pages = len(ps)
	if len(ps) == 0 {
		return s
	}
	var tp, fp, fn float64
	exact := 0
	ms := make([]float64, 0, len(ps))
	cpu := make([]float64, 0, len(ps))
	for _, p := range ps {
		cpu = append(cpu, p.cpuMS)
		tp += p.tp
		fp += p.fp
		fn += p.fn
		if p.exact {
			exact++
		}
		ms = append(ms, p.ms)
	}
	n := float64(len(ps))
	tp, fp, fn = tp/n, fp/n, fn/n
	switch {
	case fp == 0 && fn == 0:
		s.precision, s.recall = 1, 1
	case tp == 0:
	default:
		s.precision, s.recall = tp/(tp+fp), tp/(tp+fn)
	}
	if s.precision+s.recall > 0 {
		s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall)
	}
	s.accuracy = float64(exact) / n
	slices.Sort(ms)
	s.median = ms[len(ms)/2]
	s.p95 = ms[min(len(ms)-1, int(float64(len(ms))*0.95))]
	slices.Sort(cpu)
	s.cpuMedian = cpu[len(cpu)/2]
	if cpu[0] < 0 {
		s.cpuMedian = -1
	}
	return s
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
