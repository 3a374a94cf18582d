// Package state is the crawler's memory between runs, a bbolt file in the
// data directory (DATA/crawl.db): what every URL was when last fetched
// (kind, validators, content hash), which content hashes are stored, each
// source's last run, and the frontier of a run in progress.
//
// Nothing here lives in RAM: the crawl of a portal with a million pages
// asks bbolt whether a URL was seen instead of keeping a visited set, and a
// crawl killed with -9 finds its frontier where it left it.
package state

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Kinds of URL.
const (
	KindListing   = "listing"   // a listing page: gives links, never stored as an article
	KindArticle   = "article"   // an article page (or a candidate, in the frontier)
	KindFeed      = "feed"      // RSS or Atom
	KindSitemap   = "sitemap"   // sitemap or sitemap index
	KindDuplicate = "duplicate" // same article as Record.Canonical
	KindGone      = "gone"      // 404/410, or not an article after all
)

// Record is what the crawler knows about one URL.
type Record struct {
	Kind         string    `json:"k"`
	Source       string    `json:"s,omitempty"`
	ETag         string    `json:"e,omitempty"`
	LastModified string    `json:"m,omitempty"`
	Hash         string    `json:"h,omitempty"` // content hash of the stored article
	Canonical    string    `json:"c,omitempty"` // the URL the article is stored under, when not this one
	Status       int       `json:"st,omitempty"`
	FetchedAt    time.Time `json:"f,omitzero"`
	StoredAt     time.Time `json:"a,omitzero"` // when the article went into the index
	// Mod is the sitemap lastmod or feed updated date the stored copy
	// answers to, so a portal whose dates run ahead of our clock does not
	// get every article fetched again on every run.
	Mod time.Time `json:"lm,omitzero"`
}

// ChangedSince says a sitemap or feed date mod announces a change that
// the record does not have yet.
func (r Record) ChangedSince(mod time.Time) bool {
	if mod.IsZero() {
		return false
	}
	if !r.Mod.IsZero() {
		return mod.After(r.Mod)
	}
	return mod.After(r.FetchedAt)
}

// Stored reports whether the URL's article is in the index (under this URL
// or, for a redirect or duplicate, under Canonical).
func (r Record) Stored() bool { return !r.StoredAt.IsZero() }

// Item is a URL waiting in a source's frontier.
type Item struct {
	URL   string    `json:"u"`
	Kind  string    `json:"k"`           // what it is expected to be
	Depth int       `json:"d,omitempty"` // listing pages followed to reach it
	Mod   time.Time `json:"m,omitzero"`  // lastmod from a sitemap or feed, when known
	Seq   uint64    `json:"-"`
}

// Run is the state of one source's runs.
type Run struct {
	Running      bool      `json:"running"` // a run started and did not finish: resume it
	Started      time.Time `json:"started,omitzero"`
	Finished     time.Time `json:"finished,omitzero"`
	LastComplete time.Time `json:"last_complete,omitzero"` // last run that emptied its frontier
	NextSeq      uint64    `json:"next_seq"`
	Summary      []byte    `json:"summary,omitempty"` // the crawler's JSON summary of the last run
}

var (
	bucketURLs    = []byte("urls")
	bucketHashes  = []byte("hashes")
	bucketSources = []byte("sources")
)

// Values in a queued bucket.
const (
	queued   = 1
	seenOnly = 2
)

func frontierBucket(source string) []byte { return []byte("frontier:" + source) }
func queuedBucket(source string) []byte   { return []byte("queued:" + source) }

// Store is the crawl state file.
type Store struct {
	db *bolt.DB
}

// Open opens or creates the state file at path.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("state: open %s: %w", path, err)
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 2 * time.Second, NoFreelistSync: true})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("state: open %s: locked (is another govnews crawling into this data directory?)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("state: open %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketURLs, bucketHashes, bucketSources} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("state: open %s: %w", path, err)
	}
	return &Store{db: db}, nil
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// URL returns what is known about u.
func (s *Store) URL(u string) (Record, bool, error) {
	var r Record
	var ok bool
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketURLs).Get([]byte(u))
		if v == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(v, &r)
	})
	if err != nil {
		return Record{}, false, fmt.Errorf("state: url %s: %w", u, err)
	}
	return r, ok, nil
}

// Queued reports whether u was queued (for fetching) in the source's
// current run.
func (s *Store) Queued(source, u string) bool {
	q := false
	s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(queuedBucket(source)); b != nil {
			v := b.Get([]byte(u))
			q = v != nil && v[0] == queued
		}
		return nil
	})
	return q
}

// HashOwner returns the URL an article with content hash h is stored under.
func (s *Store) HashOwner(h string) (string, bool, error) {
	var u string
	err := s.db.View(func(tx *bolt.Tx) error {
		u = string(tx.Bucket(bucketHashes).Get([]byte(h)))
		return nil
	})
	return u, u != "", err
}

// Run returns the run state of a source.
func (s *Store) Run(source string) (Run, error) {
	var r Run
	err := s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketSources).Get([]byte(source)); v != nil {
			return json.Unmarshal(v, &r)
		}
		return nil
	})
	if err != nil {
		return Run{}, fmt.Errorf("state: source %s: %w", source, err)
	}
	return r, nil
}

