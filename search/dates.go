package search

import (
	"fmt"
	"strings"
	"time"

	"github.com/govnews/govnews/index"
)

var dateLayouts = []struct {
	layout string
	unit   string // day, month, year: what ParseDateEnd extends to
}{
	{"2006-01-02", "day"}, {"02/01/2006", "day"}, {"2/1/2006", "day"}, {"2006-01", "month"}, {"01/2006", "month"}, {"1/2006", "month"}, {"2006", "year"},
}

// ParseDate parses a date as users write it (2022-11-09, 09/11/2022,
// 2022-11, 2022) and returns the start of that day, month or year in
// Vietnam's zone.
func ParseDate(s string) (time.Time, error) {
	t, _, err := parseDate(s)
	return t, err
}

// ParseDateEnd is ParseDate for the end of a range: the last day of the
// month or year given ("to=2022" means to the end of 2022).
func ParseDateEnd(s string) (time.Time, error) {
	t, unit, err := parseDate(s)
	if err != nil {
		return t, err
	}
	switch unit {
	case "month":
		t = t.AddDate(0, 1, -1)
	case "year":
		t = t.AddDate(1, 0, -1)
	}
	return t, nil
}

func parseDate(s string) (time.Time, string, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l.layout, s, index.Zone); err == nil {
			return t, l.unit, nil
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		t = t.In(index.Zone)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, index.Zone), "day", nil
	}
	return time.Time{}, "", fmt.Errorf("%q is not a date (use YYYY-MM-DD, DD/MM/YYYY, YYYY-MM or YYYY)", s)
}
