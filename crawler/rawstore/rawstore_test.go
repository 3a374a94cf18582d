package rawstore

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPutGet(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	page := []byte("<html><body><h1>Đại hội Đảng bộ Sở Khoa học và Công nghệ</h1>" + strings.Repeat("<p>nội dung</p>", 500) + "</body></html>")
	const u = "https://skhcn.dongthap.gov.vn/tin-tuc/dai-hoi?id=1"
	if err := s.Put(u, "text/html; charset=utf-8", page); err != nil {
		t.Fatal(err)
	}
	got, ct, err := s.Get(u)
	if err != nil || !bytes.Equal(got, page) || ct != "text/html; charset=utf-8" {
		t.Fatalf("Get = %d bytes, %q, %v", len(got), ct, err)
	}
	// Compressed on disk.
	fi, err := os.Stat(s.path(Key(u)))
	if err != nil || fi.Size() >= int64(len(page))/4 {
		t.Errorf("stored file %v bytes for a %d-byte page, err %v", fi.Size(), len(page), err)
	}
	// Replaced, not duplicated.
	if err := s.Put(u, "text/html", []byte("v2")); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := s.Get(u); string(got) != "v2" {
		t.Errorf("after replace got %q", got)
	}
	// The replaced copy is kept; storing the same page again keeps nothing.
	if err := s.Put(u, "text/html", []byte("v2")); err != nil {
		t.Fatal(err)
	}
	vs, err := s.Versions(u)
	if err != nil || len(vs) != 1 {
		t.Fatalf("Versions = %v, %v; want 1", vs, err)
	}
	if old, ct, err := s.GetVersion(vs[0]); err != nil || !bytes.Equal(old, page) || ct != "text/html; charset=utf-8" {
		t.Errorf("earlier copy: %d bytes, %q, %v", len(old), ct, err)
	}
	var urls []string
	s.Walk(func(url string) error { urls = append(urls, url); return nil })
	if len(urls) != 1 || urls[0] != u {
		t.Errorf("Walk = %v", urls)
	}
	_, gotURL, _, err := s.GetKey(Key(u))
	if err != nil || gotURL != u {
		t.Errorf("GetKey url = %q, %v", gotURL, err)
	}
}

func TestGetMissingAndTraversal(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir)
	os.WriteFile(filepath.Join(dir, "..", "secret.html.gz"), []byte("x"), 0o644)
	if _, _, err := s.Get("https://nowhere.example/"); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "nowhere.example") {
		t.Errorf("missing page: err = %v", err)
	}
	for _, key := range []string{"../secret", "../../etc/passwd", strings.Repeat("a", 63) + "/", strings.Repeat("G", 64), ""} {
		if _, _, _, err := s.GetKey(key); !errors.Is(err, ErrNotFound) {
			t.Errorf("GetKey(%q) err = %v, want ErrNotFound", key, err)
		}
	}
}
