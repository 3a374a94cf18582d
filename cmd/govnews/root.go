package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// app is what every command shares: its streams and its logger.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	logLevel       string
	logJSON        bool
	cpuProfile     string
	progressEvery  time.Duration // see logProgress
}

// logger logs to stderr, as text on a terminal and JSON when asked.
func (a *app) logger() *slog.Logger {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(a.logLevel))
	opts := &slog.HandlerOptions{Level: level}
	if a.logJSON {
		// Durations as "1.5s", as the text logs write them, not as
		// nanoseconds that a reader has to divide.
		opts.ReplaceAttr = func(_ []string, at slog.Attr) slog.Attr {
			if at.Value.Kind() == slog.KindDuration {
				return slog.String(at.Key, at.Value.Duration().String())
			}
			return at
		}
		return slog.New(slog.NewJSONHandler(a.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(a.stderr, opts))
}

// stderrIsTerminal says whether progress bars should be drawn.
func (a *app) stderrIsTerminal() bool {
	f, ok := a.stderr.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:           "govnews",
		Short:         "Crawl Vietnamese provincial government portals and search their articles",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&a.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	root.PersistentFlags().BoolVar(&a.logJSON, "log-json", false, "log as JSON lines")
	root.PersistentFlags().StringVar(&a.cpuProfile, "cpuprofile", "", "write a CPU profile to this file (for go tool pprof)")
	root.PersistentFlags().DurationVar(&a.progressEvery, "progress-every", 30*time.Second, "when stderr is not a terminal, log the progress of import, crawl, retag and reindex this often (0: never)")
	var profile *os.File
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		var level slog.Level
		if err := level.UnmarshalText([]byte(a.logLevel)); err != nil {
			return usageError("--log-level %q: use debug, info, warn or error", a.logLevel)
		}
		if a.progressEvery < 0 {
			return usageError("--progress-every %s: must be 0 (never) or more", a.progressEvery)
		}
		if a.cpuProfile == "" {
			return nil
		}
		f, err := os.Create(a.cpuProfile)
		if err != nil {
			return usageError("--cpuprofile: %v", err)
		}
		profile = f
		return pprof.StartCPUProfile(f)
	}
	root.PersistentPostRun = func(cmd *cobra.Command, args []string) {
		if profile != nil {
			pprof.StopCPUProfile()
			profile.Close()
		}
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		// run prints "govnews: " before every error: the command's path
		// without the root keeps it from reading "govnews: govnews search: …".
		if !c.HasParent() {
			return usageError("%v (see %s --help)", err, c.CommandPath())
		}
		name := strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
		return usageError("%s: %v (see %s --help)", name, err, c.CommandPath())
	})
	root.Version = version()
	root.SetVersionTemplate("govnews {{.Version}}\n")
	root.AddCommand(commands(a)...)
	// `bench dups` (benchdups.go), the near-duplicate evaluation.
	if bench, _, err := root.Find([]string{"bench"}); err == nil && bench != root {
		bench.AddCommand(newBenchDupsCmd(a))
	}
	return root
}

// commands lists every subcommand; each lives in its own file.
func commands(a *app) []*cobra.Command {
	return []*cobra.Command{
		newImportCmd(a),
		newExportCmd(a),
		newSearchCmd(a),
		newStatsCmd(a),
		newRetagCmd(a),
		newExtractCmd(a),
		newSourcesCmd(a),
		newCrawlCmd(a),
		newReindexCmd(a),
		newServeCmd(a),
		newWorkerCmd(a),
		newDemoCmd(a),
		newBenchCmd(a),
	}
}

// version is the module version and commit the binary was built from, as
// the Go toolchain records them ("(devel)" for a go run or go build in the
// source tree, then the commit, its time and whether the tree was dirty).
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = ", modified"
			}
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v += fmt.Sprintf(" (commit %s %s%s)", rev, at, dirty)
	}
	return v + ", " + bi.GoVersion
}

func isFlagError(err error) bool {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code == exitUsage
	}
	msg := err.Error()
	for _, cobraUsage := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "requires at most", "invalid argument"} {
		if strings.Contains(msg, cobraUsage) {
			return true
		}
	}
	return false
}
