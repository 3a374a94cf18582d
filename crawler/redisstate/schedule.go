package redisstate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/govnews/govnews/schedule"
)

// Keys of the shared schedule. A source is in exactly one of due (scored
// by when it is due, ms) and leases (scored by when its lease expires);
// owner names the worker holding each lease; lastrun keeps each source's
// last schedule.Outcome; workers scores each worker by its last heartbeat.
const (
	KeyDue     = Prefix + "due"
	KeyLeases  = Prefix + "leases"
	KeyOwner   = Prefix + "owner"
	KeyLastRun = Prefix + "lastrun"
	KeyWorkers = Prefix + "workers"
)

// Schedule is the shared schedule: schedule.Leases for workers, Register,
// Trigger and Status for serve.
type Schedule struct {
	c *Client
}

// NewSchedule is the shared schedule on c.
func NewSchedule(c *Client) *Schedule { return &Schedule{c: c} }

var _ schedule.Leases = (*Schedule)(nil)

const nowMS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`

// reap (inside scripts): expired leases go back to due at once.
const reap = `
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  redis.call('ZADD', KEYS[1], string.format('%.0f', now), id)
end
`

var claimScript = redis.NewScript(nowMS + reap + `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 1)
if #due == 0 then return false end
local id = due[1]
redis.call('ZREM', KEYS[1], id)
redis.call('ZADD', KEYS[2], string.format('%.0f', now + tonumber(ARGV[2])), id)
redis.call('HSET', KEYS[3], id, ARGV[1])
return {id, redis.call('HGET', KEYS[4], id) or ''}
`)

var renewScript = redis.NewScript(nowMS + `
if redis.call('HGET', KEYS[3], ARGV[2]) ~= ARGV[1] then return 0 end
redis.call('ZADD', KEYS[2], string.format('%.0f', now + tonumber(ARGV[3])), ARGV[2])
return 1
`)

// finishScript: ARGV worker, id, due ms (-1: now), lastrun JSON (” keeps it).
var finishScript = redis.NewScript(nowMS + `
if redis.call('HGET', KEYS[3], ARGV[2]) ~= ARGV[1] then return 0 end
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('HDEL', KEYS[3], ARGV[2])
local due = tonumber(ARGV[3])
if due < 0 then due = now end
redis.call('ZADD', KEYS[1], string.format('%.0f', due), ARGV[2])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[4], ARGV[2], ARGV[4]) end
return 1
`)

// registerScript: ARGV pairs of id, due ms; a source already due or leased
// keeps its place; due sources not registered (removed from the config)
// are taken off.
var registerScript = redis.NewScript(nowMS + reap + `
local want = {}
for i = 1, #ARGV, 2 do want[ARGV[i]] = ARGV[i+1] end
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if not want[id] then redis.call('ZREM', KEYS[1], id) end
end
for id, due in pairs(want) do
  if not redis.call('ZSCORE', KEYS[2], id) then redis.call('ZADD', KEYS[1], 'NX', due, id) end
