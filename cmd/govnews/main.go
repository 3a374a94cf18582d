// Command govnews crawls Vietnamese provincial government portals, extracts
// their articles and makes them searchable in Vietnamese.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes scripts can rely on.
const (
	exitOK      = 0 // everything worked
	exitFailure = 1 // the command failed (nothing or little was done)
	exitUsage   = 2 // bad flags or arguments
	exitPartial = 3 // done, but some input was bad or some source failed (see the summary)
	// exitInterrupted is the shell's code for a process stopped by SIGINT
	// (128+2), so a script can tell "stopped by the operator, run it again
	// to resume" from "failed".
	exitInterrupted = 130
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exitError carries a specific exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// partial reports that a command finished but with problems (exit 3).
func partial(format string, args ...any) error {
	return &exitError{code: exitPartial, err: fmt.Errorf(format, args...)}
}

// fileError reports a file named on the command line that could not be
// read, under what: one that is not there is a usage error (exit 2), as a
// mistyped flag is; any other read error is a failure (exit 1).
func fileError(err error, what string) error {
	if errors.Is(err, fs.ErrNotExist) {
		return usageError("%s: %v", what, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// usageError reports bad flags or arguments (exit 2).
func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// run is the whole program, so tests drive it exactly as a user would.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(&app{stdin: stdin, stdout: stdout, stderr: stderr})
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "govnews: %v\n", err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if ctx.Err() != nil {
		// The command stopped because of Ctrl-C or SIGTERM (whatever error
		// it returned on the way out); what it stored is kept.
		return exitInterrupted
	}
	if isFlagError(err) {
		return exitUsage
	}
	return exitFailure
}
