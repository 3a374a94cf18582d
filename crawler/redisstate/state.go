package redisstate

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/govnews/govnews/crawler"
	"github.com/govnews/govnews/crawler/state"
)

// Keys of the crawl state. URL records and content hashes are one hash
// each, like the bbolt buckets (a URL or an article belongs to the whole
// crawl, not to one source); a source's run, frontier (a sorted set by
// sequence number), queued set and sequence are keys of their own.
const (
	KeyURLs   = Prefix + "urls"     // URL -> state.Record JSON
	KeyHashes = Prefix + "hashes"   // content hash -> URL
	KeyStream = Prefix + "articles" // stream of stored articles: a (JSON), t (content type), p (gzip page)
)

func keyRun(src string) string      { return Prefix + "src:" + src + ":run" }
func keyFrontier(src string) string { return Prefix + "src:" + src + ":frontier" }
func keyQueued(src string) string   { return Prefix + "src:" + src + ":queued" }
func keySeq(src string) string      { return Prefix + "src:" + src + ":seq" }

// State is the crawl state in Redis: a crawler.State and crawler.Publisher.
// Its methods retry while Redis is away (see Client.do) until ctx ends.
type State struct {
	c   *Client
	ctx context.Context
	// Holder, when set, is the worker whose lease a batch needs: a batch
	// of a source leased to another worker (this one stalled past its
	// lease and the source was taken over) is refused with ErrLeaseLost.
	Holder string
	// MaxStream bounds the article stream: a batch with articles waits
	// (logged) while the stream holds more entries than this, until serve
	// has caught up. 0 is no bound.
	MaxStream int64
}

// DefaultMaxStream: at 10–30 KB per waiting entry, about 2–3 GB of Redis.
const DefaultMaxStream = 100000

// ErrLeaseLost refuses a batch of a source this worker no longer holds.
var ErrLeaseLost = errors.New("lease lost: the source is leased to another worker")

// NewState is the crawl state on c; ctx bounds the retries (a worker
// passes one that outlives its SIGTERM, so that the last batch is written).
func NewState(ctx context.Context, c *Client) *State {
	return &State{c: c, ctx: ctx, MaxStream: DefaultMaxStream}
}

var (
	_ crawler.State     = (*State)(nil)
	_ crawler.Publisher = (*State)(nil)
)

func (s *State) URL(u string) (state.Record, bool, error) {
	var v string
	err := s.c.do(s.ctx, "url", func(ctx context.Context) error {
		var err error
		v, err = s.c.rdb.HGet(ctx, KeyURLs, u).Result()
		return err
	})
	if errors.Is(err, redis.Nil) {
		return state.Record{}, false, nil
	}
	if err != nil {
		return state.Record{}, false, fmt.Errorf("state: url %s: %w", u, err)
	}
	var r state.Record
	if err := json.Unmarshal([]byte(v), &r); err != nil {
		return state.Record{}, false, fmt.Errorf("state: url %s: %w", u, err)
	}
	return r, true, nil
}

func (s *State) Queued(source, u string) bool {
	var v string
	err := s.c.do(s.ctx, "queued", func(ctx context.Context) error {
		var err error
		v, err = s.c.rdb.HGet(ctx, keyQueued(source), u).Result()
		return err
	})
	return err == nil && v == "1"
}

func (s *State) HashOwner(h string) (string, bool, error) {
	var v string
	err := s.c.do(s.ctx, "hash", func(ctx context.Context) error {
		var err error
		v, err = s.c.rdb.HGet(ctx, KeyHashes, h).Result()
		return err
	})
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("state: hash: %w", err)
	}
	return v, v != "", nil
}

func (s *State) Run(source string) (state.Run, error) {
	var v string
	err := s.c.do(s.ctx, "run", func(ctx context.Context) error {
		var err error
		v, err = s.c.rdb.Get(ctx, keyRun(source)).Result()
		return err
	})
	var r state.Run
	if errors.Is(err, redis.Nil) {
		return r, nil
	}
	if err != nil {
		return r, fmt.Errorf("state: source %s: %w", source, err)
	}
	if err := json.Unmarshal([]byte(v), &r); err != nil {
		return r, fmt.Errorf("state: source %s: %w", source, err)
	}
	return r, nil
}

