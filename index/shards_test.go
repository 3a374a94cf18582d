package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// A new index spreads its articles over NewIndexShards shards; every
// operation that names an article finds it in its shard, and the shard
// count survives a reopen.
func TestShardsSpreadArticlesAndReopen(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(ix.Shards()); got != NewIndexShards {
		t.Fatalf("new index has %d shards, want %d", got, NewIndexShards)
	}
	var arts []Article
	for i := 0; i < 40; i++ {
		arts = append(arts, Article{URL: fmt.Sprintf("https://shard.example/%d", i), Title: fmt.Sprintf("Bài %d", i), Body: "Chủ tịch UBND tỉnh."})
	}
	if err := ix.Put(arts...); err != nil {
		t.Fatal(err)
	}
	for i, b := range ix.Shards() {
		n, err := b.DocCount()
		if err != nil {
			t.Fatal(err)
		}
		if NewIndexShards > 1 && (n == 0 || n == 40) {
			t.Errorf("shard %d holds %d of 40 articles", i, n)
		}
	}
	if err := ix.Delete(arts[0].URL, arts[1].URL); err != nil {
		t.Fatal(err)
	}
	ix.Close()

	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := len(ix.Shards()); got != NewIndexShards {
		t.Fatalf("reopened index has %d shards, want %d", got, NewIndexShards)
	}
	if n, _ := ix.Count(); n != 38 {
		t.Errorf("count %d after deleting 2 of 40, want 38", n)
	}
	for _, a := range arts[2:] {
		if _, ok, err := ix.Get(a.URL); err != nil || !ok {
			t.Fatalf("get %s: %v %v", a.URL, ok, err)
		}
	}
	if _, ok, _ := ix.Get(arts[0].URL); ok {
		t.Errorf("deleted %s is still there", arts[0].URL)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 100, 0, false)
	res, err := ix.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 38 || len(res.Hits) != 38 {
		t.Errorf("search over all shards: total %d, %d hits; want 38", res.Total, len(res.Hits))
	}
	seen := 0
	if err := ix.All(func(Article) error { seen++; return nil }); err != nil || seen != 38 {
		t.Errorf("All visited %d articles (%v), want 38", seen, err)
	}
}

// An index made before shards (one bleve index, no shard count) opens as
// one shard and keeps taking articles there.
func TestOneShardIndexStillOpens(t *testing.T) {
	dir := t.TempDir()
	shards, err := createShards(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	shards[0].Close()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if len(ix.Shards()) != 1 {
		t.Fatalf("%d shards, want 1", len(ix.Shards()))
	}
	if err := ix.Put(Article{URL: "https://old.example/1", Body: "Nội dung."}); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != 1 {
		t.Errorf("count %d, want 1", n)
	}
	if _, err := os.Stat(shardPath(dir, 1)); err == nil {
		t.Errorf("a one-shard index grew a second shard")
	}
}

// A shard directory that went missing is named in the error, and the
// other shards are not opened behind it (their locks stay free).
func TestMissingShardIsNamed(t *testing.T) {
	if NewIndexShards < 2 {
		t.Skip("one shard")
	}
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	missing := shardPath(dir, 1)
	if err := os.RemoveAll(missing); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir)
	if err == nil || !strings.Contains(err.Error(), missing) || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("open with %s removed: %v", filepath.Base(missing), err)
	}
	if b, err := openBleve(shardPath(dir, 0)); err != nil {
		t.Errorf("shard 0 left locked after the failed open: %v", err)
	} else {
		b.Close()
	}
}

// A creation killed part way (shard 1 made, shard 0 still being built
// beside its place) leaves no index: the next Open makes a whole one, with
// every shard, instead of one that opens with a single shard or not at
// all.
func TestInterruptedCreationStartsAgain(t *testing.T) {
	dir := t.TempDir()
	// What a kill between the shards leaves: shard 1 whole (holding
	// nothing), shard 0 half made beside its place.
	one, err := bleve.New(shardPath(dir, 1), bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	one.Close()
	half := halfMadeShard0(t, dir)

	ix, err := Open(dir)
	if err != nil {
		t.Fatalf("open after an interrupted creation: %v", err)
	}
	defer ix.Close()
	if len(ix.Shards()) != NewIndexShards {
		t.Fatalf("%d shards, want %d", len(ix.Shards()), NewIndexShards)
	}
	var arts []Article
	for i := 0; i < 8; i++ {
		arts = append(arts, Article{URL: fmt.Sprintf("https://a.example/%d", i), Body: "Nội dung."})
	}
	if err := ix.Put(arts...); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != uint64(len(arts)) {
		t.Errorf("count %d, want %d", n, len(arts))
	}
	if _, err := os.Stat(half); !os.IsNotExist(err) {
		t.Errorf("the half-made shard 0 is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(shardPath(dir, 1), "index_meta.json")); err != nil {
		t.Errorf("shard 1: %v", err)
	}
}

// closedIndexWith20 makes a new index holding 20 articles and closes it.
func closedIndexWith20(t *testing.T) (string, []Article) {
	t.Helper()
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var arts []Article
	for i := 0; i < 20; i++ {
		arts = append(arts, Article{URL: fmt.Sprintf("https://a.example/%d", i), Body: "Nội dung."})
	}
	if err := ix.Put(arts...); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	return dir, arts
}

// A rename that a power cut undid (shard 0 whole beside its place, the
// other shards holding articles) is finished on the next Open: nothing is
// removed, every article is there.
func TestLostRenameIsFinished(t *testing.T) {
	dir, arts := closedIndexWith20(t)
	if err := os.Rename(shardPath(dir, 0), shardPath(dir, 0)+".new"); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, _ := ix.Count(); n != uint64(len(arts)) || len(ix.Shards()) != NewIndexShards {
		t.Errorf("after the lost rename: %d articles in %d shards, want %d in %d", n, len(ix.Shards()), len(arts), NewIndexShards)
	}
}

// A shard 0 that is gone while shard 1 holds articles is an error naming
// both, and shard 1 is left as it was, not wiped for a new index.
func TestMissingFirstShardKeepsTheOthers(t *testing.T) {
	dir, _ := closedIndexWith20(t)
	moved := filepath.Join(t.TempDir(), "index")
	if err := os.Rename(shardPath(dir, 0), moved); err != nil {
		t.Fatal(err)
	}
	before, err := articlesIn(shardPath(dir, 1))
	if err != nil || before == 0 {
		t.Fatalf("shard 1 holds %d articles (%v)", before, err)
	}
	_, err = Open(dir)
	if err == nil || !strings.Contains(err.Error(), shardPath(dir, 1)) || !strings.Contains(err.Error(), shardPath(dir, 0)) {
		t.Fatalf("open without shard 0: %v; want an error naming %s and %s", err, shardPath(dir, 0), shardPath(dir, 1))
	}
	if after, _ := articlesIn(shardPath(dir, 1)); after != before {
		t.Errorf("shard 1 held %d articles, now %d", before, after)
	}
}

// A half-made shard 0 left beside a whole index is removed on Open.
func TestStaleBuildingRemoved(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	half := halfMadeShard0(t, dir)
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := os.Stat(half); !os.IsNotExist(err) {
		t.Errorf("%s still there: %v", half, err)
	}
}

// halfMadeShard0 leaves what a creation killed while building shard 0
// leaves beside its place, and returns its path.
func halfMadeShard0(t *testing.T, dir string) string {
	t.Helper()
	half := shardPath(dir, 0) + ".new"
	if err := os.MkdirAll(half, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(half, "index_meta.json"), []byte(`{"storage":"boltdb"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return half
}
