package web

import (
	"fmt"
	"html/template"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/govnews/govnews/search"
)

// The charts are SVG drawn on the server: they show without JavaScript,
// print, and carry their numbers as text for screen readers (<title> on
// each bar, and a table the page links to).

// maxTimelineMonths keeps a timeline readable: ten years of monthly bars.
const maxTimelineMonths = 120

// An outlier is a month (or a run of months) at either end of the matches
// that lies more than outlierGap months from the rest and holds at most
// outlierShare of the matches: a mistyped year (2204 for 2024) or a
// stray old date. Drawn, it would squeeze the real matches into a corner
// (or, cut to the newest months, hide them all).
const (
	outlierGap   = 12
	outlierShare = 0.05
)

// monthCount is one bar of the timeline.
type monthCount struct {
	Month string // "2024-03"
	Count int
}

// timelineData turns the month facet into consecutive months, with the
// empty months between filled in as zero: a gap in coverage must show as a
// gap, not be closed up. It draws the range that holds the matches:
// sparse outliers at either end are left out and returned as outside (the
// page names them), and when what remains spans more than
// maxTimelineMonths the ten years holding the most matches are drawn, from
// their first month with matches to their last, and the other months are
// outside too.
func timelineData(facet []search.FacetCount) (months, outside []monthCount) {
	counts := map[string]int{}
	total := 0
	for _, f := range facet {
		if _, err := time.Parse("2006-01", f.Value); err != nil || f.Count <= 0 {
			continue
		}
		counts[f.Value] += f.Count
		total += f.Count
	}
	if total == 0 {
		return nil, nil
	}
	keys := make([]string, 0, len(counts))
	for m := range counts {
		keys = append(keys, m)
	}
	sort.Strings(keys) // "2006-01" sorts as time does
	lo, hi := 0, len(keys)-1
	monthOf := func(i int) time.Time { t, _ := time.Parse("2006-01", keys[i]); return t }
	dropped := 0
trim:
	for lo < hi {
		// The smaller end goes first; each end may go several times
		// (two typos), but never past outlierShare in all.
		left, right := counts[keys[lo]], counts[keys[hi]]
		leftGap := monthsBetween(monthOf(lo), monthOf(lo+1)) > outlierGap
		rightGap := monthsBetween(monthOf(hi-1), monthOf(hi)) > outlierGap
		switch {
		case rightGap && (!leftGap || right <= left) && float64(dropped+right) <= outlierShare*float64(total):
			dropped += right
			hi--
		case leftGap && float64(dropped+left) <= outlierShare*float64(total):
			dropped += left
			lo++
		default:
			break trim // nothing more to drop
		}
	}
	first, last := monthOf(lo), monthOf(hi)
	if monthsBetween(first, last) >= maxTimelineMonths {
		// Still too long to draw month by month: the window of ten years
		// with the most matches (the newest of equals).
		best, bestStart := -1, first
		for start := first; !start.After(last); start = start.AddDate(0, 1, 0) {
			end := start.AddDate(0, maxTimelineMonths-1, 0)
			if end.After(last) {
				break
			}
			n := 0
			for _, m := range keys[lo : hi+1] {
				if t, _ := time.Parse("2006-01", m); !t.Before(start) && !t.After(end) {
					n += counts[m]
				}
			}
			if n >= best {
				best, bestStart = n, start
			}
		}
		first, last = bestStart, bestStart.AddDate(0, maxTimelineMonths-1, 0)
		// Then only the months of that window that hold matches, to the
		// first and last of them: the window is a bound, not a size (26
		// matches of 2024 beside one of 1900 are drawn as 2024's twelve
		// months, not as nine empty years before them).
		var inFirst, inLast time.Time
		for _, m := range keys[lo : hi+1] {
			if t, _ := time.Parse("2006-01", m); !t.Before(first) && !t.After(last) {
				if inFirst.IsZero() {
					inFirst = t
				}
				inLast = t
			}
		}
		first, last = inFirst, inLast
	}
	for t := first; !t.After(last); t = t.AddDate(0, 1, 0) {
		m := t.Format("2006-01")
		months = append(months, monthCount{Month: m, Count: counts[m]})
	}
	for _, m := range keys {
		if t, _ := time.Parse("2006-01", m); t.Before(first) || t.After(last) {
			outside = append(outside, monthCount{Month: m, Count: counts[m]})
		}
	}
	return months, outside
}

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

