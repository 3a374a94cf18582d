package index

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2"
)

// Field lengths for length normalisation (BM25).
//
// BM25 divides a term's frequency by how long the field is against the
// average field of the index. bleve keeps each posting's length norm but
// no total: its own BM25 takes the number of distinct terms of a field as
// the total, which for titles and bodies is far from the number of words.
// So every shard keeps the running word count of its titles and bodies in
// its internal storage, updated in the same batch as the articles: the
// figure is as durable as the articles themselves. An article replaced is
// counted again (the old version is not read back to subtract), and a
// deleted one is not subtracted: the result is an average over the
// versions written, which is what a length norm needs, not an exact sum.
// `govnews retag --all` starts the totals from zero (ResetLengths) and
// counts each article once.

// lengthsKey is where a shard keeps its LengthTotals.
var lengthsKey = []byte("govnews_lengths")

// LengthTotals are the word counts of the titles and bodies written to a
// shard, and how many articles they came from.
type LengthTotals struct {
	Articles uint64 `json:"articles"`
	Title    uint64 `json:"title"`
	Body     uint64 `json:"body"`
}

// Add adds o to t.
func (t *LengthTotals) Add(o LengthTotals) {
	t.Articles += o.Articles
	t.Title += o.Title
	t.Body += o.Body
}

// Default average lengths, for an index written before the totals were
// kept (until `govnews retag --all` rewrites it): a news title and body.
const (
	DefaultAvgTitleWords = 14
	DefaultAvgBodyWords  = 500
)

// Averages are the mean title and body lengths in words, the defaults
// when nothing was counted.
func (t LengthTotals) Averages() (title, body float64) {
	if t.Articles == 0 {
		return DefaultAvgTitleWords, DefaultAvgBodyWords
	}
	title = float64(t.Title) / float64(t.Articles)
	body = float64(t.Body) / float64(t.Articles)
	return max(title, 1), max(body, 1)
}

// ShardLengths reads a shard's totals; zero for a shard that has none.
func ShardLengths(shard bleve.Index) (LengthTotals, error) {
	v, err := shard.GetInternal(lengthsKey)
	if err != nil || v == nil {
		return LengthTotals{}, err
	}
	t, err := DecodeLengths(v)
	if err != nil {
		return LengthTotals{}, fmt.Errorf("index: corrupt length totals %q: %w", v, err)
	}
	return t, nil
}

// shardLengths keeps each shard's totals in memory while the index is
// open, so that batches in flight at once add to the same figures.
type shardLengths struct {
	mu     sync.Mutex
	loaded bool
	totals []LengthTotals
}

// add records a batch's lengths for shard i and returns the new totals,
// which the batch writes beside its articles.
func (l *shardLengths) add(ix *Index, i int, batch LengthTotals) ([]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.loaded {
		l.totals = make([]LengthTotals, len(ix.shards))
		for s, b := range ix.shards {
			t, err := ShardLengths(b)
			if err != nil {
				return nil, fmt.Errorf("index: shard %d: %w", s, err)
			}
			l.totals[s] = t
		}
		l.loaded = true
	}
	l.totals[i].Add(batch)
	return json.Marshal(l.totals[i])
}

// WordCount counts the words of s as the tokenizer would, roughly: runs
// of letters and digits. Cheap enough to run on every article stored.
func WordCount(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// articleLengths are the lengths of the title and body that buildDocument
// indexes.
func articleLengths(a *Article) LengthTotals {
	body := WordCount(a.Body)
	if a.Lead != "" && !strings.Contains(a.Body, a.Lead) {
		body += WordCount(a.Lead)
	}
	return LengthTotals{Articles: 1, Title: uint64(WordCount(a.DisplayTitle())), Body: uint64(body)}
}

// LengthsKey is the internal-storage key of a shard's LengthTotals, for a
// reader that has only bleve's index reader at hand.
func LengthsKey() []byte { return lengthsKey }

// DecodeLengths decodes the value stored under LengthsKey.
func DecodeLengths(v []byte) (LengthTotals, error) {
	var t LengthTotals
	err := json.Unmarshal(v, &t)
	return t, err
}

// ResetLengths sets every shard's totals to zero, before a rewrite of every
// article (`retag --all`) counts each once: the totals of an index where
// articles were replaced (an import killed and run again) counted those
// twice. Nothing else may write meanwhile.
func (ix *Index) ResetLengths() error {
	l := &ix.lengths
	l.mu.Lock()
	defer l.mu.Unlock()
	zero, _ := json.Marshal(LengthTotals{})
	for i, b := range ix.shards {
		if err := b.SetInternal(lengthsKey, zero); err != nil {
			return fmt.Errorf("index: shard %d: reset lengths: %w", i, err)
		}
	}
	l.totals, l.loaded = make([]LengthTotals, len(ix.shards)), true
	return nil
}
