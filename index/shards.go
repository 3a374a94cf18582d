package index

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// NewIndexShards is how many shards a new index gets. bleve searches one
// index on one goroutine; a query over two shards runs on both cores and
// answers in a little over half the time, which is what keeps queries
// over a million articles within their latency target. Indexes created
// before shards existed have one and keep working.
const NewIndexShards = 2

// shardsKey is where shard 0 records the shard count (bleve's internal
// storage); absent means one shard.
var shardsKey = []byte("govnews_shards")

// shardPath is shard i's directory: "index" for the first, so an index
// made before shards is shard 0 of a one-shard index.
func shardPath(dir string, i int) string {
	if i == 0 {
		return filepath.Join(dir, "index")
	}
	return filepath.Join(dir, "index-"+strconv.Itoa(i))
}

// shardOf is the shard that holds document id.
func (ix *Index) shardOf(id string) int { return ShardOf(id, len(ix.shards)) }

// ShardOf is the shard, of n, that holds document id.
func ShardOf(id string, n int) int {
	if n <= 1 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(n))
}

// openShards opens an existing index: shard 0 says how many there are.
func openShards(dir string) ([]bleve.Index, error) {
	first, err := openBleve(shardPath(dir, 0))
	if err != nil {
		return nil, err
	}
	shards := []bleve.Index{first}
	fail := func(err error) ([]bleve.Index, error) {
		for _, b := range shards {
			b.Close()
		}
		return nil, err
	}
	n := 1
	if v, err := first.GetInternal(shardsKey); err != nil {
		return fail(fmt.Errorf("index: open %s: %w", shardPath(dir, 0), err))
	} else if v != nil {
		if n, err = strconv.Atoi(string(v)); err != nil || n < 1 {
			return fail(fmt.Errorf("index: open %s: corrupt shard count %q", shardPath(dir, 0), v))
		}
	}
	for i := 1; i < n; i++ {
		path := shardPath(dir, i)
		if _, err := os.Stat(filepath.Join(path, "index_meta.json")); err != nil {
			return fail(fmt.Errorf("index: open %s: shard %d of %d is missing: %w", path, i+1, n, err))
		}
		b, err := openBleve(path)
		if err != nil {
			return fail(err)
		}
		shards = append(shards, b)
	}
	return shards, nil
}

// createShards makes a new index of n shards. Shard 0, which records the
// count, is built beside its place (index.new) and renamed into it last:
// a creation killed part way leaves no "index" directory, and the next
// Open starts again, rather than an index that opens with fewer shards
// than it was made with, or not at all.
func createShards(dir string, n int) ([]bleve.Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("index: create %s: %w", dir, err)
	}
	m, err := NewMapping()
	if err != nil {
		return nil, fmt.Errorf("index: mapping: %w", err)
	}
	shards := make([]bleve.Index, n)
	fail := func(err error) ([]bleve.Index, error) {
		for _, b := range shards {
			if b != nil {
				b.Close()
			}
		}
		return nil, err
	}
	final := shardPath(dir, 0)
	create := func(path string) (bleve.Index, error) {
		// Left by a creation that stopped before shard 0 was in place, it
		// holds nothing; one that holds articles is not ours to remove.
		n, err := articlesIn(path)
		if err != nil {
			return nil, fmt.Errorf("index: create %s: %w", final, err)
		}
		if n > 0 {
			return nil, fmt.Errorf("index: create %s: %s holds %d articles but %s is missing; put %s back, or move %s away to start a new index", final, path, n, final, final, path)
		}
		if err := os.RemoveAll(path); err != nil {
			return nil, fmt.Errorf("index: create %s: %w", path, err)
		}
		b, err := bleve.NewUsing(path, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, map[string]interface{}{"bolt_timeout": "2s"})
		if err != nil {
			return nil, fmt.Errorf("index: create %s: %w", path, err)
		}
		return b, nil
	}
	for i := n - 1; i >= 1; i-- {
		if shards[i], err = create(shardPath(dir, i)); err != nil {
			return fail(err)
		}
	}
	building := final + ".new"
	first, err := create(building)
	if err != nil {
		return fail(err)
	}
	if n > 1 {
		if err := first.SetInternal(shardsKey, []byte(strconv.Itoa(n))); err != nil {
			first.Close()
			return fail(fmt.Errorf("index: create %s: %w", final, err))
		}
	}
	if err := first.Close(); err != nil {
		return fail(fmt.Errorf("index: create %s: %w", final, err))
	}
	// An empty "index" directory (made by hand, or by an older govnews)
	// is in the way of the rename.
	if err := os.Remove(final); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fail(fmt.Errorf("index: create %s: %w", final, err))
	}
	if err := os.Rename(building, final); err != nil {
		return fail(fmt.Errorf("index: create %s: %w", final, err))
	}
	if err := syncDir(dir); err != nil {
		return fail(fmt.Errorf("index: create %s: %w", final, err))
	}
	if shards[0], err = openBleve(final); err != nil {
		return fail(err)
	}
	return shards, nil
}

