package search

import (
	"sort"
	"strings"
	"sync"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/vietnamese"
)

// agencySpellings maps each stored agency's folded name to its stored
// spellings ("sở y tế" → "Sở Y tế", "sở y tế"), sorted. It is read once per
// index generation: a search with an agency filter parses its query
// several times, and each would otherwise walk the agency dictionary.
type agencySpellings struct {
	mu    sync.Mutex
	gen   uint64
	byKey map[string][]string
}

func agencyKey(a string) string { return strings.Join(strings.Fields(vietnamese.Fold(a)), " ") }

// spellings returns the map for ix as it is now.
func (c *agencySpellings) spellings(ix *index.Index) (map[string][]string, error) {
	gen := ix.Generation()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byKey != nil && c.gen == gen {
		return c.byKey, nil
	}
	stored, err := ix.TermCounts(index.FieldAgency)
	if err != nil {
		return nil, err
	}
	byKey := map[string][]string{}
	for a := range stored {
		byKey[agencyKey(a)] = append(byKey[agencyKey(a)], a)
	}
	for _, same := range byKey {
		sort.Strings(same)
	}
	c.byKey, c.gen = byKey, gen
	return byKey, nil
}

// canonicalAgencies returns names with each agency typed in any case or
// without diacritics ("so kh&cn") as every agency stored under that
// spelling ("Sở KH&CN", "sở KH&CN"), comma-joined; one that matches none
// stays as typed (the check of filter values reports it).
func (s *Searcher) canonicalAgencies(names []string) []string {
	if len(names) == 0 {
		return names
	}
	byKey, err := s.agencies.spellings(s.ix)
	if err != nil {
		return names
	}
	out := make([]string, 0, len(names))
	for _, v := range names {
		parts := strings.Split(v, ",")
		for i, p := range parts {
			p = strings.TrimSpace(vietnamese.NFC(p))
			if p == "" {
				continue
			}
			// Every stored spelling, also when the typed one is among them.
			if same := byKey[agencyKey(p)]; len(same) > 0 {
				parts[i] = strings.Join(same, ",")
			}
		}
		out = append(out, strings.Join(parts, ","))
	}
	return out
}
