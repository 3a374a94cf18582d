package index

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
	bolt "go.etcd.io/bbolt"

	"github.com/govnews/govnews/index/vietnamese"
)

// Tagger names the topics of an article. The search package implements it
// from configs/topics.yaml; the index calls it on every Put.
type Tagger interface {
	Topics(a *Article) []string
}

// Index is govnews' article store: bleve indexes in a directory, one per
// shard (shards.go). An article lives in the shard its id hashes to.
type Index struct {
	dir       string
	shards    []bleve.Index
	all       bleve.Index // searches every shard: an alias, or the one shard
	mu        sync.RWMutex
	tagger    Tagger
	provinces *Provinces
	gen       atomic.Uint64 // bumped by every write: caches of search results key on it
	lengths   shardLengths  // word counts for BM25's length norm (lengths.go)
	groups    groupState    // near-duplicate groups being assigned (groups.go)
}

// Generation changes whenever the index's content changes.
func (ix *Index) Generation() uint64 { return ix.gen.Load() }

// ErrLocked is returned by Open when another process holds the index.
var ErrLocked = errors.New("locked by another process")

// Open opens the index in dir, creating it when dir does not exist or is
// empty. An index held by another process, or a directory that is not an
// index, gets an error that names the directory.
func Open(dir string) (*Index, error) {
	if dir == "" {
		return nil, errors.New("index: open: no data directory given")
	}
	path := shardPath(dir, 0)
	_, statErr := os.Stat(filepath.Join(path, "index_meta.json"))
	var shards []bleve.Index
	var err error
	switch {
	case statErr == nil:
		removeStaleBuilding(path)
		shards, err = openShards(dir)
	case errors.Is(statErr, fs.ErrNotExist):
		if entries, err := os.ReadDir(path); err == nil && len(entries) > 0 {
			return nil, fmt.Errorf("index: open %s: directory is not a govnews index (index_meta.json missing); move it away or choose another --data", path)
		}
		var finished bool
		if finished, err = finishCreation(dir); err == nil {
			if finished {
				shards, err = openShards(dir)
			} else {
				shards, err = createShards(dir, NewIndexShards)
			}
		}
	default:
		return nil, fmt.Errorf("index: open %s: %w", path, statErr)
	}
	if err != nil {
		return nil, err
	}
	return newIndex(dir, shards), nil
}

func newIndex(dir string, shards []bleve.Index) *Index {
	ix := &Index{dir: dir, shards: shards, all: shards[0]}
	if len(shards) > 1 {
		ix.all = bleve.NewIndexAlias(shards...)
	}
	return ix
}

// openBleve opens one shard's bleve index, telling a lock held by another
// process apart from a damaged index.
func openBleve(path string) (bleve.Index, error) {
	b, err := bleve.OpenUsing(path, map[string]interface{}{"bolt_timeout": "2s"})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) || strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("index: open %s: %w (is another govnews running on this data directory?)", path, ErrLocked)
		}
		return nil, fmt.Errorf("index: open %s: corrupt or unreadable index: %w", path, err)
	}
	return b, nil
}

// ErrNoIndex is returned by OpenExisting when there is no index yet.
var ErrNoIndex = errors.New("no index here")

// OpenExisting opens the index in dir like Open, but never creates one: a
// command that only reads (search, export, stats) must not answer "0
// results" from a mistyped --data.
func OpenExisting(dir string) (*Index, error) {
	if _, err := os.Stat(filepath.Join(dir, "index", "index_meta.json")); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("index: open %s: %w (import or crawl articles first, or check --data)", filepath.Join(dir, "index"), ErrNoIndex)
	}
	return Open(dir)
}

// Dir is the data directory the index lives in.
func (ix *Index) Dir() string { return ix.dir }

// Bleve gives the search package an index that searches every shard.
// Use Search rather than its SearchInContext: a search over several shards
// that fails in one reports it only in the result's status.
func (ix *Index) Bleve() bleve.Index { return ix.all }

// SetTagger sets what names an article's topics on Put.
func (ix *Index) SetTagger(t Tagger) { ix.mu.Lock(); ix.tagger = t; ix.mu.Unlock() }

// SetProvinces sets the province table used to fill ProvinceNow.
func (ix *Index) SetProvinces(p *Provinces) { ix.mu.Lock(); ix.provinces = p; ix.mu.Unlock() }

