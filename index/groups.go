package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/govnews/govnews/index/neardup"
)

// Near-duplicate groups (docs/dedup.md).
//
// Every article Put stores gets a group: the group of a stored (or
// being-stored) article it is a copy of, else its own id. Candidates are
// the articles that share a signature band with it (neardup.Text.Bands,
// indexed in FieldDupBands), most shared bands first; the first of at
// most maxVerify that neardup.Same accepts gives its group. So imports,
// crawls, reindex and retag, which all store through Put, group alike.
//
// Puts may run at once (a Writer keeps two batches in flight on a
// one-shard index): an article being stored is a candidate for the others
// from the time its group is chosen until its batch is searchable, through
// groupState.inFlight.

// maxVerify bounds the candidates compared with an article.
const maxVerify = 4

// maxPostings bounds how many articles one band term contributes: a band
// shared by thousands (a boilerplate page) says nothing.
const maxPostings = 200

type groupState struct {
	mu       sync.Mutex
	inFlight map[string][]*pendingDup // band → articles chosen but not yet searchable
	off      bool                     // SetNearDuplicates(false)
	spent    atomic.Int64             // nanoseconds spent assigning groups
}

// GroupingTime is how long this Index has spent assigning groups: the
// signatures, the band lookups and the comparisons (for benchmarks).
func (ix *Index) GroupingTime() time.Duration { return time.Duration(ix.groups.spent.Load()) }

type pendingDup struct {
	id, url, group string
	text           *neardup.Text
}

// dupText is the text a signature is taken from: the body, with the lead
// when the body does not hold it (as indexed).
func dupText(a *Article) string {
	if a.Lead != "" && !strings.Contains(a.Body, a.Lead) {
		return a.Lead + "\n\n" + a.Body
	}
	return a.Body
}

// assignGroups sets the Group of each article and returns their band
// terms, and a function to call once the batch is searchable (or failed).
func (ix *Index) assignGroups(articles []Article) ([][]string, func(), error) {
	st := &ix.groups
	bands := make([][]string, len(articles))
	st.mu.Lock()
	off := st.off
	st.mu.Unlock()
	if off {
		for i := range articles {
			articles[i].Group = ID(articles[i].URL)
		}
		return bands, func() {}, nil
	}
	started := time.Now()
	defer func() { st.spent.Add(int64(time.Since(started))) }()
	// Signatures on two goroutines: while a batch is being grouped the
	// Writer's reader is waiting, so a core would idle.
	texts := make([]*neardup.Text, len(articles))
	half := len(articles) / 2
	var wg sync.WaitGroup
	for _, part := range [][2]int{{0, half}, {half, len(articles)}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := part[0]; i < part[1]; i++ {
				texts[i] = neardup.Analyze(dupText(&articles[i]))
				bands[i] = texts[i].Bands()
			}
		}()
	}
	wg.Wait()
	st.mu.Lock()
	defer st.mu.Unlock()
	readers := make([]bleveindex.IndexReader, len(ix.shards))
	defer func() {
		for _, r := range readers {
			if r != nil {
				r.Close()
			}
		}
	}()
	for i, b := range ix.shards {
		adv, err := b.Advanced()
		if err != nil {
			return nil, nil, fmt.Errorf("index: groups: %w", err)
		}
		if readers[i], err = adv.Reader(); err != nil {
			return nil, nil, fmt.Errorf("index: groups: %w", err)
		}
	}
	// Most band terms are in no stored article: a dictionary lookup
	// (no postings opened) rules them out.
	dicts, err := fieldDicts(readers, FieldDupBands)
	if err != nil {
		return nil, nil, err
	}
	// An article's id is a group term only once it was stored: a new
	// article costs a dictionary lookup, no postings (othersInGroup).
	groupDicts, err := fieldDicts(readers, FieldGroup)
	if err != nil {
		return nil, nil, err
	}
	// Stored candidates, each shard on its own goroutine.
	stored := make([][][]candidate, len(readers)) // shard → article → candidates
	errs := make([]error, len(readers))
	for s := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stored[s] = make([][]candidate, len(articles))
			for i := range articles {
				if stored[s][i], errs[s] = storedCandidates(readers[s], dicts[s], s, bands[i]); errs[s] != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	var mine []*pendingDup
	batch := map[string][]*pendingDup{} // this batch's bands
	for i := range articles {
		a := &articles[i]
		id := ID(a.URL)
		a.Group = id
		p := &pendingDup{id: id, url: a.URL, group: id, text: texts[i]}
		copyOf := false
		if len(bands[i]) > 0 {
			var found []candidate
			for s := range stored {
				found = append(found, stored[s][i]...)
			}
			g, err := ix.findGroup(readers, p, bands[i], found, batch, st.inFlight)
			if err != nil {
				return nil, nil, err
			}
			if g != "" {
				a.Group, p.group = g, g
				copyOf = true
			}
		}
		if !copyOf {
			// The first member of a group, stored again with a text that
			// is no copy of anything: the group's other members still
			// name its id. Staying in it, the article would be collapsed
			// behind a text it no longer shares; it leaves under a group
			// of its own text.
			others, err := othersInGroup(readers, groupDicts, id)
			if err != nil {
				return nil, nil, err
			}
			if others {
				a.Group = ID(a.URL + "\x00" + a.ContentHash)
				p.group = a.Group
			}
		}
		if len(bands[i]) > 0 {
			for _, b := range bands[i] {
				batch[b] = append(batch[b], p)
			}
		}
		mine = append(mine, p)
	}
	if st.inFlight == nil {
		st.inFlight = map[string][]*pendingDup{}
	}
	for b, ps := range batch {
		st.inFlight[b] = append(st.inFlight[b], ps...)
	}
	release := func() {
		st.mu.Lock()
		defer st.mu.Unlock()
		for b, ps := range batch {
			left := slices.DeleteFunc(st.inFlight[b], func(p *pendingDup) bool { return slices.Contains(ps, p) })
			if len(left) == 0 {
				delete(st.inFlight, b)
			} else {
				st.inFlight[b] = left
			}
		}
	}
	return bands, release, nil
}

