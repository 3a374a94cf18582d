// Package configs ships govnews' reference data: the portals to crawl, the
// topics, the abbreviations and the provinces before and after the 2025
// rearrangement. The files are embedded so the binary works from any
// directory; every command also takes a path to an edited copy.
package configs

import "embed"

//go:embed *.yaml
var files embed.FS

// File returns the content of a shipped configuration file by name
// ("provinces.yaml", "topics.yaml", "abbreviations.yaml", "sources.yaml").
func File(name string) ([]byte, error) { return files.ReadFile(name) }
