package main

import (
	"github.com/spf13/cobra"
)

func newDemoCmd(a *app) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "demo [--addr HOST:PORT]",
		Short: "Crawl simulated portals on loopback and serve the web UI: the whole pipeline without internet",
		Long: `Demo starts a few simulated provincial portals on 127.0.0.1, crawls them
into a temporary data directory (removed on exit, unless --data is given) and
serves the search UI, so a newcomer sees the whole pipeline with no internet
and no setup. It is serve --demo.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.demo = true
			if !cmd.Flags().Changed("data") {
				o.data.data = ""
			}
			return serve(cmd.Context(), a, o)
		},
	}
	o.register(cmd)
	// demo's data directory is a temporary one unless --data is given:
	// its help must not show serve's default, which it does not use.
	if f := cmd.Flags().Lookup("data"); f != nil {
		f.DefValue = ""
		f.Usage = "data directory to keep (default: a temporary one, removed on exit)"
	}
	return cmd
}
