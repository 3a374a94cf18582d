package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newRetagCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "retag",
		Short: "not yet built",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("retag: not yet built")
		},
	}
}
