package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newCrawlCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "crawl",
		Short: "not yet built",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("crawl: not yet built")
		},
	}
}
