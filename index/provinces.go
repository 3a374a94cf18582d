package index

import (
	"fmt"
	"sort"

	"github.com/govnews/govnews/configs"
)

// Provinces maps every province name, before and after the 2025
// rearrangement (63 provinces into 34), to its display name and to the
// province it belongs to now.
type Provinces struct {
	byKey map[string]provinceEntry
	now   []string
}

type provinceEntry struct {
	name string // display name of this (possibly former) province
	now  string // the province it is part of since 2025
}

type provincesFile struct {
	Provinces []struct {
		Name       string   `yaml:"name"`
		FormedFrom []string `yaml:"formed_from"`
		Aliases    []string `yaml:"aliases"`
	} `yaml:"provinces"`
}

// ParseProvinces reads configs/provinces.yaml; file names the file in errors.
func ParseProvinces(data []byte, file string) (*Provinces, error) {
	var f provincesFile
	// Strict: a typo ("province:", "nam:") is an error naming its line,
	// not an empty list or an empty name.
	if err := configs.Decode(data, &f); err != nil {
		return nil, fmt.Errorf("index: %s: %w", file, err)
	}
	if f.Provinces == nil {
		return nil, fmt.Errorf("index: %s: no provinces (expected a top-level \"provinces:\" list)", file)
	}
	p := &Provinces{byKey: map[string]provinceEntry{}}
	for i, prov := range f.Provinces {
		if prov.Name == "" {
			return nil, fmt.Errorf("index: %s: provinces[%d]: name is empty", file, i)
		}
		p.now = append(p.now, prov.Name)
		add := func(name string) {
			p.byKey[ProvinceKey(name)] = provinceEntry{name: name, now: prov.Name}
		}
		for _, old := range prov.FormedFrom {
			add(old)
		}
		add(prov.Name)
		for _, alias := range prov.Aliases {
			p.byKey[ProvinceKey(alias)] = provinceEntry{name: prov.Name, now: prov.Name}
		}
	}
	sort.Strings(p.now)
	return p, nil
}

// Resolve returns the display name of province as published and the
// province it belongs to now. Unknown names are kept as given.
func (p *Provinces) Resolve(province, now string) (string, string) {
	if p == nil {
		return province, now
	}
	if e, ok := p.byKey[ProvinceKey(province)]; ok {
		// A known province decides where it belongs now, whatever an
		// older record said.
		return e.name, e.now
	}
	if e, ok := p.byKey[ProvinceKey(now)]; ok {
		now = e.now
	}
	if now == "" {
		now = province
	}
	return province, now
}

// Known reports whether name is a province, old or new.
func (p *Provinces) Known(name string) bool {
	_, ok := p.byKey[ProvinceKey(name)]
	return ok
}

// Current lists the 34 provinces as they are now, sorted.
func (p *Provinces) Current() []string { return append([]string(nil), p.now...) }
