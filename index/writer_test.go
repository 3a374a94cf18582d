package index

import (
	"fmt"
	"strings"
	"testing"
)

// A bulk load keeps the last version of an article read, even when its
// earlier version sits in the batch still being stored beside it.
func TestWriterKeepsLastVersionAcrossBatchesInFlight(t *testing.T) {
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	w := ix.newWriter(4, 2) // two in flight, as on a one-shard index, so versions meet in flight
	const urls, versions = 10, 6
	added := 0
	for v := 1; v <= versions; v++ {
		for u := 0; u < urls; u++ {
			// " url " and NFC differences are the same article to Put.
			url := fmt.Sprintf("https://portal.example.vn/tin/%d", u)
			if v%2 == 0 {
				url = " " + url + " "
			}
			if err := w.Add(Article{URL: url, Title: fmt.Sprintf("Bản %d", v), Body: "Nội dung bài viết."}); err != nil {
				t.Fatal(err)
			}
			added++
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if w.Stored() != added {
		t.Errorf("Stored() = %d, want %d", w.Stored(), added)
	}
	if n, _ := ix.Count(); n != urls {
		t.Fatalf("index holds %d articles, want %d", n, urls)
	}
	for u := 0; u < urls; u++ {
		a, ok, err := ix.Get(fmt.Sprintf("https://portal.example.vn/tin/%d", u))
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		if want := fmt.Sprintf("Bản %d", versions); a.Title != want {
			t.Errorf("%s: title %q, want the last version %q", a.URL, a.Title, want)
		}
	}
}

// A batch that cannot be stored stops the writer with an error that says
// which batch; batches stored before it stay stored.
func TestWriterReportsFailedBatch(t *testing.T) {
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	w := ix.newWriter(2, 2)
	_ = w.Add(Article{URL: "https://a.example/1", Body: "một"})
	_ = w.Add(Article{URL: "https://a.example/2", Body: "hai"})
	_ = w.Add(Article{URL: "https://a.example/3", Body: "ba"})
	_ = w.Add(Article{URL: "   ", Body: "không có địa chỉ"})
	err = w.Close()
	if err == nil {
		t.Fatal("a batch with an article without url was stored without error")
	}
	if want := "batch from https://a.example/3"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name the batch (%q)", err, want)
	}
	if n, _ := ix.Count(); n != 2 || w.Stored() != 2 {
		t.Errorf("count %d, stored %d; want the first batch's 2 kept", n, w.Stored())
	}
	if err := w.Add(Article{URL: "https://a.example/4"}); err == nil {
		t.Error("Add after a failed batch returned nil")
	}
}