func (s *State) putRun(source string, r state.Run, clear bool) error {
	v, _ := json.Marshal(r)
	return s.c.do(s.ctx, "run", func(ctx context.Context) error {
		_, err := s.c.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			if clear {
				p.Del(ctx, keyFrontier(source), keyQueued(source))
			}
			p.Set(ctx, keyRun(source), v, 0)
			return nil
		})
		return err
	})
}

func (s *State) StartRun(source string, started time.Time, seeds []state.Item) error {
	run, err := s.Run(source)
	if err != nil {
		return err
	}
	run.Running, run.Started, run.Finished = true, started, time.Time{}
	if err := s.putRun(source, run, true); err != nil {
		return fmt.Errorf("state: start run of %s: %w", source, err)
	}
	_, _, err = s.ApplyPublish(state.Change{Source: source, Enqueue: seeds}, nil)
	return err
}

func (s *State) FinishRun(source string, finished time.Time, complete bool, summary []byte) error {
	run, err := s.Run(source)
	if err != nil {
		return err
	}
	run.Finished, run.Summary = finished, summary
	if complete {
		run.Running = false
		run.LastComplete = finished
	}
	if err := s.putRun(source, run, false); err != nil {
		return fmt.Errorf("state: finish run of %s: %w", source, err)
	}
	return nil
}

func (s *State) Next(source string, after uint64) (state.Item, bool, error) {
	var zs []redis.Z
	err := s.c.do(s.ctx, "next", func(ctx context.Context) error {
		var err error
		zs, err = s.c.rdb.ZRangeByScoreWithScores(ctx, keyFrontier(source), &redis.ZRangeBy{
			Min: "(" + strconv.FormatUint(after, 10), Max: "+inf", Count: 1}).Result()
		return err
	})
	if err != nil {
		return state.Item{}, false, fmt.Errorf("state: frontier of %s: %w", source, err)
	}
	if len(zs) == 0 {
		return state.Item{}, false, nil
	}
	var it state.Item
	if err := json.Unmarshal([]byte(zs[0].Member.(string)), &it); err != nil {
		return state.Item{}, false, fmt.Errorf("state: frontier of %s: %w", source, err)
	}
	it.Seq = uint64(math.Round(zs[0].Score))
	return it, true, nil
}

func (s *State) Pending(source string) int {
	var n int64
	_ = s.c.do(s.ctx, "pending", func(ctx context.Context) error {
		var err error
		n, err = s.c.rdb.ZCard(ctx, keyFrontier(source)).Result()
		return err
	})
	return int(n)
}

func (s *State) Apply(c state.Change) (added, seen int, err error) {
	return s.ApplyPublish(c, nil)
}

// applyScript writes a state.Change and publishes the stored pages in one
// step: frontier items done, URL records, content hashes, links seen,
// links queued (unless queued this run), and one stream entry per page.
var applyScript = redis.NewScript(`
if ARGV[2] ~= '' and redis.call('HGET', KEYS[7], ARGV[3]) ~= ARGV[2] then
  return redis.error_reply('LEASELOST source ' .. ARGV[3])
end
local c = cjson.decode(ARGV[1])
for _, s in ipairs(c.done or {}) do redis.call('ZREMRANGEBYSCORE', KEYS[1], s, s) end
for _, r in ipairs(c.records or {}) do redis.call('HSET', KEYS[4], r[1], r[2]) end
for _, h in ipairs(c.hashes or {}) do redis.call('HSET', KEYS[5], h[1], h[2]) end
local seen = 0
for _, u in ipairs(c.seen or {}) do
  if redis.call('HSETNX', KEYS[2], u, '2') == 1 then seen = seen + 1 end
end
local added = 0
for _, e in ipairs(c.enq or {}) do
  local v = redis.call('HGET', KEYS[2], e[1])
  if (not v) or (v == '2' and e[2] == 1) then
    local seq = redis.call('INCR', KEYS[3])
    redis.call('ZADD', KEYS[1], seq, e[3])
    redis.call('HSET', KEYS[2], e[1], '1')
    added = added + 1
  end
end
local i = 4
while i + 2 <= #ARGV do
  redis.call('XADD', KEYS[6], '*', 'a', ARGV[i], 't', ARGV[i+1], 'p', ARGV[i+2])
  i = i + 3
end
return {added, seen}
`)

