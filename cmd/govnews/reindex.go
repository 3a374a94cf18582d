package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newReindexCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "reindex",
		Short: "not yet built",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("reindex: not yet built")
		},
	}
}
