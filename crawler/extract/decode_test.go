package extract

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

func TestCharsets(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cp1258 := read("aspnet-tiemchung-1258.html")
	utf8Page := read("aspnet-kinhphi.html")
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(utf8Page)
	if err != nil {
		t.Fatal(err)
	}
	const tiemchung = "Tăng cường công tác tiêm chủng mở rộng cho trẻ em dưới 5 tuổi"
	const kinhphi = "Hỗ trợ kinh phí nhiệm vụ xây dựng Quy chế làm việc mẫu cho mô hình Bí thư Đảng ủy đồng thời là Chủ tịch UBND cấp xã"
	for _, tc := range []struct {
		name, contentType string
		page              []byte
		title             string
	}{
		{"meta windows-1258", "", cp1258, tiemchung},
		{"header windows-1258", "text/html; charset=windows-1258", bytes.Replace(cp1258, []byte(`<meta charset="windows-1258" />`), nil, 1), tiemchung},
		{"undeclared windows-1258 detected", "text/html", bytes.Replace(cp1258, []byte(`<meta charset="windows-1258" />`), nil, 1), tiemchung},
		{"header beats meta", "text/html; charset=windows-1258", bytes.Replace(cp1258, []byte(`charset="windows-1258"`), []byte(`charset="utf-8"`), 1), tiemchung},
		{"BOM beats header", "text/html; charset=windows-1252", append([]byte("\xef\xbb\xbf"), utf8Page...), kinhphi},
		{"UTF-16 with BOM", "", utf16, kinhphi},
		{"undeclared UTF-8", "", bytes.Replace(utf8Page, []byte(`<meta charset="utf-8" />`), nil, 1), kinhphi},
		{"NFD text", "", []byte(norm.NFD.String(string(utf8Page))), kinhphi},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Extract("https://example.gov.vn/a", tc.page, tc.contentType, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Title != tc.title {
				t.Errorf("title = %q, want %q", r.Title, tc.title)
			}
			for _, s := range []string{r.Title, r.Body, r.Author, r.Lead} {
				if !norm.NFC.IsNormalString(s) {
					t.Errorf("not NFC: %q", s)
				}
			}
			if strings.ContainsRune(r.Body, '\uFFFD') || r.Body == "" {
				t.Errorf("body badly decoded: %.200q", r.Body)
			}
		})
	}
}

// TestCharsetHeaderOverruled: a header the bytes contradict is overruled
// (with a warning), one they agree with is kept, and a UTF-8 page with a
// stray invalid byte is not re-read in another charset.
func TestCharsetHeaderOverruled(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cp1258 := read("aspnet-tiemchung-1258.html")
	noMeta := bytes.Replace(cp1258, []byte(`<meta charset="windows-1258" />`), nil, 1)
	utf8Page := read("aspnet-kinhphi.html")
	stray := bytes.Replace(utf8Page, []byte("</h1>"), []byte("\x96</h1>"), 1)
	const tiemchung = "Tăng cường công tác tiêm chủng mở rộng cho trẻ em dưới 5 tuổi"
	const kinhphi = "Hỗ trợ kinh phí nhiệm vụ xây dựng Quy chế làm việc mẫu cho mô hình Bí thư Đảng ủy đồng thời là Chủ tịch UBND cấp xã"
	for _, tc := range []struct {
		name, contentType string
		page              []byte
		title             string
		warning           string // a substring of the warning; "" for none
	}{
		{"UTF-8 page with meta under ISO-8859-1", "text/html; charset=ISO-8859-1", utf8Page, kinhphi, "says ISO-8859-1 but the page is UTF-8 (from its <meta charset> and its bytes)"},
		{"UTF-8 page under windows-1258", "text/html; charset=windows-1258", bytes.Replace(utf8Page, []byte(`<meta charset="utf-8" />`), nil, 1), kinhphi, "says windows-1258 but the page is UTF-8 (from its bytes)"},
		{"windows-1258 page with meta under UTF-8", "text/html; charset=utf-8", cp1258, tiemchung, "not valid UTF-8; read as windows-1258 (from its <meta charset>)"},
		{"undeclared windows-1258 page under UTF-8", "text/html; charset=utf-8", noMeta, tiemchung, "not valid UTF-8; read as windows-1258 (from its bytes)"},
		{"header agrees", "text/html; charset=windows-1258", noMeta, tiemchung, ""},
		{"header beats a wrong meta", "text/html; charset=windows-1258", bytes.Replace(cp1258, []byte(`charset="windows-1258"`), []byte(`charset="utf-8"`), 1), tiemchung, ""},
		{"stray byte in a UTF-8 page", "text/html; charset=utf-8", stray, kinhphi, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Extract("https://example.gov.vn/a", tc.page, tc.contentType, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Title != tc.title {
				t.Errorf("title = %q, want %q", r.Title, tc.title)
			}
			if tc.warning == "" && r.CharsetWarning != "" || !strings.Contains(r.CharsetWarning, tc.warning) {
				t.Errorf("warning %q, want one with %q", r.CharsetWarning, tc.warning)
			}
		})
	}
}
