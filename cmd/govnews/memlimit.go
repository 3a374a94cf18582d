package main

import (
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
)

// defaultBulkMemoryLimit is the Go runtime's soft memory limit during bulk
// writes (import, retag, reindex, bench). Without one the heap of an
// import grows to twice what it holds live before the collector runs: at
// 20,000 vi-news articles the anonymous peak was 1.26–1.28 GiB; with
// 900 MiB it was 0.90 GiB, for 3–5 % fewer articles per second. The
// limit is soft: a load that needs more gets more, with more collection.
const defaultBulkMemoryLimit = "900MiB"

// memoryLimitFlag is --memory-limit of the bulk commands.
type memoryLimitFlag struct{ value string }

func (f *memoryLimitFlag) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.value, "memory-limit", defaultBulkMemoryLimit, "soft limit of the Go heap while writing (e.g. 900MiB, 2GiB; 0 for none); GOMEMLIMIT in the environment wins")
}

// apply sets the limit unless GOMEMLIMIT is set, and returns the function
// that puts the previous limit back.
func (f *memoryLimitFlag) apply() (restore func(), err error) {
	limit, err := f.parse()
	if err != nil {
		return nil, err
	}
	if os.Getenv("GOMEMLIMIT") != "" || limit == 0 {
		return func() {}, nil
	}
	old := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(old) }, nil
}

// parseByteSize reads "900MiB", "2GiB", "512MB", "1048576" or "0".
func parseByteSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   float64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}
	mult := 1.0
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || !(n >= 0) || n*mult >= math.MaxInt64 { // !(n >= 0) is also NaN
		return 0, fmt.Errorf("%q is not a size (write e.g. 900MiB, 2GiB or 0)", s)
	}
	return int64(n * mult), nil
}

// minMemoryLimit: below it a limit only makes the collector run without
// pause (a bare "900" is 900 bytes, not MiB).
const minMemoryLimit = 64 << 20

// parse checks the flag's value: a size of at least 64 MiB, or 0.
func (f *memoryLimitFlag) parse() (int64, error) {
	limit, err := parseByteSize(f.value)
	if err == nil && limit != 0 && limit < minMemoryLimit {
		err = fmt.Errorf("%q is below 64MiB (a unit is needed: 900 means 900 bytes; write 900MiB)", f.value)
	}
	if err != nil {
		return 0, usageError("--memory-limit: %v", err)
	}
	return limit, nil
}
