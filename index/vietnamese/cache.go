package vietnamese

import "sync"

// wordCache memoizes a per-word function. Vietnamese has a few thousand
// syllables, so nearly every word of a corpus is a hit; the cache stops
// growing at maxCached entries so odd input (numbers, names) cannot make
// it grow without bound.
type wordCache struct {
	mu sync.RWMutex
	m  map[string]string
	f  func(string) string
}

const maxCached = 1 << 18

func newWordCache(f func(string) string) *wordCache {
	return &wordCache{m: make(map[string]string, 1<<12), f: f}
}

func (c *wordCache) get(w string) string {
	c.mu.RLock()
	v, ok := c.m[w]
	c.mu.RUnlock()
	if ok {
		return v
	}
	v = c.f(w)
	c.mu.Lock()
	if len(c.m) < maxCached {
		c.m[w] = v
	}
	c.mu.Unlock()
	return v
}

var (
	canonCache = newWordCache(canon)
	foldCache  = newWordCache(fold)
)
