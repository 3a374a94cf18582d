package index

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// buildDocument turns an article into a bleve document directly, fields
// as NewMapping describes them. The mapping would analyse title and body
// three times each (exact, folded, bigrams); here each text is split into
// words once, in bleve's analysis workers, and the three fields' terms are
// counted from that one split (textfields.go).
//
// bands are the article's near-duplicate band terms (groups.go).
func buildDocument(id string, a *Article, bands []string) *document.Document {
	doc := document.NewDocument(id)
	title := a.DisplayTitle()
	body := a.Body
	if a.Lead != "" && !strings.Contains(body, a.Lead) {
		body = a.Lead + "\n\n" + body
	}
	addText(doc, title, FieldTitle, FieldTitleFolded, FieldTitleBigram)
	addText(doc, body, FieldBody, FieldBodyFolded, FieldBodyBigram)

	raw, _ := json.Marshal(a)
	doc.AddField(document.NewTextFieldCustom(FieldRaw, nil, raw, bleveindex.StoreField, nil))

	sortable := bleveindex.IndexField | bleveindex.DocValues
	indexed := bleveindex.IndexField
	newest, oldest := SortKeys(a)
	facets := make([]string, 0, 4+len(a.Topics))
	if !a.Published.IsZero() {
		if f, err := document.NewDateTimeFieldWithIndexingOptions(FieldPublished, nil, a.Published, time.RFC3339, indexed); err == nil {
			doc.AddField(f)
		}
		month := a.Published.In(Zone).Format("2006-01")
		addKeywords(doc, FieldMonth, indexed, month)
		facets = append(facets, FacetTerm(FacetKindMonth, month))
	}
	doc.AddField(document.NewNumericFieldWithIndexingOptions(FieldSortNewest, nil, newest, sortable))
	doc.AddField(document.NewNumericFieldWithIndexingOptions(FieldSortOldest, nil, oldest, sortable))

	addKeywords(doc, FieldSource, indexed, a.Source)
	addKeywords(doc, FieldProvince, indexed, a.Province)
	addKeywords(doc, FieldAgency, indexed, a.Agency)
	addKeywords(doc, FieldTopics, indexed, a.Topics...)
	if a.Source != "" {
		facets = append(facets, FacetTerm(FacetKindSource, a.Source))
	}
	if a.Province != "" {
		facets = append(facets, FacetTerm(FacetKindProvince, a.Province))
	}
	for _, t := range a.Topics {
		if t != "" {
			facets = append(facets, FacetTerm(FacetKindTopic, t))
		}
	}
	addKeywords(doc, FieldFacets, sortable, facets...)
	addKeywords(doc, FieldProvinceKeys, bleveindex.IndexField, ProvinceKeys(a.Province, a.ProvinceNow)...)
	refs := make([]string, 0, 2*len(a.Refs))
	for _, r := range a.Refs {
		refs = append(refs, RefKeys(r)...)
	}
	addKeywords(doc, FieldRefs, bleveindex.IndexField, refs...)
	addKeywords(doc, FieldDupBands, bleveindex.IndexField, bands...)
	addKeywords(doc, FieldGroup, sortable, a.Group)
	return doc
}

// addKeywords adds a field whose values are single terms, as the keyword
// analyzer would; several values get array positions, as the mapping does.
func addKeywords(doc *document.Document, name string, opts bleveindex.FieldIndexingOptions, values ...string) {
	for i, v := range values {
		if v == "" {
			continue
		}
		var pos []uint64
		if len(values) > 1 {
			pos = []uint64{uint64(i)}
		}
		doc.AddField(document.NewTextFieldCustom(name, pos, []byte(v), opts, nil))
	}
}

// addText adds the exact, folded and bigram fields of one text, analysed
// together the first time one of them is (textfields.go).
func addText(doc *document.Document, text, exact, folded, bigram string) {
	shared := &sharedText{text: text}
	doc.AddField(&textField{name: exact, kind: streamExact, text: shared})
	doc.AddField(&textField{name: folded, kind: streamFolded, text: shared})
	doc.AddField(&textField{name: bigram, kind: streamBigram, text: shared})
}
