package search

import (
	"fmt"
	"sync"
)

// facetCache keeps the facet counts of recent searches. Counts depend on
// the query and filters only, not on the sort or the page, so paging
// through results, or many readers opening the front page, computes them
// once per index generation instead of visiting every hit's doc values
// each time.
type facetCache struct {
	mu    sync.Mutex
	gen   uint64
	items map[string]map[string][]FacetCount
	order []string
}

const facetCacheSize = 256

func facetKey(r Request) string {
	return fmt.Sprintf("%q|%q|%q|%q|%q|%d|%d|%d|%q", r.Query, r.Provinces, r.Sources, r.Topics, r.Agencies, r.From.Unix(), r.To.Unix(), r.relax, r.Group)
}

func (c *facetCache) get(gen uint64, key string) (map[string][]FacetCount, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return nil, false
	}
	f, ok := c.items[key]
	return f, ok
}

func (c *facetCache) put(gen uint64, key string, f map[string][]FacetCount) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.items == nil {
		c.gen, c.items, c.order = gen, map[string]map[string][]FacetCount{}, nil
	}
	if _, ok := c.items[key]; ok {
		return
	}
	if len(c.order) >= facetCacheSize {
		delete(c.items, c.order[0])
		c.order = c.order[1:]
	}
	c.items[key] = f
	c.order = append(c.order, key)
}
