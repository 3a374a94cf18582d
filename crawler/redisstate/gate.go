package redisstate

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Gate is per-host politeness across processes (crawler.Gate). A host's
// hash holds the time its next request may start and, while a request
// runs, the lock of the process sending it (with an expiry, so a killed
// worker does not hold a host for longer than a request may take). Both
// scripts read Redis' own clock, in microseconds.
type Gate struct {
	c   *Client
	ctx context.Context
	// LockTTL is how long a request may hold its host: the request
	// timeout and a margin.
	LockTTL time.Duration
	// MaxPoll caps one wait between attempts while another process holds
	// the host.
	MaxPoll time.Duration
}

// NewGate is the host gate on c.
func NewGate(ctx context.Context, c *Client, requestTimeout time.Duration) *Gate {
	return &Gate{c: c, ctx: ctx, LockTTL: requestTimeout + 5*time.Second, MaxPoll: 250 * time.Millisecond}
}

func keyHost(h string) string { return Prefix + "host:" + h }

// acquireScript: 0 and the lock when the host is free and rested; else the
// microseconds until it is rested, or, negative, until another process's
// lock expires (that process usually releases it sooner: poll). The
// host's gap becomes the asking source's delay (ARGV[3]) when that is
// longer: every worker's sources on the host share the longest.
var acquireScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local gap = tonumber(redis.call('HGET', KEYS[1], 'gap') or '0')
if tonumber(ARGV[3]) > gap then redis.call('HSET', KEYS[1], 'gap', ARGV[3]) end
local h = redis.call('HMGET', KEYS[1], 'next', 'lock', 'until')
local nxt, lock, untl = tonumber(h[1] or '0'), h[2], tonumber(h[3] or '0')
if lock and lock ~= ARGV[1] and untl > now then return now - untl end
if nxt > now then return nxt - now end
redis.call('HSET', KEYS[1], 'lock', ARGV[1], 'until', string.format('%.0f', now + tonumber(ARGV[2])))
redis.call('PEXPIRE', KEYS[1], 86400000)
return 0
`)

// releaseScript: the host rests ARGV[2] µs from now (Redis' clock, after
// the response), and at least its gap; the lock goes.
var releaseScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local gap = tonumber(redis.call('HGET', KEYS[1], 'gap') or '0')
local nxt = now + math.max(tonumber(ARGV[2]), gap)
local cur = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
if nxt > cur then redis.call('HSET', KEYS[1], 'next', string.format('%.0f', nxt)) end
if redis.call('HGET', KEYS[1], 'lock') == ARGV[1] then redis.call('HDEL', KEYS[1], 'lock', 'until') end
redis.call('PEXPIRE', KEYS[1], 86400000)
return 1
`)

// Acquire waits for host's turn across all processes; delay is the asking
// source's (crawler.Gate).
func (g *Gate) Acquire(ctx context.Context, host string, delay time.Duration) (func(rest time.Duration), error) {
	token := newToken()
	key := keyHost(host)
	for {
		var wait int64
		err := g.c.do(ctx, "gate", func(ctx context.Context) error {
			var err error
			wait, err = acquireScript.Run(ctx, g.c.rdb, []string{key}, token, g.LockTTL.Microseconds(), delay.Microseconds()).Int64()
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("host gate %s: %w", host, err)
		}
		if wait == 0 {
			break
		}
		d := time.Duration(wait) * time.Microsecond
		if wait < 0 {
			d = min(-d, g.MaxPoll)
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
	return func(rest time.Duration) {
		// The release must happen even when the crawl is being stopped.
		err := g.c.do(context.WithoutCancel(g.ctx), "gate", func(ctx context.Context) error {
			return releaseScript.Run(ctx, g.c.rdb, []string{key}, token, rest.Microseconds()).Err()
		})
		if err != nil {
			g.c.log.Warn("redis: host gate not released; its lock expires", "host", host, "err", err)
		}
	}, nil
}

func newToken() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
