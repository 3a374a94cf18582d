package index

import (
	"strings"
	"testing"
	"time"
)

func TestParseTextDate(t *testing.T) {
	at := func(y int, m time.Month, d, hh, mm int) string {
		return time.Date(y, m, d, hh, mm, 0, 0, Zone).Format(time.RFC3339)
	}
	for _, tc := range []struct {
		in   string
		want string // RFC 3339, or "" for no date
	}{
		{"Ngày đăng : 11/11/2022", at(2022, 11, 11, 0, 0)},
		{"Đã đăng vào 15 Th3, 2019 lúc 7:28", at(2019, 3, 15, 7, 28)},
		{"05 Th6, 2023 lúc 3:10 CH", at(2023, 6, 5, 15, 10)},
		{"Cập nhật: 10/01/2023 08:15", at(2023, 1, 10, 8, 15)},
		{"Thứ năm, 02 Tháng 3 2023", at(2023, 3, 2, 0, 0)},
		{"Thứ năm, 02 Tháng 3 2023 | 10:20", at(2023, 3, 2, 10, 20)},
		{"ngày 23 tháng 9 năm 2022", at(2022, 9, 23, 0, 0)},
		{"28.6.2016", at(2016, 6, 28, 0, 0)},
		{"Cập nhật ngày 28.6.2016", at(2016, 6, 28, 0, 0)},
		{"08:15 10/01/2023", at(2023, 1, 10, 8, 15)},
		{"10-01-2023 8h15", at(2023, 1, 10, 8, 15)},
		{"Thứ ba, 05/09/2023 - 09:00", at(2023, 9, 5, 9, 0)},
		{"2023-06-20T07:45:00+07:00", at(2023, 6, 20, 7, 45)},
		{"2019-11-19T13:03:00Z", at(2019, 11, 19, 20, 3)},
		{"2023-06-20", at(2023, 6, 20, 0, 0)},
		{"2023/03/02 14:05", at(2023, 3, 2, 14, 5)},
		{"Thứ 5, 02/03/2023", at(2023, 3, 2, 0, 0)},
		{"Chủ nhật, 05/03/2023, 14:20 (GMT+7)", at(2023, 3, 5, 14, 20)},
		{"10:20 AM 15/3/2023", at(2023, 3, 15, 10, 20)},
		{"02:30 PM, 15/3/2023", at(2023, 3, 15, 14, 30)},
		{"2023-06-20 07:45:10", "2023-06-20T07:45:10+07:00"},
		{"November 19, 2019", at(2019, 11, 19, 0, 0)},
		{"19 Nov 2019", at(2019, 11, 19, 0, 0)},
		// NFD input and odd case still parse.
		{"NGA\u0300Y 23 THA\u0301NG 9 NA\u0306M 2022", at(2022, 9, 23, 0, 0)},
		// Not full dates: no year, impossible days, money, versions.
		{"Ngày 28/5", ""},
		{"chiều 15.11", ""},
		{"31/02/2023", ""},
		{"121.500.019 đồng", ""},
		{"tháng 11/2022 - 3/2023", ""},
		{"", ""},
		{"Lượt xem: 312", ""},
	} {
		got, ok := ParseTextDate(tc.in)
		s := ""
		if ok {
			s = got.Format(time.RFC3339)
			if got.Location() != Zone {
				t.Errorf("ParseTextDate(%q) in %v, want %v", tc.in, got.Location(), Zone)
			}
		}
		if s != tc.want {
			t.Errorf("ParseTextDate(%q) = %q, want %q", tc.in, s, tc.want)
		}
	}
}

// An import names an impossible time of day as a bad line, where a page's
// date keeps its day (ParseTextDate), rather than store midnight silently.
func TestParseTimeRejectsAnImpossibleTimeOfDay(t *testing.T) {
	for _, in := range []string{"2022-11-11 25:00", "11/11/2022 25:00", "Ngày đăng : 11/11/2022 25:00", "15 Th3, 2019 lúc 27:99", "2022-11-11T10:75"} {
		if got, err := ParseTime(in); err == nil {
			t.Errorf("ParseTime(%q) = %v, want an error", in, got)
		} else if !strings.Contains(err.Error(), in) {
			t.Errorf("ParseTime(%q): error %q does not name the value", in, err)
		}
		if _, ok := ParseTextDate(in); !ok {
			t.Errorf("ParseTextDate(%q): the page's day is lost", in)
		}
	}
	for _, in := range []string{"2022-11-11 23:59", "Đã đăng vào 15 Th3, 2019 lúc 7:28", "Ngày đăng : 11/11/2022"} {
		if _, err := ParseTime(in); err != nil {
			t.Errorf("ParseTime(%q): %v", in, err)
		}
	}
}
