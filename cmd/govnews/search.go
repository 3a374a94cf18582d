package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newSearchCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "search",
		Short: "not yet built",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("search: not yet built")
		},
	}
}
