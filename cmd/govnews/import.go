package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newImportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "import",
		Short: "not yet built",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("import: not yet built")
		},
	}
}
