package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		bad  bool
	}{
		{"900MiB", 900 << 20, false},
		{"2GiB", 2 << 30, false},
		{"1.5 GiB", 3 << 29, false},
		{"512MB", 512e6, false},
		{"1048576", 1 << 20, false},
		{"0", 0, false},
		{"abc", 0, true},
		{"-1GiB", 0, true},
		{"GiB", 0, true},
		{"NaN", 0, true},
		{"9223372036854775808", 0, true},
		{"8EiB", 0, true},
	}
	for _, tc := range tests {
		got, err := parseByteSize(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d, bad=%v", tc.in, got, err, tc.want, tc.bad)
		}
	}
}

// The limit is set while a bulk command runs and put back after it.
func TestMemoryLimitFlagAppliesAndRestores(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetMemoryLimit(-1)
	f := memoryLimitFlag{value: "700MiB"}
	restore, err := f.apply()
	if err != nil {
		t.Fatal(err)
	}
	if got := debug.SetMemoryLimit(-1); got != 700<<20 {
		t.Errorf("limit while running %d, want %d", got, 700<<20)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after %d, want %d back", got, before)
	}
	for _, bad := range []string{"lots", "900", "10MiB", "NaN"} {
		if _, err := (&memoryLimitFlag{value: bad}).apply(); err == nil {
			t.Errorf("--memory-limit %s accepted", bad)
		}
	}
	if code, _, stderr := runCLI(t, "", "bench", "--existing", "--data", t.TempDir(), "--memory-limit", "900"); code != exitUsage || !strings.Contains(stderr, "memory-limit") {
		t.Errorf("bench --existing --memory-limit 900: exit %d, %s", code, stderr)
	}
}
