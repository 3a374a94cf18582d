package index

import (
	"fmt"
	"strings"
	"sync"

	"github.com/govnews/govnews/index/vietnamese"
)

// Writer stores a stream of articles in batches for bulk loads (import,
// retag, the benchmark). Building a batch's index segment is the bulk of
// an import's work and bleve does it on the goroutine that calls Batch;
// Writer keeps batches in flight so that both cores build segments
// (WriterBatches).
//
// A later article with a URL already in flight waits for that batch to be
// stored first, so the last version of an article read is the one kept,
// as with Put. When Close returns nil every article added is on disk.
type Writer struct {
	ix   *Index
	size int

	pending []Article
	slots   chan struct{} // one per batch in flight

	mu       sync.Mutex
	cond     *sync.Cond
	inFlight map[string]int // URL → batches in flight that hold it
	running  int
	stored   int
	err      error
}

// WriterBatches is how many segments a Writer builds at once: two, one
// per core. On a sharded index one batch already builds a segment in each
// shard at once, so a Writer keeps WriterBatches/shards batches in flight
// (at least one), and more would only hold more articles in memory.
const WriterBatches = 2

// NewWriter returns a Writer whose batches give each shard about size
// articles: size times the number of shards.
func (ix *Index) NewWriter(size int) *Writer {
	shards := len(ix.shards)
	return ix.newWriter(max(size, 1)*shards, max(1, WriterBatches/shards))
}

func (ix *Index) newWriter(batch, inFlight int) *Writer {
	w := &Writer{ix: ix, size: batch, slots: make(chan struct{}, inFlight), inFlight: map[string]int{}}
	w.cond = sync.NewCond(&w.mu)
	return w
}

// Add queues an article; a full batch starts storing. It returns the
// first error of an earlier batch, after which nothing more is stored.
func (w *Writer) Add(a Article) error {
	if err := w.Err(); err != nil {
		return err
	}
	w.pending = append(w.pending, a)
	if len(w.pending) >= w.size {
		w.start()
	}
	return w.Err()
}

// Stored is how many articles are on disk so far.
func (w *Writer) Stored() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stored
}

// Err is the first error of a batch, if any.
func (w *Writer) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Close stores what is queued and waits for every batch.
func (w *Writer) Close() error {
	if len(w.pending) > 0 && w.Err() == nil {
		w.start()
	}
	w.mu.Lock()
	for w.running > 0 {
		w.cond.Wait()
	}
	defer w.mu.Unlock()
	return w.err
}

func (w *Writer) start() {
	batch := w.pending
	w.pending = make([]Article, 0, w.size)
	w.mu.Lock()
	// Keys as Put will see them: Put normalizes the URL the same way.
	urls := make([]string, len(batch))
	for i := range batch {
		urls[i] = strings.TrimSpace(vietnamese.NFC(batch[i].URL))
	}
	for conflict := true; conflict && w.err == nil; {
		conflict = false
		for _, u := range urls {
			if w.inFlight[u] > 0 {
				conflict = true
				w.cond.Wait()
				break
			}
		}
	}
	if w.err != nil {
		w.mu.Unlock()
		return
	}
	for _, u := range urls {
		w.inFlight[u]++
	}
	w.running++
	w.mu.Unlock()

	w.slots <- struct{}{}
	go func() {
		err := w.ix.Put(batch...)
		<-w.slots
		w.mu.Lock()
		for _, u := range urls {
			if w.inFlight[u]--; w.inFlight[u] == 0 {
				delete(w.inFlight, u)
			}
		}
		if err != nil && w.err == nil {
			w.err = fmt.Errorf("%w (batch from %s)", err, urls[0])
		}
		if err == nil {
			w.stored += len(batch)
		}
		w.running--
		w.cond.Broadcast()
		w.mu.Unlock()
	}()
}