type change struct {
	Done    []uint64    `json:"done,omitempty"`
	Records [][2]string `json:"records,omitempty"`
	Hashes  [][2]string `json:"hashes,omitempty"`
	Seen    []string    `json:"seen,omitempty"`
	Enq     []enq       `json:"enq,omitempty"`
}

type enq [3]any // url, 1 when the item has a lastmod, item JSON

// ApplyPublish writes c and adds pages to the article stream, atomically.
func (s *State) ApplyPublish(c state.Change, pages []crawler.Page) (added, seen int, err error) {
	var ch change
	ch.Done = c.Done
	for u, r := range c.Records {
		v, _ := json.Marshal(r)
		ch.Records = append(ch.Records, [2]string{u, string(v)})
	}
	for h, u := range c.Hashes {
		ch.Hashes = append(ch.Hashes, [2]string{h, u})
	}
	ch.Seen = c.Seen
	for _, it := range c.Enqueue {
		v, _ := json.Marshal(it)
		ch.Enq = append(ch.Enq, enq{it.URL, b2i(!it.Mod.IsZero()), string(v)})
	}
	arg, err := json.Marshal(ch)
	if err != nil {
		return 0, 0, fmt.Errorf("state: apply for %s: %w", c.Source, err)
	}
	args := []any{arg, s.Holder, c.Source}
	if len(pages) > 0 {
		if err := s.waitForStream(); err != nil {
			return 0, 0, fmt.Errorf("state: publish for %s: %w", c.Source, err)
		}
	}
	for _, p := range pages {
		a, gz, err := EncodePage(p)
		if err != nil {
			return 0, 0, fmt.Errorf("state: publish %s: %w", p.Article.URL, err)
		}
		args = append(args, a, p.ContentType, gz)
	}
	keys := []string{keyFrontier(c.Source), keyQueued(c.Source), keySeq(c.Source), KeyURLs, KeyHashes, KeyStream, KeyOwner}
	var res []int64
	err = s.c.do(s.ctx, "apply", func(ctx context.Context) error {
		var err error
		res, err = applyScript.Run(ctx, s.c.rdb, keys, args...).Int64Slice()
		return err
	})
	if err != nil && strings.Contains(err.Error(), "LEASELOST") {
		return 0, 0, fmt.Errorf("state: apply for %s: %w", c.Source, ErrLeaseLost)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("state: apply for %s: %w", c.Source, err)
	}
	return int(res[0]), int(res[1]), nil
}

// EncodePage is a page as a stream entry's fields: the article's JSON (the
// export schema) and the page, gzip-compressed.
func EncodePage(p crawler.Page) (article []byte, page []byte, err error) {
	article, err = json.Marshal(p.Article)
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zw.Write(p.Body)
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	return article, buf.Bytes(), nil
}

