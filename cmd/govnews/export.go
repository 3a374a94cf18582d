package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newExportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "export",
		Short: "not yet built",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("export: not yet built")
		},
	}
}
