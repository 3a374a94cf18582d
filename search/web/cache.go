package web

import (
	lru "container/list"
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/govnews/govnews/search"
)

// resultCache keeps recent search results until the index changes. The
// same searches come back again and again (the home page's newest articles,
// feeds polled by readers, a topic everyone follows), and between crawls
// the index does not change, so their answer does not either. An entry is
// valid only for the index generation it was computed at: any write to the
// index, even during a crawl, makes every entry stale. A cached result is
// therefore never older than the index.
type resultCache struct {
	gen   func() uint64
	size  int
	mu    sync.Mutex
	items map[string]*lru.Element
	order *lru.List // front: most recently used
	hits  atomic.Uint64
	miss  atomic.Uint64
}

type cacheEntry struct {
	key string
	gen uint64
	res *search.Result
}

// newResultCache returns nil (no caching) when size <= 0 or the index's
// generation cannot be read.
func newResultCache(size int, gen func() uint64) *resultCache {
	if size <= 0 || gen == nil {
		return nil
	}
	return &resultCache{gen: gen, size: size, items: map[string]*lru.Element{}, order: lru.New()}
}

// cacheKey is the request in canonical form, with what was computed.
func cacheKey(req search.Request) string {
	return fmt.Sprintf("%t|%t|%s", req.Facets, req.Snippets, encodeRequest(req).Encode())
}

// search answers from the cache or runs run and remembers the result. The
// result is shared: callers must not modify it.
func (c *resultCache) search(ctx context.Context, req search.Request, run func(context.Context, search.Request) (*search.Result, error)) (*search.Result, error) {
	if c == nil {
		return run(ctx, req)
	}
	key := cacheKey(req)
	gen := c.gen() // read before searching: a write during the search makes the entry stale at once
	c.mu.Lock()
	if el, ok := c.items[key]; ok {
		e := el.Value.(*cacheEntry)
		if e.gen == gen {
			c.order.MoveToFront(el)
			c.mu.Unlock()
			c.hits.Add(1)
			return e.res, nil
		}
		c.order.Remove(el)
		delete(c.items, key)
	}
	c.mu.Unlock()
	c.miss.Add(1)
	res, err := run(ctx, req)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.Remove(el)
	}
	c.items[key] = c.order.PushFront(&cacheEntry{key: key, gen: gen, res: res})
	for c.order.Len() > c.size {
		old := c.order.Back()
		c.order.Remove(old)
		delete(c.items, old.Value.(*cacheEntry).key)
	}
	return res, nil
}
