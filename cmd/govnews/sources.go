package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/govnews/govnews/configs"
	"github.com/govnews/govnews/crawler/sources"
	"github.com/govnews/govnews/index"
)

func newSourcesCmd(a *app) *cobra.Command {
	var file, provinces string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "sources [--config FILE]",
		Short: "Validate and list the portals to crawl",
		Long: `Validate a sources file (default: the shipped configs/sources.yaml) and list
its portals. Every problem is reported with the file, line, source and field;
the exit status is 1 when there is any. Provinces are checked against
configs/provinces.yaml (or --provinces).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			srcs, err := loadSourcesFile(file, provinces)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				out := make([]sourceJSON, len(srcs))
				for i, src := range srcs {
					out[i] = sourceJSON{Source: src}
					if src.Delay != 0 {
						out[i].Delay = src.Delay.String()
					}
				}
				return enc.Encode(out)
			}
			tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tPROVINCE\tNAME\tSTART URL\tSCHEDULE")
			for _, s := range srcs {
				prov := s.Province
				if s.ProvinceOld != "" {
					prov = s.ProvinceOld + " → " + s.Province
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.ID, prov, s.Name, s.StartURLs[0], s.Schedule)
			}
			tw.Flush()
			fmt.Fprintf(a.stderr, "%d sources, all valid\n", len(srcs))
			return nil
		},
	}
	cmd.Flags().StringVar(&file, "config", "", "sources file (default: the shipped configs/sources.yaml)")
	cmd.Flags().StringVar(&provinces, "provinces", "", "provinces file (default: the shipped configs/provinces.yaml)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "list as JSON")
	return cmd
}

// sourceJSON is a source as sources --json prints it: the delay as the
// sources file writes it ("1.5s"), not time.Duration's nanoseconds.
type sourceJSON struct {
	sources.Source
	Delay string `json:"delay,omitempty"`
}

// loadSourcesFile reads and validates a sources file, the shipped one
// when file is empty, and checks every province name.
func loadSourcesFile(file, provincesFile string) ([]sources.Source, error) {
	var data []byte
	name := file
	var err error
	if file == "" {
		name = "configs/sources.yaml"
		data, err = configs.File("sources.yaml")
	} else {
		data, err = os.ReadFile(file)
	}
	if err != nil {
		return nil, fileError(err, "sources: --config")
	}
	srcs, parseErr := sources.Parse(data, name)
	if parseErr != nil && len(srcs) == 0 {
		return nil, parseErr
	}
	pData, pFile, err := readConfig(provincesFile, "provinces.yaml")
	if err != nil {
		return nil, err
	}
	provs, err := index.ParseProvinces(pData, pFile)
	if err != nil {
		return nil, err
	}
	errs := []error{parseErr}
	for _, s := range srcs {
		if s.Province == "" {
			continue
		}
		if !provs.Known(s.Province) {
			errs = append(errs, fmt.Errorf("sources: %s:%d: source %q: province: %q is not a province in %s", name, s.Line, s.ID, s.Province, pFile))
		} else if published, now := provs.Resolve(s.Province, ""); published != now {
			errs = append(errs, fmt.Errorf("sources: %s:%d: source %q: province: %q is a former province; give the current one (province_old keeps the old)", name, s.Line, s.ID, s.Province))
		}
		if s.ProvinceOld != "" && !provs.Known(s.ProvinceOld) {
			errs = append(errs, fmt.Errorf("sources: %s:%d: source %q: province_old: %q is not a province in %s", name, s.Line, s.ID, s.ProvinceOld, pFile))
		} else if _, now := provs.Resolve(s.ProvinceOld, ""); s.ProvinceOld != "" && provs.Known(s.Province) && now != s.Province {
			// The articles would be filed under the old province's
			// successor, not under province: a filter on it would miss them.
			errs = append(errs, fmt.Errorf("sources: %s:%d: source %q: province_old: %q became part of %s, not of %q (province)", name, s.Line, s.ID, s.ProvinceOld, now, s.Province))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return srcs, nil
}