// StartRun begins a fresh run of source: the frontier and the run's set of
// queued URLs are emptied, then seeds are queued.
func (s *Store) StartRun(source string, started time.Time, seeds []Item) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{frontierBucket(source), queuedBucket(source)} {
			if tx.Bucket(b) != nil {
				if err := tx.DeleteBucket(b); err != nil {
					return err
				}
			}
		}
		run, err := getRun(tx, source)
		if err != nil {
			return err
		}
		run.Running, run.Started, run.Finished = true, started, time.Time{}
		if err := putRun(tx, source, run); err != nil {
			return err
		}
		_, err = enqueue(tx, source, seeds)
		return err
	})
}

// FinishRun records the end of a run; complete says the frontier emptied.
func (s *Store) FinishRun(source string, finished time.Time, complete bool, summary []byte) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		run, err := getRun(tx, source)
		if err != nil {
			return err
		}
		run.Finished, run.Summary = finished, summary
		if complete {
			run.Running = false
			run.LastComplete = finished
		}
		return putRun(tx, source, run)
	})
}

// Next returns the first frontier item after seq (0 for the first).
func (s *Store) Next(source string, after uint64) (Item, bool, error) {
	var it Item
	var ok bool
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(frontierBucket(source))
		if b == nil {
			return nil
		}
		k, v := b.Cursor().Seek(seqKey(after + 1))
		if k == nil {
			return nil
		}
		ok = true
		it.Seq = binary.BigEndian.Uint64(k)
		return json.Unmarshal(v, &it)
	})
	if err != nil {
		return Item{}, false, fmt.Errorf("state: frontier of %s: %w", source, err)
	}
	return it, ok, nil
}

// Pending counts the source's frontier.
func (s *Store) Pending(source string) int {
	n := 0
	s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(frontierBucket(source)); b != nil {
			n = b.Stats().KeyN
		}
		return nil
	})
	return n
}

// Change is what processing some frontier items learned, applied in one
// transaction so a crash leaves either all of it or none.
type Change struct {
	Source  string
	Done    []uint64          // frontier items finished
	Records map[string]Record // URL records to write
	Hashes  map[string]string // content hash -> URL stored under it
	Enqueue []Item            // links found (queued unless already queued this run)
	// Seen are links to pages already stored and unchanged: marked as
	// queued this run, so they are counted once, but not fetched.
	Seen []string
}

// Apply writes c and reports how many links were newly queued and how
// many of Seen were new to this run.
func (s *Store) Apply(c Change) (added, seen int, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		if fb := tx.Bucket(frontierBucket(c.Source)); fb != nil {
			for _, seq := range c.Done {
				if err := fb.Delete(seqKey(seq)); err != nil {
					return err
				}
			}
		}
		ub := tx.Bucket(bucketURLs)
		for u, r := range c.Records {
			v, _ := json.Marshal(r)
			if err := ub.Put([]byte(u), v); err != nil {
				return err
			}
		}
		hb := tx.Bucket(bucketHashes)
		for h, u := range c.Hashes {
			if err := hb.Put([]byte(h), []byte(u)); err != nil {
				return err
			}
		}
		if len(c.Seen) > 0 {
			qb, err := tx.CreateBucketIfNotExists(queuedBucket(c.Source))
			if err != nil {
				return err
			}
			for _, u := range c.Seen {
				if qb.Get([]byte(u)) == nil {
					seen++
					if err := qb.Put([]byte(u), []byte{seenOnly}); err != nil {
						return err
					}
				}
			}
		}
		var err error
		added, err = enqueue(tx, c.Source, c.Enqueue)
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("state: apply for %s: %w", c.Source, err)
	}
	return added, seen, nil
}

// Empty reports whether c changes nothing.
func (c *Change) Empty() bool {
	return len(c.Done) == 0 && len(c.Records) == 0 && len(c.Hashes) == 0 && len(c.Enqueue) == 0 && len(c.Seen) == 0
}

func enqueue(tx *bolt.Tx, source string, items []Item) (int, error) {
	if len(items) == 0 {
		return 0, nil
	}
	fb, err := tx.CreateBucketIfNotExists(frontierBucket(source))
	if err != nil {
		return 0, err
	}
	qb, err := tx.CreateBucketIfNotExists(queuedBucket(source))
	if err != nil {
		return 0, err
	}
	run, err := getRun(tx, source)
	if err != nil {
		return 0, err
	}
	added := 0
	for _, it := range items {
		// A URL queued this run is not queued again; one only seen (stored,
		// unchanged) is, when a sitemap or feed now dates a change.
		if v := qb.Get([]byte(it.URL)); v != nil && (v[0] != seenOnly || it.Mod.IsZero()) {
			continue
		}
		run.NextSeq++
		v, _ := json.Marshal(it)
		if err := fb.Put(seqKey(run.NextSeq), v); err != nil {
			return added, err
		}
		if err := qb.Put([]byte(it.URL), []byte{queued}); err != nil {
			return added, err
		}
		added++
	}
	return added, putRun(tx, source, run)
}

func getRun(tx *bolt.Tx, source string) (Run, error) {
	var r Run
	if v := tx.Bucket(bucketSources).Get([]byte(source)); v != nil {
		if err := json.Unmarshal(v, &r); err != nil {
			return r, fmt.Errorf("source %s: %w", source, err)
		}
	}
	return r, nil
}

func putRun(tx *bolt.Tx, source string, r Run) error {
	v, _ := json.Marshal(r)
	return tx.Bucket(bucketSources).Put([]byte(source), v)
}

func seqKey(seq uint64) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, seq)
	return k
}
