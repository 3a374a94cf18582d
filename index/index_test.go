package index

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func TestPutReplacesByURLAndNormalizes(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	a := Article{URL: "https://sokhcn.example.vn/tin/1", Title: norm.NFD.String("Hoà bình"), Body: "Quyết định 250/QĐ-SKHCN.", Published: time.Date(2022, 11, 11, 1, 0, 0, 0, time.UTC)}
	if err := ix.Put(a); err != nil {
		t.Fatal(err)
	}
	a.Body = "Đã sửa: Nghị quyết 18-NQ/TW."
	a.Refs, a.ContentHash = []string{"250/QĐ-SKHCN"}, "stale" // as an edited export would carry them
	if err := ix.Put(a); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != 1 {
		t.Fatalf("count = %d after storing one URL twice, want 1", n)
	}
	got, ok, err := ix.Get(a.URL)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if got.Body != "Đã sửa: Nghị quyết 18-NQ/TW." || got.Title != "Hoà bình" || !norm.NFC.IsNormalString(got.Title) {
		t.Errorf("stored %+v", got)
	}
	if len(got.Refs) != 1 || got.Refs[0] != "18-NQ/TW" {
		t.Errorf("refs = %v: the old text's reference was kept", got.Refs)
	}
	if got.ContentHash != ContentHash(got.Title, got.Body) {
		t.Errorf("content hash of the old text kept")
	}
	if got.Published.Location().String() != Zone.String() || got.Published.Hour() != 8 {
		t.Errorf("published = %v, want 08:00 in %s", got.Published, Zone)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// Reopened, the article is still there.
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, _ := ix.Count(); n != 1 {
		t.Fatalf("count after reopen = %d", n)
	}
	if err := ix.Put(Article{Title: "no url"}); err == nil || !strings.Contains(err.Error(), "no url") {
		t.Errorf("put without url: %v", err)
	}
	// Delete names articles as Put does: an NFD URL with spaces around it
	// is the same article.
	viURL := "https://ubnd.example.vn/tin-tức/hoà-bình"
	if err := ix.Put(Article{URL: viURL, Title: "Tin", Body: "Nội dung."}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Delete("  " + norm.NFD.String(viURL) + " "); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := ix.Get(viURL); ok {
		t.Errorf("Delete of the NFD form of %s left it stored", viURL)
	}
}

func TestOpenNamesTheDirectoryOnError(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Locked: a second open in the same process waits for bolt's lock and gives up.
	_, err = Open(dir)
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("second open: %v, want an error naming %s", err, dir)
	}
	ix.Close()

	notIndex := t.TempDir()
	os.MkdirAll(filepath.Join(notIndex, "index"), 0o755)
	os.WriteFile(filepath.Join(notIndex, "index", "notes.txt"), []byte("x"), 0o644)
	if _, err := Open(notIndex); err == nil || !strings.Contains(err.Error(), notIndex) {
		t.Errorf("open of a non-index: %v", err)
	}

	corrupt := t.TempDir()
	ix, err = Open(corrupt)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	os.WriteFile(filepath.Join(corrupt, "index", "index_meta.json"), []byte("{garbage"), 0o644)
	if _, err := Open(corrupt); err == nil || !strings.Contains(err.Error(), corrupt) {
		t.Errorf("open of a corrupt index: %v", err)
	}
}

func TestDisplayTitleFromFirstSentence(t *testing.T) {
	cases := map[string]string{
		"Tự hào về quá khứ. Bà Phạm Phương Thảo trao giải.":        "Tự hào về quá khứ.",
		"Chủ tịch HĐND TP.HCM trao giải cho 121.500 người. Sau đó": "Chủ tịch HĐND TP.HCM trao giải cho 121.500 người.",
	}
	for body, want := range cases {
		a := Article{Body: body}
		if got := a.DisplayTitle(); got != want {
			t.Errorf("DisplayTitle(%q) = %q, want %q", body, got, want)
		}
	}
	if got := (&Article{Title: "Tiêu đề", Body: "x"}).DisplayTitle(); got != "Tiêu đề" {
		t.Errorf("title kept: %q", got)
	}
}

// Put refuses a published date bleve cannot hold, naming the article, and
// stores nothing of the batch: such an article would break every
// date-sorted search afterwards.
func TestPutRefusesDatesTheIndexCannotHold(t *testing.T) {
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ok := Article{URL: "https://a.vn/ok", Title: "Bài đúng", Published: time.Date(2024, 1, 2, 0, 0, 0, 0, Zone)}
	far := Article{URL: "https://a.vn/far", Title: "Bài sai năm", Published: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)}
	err = ix.Put(ok, far)
	if err == nil || !strings.Contains(err.Error(), "https://a.vn/far") || !strings.Contains(err.Error(), "year 9999") {
		t.Fatalf("Put = %v, want an error naming the URL and the year", err)
	}
	if n, _ := ix.Count(); n != 0 {
		t.Errorf("%d articles stored from the refused batch", n)
	}
}