// DecodePage reverses EncodePage.
func DecodePage(article, contentType, page string) (crawler.Page, error) {
	var p crawler.Page
	if err := json.Unmarshal([]byte(article), &p.Article); err != nil {
		return p, fmt.Errorf("article: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader([]byte(page)))
	if err != nil {
		return p, fmt.Errorf("page: %w", err)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(zr); err != nil {
		return p, fmt.Errorf("page: %w", err)
	}
	p.ContentType, p.Body = contentType, buf.Bytes()
	return p, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Robots caches robots.txt files in Redis with an expiry (crawler.RobotsCache).
type Robots struct {
	c   *Client
	ctx context.Context
	TTL time.Duration // 24 h
}

// NewRobots is the robots.txt cache on c.
func NewRobots(ctx context.Context, c *Client) *Robots {
	return &Robots{c: c, ctx: ctx, TTL: 24 * time.Hour}
}

func keyRobots(k string) string { return Prefix + "robots:" + k }

type robotsValue struct {
	Status  int       `json:"s"`
	Body    []byte    `json:"b"`
	Fetched time.Time `json:"f"`
}

func (r *Robots) GetRobots(key string) (int, []byte, time.Time, bool) {
	var v string
	err := r.c.do(r.ctx, "robots", func(ctx context.Context) error {
		var err error
		v, err = r.c.rdb.Get(ctx, keyRobots(key)).Result()
		return err
	})
	if err != nil {
		return 0, nil, time.Time{}, false
	}
	var rv robotsValue
	if json.Unmarshal([]byte(v), &rv) != nil {
		return 0, nil, time.Time{}, false
	}
	return rv.Status, rv.Body, rv.Fetched, true
}

func (r *Robots) PutRobots(key string, status int, body []byte, fetched time.Time) {
	v, _ := json.Marshal(robotsValue{status, body, fetched})
	err := r.c.do(r.ctx, "robots", func(ctx context.Context) error {
		return r.c.rdb.Set(ctx, keyRobots(key), v, r.TTL).Err()
	})
	if err != nil {
		r.c.log.Warn("redis: robots.txt not cached", "key", key, "err", err)
	}
}

var _ crawler.Prefetcher = (*State)(nil)

// Lookup reads the records and queued marks of urls in one round trip.
func (s *State) Lookup(source string, urls []string) (map[string]state.Record, map[string]bool, error) {
	var recs, marks []any
	err := s.c.do(s.ctx, "lookup", func(ctx context.Context) error {
		cmds, err := s.c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			p.HMGet(ctx, KeyURLs, urls...)
			p.HMGet(ctx, keyQueued(source), urls...)
			return nil
		})
		if err != nil {
			return err
		}
		recs, marks = cmds[0].(*redis.SliceCmd).Val(), cmds[1].(*redis.SliceCmd).Val()
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("state: lookup: %w", err)
	}
	out, queued := map[string]state.Record{}, map[string]bool{}
	for i, u := range urls {
		if v, ok := recs[i].(string); ok {
			var r state.Record
			if err := json.Unmarshal([]byte(v), &r); err != nil {
				return nil, nil, fmt.Errorf("state: url %s: %w", u, err)
			}
			out[u] = r
		}
		if v, ok := marks[i].(string); ok && v == "1" {
			queued[u] = true
		}
	}
	return out, queued, nil
}

// ClaimFetch takes the right to fetch key's robots.txt for 30 s.
func (r *Robots) ClaimFetch(key string) bool {
	var ok bool
	err := r.c.do(r.ctx, "robots", func(ctx context.Context) error {
		var err error
		ok, err = r.c.rdb.SetNX(ctx, keyRobots(key)+":fetching", 1, 30*time.Second).Result()
		return err
	})
	return err != nil || ok
}

// waitForStream holds a batch back while the stream is over MaxStream
// entries (serve is behind, or down): backpressure, logged, rather than
// Redis filling up with pages.
func (s *State) waitForStream() error {
	if s.MaxStream <= 0 {
		return nil
	}
	logged := false
	for {
		var n int64
		err := s.c.do(s.ctx, "xlen", func(ctx context.Context) error {
			var err error
			n, err = s.c.rdb.XLen(ctx, KeyStream).Result()
			return err
		})
		if err != nil || n <= s.MaxStream {
			if logged {
				s.c.log.Info("redis: article stream below its bound again; publishing", "entries", n)
			}
			return err
		}
		if !logged {
			s.c.log.Warn("redis: article stream full (serve is behind or down); holding the batch", "entries", n, "bound", s.MaxStream)
			logged = true
		}
		t := time.NewTimer(time.Second)
		select {
		case <-s.ctx.Done():
			t.Stop()
			return s.ctx.Err()
		case <-t.C:
		}
	}
}
