package index

import (
	"testing"

	"github.com/blevesearch/bleve/v2/mapping"
)

// The mapping is explicit: nothing dynamic, no term vectors (snippets come
// from the stored text), doc values only where govnews sorts or facets.
func TestMappingIsExplicitAndLean(t *testing.T) {
	m, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	if m.IndexDynamic || m.StoreDynamic || m.DocValuesDynamic || m.DefaultMapping.Dynamic {
		t.Error("dynamic mapping is on")
	}
	wantDocValues := map[string]bool{FieldPublished: true, FieldMonth: true, FieldSource: true, FieldProvince: true, FieldAgency: true, FieldTopics: true, FieldSortNewest: true, FieldSortOldest: true}
	seen := 0
	var check func(name string, fms []*mapping.FieldMapping)
	check = func(name string, fms []*mapping.FieldMapping) {
		for _, fm := range fms {
			field := fm.Name
			if field == "" {
				field = name
			}
			seen++
			if fm.IncludeTermVectors {
				t.Errorf("%s has term vectors", field)
			}
			if fm.DocValues != wantDocValues[field] {
				t.Errorf("%s: doc values %v, want %v", field, fm.DocValues, wantDocValues[field])
			}
			if fm.Store != (field == FieldRaw) {
				t.Errorf("%s: store %v", field, fm.Store)
			}
		}
	}
	for name, pm := range m.DefaultMapping.Properties {
		check(name, pm.Fields)
	}
	if seen < 15 {
		t.Errorf("only %d fields mapped", seen)
	}
}