// One page, one article, however its URL's Vietnamese is written: NFD (raw
// or escaped) and NFC name the same article, in Put, Get and Delete, and a
// URL already in NFC is kept exactly (an escaped "/" stays escaped).
func TestURLInNFDIsOneArticle(t *testing.T) {
	nfc := "https://a.gov.vn/tin-t%E1%BB%A9c/%E1%BB%A7y-ban?muc=th%E1%BB%9Di+s%E1%BB%B1"
	for _, tc := range []struct{ in, want string }{
		{nfc, nfc},
		{"https://a.gov.vn/tin-tức/ủy-ban?muc=th%E1%BB%9Di+s%E1%BB%B1", nfc},
		{"https://a.gov.vn/" + norm.NFD.String("tin-tức/ủy-ban") + "?muc=th%E1%BB%9Di+s%E1%BB%B1", nfc},
		// A query written unescaped stays unescaped, in NFC.
		{"https://a.gov.vn/x?muc=" + norm.NFD.String("thời+sự"), "https://a.gov.vn/x?muc=thời+sự"},
		{"https://a.gov.vn/tin-tu%CC%9B%CC%81c/u%CC%89y-ban?muc=tho%CC%9B%CC%80i+su%CC%9B%CC%A3", nfc},
		{"https://a.gov.vn/a%2Fb/tu%CC%9B%CC%81c", "https://a.gov.vn/a%2Fb/t%E1%BB%A9c"},
		{"https://a.gov.vn/FChinh%20tri%2FXH_%20%28282%29.txt", "https://a.gov.vn/FChinh%20tri%2FXH_%20%28282%29.txt"},
		// Only the Vietnamese changes: %20 stays %20, a literal "/" in a
		// query stays a "/".
		{"https://a.gov.vn/s?q=%C4%90a%CC%80%20Na%CC%86%CC%83ng", "https://a.gov.vn/s?q=%C4%90%C3%A0%20N%E1%BA%B5ng"},
		{"https://a.gov.vn/s?path=/tin/tu%CC%9B%CC%81c&d=2024-01-01T08:00", "https://a.gov.vn/s?path=/tin/t%E1%BB%A9c&d=2024-01-01T08:00"},
		{"https://a.gov.vn/tu%CC%9B%CC%81c%20a/b", "https://a.gov.vn/t%E1%BB%A9c%20a/b"},
	} {
		got, err := CheckURL(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("CheckURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, u := range []string{nfc, "https://a.gov.vn/tin-tu%CC%9B%CC%81c/u%CC%89y-ban?muc=tho%CC%9B%CC%80i+su%CC%9B%CC%A3"} {
		if err := ix.Put(Article{URL: u, Title: "Tin", Body: "Nội dung."}); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := ix.Count(); n != 1 {
		t.Errorf("%d articles for one page under NFC and NFD URLs", n)
	}
	nfd := "HTTPS://A.GOV.VN/" + norm.NFD.String("tin-tức/ủy-ban") + "?muc=tho%CC%9B%CC%80i+su%CC%9B%CC%A3#x"
	if _, ok, err := ix.Get(nfd); err != nil || !ok {
		t.Errorf("Get by the NFD URL: %v %v", ok, err)
	}
	if err := ix.Delete(nfd); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != 0 {
		t.Errorf("Delete by the NFD URL left %d", n)
	}
}

// Line ends are one "\n" and bidirectional controls are dropped, so a
// CRLF copy is the same text (same hash) and no title reads backwards.
func TestNormalizeLineEndsAndBidiControls(t *testing.T) {
	a := Article{URL: "https://a.vn/x", Title: "Tin \u202eevil\u202c\u2067\u2069\u200f\u061c", Body: "Đoạn một.\r\n\r\nĐoạn hai.\rDòng ba. “Trích” – hết."}
	b := Article{URL: "https://a.vn/y", Title: "Tin evil", Body: "Đoạn một.\n\nĐoạn hai.\nDòng ba. “Trích” – hết."}
	a.Normalize()
	b.Normalize()
	if a.Title != "Tin evil" || a.Body != b.Body || a.ContentHash != b.ContentHash {
		t.Errorf("normalized %q %q, want %q %q (same hash)", a.Title, a.Body, b.Title, b.Body)
	}
}

func TestRefSpellings(t *testing.T) {
	for _, c := range []struct {
		ref  string
		want []string
	}{
		{"250/QĐ-SKHCN", []string{"250/qđ-skhcn", "250/qd-skhcn", "250-qđ/skhcn", "250-qd/skhcn"}},
		{"18-NQ/TW", []string{"18-nq/tw", "18-nq/tư", "18/nq-tw", "18/nq-tư"}},
		{"18-NQ/TƯ", []string{"18-nq/tư", "18-nq/tw", "18/nq-tư", "18/nq-tw"}},
		// A number with a year is written one way only.
		{"13/2023/NĐ-CP", []string{"13/2023/nđ-cp", "13/2023/nd-cp"}},
	} {
		if got := RefSpellings(c.ref); !reflect.DeepEqual(got, c.want) {
			t.Errorf("RefSpellings(%s) = %q, want %q", c.ref, got, c.want)
		}
	}
	if got := RefSpellings("1/DDDDDD-DD"); len(got) > 32 {
		t.Errorf("RefSpellings with 8 d's gave %d spellings, want at most 32", len(got))
	}
}
