package index

import (
	"testing"
	"time"

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
	wantDocValues := map[string]bool{FieldFacets: true, FieldSortNewest: true, FieldSortOldest: true, FieldGroup: true}
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

	// Put builds documents itself (document.go): they must keep to the
	// mapping's doc values.
	a := Article{URL: "https://x.example/1", Title: "Tiêu đề", Body: "Nội dung", Source: "s", Province: "An Giang", Agency: "UBND", Topics: []string{"kiem-nhiem"}, Published: time.Date(2022, 1, 2, 0, 0, 0, 0, Zone)}
	a.Normalize()
	a.Group = ID(a.URL)
	doc := buildDocument(ID(a.URL), &a, []string{"0123456789abc"})
	fields := map[string]bool{}
	for _, f := range doc.Fields {
		fields[f.Name()] = true
		if got := f.Options().IncludeDocValues(); got != wantDocValues[f.Name()] {
			t.Errorf("document field %s: doc values %v, want %v", f.Name(), got, wantDocValues[f.Name()])
		}
	}
	if !fields[FieldFacets] || !fields[FieldMonth] || !fields[FieldGroup] || !fields[FieldDupBands] {
		t.Errorf("document lacks facet fields: %v", fields)
	}
}