// finishCreation completes a creation that stopped after shard 0 was
// whole (the shard count recorded) but before its rename into place was
// on disk, as a power cut can leave it. It reports whether it did.
func finishCreation(dir string) (bool, error) {
	final := shardPath(dir, 0)
	building := final + ".new"
	if _, err := os.Stat(filepath.Join(building, "index_meta.json")); err != nil {
		return false, nil
	}
	b, err := openBleve(building)
	if errors.Is(err, ErrLocked) {
		return false, err
	}
	if err != nil {
		return false, nil // half made: createShards starts again
	}
	v, err := b.GetInternal(shardsKey)
	n, _ := b.DocCount()
	b.Close()
	if err != nil || (v == nil && n == 0) {
		return false, nil
	}
	if err := os.Rename(building, final); err != nil {
		return false, fmt.Errorf("index: open %s: finishing its creation: %w", final, err)
	}
	return true, syncDir(dir)
}

// removeStaleBuilding removes a shard 0 left half made beside a whole
// index (it holds no articles: a creation never writes one there).
func removeStaleBuilding(final string) {
	building := final + ".new"
	if n, err := articlesIn(building); err == nil && n == 0 {
		os.RemoveAll(building)
	}
}

// articlesIn counts the articles of the bleve index at path: 0 when there
// is none, or only a half-made one.
func articlesIn(path string) (uint64, error) {
	if _, err := os.Stat(filepath.Join(path, "index_meta.json")); errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	b, err := openBleve(path)
	if errors.Is(err, ErrLocked) {
		return 0, err
	}
	if err != nil {
		return 0, nil // half made
	}
	defer b.Close()
	return b.DocCount()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Create makes a new index of n shards in dir, which must hold none (for
// tests and benchmarks that compare shard counts; Open makes
// NewIndexShards).
func Create(dir string, n int) (*Index, error) {
	if n < 1 {
		return nil, fmt.Errorf("index: create %s: %d shards", dir, n)
	}
	if _, err := os.Stat(filepath.Join(shardPath(dir, 0), "index_meta.json")); err == nil {
		return nil, fmt.Errorf("index: create %s: an index is already there", shardPath(dir, 0))
	}
	shards, err := createShards(dir, n)
	if err != nil {
		return nil, err
	}
	return newIndex(dir, shards), nil
}

// Shards are the shards' bleve indexes, for searches that run their own
// collector on each (search's relevance pages).
func (ix *Index) Shards() []bleve.Index { return ix.shards }

func (ix *Index) newBatches() []*bleve.Batch {
	batches := make([]*bleve.Batch, len(ix.shards))
	for i, b := range ix.shards {
		batches[i] = b.NewBatch()
	}
	return batches
}

// applyBatches stores each shard's batch, the shards at once.
func (ix *Index) applyBatches(batches []*bleve.Batch) error {
	errs := make([]error, len(batches))
	var wg sync.WaitGroup
	for i, batch := range batches {
		if batch.Size() == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = ix.shards[i].Batch(batch)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Search runs req over every shard. A search over several shards that
// fails in one of them is an error, not a partial result.
func (ix *Index) Search(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := ix.all.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	if res.Status != nil && len(res.Status.Errors) > 0 {
		for name, err := range res.Status.Errors {
			return nil, fmt.Errorf("index: search %s: %w", name, err)
		}
	}
	return res, nil
}

// Fields lists the fields indexed in any shard.
func (ix *Index) Fields() ([]string, error) {
	var all []string
	for _, b := range ix.shards {
		fields, err := b.Fields()
		if err != nil {
			return nil, fmt.Errorf("index: fields: %w", err)
		}
		for _, f := range fields {
			if !slices.Contains(all, f) {
				all = append(all, f)
			}
		}
	}
	return all, nil
}
