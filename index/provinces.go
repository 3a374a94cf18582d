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
	// Names first, then aliases: an alias is another spelling of the
	// province whose key it shares ("Đăk Nông" of the former Đắk Nông,
	// "Bà Rịa-Vũng Tàu" of the former Bà Rịa – Vũng Tàu), else of the
	// new province it is listed under. It never replaces a name, or an
	// article published under Đắk Nông would be stored as Lâm Đồng and
	// lost to a filter on Đắk Nông.
	for i, prov := range f.Provinces {
		if prov.Name == "" {
			return nil, fmt.Errorf("index: %s: provinces[%d]: name is empty", file, i)
		}
		p.now = append(p.now, prov.Name)
		for _, name := range append(append([]string(nil), prov.FormedFrom...), prov.Name) {
			k := ProvinceKey(name)
			if e, ok := p.byKey[k]; ok && e.now != prov.Name {
				return nil, fmt.Errorf("index: %s: provinces[%d] (%s): %q is already part of %s", file, i, prov.Name, name, e.now)
			}
			p.byKey[k] = provinceEntry{name: name, now: prov.Name}
		}
	}
	for i, prov := range f.Provinces {
		for _, alias := range prov.Aliases {
			k := ProvinceKey(alias)
			e, ok := p.byKey[k]
			switch {
			case !ok:
				p.byKey[k] = provinceEntry{name: prov.Name, now: prov.Name}
			case e.now != prov.Name:
				return nil, fmt.Errorf("index: %s: provinces[%d] (%s): alias %q names %s, part of %s", file, i, prov.Name, alias, e.name, e.now)
			}
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

// Canonical returns the display name of a known province, old or new,
// however it was typed ("ben tre", "Bà Rịa-Vũng Tàu", "TP HCM"), and
// name as given otherwise.
func (p *Provinces) Canonical(name string) string {
	if p == nil {
		return name
	}
	if e, ok := p.byKey[ProvinceKey(name)]; ok {
		return e.name
	}
	return name
}

// Known reports whether name is a province, old or new.
func (p *Provinces) Known(name string) bool {
	_, ok := p.byKey[ProvinceKey(name)]
	return ok
}

// Current lists the 34 provinces as they are now, sorted.
func (p *Provinces) Current() []string { return append([]string(nil), p.now...) }
