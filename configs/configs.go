// Package configs ships govnews' reference data: the portals to crawl, the
// topics, the abbreviations and the provinces before and after the 2025
// rearrangement. The files are embedded so the binary works from any
// directory; every command also takes a path to an edited copy.
package configs

import (
	"bytes"
	"embed"
	"errors"
	"io"

	"gopkg.in/yaml.v3"
)

//go:embed *.yaml
var files embed.FS

// File returns the content of a shipped configuration file by name
// ("provinces.yaml", "topics.yaml", "abbreviations.yaml", "sources.yaml").
func File(name string) ([]byte, error) { return files.ReadFile(name) }

// ErrEmpty is what Decode reports for a file that holds no YAML document.
var ErrEmpty = errors.New("the file is empty")

// Decode reads a configuration file into v strictly: a field v lacks is an
// error naming its line (a typo such as "topic:" for "topics:" would
// otherwise read as an empty list), and so is an empty file (ErrEmpty).
func Decode(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return ErrEmpty
		}
		return err
	}
	return nil
}
