package index

import (
	"encoding/json"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/govnews/govnews/index/vietnamese"
)

// buildDocument turns an article into a bleve document directly, fields
// as NewMapping describes them. The mapping would analyse title and body
// three times each (exact, folded, bigrams); here each text is split into
// words once, in bleve's analysis workers, and the three term streams are
// derived from that one split.
func buildDocument(id string, a *Article) *document.Document {
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
	refs := make([]string, len(a.Refs))
	for i, r := range a.Refs {
		refs[i] = RefKey(r)
	}
	addKeywords(doc, FieldRefs, bleveindex.IndexField, refs...)
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

// addText adds the exact, folded and bigram fields of one text.
func addText(doc *document.Document, text, exact, folded, bigram string) {
	shared := &sharedSplit{text: text}
	opts := bleveindex.IndexField
	doc.AddField(document.NewTextFieldCustom(exact, nil, nil, opts, splitAnalyzer{shared, streamExact}))
	doc.AddField(document.NewTextFieldCustom(folded, nil, nil, opts, splitAnalyzer{shared, streamFolded}))
	doc.AddField(document.NewTextFieldCustom(bigram, nil, nil, opts, splitAnalyzer{shared, streamBigram}))
}

// sharedSplit is one text split into words, done the first time one of
// its fields is analysed.
type sharedSplit struct {
	once sync.Once
	text string
	toks []vietnamese.Token
}

func (s *sharedSplit) tokens() []vietnamese.Token {
	// Put normalized the article to NFC already.
	s.once.Do(func() { s.toks = vietnamese.Tokenize(s.text, true) })
	return s.toks
}

type streamKind int

const (
	streamExact streamKind = iota
	streamFolded
	streamBigram
)

// splitAnalyzer is a bleve Analyzer that ignores its input and derives its
// tokens from the shared split.
type splitAnalyzer struct {
	split *sharedSplit
	kind  streamKind
}

func (sa splitAnalyzer) Analyze([]byte) analysis.TokenStream {
	toks := sa.split.tokens()
	switch sa.kind {
	case streamExact:
		return exactStream(toks)
	case streamFolded:
		return termStream(toks, vietnamese.Fold)
	default:
		return bigramStream(toks)
	}
}

// termStream: every token, compounds included, normalized by norm.
func termStream(toks []vietnamese.Token, norm func(string) string) analysis.TokenStream {
	backing := make([]analysis.Token, len(toks))
	stream := make(analysis.TokenStream, len(toks))
	for i, tk := range toks {
		backing[i] = analysis.Token{Term: []byte(norm(tk.Text)), Start: tk.Start, End: tk.End, Position: tk.Position, Type: analysis.AlphaNumeric}
		stream[i] = &backing[i]
	}
	return stream
}

// exactStream: the exact spelling of every word written with diacritics.
// A word without them has the same term in the folded field, and a query
// asks the exact field only for words typed with diacritics (search's
// wordQuery), so leaving them out costs no match and a third of the
// field's postings.
func exactStream(toks []vietnamese.Token) analysis.TokenStream {
	backing := make([]analysis.Token, 0, len(toks))
	for _, tk := range toks {
		if vietnamese.HasDiacritics(tk.Text) {
			backing = append(backing, analysis.Token{Term: []byte(vietnamese.Canon(tk.Text)), Start: tk.Start, End: tk.End, Position: tk.Position, Type: analysis.AlphaNumeric})
		}
	}
	stream := make(analysis.TokenStream, len(backing))
	for i := range backing {
		stream[i] = &backing[i]
	}
	return stream
}

// bigramStream: folded pairs of consecutive words, compounds left out (their
// parts are words).
func bigramStream(toks []vietnamese.Token) analysis.TokenStream {
	var parts []vietnamese.Token
	for _, tk := range toks {
		if !tk.Compound {
			parts = append(parts, tk)
		}
	}
	return foldedPairs(parts)
}

func foldedPairs(parts []vietnamese.Token) analysis.TokenStream {
	if len(parts) < 2 {
		return nil
	}
	backing := make([]analysis.Token, len(parts)-1)
	stream := make(analysis.TokenStream, len(parts)-1)
	prev := vietnamese.Fold(parts[0].Text)
	for i := 1; i < len(parts); i++ {
		cur := vietnamese.Fold(parts[i].Text)
		term := make([]byte, 0, len(prev)+1+len(cur))
		term = append(append(append(term, prev...), ' '), cur...)
		backing[i-1] = analysis.Token{Term: term, Start: parts[i-1].Start, End: parts[i].End, Position: i, Type: analysis.Shingle}
		stream[i-1] = &backing[i-1]
		prev = cur
	}
	return stream
}
