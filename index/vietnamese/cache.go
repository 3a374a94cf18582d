package vietnamese

import (
	"strings"
	"sync"
	"sync/atomic"
)

// wordCache memoizes a per-word function. Vietnamese has a few thousand
// syllables, so nearly every word of a corpus is a hit; the cache stops
// growing at maxCached entries so odd input (numbers, names) cannot make
// it grow without bound. sync.Map: reads, which are nearly all calls, take
// no lock, so indexing workers and concurrent searches do not contend.
type wordCache struct {
	m    sync.Map
	size atomic.Int64
	f    func(string) string
}

const maxCached = 1 << 18

func newWordCache(f func(string) string) *wordCache { return &wordCache{f: f} }

func (c *wordCache) get(w string) string {
	if v, ok := c.m.Load(w); ok {
		return v.(string)
	}
	v := c.f(w)
	if c.size.Load() < maxCached {
		// Clone: w is usually a slice of a whole article, which the
		// cache must not keep alive.
		if _, loaded := c.m.LoadOrStore(strings.Clone(w), strings.Clone(v)); !loaded {
			c.size.Add(1)
		}
	}
	return v
}

var canonCache = newWordCache(canon)