// Provinces returns the province table in use (nil when none was set).
func (ix *Index) Provinces() *Provinces { ix.mu.RLock(); defer ix.mu.RUnlock(); return ix.provinces }

// Close flushes and closes the index.
func (ix *Index) Close() error {
	var first error
	for _, b := range ix.shards {
		if err := b.Close(); err != nil && first == nil {
			first = fmt.Errorf("index: close %s: %w", ix.dir, err)
		}
	}
	if first != nil {
		return first
	}
	return nil
}

// ID is the document id of the article at url: short, URL-safe, stable.
func ID(url string) string {
	return ContentHash(url, "")[:24]
}

// Put stores articles in one batch per shard: new URLs are added, known
// ones replaced. When Put returns nil every article is on disk.
func (ix *Index) Put(articles ...Article) error {
	if len(articles) == 0 {
		return nil
	}
	ix.mu.RLock()
	tagger, provinces := ix.tagger, ix.provinces
	ix.mu.RUnlock()
	for i := range articles {
		a := &articles[i]
		a.Normalize()
		if a.URL == "" {
			return fmt.Errorf("index: put: article %d (%q) has no url", i, a.DisplayTitle())
		}
		if err := CheckDate(a.Published); err != nil {
			return fmt.Errorf("index: put %s: published: %w", a.URL, err)
		}
		if provinces != nil {
			a.Province, a.ProvinceNow = provinces.Resolve(a.Province, a.ProvinceNow)
		}
		if tagger != nil {
			a.Topics = tagger.Topics(a)
		}
	}
	// Every path that stores articles comes here: each gets its
	// near-duplicate group (groups.go).
	bands, release, err := ix.assignGroups(articles)
	if err != nil {
		return fmt.Errorf("index: put: %w", err)
	}
	defer release()
	batches := ix.newBatches()
	lengths := make([]LengthTotals, len(batches))
	for i := range articles {
		a := &articles[i]
		id := ID(a.URL)
		shard := ix.shardOf(id)
		if err := batches[shard].IndexAdvanced(buildDocument(id, a, bands[i])); err != nil {
			return fmt.Errorf("index: put %s: %w", a.URL, err)
		}
		lengths[shard].Add(articleLengths(a))
	}
	for i, l := range lengths {
		if l.Articles == 0 {
			continue
		}
		v, err := ix.lengths.add(ix, i, l)
		if err != nil {
			return fmt.Errorf("index: put: %w", err)
		}
		batches[i].SetInternal(lengthsKey, v)
	}
	err = ix.applyBatches(batches)
	ix.gen.Add(1)
	if err != nil {
		return fmt.Errorf("index: put batch of %d: %w", len(articles), err)
	}
	return nil
}

// SortKeys are an article's keys for the date sorts, newest first and
// oldest first: its publication time in seconds plus a fraction taken from
// a hash of its URL, so that keys are nearly unique and a date-sorted page
// needs no tie-break on the document id (which costs a stored-field read
// per hit). Undated articles come last in both orders.
func SortKeys(a *Article) (newest, oldest float64) {
	sum := sha256.Sum256([]byte(a.URL))
	frac := float64(binary.BigEndian.Uint64(sum[:8])>>12) / (1 << 52) // [0, 1)
	if a.Published.IsZero() {
		return -(1 << 40) + frac*(1<<20), (1 << 40) + frac*(1<<20)
	}
	sec := float64(a.Published.Unix())
	return sec + frac, sec + frac
}

// RefKey is how a document number is indexed and looked up: canonical
// spelling, lowercase ("250/QĐ-SKHCN" → "250/qđ-skhcn").
func RefKey(ref string) string { return vietnamese.Canon(strings.TrimSpace(ref)) }

