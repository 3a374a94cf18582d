package index

import (
	"strings"

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
	// FieldFacets holds every facet value of an article in one field with
	// doc values (FacetTerm): counting facets then reads one field per hit,
	// not four. The single fields above stay indexed for filters and for
	// whole-index counts.
	FieldFacets = "facets"
	FieldRaw    = "_raw" // the article as JSON: stored, not indexed
	// Near-duplicate groups (groups.go, docs/dedup.md): the signature's
	// band terms (index/neardup), looked up to find an article's copies
	// when it is stored, and the group id (doc values: search collapses
	// on it).
	FieldDupBands = "dup_bands"
	FieldGroup    = "group"
	// Sort keys: the publication time in seconds, with undated articles
	// last in both orders (a date sort with missing values cannot resume
	// from a cursor).
	FieldSortNewest = "sort_newest"
	FieldSortOldest = "sort_oldest"
)

// Facet kinds, the prefixes of FieldFacets terms (the search package's
// facet names).
const (
	FacetKindProvince = "province"
	FacetKindSource   = "source"
	FacetKindTopic    = "topic"
	FacetKindMonth    = "month"
)

// facetSep separates kind and value in a FieldFacets term; no value holds it.
const facetSep = "\x1f"

// FacetTerm is the FieldFacets term of one facet value.
func FacetTerm(kind, value string) string { return kind + facetSep + value }

// SplitFacetTerm splits a FieldFacets term into its kind and value.
func SplitFacetTerm(term string) (kind, value string, ok bool) {
	return strings.Cut(term, facetSep)
}

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
	date.DocValues = false // date sorts use the sort keys
	dm.AddFieldMappingsAt(FieldPublished, date)

	for _, f := range []string{FieldSortNewest, FieldSortOldest} {
		num := mapping.NewNumericFieldMapping()
		num.Store = false
		num.IncludeInAll = false
		num.DocValues = true
		dm.AddFieldMappingsAt(f, num)
	}
	dm.AddFieldMappingsAt(FieldMonth, kw(false))
	dm.AddFieldMappingsAt(FieldSource, kw(false))
	dm.AddFieldMappingsAt(FieldProvince, kw(false))
	dm.AddFieldMappingsAt(FieldProvinceKeys, kw(false))
	dm.AddFieldMappingsAt(FieldAgency, kw(false))
	dm.AddFieldMappingsAt(FieldTopics, kw(false))
	dm.AddFieldMappingsAt(FieldRefs, kw(false))
	dm.AddFieldMappingsAt(FieldFacets, kw(true))
	dm.AddFieldMappingsAt(FieldDupBands, kw(false))
	dm.AddFieldMappingsAt(FieldGroup, kw(true))

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
