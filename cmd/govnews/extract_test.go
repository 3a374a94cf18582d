package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const extractFixtures = "../../crawler/extract/testdata/"

func TestExtractJSON(t *testing.T) {
	page := extractFixtures + "aspnet-kinhphi.html"
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
	}{
		{"file", "", []string{"extract", "--url", "https://skhcn.example.gov.vn/tin?id=1", page}},
		{"dash is stdin", string(html), []string{"extract", "--url", "https://skhcn.example.gov.vn/tin?id=1", "-"}},
		{"no argument is stdin", string(html), []string{"extract", "--url", "https://skhcn.example.gov.vn/tin?id=1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tc.stdin, tc.args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("not one JSON object: %v\n%s", err, out)
			}
			want := map[string]any{
				"url":       "https://skhcn.example.gov.vn/tin?id=1",
				"title":     "Hỗ trợ kinh phí nhiệm vụ xây dựng Quy chế làm việc mẫu cho mô hình Bí thư Đảng ủy đồng thời là Chủ tịch UBND cấp xã",
				"published": "2022-11-11T00:00:00+07:00",
				"author":    "MK",
				"kind":      "article",
			}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s = %v, want %v", k, got[k], v)
				}
			}
			body, _ := got["body"].(string)
			if !strings.HasPrefix(body, "Ngày 09/11/2022, Sở Khoa học") || strings.Contains(body, "Thống Kê") || strings.Contains(body, "Các tin khác") {
				t.Errorf("body is not the article:\n%s", body)
			}
			refs, _ := got["refs"].([]any)
			if len(refs) < 2 || refs[0] != "250/QĐ-SKHCN" {
				t.Errorf("refs = %v, want 250/QĐ-SKHCN first", refs)
			}
		})
	}
}

func TestExtractNoDateAndText(t *testing.T) {
	page := extractFixtures + "liferay-ap-daihoi.html"
	code, out, errOut := runCLI(t, "", "extract", page)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if _, ok := got["published"]; ok {
		t.Errorf("published = %v for a page that shows no year; want it absent", got["published"])
	}

	code, out, errOut = runCLI(t, "", "extract", "--text", extractFixtures+"liferay-vnpt-giaothong.html")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Khởi công dự án nâng cấp tuyến đường tỉnh 845 đoạn qua huyện Tam Nông\n===",
		"Published: 2023-09-15 10:20:00 +07:00",
		"Author:    Quốc Bảo",
		"Kind:      article (profile liferay)",
		"\n\nSáng nay, Ban Quản lý dự án",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("--text output lacks %q:\n%s", want, out)
		}
	}
	if strings.HasPrefix(strings.TrimSpace(out), "{") {
		t.Error("--text printed JSON")
	}
}

func TestExtractErrors(t *testing.T) {
	dir := t.TempDir()
	png := filepath.Join(dir, "logo.png")
	os.WriteFile(png, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"), 0o644)
	empty := filepath.Join(dir, "empty.html")
	os.WriteFile(empty, []byte(" \n\t"), 0o644)
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		code  int
		msg   []string
	}{
		{"missing file", "", []string{"extract", filepath.Join(dir, "nope.html")}, exitFailure, []string{"nope.html", "no such file"}},
		{"binary file", "", []string{"extract", png}, exitFailure, []string{"not an HTML page", "logo.png"}},
		{"empty file", "", []string{"extract", empty}, exitFailure, []string{"empty page", "empty.html"}},
		{"empty stdin", "", []string{"extract", "-"}, exitFailure, []string{"empty page", "standard input"}},
		{"bad url", "<p>x</p>", []string{"extract", "--url", "http://[::1", "-"}, exitUsage, []string{"--url", "http://[::1"}},
		{"not a url", "<p>x</p>", []string{"extract", "--url", "notaurl", "-"}, exitUsage, []string{"--url", "notaurl"}},
		{"two files", "", []string{"extract", "a.html", "b.html"}, exitUsage, []string{"accepts at most 1 arg"}},
		{"bad selector", "<p>x</p>", []string{"extract", "--date", "span[", "-"}, exitFailure, []string{`date "span["`}},
		{"unknown flag", "", []string{"extract", "--nope"}, exitUsage, []string{"unknown flag"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tc.stdin, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tc.code, errOut)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing on error", out)
			}
			for _, m := range tc.msg {
				if !strings.Contains(errOut, m) {
					t.Errorf("stderr %q lacks %q", errOut, m)
				}
			}
		})
	}
}

func TestExtractSelectorsFlags(t *testing.T) {
	code, out, errOut := runCLI(t, "", "extract", "--text", "--title", ".tenbai", "--body", ".baiviet", "--date", ".tg", "--remove", ".quangcao",
		extractFixtures+"override-selectors-dulich.html")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "Lễ hội Sen Đồng Tháp năm 2023") || !strings.Contains(out, "Published: 2023-06-16 18:30:00 +07:00") || strings.Contains(out, "Quảng cáo") {
		t.Errorf("selectors not applied:\n%s", out)
	}
}