// ProvinceKeys are the folded names under which an article is filtered:
// the province as published and the province it belongs to now.
func ProvinceKeys(names ...string) []string {
	var keys []string
	seen := map[string]bool{}
	for _, n := range names {
		k := ProvinceKey(n)
		if k != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

// RefSpellings are the keys a document number typed in a query may be
// indexed under, the first being RefKey(ref): đ folds to d, so 250/QD is
// also 250/QĐ, and 250/QĐ also the 250/QD a portal wrote without it; TW is
// also TƯ (18-NQ/TƯ, the Party's own spelling of Trung ương); and the
// separators may stand the other way round (18/NQ-TW for 18-NQ/TW). At
// most 32 spellings.
func RefSpellings(ref string) []string {
	const most = 32
	out := [][]rune{[]rune(RefKey(ref))}
	for i, r := range out[0] {
		if r != 'd' && r != 'đ' || len(out) >= most/4 {
			continue
		}
		other := 'đ'
		if r == 'đ' {
			other = 'd'
		}
		for _, k := range out {
			alt := append([]rune(nil), k...)
			alt[i] = other
			out = append(out, alt)
		}
	}
	keys := make([]string, 0, len(out)*4)
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] && len(keys) < most {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, k := range out {
		add(string(k))
	}
	for _, k := range append([]string(nil), keys...) {
		add(otherCentral(k))
	}
	for _, k := range append([]string(nil), keys...) {
		add(swapSeparators(k))
	}
	return keys
}

// otherCentral writes a ref's code TW as TƯ and TƯ as TW.
func otherCentral(key string) string {
	parts := strings.FieldsFunc(key, func(r rune) bool { return r == '-' || r == '/' })
	if !slices.Contains(parts, "tw") && !slices.Contains(parts, "tư") {
		return key
	}
	var b strings.Builder
	start := 0
	for i := 0; i <= len(key); i++ {
		if i < len(key) && key[i] != '-' && key[i] != '/' {
			continue
		}
		switch seg := key[start:i]; seg {
		case "tw":
			b.WriteString("tư")
		case "tư":
			b.WriteString("tw")
		default:
			b.WriteString(seg)
		}
		if i < len(key) {
			b.WriteByte(key[i])
		}
		start = i + 1
	}
	return b.String()
}

// swapSeparators writes each - of a ref as / and each / as -; a number
// with a year (13/2023/NĐ-CP) is written one way only and stays.
func swapSeparators(key string) string {
	b := []byte(key)
	for i := range b {
		if (b[i] == '-' || b[i] == '/') && i+5 <= len(b) && isYear(b[i+1:i+5]) {
			return key
		}
	}
	for i, c := range b {
		switch c {
		case '-':
			b[i] = '/'
		case '/':
			b[i] = '-'
		}
	}
	return string(b)
}

func isYear(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// RefKeys are the keys a cited document number is indexed under: the
// whole number and each shorter form that ends before a separator after
// its code, so that "250/QĐ" finds 250/QĐ-SKHCN and 250/QĐ-UBND and
// "18-NQ" finds 18-NQ/TW, while the whole number finds only itself.
func RefKeys(ref string) []string {
	key := RefKey(ref)
	keys := []string{key}
	letter := false
	for i, r := range key {
		switch {
		case unicode.IsLetter(r):
			letter = true
		case (r == '-' || r == '/') && letter && i > 0:
			keys = append(keys, key[:i])
		}
	}
	return keys
}

// ProvinceKey folds a province name for matching: "Tỉnh Bến Tre", "ben tre"
// and "BẾN TRE" are one key.
func ProvinceKey(name string) string {
	// A dash reads as a space: "Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu"
	// and "Bà Rịa-Vũng Tàu" are one province.
	k := strings.Join(strings.FieldsFunc(vietnamese.Fold(name), func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r >= '\u2010' && r <= '\u2015' || r == '\u2212'
	}), " ")
	for _, prefix := range []string{"tinh ", "thanh pho ", "tp. ", "tp "} {
		k = strings.TrimPrefix(k, prefix)
	}
	switch k {
	case "hcm", "tp.hcm", "tphcm", "ho chi minh":
		k = "ho chi minh"
	}
	return k
}

// Get returns the article stored under url.
func (ix *Index) Get(url string) (Article, bool, error) {
	return ix.GetByID(ID(storedURL(url)))
}

// storedURL is raw as Put stores an article's URL (Normalize): NFC, and
// normalised as the crawler normalises links, so that Get and Delete find
// the article under any URL that names it.
func storedURL(raw string) string {
	raw = strings.TrimSpace(vietnamese.NFC(raw))
	if u, err := url.Parse(raw); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return NormalizeURL(u).String()
	}
	return raw
}

// GetByID returns the article with the given document id.
func (ix *Index) GetByID(id string) (Article, bool, error) {
	doc, err := ix.shards[ix.shardOf(id)].Document(id)
	if err != nil {
		return Article{}, false, fmt.Errorf("index: get %s: %w", id, err)
	}
	if doc == nil {
		return Article{}, false, nil
	}
	var raw interface{}
	doc.VisitFields(func(f bleveindex.Field) {
		if f.Name() == FieldRaw {
			raw = string(f.Value())
		}
	})
	a, err := DecodeRaw(raw)
	if err != nil {
		return Article{}, false, fmt.Errorf("index: get %s: %w", id, err)
	}
	return a, true, nil
}

// Delete removes the articles at the given URLs, normalized as Put and Get
// normalize them (an NFD URL names the same article).
func (ix *Index) Delete(urls ...string) error {
	batches := ix.newBatches()
	for _, u := range urls {
		id := ID(storedURL(u))
		batches[ix.shardOf(id)].Delete(id)
	}
	err := ix.applyBatches(batches)
	ix.gen.Add(1)
	if err != nil {
		return fmt.Errorf("index: delete: %w", err)
	}
	return nil
}

// Count is the number of stored articles.
func (ix *Index) Count() (uint64, error) {
	var total uint64
	for _, b := range ix.shards {
		n, err := b.DocCount()
		if err != nil {
			return 0, fmt.Errorf("index: count: %w", err)
		}
		total += n
	}
	return total, nil
}

// SizeBytes is the size of the index on disk.
func (ix *Index) SizeBytes() int64 {
	var size int64
	for i := range ix.shards {
		_ = filepath.WalkDir(shardPath(ix.dir, i), func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if info, err := d.Info(); err == nil {
					size += info.Size()
				}
			}
			return nil
		})
	}
	return size
}

