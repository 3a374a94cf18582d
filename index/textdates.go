package index

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/govnews/govnews/index/vietnamese"
)

// Date patterns, matched on folded lower-case text ("Tháng" → "thang",
// "lúc" → "luc"), so that NFD input, odd tone placement and capitalisation
// do not matter.
var (
	isoDate = regexp.MustCompile(`(?:^|[^\d])(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[t ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(z|[+-]\d{2}:?\d{2})?)?`)
	// 11/11/2022, 28.6.2016, 10-01-2023
	dmyDate = regexp.MustCompile(`(?:^|[^\d.,/-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?[/.-]\s?(\d{4})(?:[^\d]|$)`)
	// ngày 23 tháng 9 năm 2022, 02 Tháng 3 2023, 15 Th3, 2019, 5 tháng 10, 2021
	wordDate = regexp.MustCompile(`(?:^|[^\d])(\d{1,2})\s*(?:thang|th)\s*(\d{1,2})\s*(?:,|nam|/)?\s*(\d{4})(?:[^\d]|$)`)
	// 2 March 2023, 2 Mar. 2023
	enDMY = regexp.MustCompile(`(?:^|[^\d])(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})`)
	// March 2, 2023
	enMDY = regexp.MustCompile(`(?:^|[^a-z])(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`)
	// 7:28, 08:15:00, 08h15, 8 gio 15, with SA/CH (sáng/chiều) or AM/PM
	clock = regexp.MustCompile(`(?:^|[^\d])(\d{1,2})\s*(?::|h|gio)\s*(\d{2})(?::(\d{2}))?\s*(sa|ch|am|pm)?(?:[^\da-z]|$)`)
)

var enMonths = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

// ParseTextDate finds the first full date (day, month and year) in s, in the
// formats Vietnamese portals show: "11/11/2022", "28.6.2016",
// "15 Th3, 2019 lúc 7:28", "Thứ năm, 02 Tháng 3 2023", "ngày 23 tháng 9
// năm 2022", ISO 8601 and English month names, with an optional time of day.
// Labels around the date ("Ngày đăng :", "Cập nhật:") are ignored. A date
// without a year ("Ngày 28/5") is not a date: ok is false rather than a
// guessed year. The result is in Asia/Ho_Chi_Minh unless s carries an offset.
func ParseTextDate(s string) (time.Time, bool) {
	t, ok, _ := parseTextDate(s)
	return t, ok
}

// parseTextDate is ParseTextDate, also reporting a time of day that cannot
// be (25:00, 7:99): a page's date keeps its day, an import rejects the line.
func parseTextDate(s string) (t time.Time, ok, badClock bool) {
	if len(s) > 400 {
		s = s[:400]
	}
	if !HasYear(s) {
		return time.Time{}, false, false
	}
	f := strings.ToLower(vietnamese.Fold(s))
	type found struct {
		at, end    int
		y, m, d    int
		hh, mm, ss int
		hasClock   bool
		offset     string
	}
	var best *found
	consider := func(c found) {
		if best == nil || c.at < best.at {
			best = &c
		}
	}
	if m := isoDate.FindStringSubmatchIndex(f); m != nil {
		c := found{at: m[2], end: m[1], y: atoi(f, m, 1), m: atoi(f, m, 2), d: atoi(f, m, 3)}
		if m[8] >= 0 {
			c.hasClock, c.hh, c.mm = true, atoi(f, m, 4), atoi(f, m, 5)
			if m[12] >= 0 {
				c.ss = atoi(f, m, 6)
			}
			if m[14] >= 0 {
				c.offset = f[m[14]:m[15]]
			}
		}
		consider(c)
	}
	if m := dmyDate.FindStringSubmatchIndex(f); m != nil {
		consider(found{at: m[2], end: m[9], d: atoi(f, m, 1), m: atoi(f, m, 3), y: atoi(f, m, 4)})
	}
	if m := wordDate.FindStringSubmatchIndex(f); m != nil {
		consider(found{at: m[2], end: m[7], d: atoi(f, m, 1), m: atoi(f, m, 2), y: atoi(f, m, 3)})
	}
	if m := enDMY.FindStringSubmatchIndex(f); m != nil {
		consider(found{at: m[2], end: m[7], d: atoi(f, m, 1), m: enMonths[f[m[4]:m[5]]], y: atoi(f, m, 3)})
	}
	if m := enMDY.FindStringSubmatchIndex(f); m != nil {
		consider(found{at: m[2], end: m[7], m: enMonths[f[m[2]:m[3]]], d: atoi(f, m, 2), y: atoi(f, m, 3)})
	}
	if best == nil || !validDate(best.y, best.m, best.d) {
		return time.Time{}, false, false
	}
	if best.offset != "" {
		t, err := time.Parse("2006-01-02T15:04:05Z07:00", isoWithOffset(best.y, best.m, best.d, best.hh, best.mm, best.ss, best.offset))
		if err == nil {
			return t.In(Zone), true, false
		}
	}
	if !best.hasClock {
		// The time of day may stand before or after the date: "08:15
		// 10/01/2023", "15 Th3, 2019 lúc 7:28". Look outside the date itself.
		rest := f[:best.at] + " | " + f[best.end:]
		if m := clock.FindStringSubmatch(rest); m != nil {
			hh, _ := strconv.Atoi(m[1])
			mm, _ := strconv.Atoi(m[2])
			ss, _ := strconv.Atoi(m[3])
			switch m[4] {
			case "ch", "pm":
				if hh < 12 {
					hh += 12
				}
			case "sa", "am":
				if hh == 12 {
					hh = 0
				}
			}
			if hh < 24 && mm < 60 && ss < 60 {
				best.hasClock, best.hh, best.mm, best.ss = true, hh, mm, ss
			} else {
				badClock = true
			}
		}
	}
	if best.hh > 23 || best.mm > 59 || best.ss > 59 {
		best.hh, best.mm, best.ss = 0, 0, 0
		badClock = true
	}
	return time.Date(best.y, time.Month(best.m), best.d, best.hh, best.mm, best.ss, 0, Zone), true, badClock
}

func atoi(s string, m []int, group int) int {
	if m[2*group] < 0 {
		return 0
	}
	n, _ := strconv.Atoi(s[m[2*group]:m[2*group+1]])
	return n
}

func validDate(y, m, d int) bool {
	if y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func isoWithOffset(y, mo, d, hh, mm, ss int, off string) string {
	if off == "z" {
		off = "Z"
	} else if len(off) == 5 { // +0700
		off = off[:3] + ":" + off[3:]
	}
	return time.Date(y, time.Month(mo), d, hh, mm, ss, 0, time.UTC).Format("2006-01-02T15:04:05") + off
}

// HasYear says whether s holds four digits in a row, which every full date
// has: a cheap test before the patterns run.
func HasYear(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			run++
			if run == 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}