// fieldDicts opens each reader's dictionary of field for lookups (nil for
// a reader that cannot: its postings are then opened for every term).
func fieldDicts(readers []bleveindex.IndexReader, field string) ([]bleveindex.FieldDictContains, error) {
	dicts := make([]bleveindex.FieldDictContains, len(readers))
	for i, r := range readers {
		if rc, ok := r.(bleveindex.IndexReaderContains); ok {
			var err error
			if dicts[i], err = rc.FieldDictContains(field); err != nil {
				return nil, fmt.Errorf("index: groups: %w", err)
			}
		}
	}
	return dicts, nil
}

// othersInGroup says whether a stored article other than id is in group id.
func othersInGroup(readers []bleveindex.IndexReader, dicts []bleveindex.FieldDictContains, id string) (bool, error) {
	found := false
	for i, r := range readers {
		err := eachPosting(r, dicts[i], FieldGroup, id, -1, func(ext string) bool {
			found = ext != id
			return !found
		})
		if err != nil || found {
			return found, err
		}
	}
	return false, nil
}

// eachPosting calls fn with the id of each article of r holding
// field:term (at most limit of them; -1 for all) until fn returns false.
// dict, when not nil, rules out a term no article holds without opening
// its postings.
func eachPosting(r bleveindex.IndexReader, dict bleveindex.FieldDictContains, field, term string, limit int, fn func(id string) bool) error {
	if dict != nil {
		if ok, err := dict.Contains([]byte(term)); err != nil || !ok {
			if err != nil {
				return fmt.Errorf("index: groups: %w", err)
			}
			return nil
		}
	}
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return fmt.Errorf("index: groups: %w", err)
	}
	defer tfr.Close()
	for n := 0; limit < 0 || n < limit; n++ {
		d, err := tfr.Next(nil)
		if err != nil {
			return fmt.Errorf("index: groups: %w", err)
		}
		if d == nil {
			return nil
		}
		ext, err := r.ExternalID(d.ID)
		if err != nil {
			return fmt.Errorf("index: groups: %w", err)
		}
		if !fn(ext) {
			return nil
		}
	}
	return nil
}

// candidate is an article sharing bands with the one being stored.
type candidate struct {
	id     string
	shared int
	p      *pendingDup // set when it is not stored yet
	shard  int
}

// storedCandidates lists the stored articles of one shard that share a
// band with an article, once per band shared.
func storedCandidates(r bleveindex.IndexReader, dict bleveindex.FieldDictContains, shard int, bands []string) ([]candidate, error) {
	var out []candidate
	for _, b := range bands {
		// Most band terms are in no stored article: the dictionary
		// rules them out.
		err := eachPosting(r, dict, FieldDupBands, b, maxPostings, func(ext string) bool {
			out = append(out, candidate{id: ext, shard: shard})
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// findGroup returns the group of the best verified candidate, or "":
// stored ones (one entry per band shared) and those of this batch and of
// batches in flight that share its bands.
func (ix *Index) findGroup(readers []bleveindex.IndexReader, p *pendingDup, bands []string, stored []candidate, batch, inFlight map[string][]*pendingDup) (string, error) {
	cands := map[string]*candidate{}
	add := func(id string, c candidate) {
		if id == p.id {
			return // the article's own earlier version
		}
		if old := cands[id]; old != nil {
			old.shared++
			if c.p != nil {
				old.p = c.p
			}
			return
		}
		c.id, c.shared = id, 1
		cands[id] = &c
	}
	for _, b := range bands {
		for _, q := range batch[b] {
			add(q.id, candidate{p: q})
		}
		for _, q := range inFlight[b] {
			add(q.id, candidate{p: q})
		}
	}
	for _, c := range stored {
		add(c.id, c)
	}
	if len(cands) == 0 {
		return "", nil
	}
	list := make([]*candidate, 0, len(cands))
	for _, c := range cands {
		list = append(list, c)
	}
	slices.SortFunc(list, func(a, b *candidate) int { return cmp.Or(cmp.Compare(b.shared, a.shared), strings.Compare(a.id, b.id)) })
	for _, c := range list[:min(len(list), maxVerify)] {
		text, group := (*neardup.Text)(nil), ""
		if c.p != nil {
			text, group = c.p.text, c.p.group
		} else {
			a, ok, err := readStored(readers[c.shard], c.id)
			if err != nil {
				return "", err
			}
			if !ok {
				continue
			}
			text, group = neardup.Analyze(dupText(&a)), a.Group
			if group == "" {
				group = c.id // stored before groups: its own
			}
		}
		if neardup.Same(p.text, text) {
			return group, nil
		}
	}
	return "", nil
}

// readStored reads a stored article through an index reader.
func readStored(r bleveindex.IndexReader, id string) (Article, bool, error) {
	doc, err := r.Document(id)
	if err != nil {
		return Article{}, false, fmt.Errorf("index: groups: read %s: %w", id, err)
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
		return Article{}, false, fmt.Errorf("index: groups: read %s: %w", id, err)
	}
	return a, true, nil
}

// SetNearDuplicates turns group assignment on (the default) or off. Off,
// every article stored is its own group and gets no bands: only for
// measuring what grouping costs (govnews bench dups).
func (ix *Index) SetNearDuplicates(on bool) {
	ix.groups.mu.Lock()
	ix.groups.off = !on
	ix.groups.mu.Unlock()
}
