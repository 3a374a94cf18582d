package index

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Field names in the bleve index. Text fields come in three forms: exact
// (with diacritics), folded (without) and folded bigrams (for phrases).
const (
	FieldTitle        = "title"
	FieldTitleFolded  = "title_f"
	FieldTitleBigram  = "title_b"
	FieldBody         = "body"
	FieldBodyFolded   = "body_f"
	FieldBodyBigram   = "body_b"
	FieldPublished    = "published"
	FieldMonth        = "month" // "2022-11", the timeline facet
	FieldSource       = "source"
	FieldProvince     = "province"     // display name as published (facet)
	FieldProvinceKeys = "province_key" // folded old and new names (filter)
	FieldAgency       = "agency"
	FieldTopics       = "topics"
	FieldRefs         = "refs" // document numbers, lowercased canonical
	FieldRaw          = "_raw" // the article as JSON: stored, not indexed
	// Sort keys: the publication time in seconds, with undated articles
	// last in both orders (a date sort with missing values cannot resume
	// from a cursor).
	FieldSortNewest = "sort_newest"
	FieldSortOldest = "sort_oldest"
)

// NewMapping is govnews' explicit mapping: nothing dynamic, no term vectors
// (snippets are computed from the stored text), doc values only on the
// fields that are sorted or faceted.
func NewMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	for name, tok := range map[string]string{AnalyzerExact: TokenizerExact, AnalyzerFolded: TokenizerFolded, AnalyzerBigram: TokenizerBigram} {
		if err := im.AddCustomAnalyzer(name, map[string]interface{}{"type": custom.Name, "tokenizer": tok}); err != nil {
			return nil, err
		}
	}
	im.DefaultAnalyzer = AnalyzerExact
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	text := func(name, analyzer string) *mapping.FieldMapping {
		fm := mapping.NewTextFieldMapping()
		fm.Name = name
		fm.Analyzer = analyzer
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		fm.DocValues = false
		return fm
	}
	kw := func(docValues bool) *mapping.FieldMapping {
		fm := mapping.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		fm.DocValues = docValues
		return fm
	}
	dm := mapping.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(FieldTitle, text(FieldTitle, AnalyzerExact), text(FieldTitleFolded, AnalyzerFolded), text(FieldTitleBigram, AnalyzerBigram))
	dm.AddFieldMappingsAt(FieldBody, text(FieldBody, AnalyzerExact), text(FieldBodyFolded, AnalyzerFolded), text(FieldBodyBigram, AnalyzerBigram))

	date := mapping.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = true
	dm.AddFieldMappingsAt(FieldPublished, date)

	for _, f := range []string{FieldSortNewest, FieldSortOldest} {
		num := mapping.NewNumericFieldMapping()
		num.Store = false
		num.IncludeInAll = false
		num.DocValues = true
		dm.AddFieldMappingsAt(f, num)
	}
	dm.AddFieldMappingsAt(FieldMonth, kw(true))
	dm.AddFieldMappingsAt(FieldSource, kw(true))
	dm.AddFieldMappingsAt(FieldProvince, kw(true))
	dm.AddFieldMappingsAt(FieldProvinceKeys, kw(false))
	dm.AddFieldMappingsAt(FieldAgency, kw(true))
	dm.AddFieldMappingsAt(FieldTopics, kw(true))
	dm.AddFieldMappingsAt(FieldRefs, kw(false))

	raw := mapping.NewTextFieldMapping()
	raw.Analyzer = keyword.Name
	raw.Index = false
	raw.Store = true
	raw.IncludeInAll = false
	raw.IncludeTermVectors = false
	raw.DocValues = false
	dm.AddFieldMappingsAt(FieldRaw, raw)

	im.DefaultMapping = dm
	return im, nil
}
