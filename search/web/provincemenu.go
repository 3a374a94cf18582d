package web

import (
	"slices"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search"
)

// provinceMenu lists the province choices: the provinces as they are now,
// in Vietnamese alphabetical order (Đ after D, not after Y), each followed by
// the former provinces merged into it in 2025 that have articles, marked
// "(cũ)". A province's count includes its former provinces' articles,
// because choosing it finds them (Vĩnh Long finds Bến Tre's); a former
// province's own count is its articles alone, as choosing it finds.
// Whatever is selected stays listed.
func provinceMenu(table *index.Provinces, current []string, facet []search.FacetCount, selected map[string]bool) []option {
	nowOf := func(name string) string {
		if table == nil {
			return name
		}
		if _, now := table.Resolve(name, ""); now != "" {
			return now
		}
		return name
	}
	own := map[string]int{}
	total := map[string]int{}
	formers := map[string][]string{}
	var tops []string
	addTop := func(name string) {
		if !slices.Contains(tops, name) {
			tops = append(tops, name)
		}
	}
	addFormer := func(name, now string) {
		if !slices.Contains(formers[now], name) {
			formers[now] = append(formers[now], name)
		}
		addTop(now)
	}
	for _, name := range current {
		addTop(name)
	}
	for _, f := range facet {
		own[f.Value] = f.Count
		now := nowOf(f.Value)
		total[now] += f.Count
		if now == f.Value {
			addTop(now)
		} else {
			addFormer(f.Value, now)
		}
	}
	for name := range selected {
		if now := nowOf(name); now == name {
			addTop(name)
		} else {
			addFormer(name, now)
		}
	}
	vi := collate.New(language.Vietnamese)
	vi.SortStrings(tops)
	var out []option
	for _, top := range tops {
		if top == "" {
			continue
		}
		out = append(out, option{Value: top, Label: top, Count: total[top], Selected: selected[top]})
		olds := formers[top]
		vi.SortStrings(olds)
		for _, old := range olds {
			out = append(out, option{Value: old, Label: "\u00a0\u00a0" + old + " (cũ)", Count: own[old], Selected: selected[old]})
		}
	}
	return out
}
