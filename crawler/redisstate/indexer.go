package redisstate

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/govnews/govnews/crawler"
)

// DefaultGroup is the consumer group serve reads the article stream in.
const DefaultGroup = "indexers"

// Indexer is serve's side of the article stream: it reads entries in a
// consumer group, stores each batch (Store: the raw pages, then the index,
// durable when it returns) and only then acknowledges and deletes the
// entries. After a crash the entries it had read and not acknowledged are
// still pending under its name and are read again first; entries pending
// under another consumer for longer than ClaimIdle are claimed
// (XAUTOCLAIM). Storing is idempotent by URL, so an entry read twice
// replaces its article with itself.
type Indexer struct {
	C         *Client
	Store     func(pages []crawler.Page) error
	Group     string        // DefaultGroup
	Consumer  string        // "serve"
	Batch     int           // entries per batch (200)
	Block     time.Duration // longest wait for new entries (1 s)
	ClaimIdle time.Duration // 30 s

	indexed atomic.Int64 // entries stored and acknowledged
	lagMS   atomic.Int64 // age of the newest entry of the last batch when it was stored
	bad     atomic.Int64 // entries that could not be decoded (acknowledged, logged)
}

// Indexed counts the entries stored and acknowledged since start.
func (x *Indexer) Indexed() int64 { return x.indexed.Load() }

// Lag is how old the last stored batch's newest entry was when it became
// durable: the time from a worker's publish to searchable.
func (x *Indexer) Lag() time.Duration { return time.Duration(x.lagMS.Load()) * time.Millisecond }

// Run reads until ctx ends. Redis being away pauses it (logged); a batch
// that cannot be stored is retried, never acknowledged.
func (x *Indexer) Run(ctx context.Context) error {
	if x.Group == "" {
		x.Group = DefaultGroup
	}
	if x.Consumer == "" {
		x.Consumer = "serve"
	}
	if x.Batch <= 0 {
		x.Batch = 200
	}
	if x.Block <= 0 {
		x.Block = time.Second
	}
	if x.ClaimIdle <= 0 {
		x.ClaimIdle = 30 * time.Second
	}
	err := x.C.do(ctx, "xgroup", func(ctx context.Context) error {
		err := x.C.rdb.XGroupCreateMkStream(ctx, KeyStream, x.Group, "0").Err()
		if err != nil && strings.HasPrefix(err.Error(), "BUSYGROUP") {
			return nil
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("redis stream: %w", err)
	}
	// First what this consumer read before a crash and never acknowledged.
	pendingDone := false
	lastClaim := time.Time{}
	claimStart := "0-0"
	for ctx.Err() == nil {
		var msgs []redis.XMessage
		var err error
		switch {
		case !pendingDone:
			msgs, err = x.read(ctx, "0", 0)
			if err == nil && len(msgs) == 0 {
				pendingDone = true
				continue
			}
		case time.Since(lastClaim) > x.ClaimIdle/2:
			// Entries another consumer (a serve renamed, or gone) left.
			var next string
			msgs, next, err = x.autoclaim(ctx, claimStart)
			if err == nil {
				claimStart = next
				if next == "0-0" {
					lastClaim = time.Now()
				}
			}
			if err == nil && len(msgs) == 0 {
				lastClaim = time.Now()
				continue
			}
		default:
			msgs, err = x.read(ctx, ">", x.Block)
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			x.C.log.Warn("redis stream: read failed; retrying", "err", err)
			sleepCtx(ctx, time.Second)
			continue
		}
		if len(msgs) > 0 {
			x.handle(ctx, msgs)
		}
	}
	return nil
}

func (x *Indexer) read(ctx context.Context, id string, block time.Duration) ([]redis.XMessage, error) {
	var res []redis.XStream
	err := x.C.do(ctx, "xreadgroup", func(ctx context.Context) error {
		var err error
		b := block
		if b == 0 {
			b = -1 // no BLOCK
		}
		res, err = x.C.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: x.Group, Consumer: x.Consumer,
			Streams: []string{KeyStream, id}, Count: int64(x.Batch), Block: b}).Result()
		if errors.Is(err, redis.Nil) {
			res, err = nil, nil
		}
		if err != nil && strings.HasPrefix(err.Error(), "NOGROUP") {
			// Redis lost the group (restarted without its data): make it
			// again; entries still in the stream are read from the start.
			if cerr := x.C.rdb.XGroupCreateMkStream(ctx, KeyStream, x.Group, "0").Err(); cerr != nil && !strings.HasPrefix(cerr.Error(), "BUSYGROUP") {
				return cerr
			}
			res, err = nil, nil
		}
		return err
	})
	if err != nil || len(res) == 0 {
		return nil, err
	}
	return res[0].Messages, nil
}

func (x *Indexer) autoclaim(ctx context.Context, start string) ([]redis.XMessage, string, error) {
	var msgs []redis.XMessage
	var next string
	err := x.C.do(ctx, "xautoclaim", func(ctx context.Context) error {
		var err error
		msgs, next, err = x.C.rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{Stream: KeyStream, Group: x.Group,
			Consumer: x.Consumer, MinIdle: x.ClaimIdle, Start: start, Count: int64(x.Batch)}).Result()
		if err != nil && strings.HasPrefix(err.Error(), "NOGROUP") {
			msgs, next, err = nil, "0-0", nil
		}
		return err
	})
	return msgs, next, err
}

// handle stores a batch until it is stored, then acknowledges it.
func (x *Indexer) handle(ctx context.Context, msgs []redis.XMessage) {
	pages := make([]crawler.Page, 0, len(msgs))
	ids := make([]string, 0, len(msgs))
	var newest int64
	for _, m := range msgs {
		ids = append(ids, m.ID)
		if ms, _, ok := strings.Cut(m.ID, "-"); ok {
			if v, err := strconv.ParseInt(ms, 10, 64); err == nil && v > newest {
				newest = v
			}
		}
		a, _ := m.Values["a"].(string)
		t, _ := m.Values["t"].(string)
		p, _ := m.Values["p"].(string)
		page, err := DecodePage(a, t, p)
		if err != nil {
			// Not something a retry cures: logged, acknowledged, counted.
			x.C.log.Error("redis stream: entry cannot be decoded; skipped", "id", m.ID, "err", err)
			x.bad.Add(1)
			continue
		}
		pages = append(pages, page)
	}
	backoff := time.Second
	for {
		err := x.Store(pages)
		if err == nil {
			break
		}
		x.C.log.Error("redis stream: batch not stored; retrying, not acknowledged", "entries", len(msgs), "err", err, "retry_in", backoff)
		if sleepCtx(ctx, backoff) != nil {
			return // unacknowledged: read again after a restart
		}
		backoff = min(backoff*2, time.Minute)
	}
	if newest > 0 {
		x.lagMS.Store(time.Now().UnixMilli() - newest)
	}
	// Durable: acknowledge and drop the entries (the stream is transport,
	// not storage). Retried while Redis is away, even during shutdown: an
	// entry left unacknowledged is only stored again, never lost.
	err := x.C.do(context.WithoutCancel(ctx), "xack", func(ctx context.Context) error {
		_, err := x.C.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.XAck(ctx, KeyStream, x.Group, ids...)
			p.XDel(ctx, KeyStream, ids...)
			return nil
		})
		return err
	})
	if err != nil {
		x.C.log.Warn("redis stream: acknowledgement failed; the batch will be stored again", "err", err)
		return
	}
	x.indexed.Add(int64(len(pages)))
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
