package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newSourcesCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "sources",
		Short: "not yet built",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("sources: not yet built")
		},
	}
}