// TermCounts returns, for each term of a keyword field, how many stored
// articles have it. Over the whole index this is what a facet counts, for
// the cost of a dictionary walk instead of a visit to every article. The
// dictionary lists terms of deleted (and replaced) articles too, so each
// count is the term's postings without them.
func (ix *Index) TermCounts(field string) (map[string]int, error) {
	counts := map[string]int{}
	for _, b := range ix.shards {
		if err := termCounts(b, field, counts); err != nil {
			return nil, fmt.Errorf("index: terms of %s: %w", field, err)
		}
	}
	return counts, nil
}

// termCounts adds one shard's live postings per term of field to counts.
func termCounts(b bleve.Index, field string, counts map[string]int) error {
	adv, err := b.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	dict, err := r.FieldDict(field)
	if err != nil {
		return err
	}
	defer dict.Close()
	for {
		e, err := dict.Next()
		if err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		tfr, err := r.TermFieldReader(context.Background(), []byte(e.Term), field, false, false, false)
		if err != nil {
			return err
		}
		if n := tfr.Count(); n > 0 {
			counts[e.Term] += int(n)
		}
		tfr.Close()
	}
}

// WaitMerges waits until bleve's background merging of index segments has
// gone quiet: nothing persisted or merged for quiet. After a bulk import
// the merger goes on for minutes and takes a core; a benchmark of queries
// run meanwhile measures the merge, not the queries.
func (ix *Index) WaitMerges(ctx context.Context, quiet time.Duration) (time.Duration, error) {
	started := time.Now()
	var stats []*scorch.Stats
	for _, b := range ix.shards {
		adv, err := b.Advanced()
		if err != nil {
			return 0, fmt.Errorf("index: wait for merges: %w", err)
		}
		if sc, ok := adv.(*scorch.Scorch); ok {
			if st, ok := sc.Stats().(*scorch.Stats); ok {
				stats = append(stats, st)
			}
		}
	}
	activity := func() [4]uint64 {
		var sum [4]uint64
		for _, st := range stats {
			sum[0] += atomic.LoadUint64(&st.TotFileMergeZapBeg)
			sum[1] += atomic.LoadUint64(&st.TotFileMergeZapEnd)
			sum[2] += atomic.LoadUint64(&st.TotPersistedSegments)
			sum[3] += atomic.LoadUint64(&st.TotFileMergePlanTasksDone)
		}
		return sum
	}
	last, since := activity(), time.Now()
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return time.Since(started), ctx.Err()
		case <-t.C:
		}
		now := activity()
		if now != last || now[0] != now[1] {
			last, since = now, time.Now()
			continue
		}
		if time.Since(since) >= quiet {
			return time.Since(started), nil
		}
	}
}
