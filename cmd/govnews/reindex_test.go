package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govnews/govnews/crawler/rawstore"
)

// TestReindexLogsCharsetAndTruncation: re-extracting a stored page logs an
// overruled charset header and a body cut to the size cap with the URL,
// as the crawl does.
func TestReindexLogsCharsetAndTruncation(t *testing.T) {
	const (
		overruled = "https://r.vn/tin-tuc/tang-cuong-tiem-chung-1.html"
		huge      = "https://r.vn/tin-tuc/bao-cao-tong-hop-2.html"
	)
	data, code, stderr := importLines(t,
		`{"url":"`+overruled+`","title":"cũ","body":"cũ"}`,
		`{"url":"`+huge+`","title":"cũ","body":"cũ"}`,
	)
	if code != 0 {
		t.Fatalf("import: exit %d, %s", code, stderr)
	}
	raw, err := rawstore.Open(filepath.Join(data, "raw"))
	if err != nil {
		t.Fatal(err)
	}
	para := "<p>Ngày 09/11/2025, Sở Y tế tổ chức hội nghị triển khai công tác tiêm chủng mở rộng cho trẻ em dưới 5 tuổi trên địa bàn tỉnh.</p>\n"
	page := `<html><head><meta charset="utf-8"><title>Tiêm chủng</title></head><body><article><h1>Tăng cường công tác tiêm chủng mở rộng cho trẻ em</h1>` + strings.Repeat(para, 3) + `</article></body></html>`
	if err := raw.Put(overruled, "text/html; charset=ISO-8859-1", []byte(page)); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(`<html><head><meta charset="utf-8"><title>Báo cáo</title></head><body><article><h1>Báo cáo tổng hợp kết quả thực hiện nhiệm vụ năm 2025</h1>`)
	for i := 0; b.Len() < 3<<20; i++ {
		fmt.Fprintf(&b, "<p>Đoạn %d: Sở Khoa học và Công nghệ báo cáo kết quả thực hiện các nhiệm vụ khoa học và công nghệ cấp tỉnh.</p>\n", i)
	}
	b.WriteString("</article></body></html>")
	if err := raw.Put(huge, "text/html; charset=utf-8", []byte(b.String())); err != nil {
		t.Fatal(err)
	}

	code, out, stderr := runCLI(t, "", "reindex", "--data", data, "--reextract")
	if code != 0 || !strings.Contains(out, "2 re-extracted") {
		t.Fatalf("reindex: exit %d\n%s%s", code, out, stderr)
	}
	var charsetLine, capLine string
	for _, l := range strings.Split(stderr, "\n") {
		switch {
		case strings.Contains(l, "charset") && strings.Contains(l, "url="+overruled):
			charsetLine = l
		case strings.Contains(l, "size cap") && strings.Contains(l, "url="+huge):
			capLine = l
		}
	}
	if charsetLine == "" || !strings.Contains(charsetLine, "level=WARN") {
		t.Errorf("no warning naming %s for the overruled charset header:\n%s", overruled, stderr)
	}
	if capLine == "" || !strings.Contains(capLine, "level=WARN") {
		t.Errorf("no warning naming %s for the cut body:\n%s", huge, stderr)
	}
}