// timelineSVG draws matches per month as bars. Each bar links to the same
// search limited to that month.
func timelineSVG(data []monthCount, link func(month string) string) template.HTML {
	if len(data) == 0 {
		return ""
	}
	const (
		width, height = 360, 150
		left, bottom  = 30, 22
		top           = 8
	)
	maxCount := 0
	total := 0
	for _, d := range data {
		maxCount = max(maxCount, d.Count)
		total += d.Count
	}
	plotW := float64(width - left - 4)
	plotH := float64(height - bottom - top)
	slot := plotW / float64(len(data))
	// A few months must not become slabs: bars stay thin, left-aligned.
	barW := min(slot, 24)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart timeline" viewBox="0 0 %d %d" role="img" aria-labelledby="timeline-title" xmlns="http://www.w3.org/2000/svg">`, width, height)
	fmt.Fprintf(&b, `<title id="timeline-title">Số bài theo tháng: %d bài trong %d tháng, từ %s đến %s</title>`,
		total, len(data), monthLabel(data[0].Month), monthLabel(data[len(data)-1].Month))
	// Axis and the maximum as the only gridline: enough to read the scale.
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" class="axis"/>`, left, height-bottom, width-4, height-bottom)
	fmt.Fprintf(&b, `<text x="%d" y="%d" class="tick" text-anchor="end">%d</text>`, left-4, top+8, maxCount)
	fmt.Fprintf(&b, `<text x="%d" y="%d" class="tick" text-anchor="end">0</text>`, left-4, height-bottom)
	labelEvery := max(1, len(data)/4)
	for i, d := range data {
		x := float64(left) + float64(i)*slot
		h := 0.0
		if maxCount > 0 {
			h = plotH * float64(d.Count) / float64(maxCount)
		}
		label := fmt.Sprintf("%s: %d bài", monthLabel(d.Month), d.Count)
		fmt.Fprintf(&b, `<a href="%s"><rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s</title></rect></a>`,
			template.HTMLEscapeString(link(d.Month)), x+barW*0.1, float64(height-bottom)-h, barW*0.8, h, template.HTMLEscapeString(label))
		if i%labelEvery == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="tick" text-anchor="middle">%s</text>`, x+barW/2, height-8, template.HTMLEscapeString(monthLabel(d.Month)))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every interpolated string above is escaped
}

// monthLabel writes "2024-03" the Vietnamese way, "03/2024".
func monthLabel(m string) string {
	if t, err := time.Parse("2006-01", m); err == nil {
		return t.Format("01/2006")
	}
	return m
}

// maxProvinceBars keeps the breakdown to the provinces that matter.
const maxProvinceBars = 15

// provinceSVG draws matches per province as horizontal bars, largest first.
func provinceSVG(facet []search.FacetCount, link func(province string) string) template.HTML {
	data := append([]search.FacetCount(nil), facet...)
	sort.SliceStable(data, func(i, j int) bool {
		if data[i].Count != data[j].Count {
			return data[i].Count > data[j].Count
		}
		return data[i].Value < data[j].Value
	})
	if len(data) > maxProvinceBars {
		data = data[:maxProvinceBars]
	}
	if len(data) == 0 {
		return ""
	}
	const (
		width, rowH = 360, 20
		labelW      = 110
		countW      = 40
	)
	height := rowH*len(data) + 4
	maxCount := 1
	for _, d := range data {
		maxCount = max(maxCount, d.Count)
	}
	plotW := float64(width - labelW - countW)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart provinces" viewBox="0 0 %d %d" role="img" aria-labelledby="provinces-title" xmlns="http://www.w3.org/2000/svg">`, width, height)
	fmt.Fprintf(&b, `<title id="provinces-title">Số bài theo tỉnh, %d tỉnh nhiều bài nhất</title>`, len(data))
	for i, d := range data {
		y := i*rowH + 2
		w := plotW * float64(d.Count) / float64(maxCount)
		name := template.HTMLEscapeString(d.Value)
		fmt.Fprintf(&b, `<a href="%s"><text x="%d" y="%d" class="label" text-anchor="end">%s</text>`, template.HTMLEscapeString(link(d.Value)), labelW-6, y+15, name)
		fmt.Fprintf(&b, `<rect class="bar" x="%d" y="%d" width="%.1f" height="%d"><title>%s: %d bài</title></rect></a>`, labelW, y+3, w, rowH-6, name, d.Count)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="tick">%d</text>`, float64(labelW)+w+4, y+15, d.Count)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every interpolated string above is escaped
}

// withParam is the current search with one parameter replaced (and the
// cursor dropped: a new filter starts at the first page).
func withParam(v url.Values, name, value string) string {
	n := url.Values{}
	for k, vs := range v {
		if k == "cursor" || k == "page" {
			continue
		}
		n[k] = append([]string(nil), vs...)
	}
	if value == "" {
		n.Del(name)
	} else {
		n.Set(name, value)
	}
	return "/?" + n.Encode()
}