end
return 1
`)

var triggerScript = redis.NewScript(nowMS + reap + `
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], string.format('%.0f', now), ARGV[1])
return 1
`)

func (s *Schedule) keys() []string { return []string{KeyDue, KeyLeases, KeyOwner, KeyLastRun} }

// Claim leases the source due longest to worker.
func (s *Schedule) Claim(ctx context.Context, worker string, ttl time.Duration) (schedule.Claim, bool, error) {
	var res []any
	err := s.c.do(ctx, "claim", func(ctx context.Context) error {
		var err error
		res, err = claimScript.Run(ctx, s.c.rdb, s.keys(), worker, ttl.Milliseconds()).Slice()
		return err
	})
	if errors.Is(err, redis.Nil) {
		return schedule.Claim{}, false, nil
	}
	if err != nil || len(res) != 2 {
		return schedule.Claim{}, false, fmt.Errorf("redis schedule: claim: %v", err)
	}
	c := schedule.Claim{ID: fmt.Sprint(res[0])}
	var o schedule.Outcome
	if last := fmt.Sprint(res[1]); last != "" && json.Unmarshal([]byte(last), &o) == nil {
		c.Failures = o.Failures
	}
	return c, true, nil
}

// Renew extends worker's lease of id.
func (s *Schedule) Renew(ctx context.Context, worker, id string, ttl time.Duration) (bool, error) {
	var n int64
	err := s.c.do(ctx, "renew", func(ctx context.Context) error {
		var err error
		n, err = renewScript.Run(ctx, s.c.rdb, s.keys(), worker, id, ttl.Milliseconds()).Int64()
		return err
	})
	return n == 1, err
}

// Finish ends the lease: the source is due at next, its outcome recorded.
func (s *Schedule) Finish(ctx context.Context, worker, id string, next time.Time, o schedule.Outcome) error {
	v, _ := json.Marshal(o)
	return s.c.do(ctx, "finish", func(ctx context.Context) error {
		return finishScript.Run(ctx, s.c.rdb, s.keys(), worker, id, next.UnixMilli(), string(v)).Err()
	})
}

// Release ends the lease with the source due at once.
func (s *Schedule) Release(ctx context.Context, worker, id string) error {
	return s.c.do(ctx, "release", func(ctx context.Context) error {
		return finishScript.Run(ctx, s.c.rdb, s.keys(), worker, id, -1, "").Err()
	})
}

// Heartbeat records that worker is alive.
func (s *Schedule) Heartbeat(ctx context.Context, worker string, ttl time.Duration) error {
	t, err := s.c.now(ctx)
	if err != nil {
		return err
	}
	return s.c.do(ctx, "heartbeat", func(ctx context.Context) error {
		p := s.c.rdb.TxPipeline()
		p.ZAdd(ctx, KeyWorkers, redis.Z{Score: float64(t.UnixMilli()), Member: worker})
		// A worker killed without leaving (kill -9, a lost machine)
		// is forgotten after a day, so restarts named HOST-PID do not
		// pile up in the set for good.
		p.ZRemRangeByScore(ctx, KeyWorkers, "-inf", "("+strconv.FormatInt(t.Add(-forgetWorkersAfter).UnixMilli(), 10))
		_, err := p.Exec(ctx)
		return err
	})
}

// forgetWorkersAfter is how long a worker that never left stays listed.
const forgetWorkersAfter = 24 * time.Hour

// Leave takes worker off the list of workers: a worker stopped cleanly is
// not counted as live for three lease times after.
func (s *Schedule) Leave(ctx context.Context, worker string) error {
	return s.c.do(ctx, "leave", func(ctx context.Context) error {
		return s.c.rdb.ZRem(ctx, KeyWorkers, worker).Err()
	})
}

// Register puts sources on the schedule, each due at the time given (a
// source already due or leased keeps its place), and takes off due sources
// that are not among them.
func (s *Schedule) Register(ctx context.Context, due map[string]time.Time) error {
	args := make([]any, 0, 2*len(due))
	for id, t := range due {
		args = append(args, id, strconv.FormatInt(t.UnixMilli(), 10))
	}
	return s.c.do(ctx, "register", func(ctx context.Context) error {
		return registerScript.Run(ctx, s.c.rdb, s.keys(), args...).Err()
	})
}

// Trigger makes id due at once; false when a worker holds it.
func (s *Schedule) Trigger(ctx context.Context, id string) (bool, error) {
	var n int64
	err := s.c.do(ctx, "trigger", func(ctx context.Context) error {
		var err error
		n, err = triggerScript.Run(ctx, s.c.rdb, s.keys(), id).Int64()
		return err
	})
	return n == 1, err
}

// SourceStatus is one source as the shared schedule knows it.
type SourceStatus struct {
	ID      string
	Worker  string    // the worker holding its lease, "" when none
	Due     time.Time // when it is due, zero while leased
	Lease   time.Time // when the lease expires unless renewed
	Last    *schedule.Outcome
	HasLast bool
}

// Status reads the schedule of ids (and the sources' last runs).
func (s *Schedule) Status(ctx context.Context, ids []string) (map[string]SourceStatus, error) {
	out := map[string]SourceStatus{}
	var owners map[string]string
	var last []any
	var due, leases []redis.Z
	cmds, err := s.c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.HGetAll(ctx, KeyOwner)
		p.ZRangeWithScores(ctx, KeyDue, 0, -1)
		p.ZRangeWithScores(ctx, KeyLeases, 0, -1)
		if len(ids) > 0 {
			p.HMGet(ctx, KeyLastRun, ids...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	owners = cmds[0].(*redis.MapStringStringCmd).Val()
	due = cmds[1].(*redis.ZSliceCmd).Val()
	leases = cmds[2].(*redis.ZSliceCmd).Val()
	if len(ids) > 0 {
		last = cmds[3].(*redis.SliceCmd).Val()
	}
	for _, id := range ids {
		out[id] = SourceStatus{ID: id, Worker: owners[id]}
	}
	for _, z := range due {
		if st, ok := out[z.Member.(string)]; ok {
			st.Due = time.UnixMilli(int64(z.Score))
			out[st.ID] = st
		}
	}
	for _, z := range leases {
		if st, ok := out[z.Member.(string)]; ok {
			st.Lease = time.UnixMilli(int64(z.Score))
			out[st.ID] = st
		}
	}
	for i, v := range last {
		str, ok := v.(string)
		if !ok {
			continue
		}
		var o schedule.Outcome
		if json.Unmarshal([]byte(str), &o) == nil {
			st := out[ids[i]]
			st.Last, st.HasLast = &o, true
			out[ids[i]] = st
		}
	}
	return out, nil
}

// LastEnd is when each source's last run ended, for Register.
func (s *Schedule) LastRuns(ctx context.Context, ids []string) (map[string]schedule.Outcome, error) {
	st, err := s.Status(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := map[string]schedule.Outcome{}
	for id, v := range st {
		if v.Last != nil {
			out[id] = *v.Last
		}
	}
	return out, nil
}

// Stats is what /metrics shows of the cluster.
type Stats struct {
	StreamLength int64
	Pending      int64 // entries delivered to serve and not yet acknowledged
	Lag          int64 // entries not yet delivered to serve (-1 unknown)
	LiveWorkers  int64 // heartbeats within three lease times
	Leases       int64
}

// Stats reads the stream and schedule counters; liveWithin is how recent a
// heartbeat must be.
func (s *Schedule) Stats(ctx context.Context, group string, liveWithin time.Duration) (Stats, error) {
	st := Stats{Lag: -1}
	t, err := s.c.rdb.Time(ctx).Result()
	if err != nil {
		return st, err
	}
	cmds, err := s.c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.XLen(ctx, KeyStream)
		p.ZCount(ctx, KeyWorkers, strconv.FormatInt(t.Add(-liveWithin).UnixMilli(), 10), "+inf")
		p.ZCard(ctx, KeyLeases)
		p.XInfoGroups(ctx, KeyStream)
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) && cmds == nil {
		return st, err
	}
	st.StreamLength = cmds[0].(*redis.IntCmd).Val()
	st.LiveWorkers = cmds[1].(*redis.IntCmd).Val()
	st.Leases = cmds[2].(*redis.IntCmd).Val()
	for _, g := range cmds[3].(*redis.XInfoGroupsCmd).Val() {
		if g.Name == group {
			st.Pending, st.Lag = g.Pending, g.Lag
		}
	}
	return st, nil
}
