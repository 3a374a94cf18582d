package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkExtract extracts every fixture page in turn; ns/op is per page.
func BenchmarkExtract(b *testing.B) {
	files, _ := filepath.Glob("testdata/*.html")
	type pg struct {
		name string
		data []byte
	}
	var pages []pg
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, pg{strings.TrimSuffix(filepath.Base(f), ".html"), data})
	}
	if len(pages) == 0 {
		b.Fatal("no fixtures")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		if _, err := Extract("https://example.gov.vn/"+p.name, p.data, "", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
