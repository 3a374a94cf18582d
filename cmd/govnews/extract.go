package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newExtractCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "extract",
		Short: "not yet built",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("extract: not yet built")
		},
	}
}
