package index

import (
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/govnews/govnews/index/vietnamese"
)

// Tokenizer names registered with bleve. Each does the whole analysis of a
// field in one pass (split, NFC, lowercase, tone canonicalization or
// folding), so no token filter chain is needed.
const (
	TokenizerExact  = "govnews_vi_exact"  // canonical spelling with diacritics; compounds kept whole too
	TokenizerFolded = "govnews_vi_folded" // no diacritics, đ→d; compounds kept whole too
	TokenizerBigram = "govnews_vi_bigram" // folded syllable pairs: phrase and proximity without positions
)

// Analyzer names used in the mapping.
const (
	AnalyzerExact  = "vi_exact"
	AnalyzerFolded = "vi_folded"
	AnalyzerBigram = "vi_bigram"
)

func init() {
	reg := func(name string, t analysis.Tokenizer) {
		registry.RegisterTokenizer(name, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
			return t, nil
		})
	}
	reg(TokenizerExact, viTokenizer{norm: vietnamese.Canon, compounds: true})
	reg(TokenizerFolded, viTokenizer{norm: vietnamese.Fold, compounds: true})
	reg(TokenizerBigram, bigramTokenizer{})
}

// ExactTerm, FoldedTerm and BigramTerm give the terms a query must use to
// match what the analyzers put in the index.
func ExactTerm(word string) string  { return vietnamese.Canon(word) }
func FoldedTerm(word string) string { return vietnamese.Fold(word) }
func BigramTerm(a, b string) string { return vietnamese.Fold(a) + " " + vietnamese.Fold(b) }

// FoldedSpellings are the folded terms an article may hold for word, the
// first being FoldedTerm(word): the folded fields keep the i/y spellings
// apart ("ki" for kì, "ky" for kỳ), which the exact fields merge, so a
// folded match looks for both.
func FoldedSpellings(word string) []string {
	out := []string{FoldedTerm(word)}
	if i := vietnamese.ISpelling(word); i != "" {
		for _, f := range []string{FoldedTerm(vietnamese.YSpelling(word)), FoldedTerm(i)} {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// ExactSpellings are the exact terms an article may hold for word, the
// first being ExactTerm(word): the exact fields merge the i/y spellings
// (kì, kỳ) except sĩ and sỹ (vietnamese.YSpelling), so a query looks for
// both of those.
func ExactSpellings(word string) []string {
	out := []string{ExactTerm(word)}
	if i := vietnamese.ISpelling(word); i != "" {
		for _, e := range []string{vietnamese.YSpelling(word), ExactTerm(i)} {
			if !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
	}
	return out
}

// BigramTerms are the bigram terms an article may hold for a followed by
// b, the first being BigramTerm(a, b): every pair of their folded
// spellings ("ky hop" and "ki hop" for kỳ họp).
func BigramTerms(a, b string) []string {
	var out []string
	for _, x := range FoldedSpellings(a) {
		for _, y := range FoldedSpellings(b) {
			out = append(out, x+" "+y)
		}
	}
	return out
}

// The tokenizers registered with bleve analyse query-time text and any
// document indexed through the mapping; Put builds documents itself
// (document.go) from the same functions.
type viTokenizer struct {
	norm      func(string) string
	compounds bool
}

func (t viTokenizer) Tokenize(input []byte) analysis.TokenStream {
	toks := vietnamese.Tokenize(vietnamese.NFC(string(input)), t.compounds)
	return termStream(toks, t.norm)
}

type bigramTokenizer struct{}

func (bigramTokenizer) Tokenize(input []byte) analysis.TokenStream {
	return foldedPairs(vietnamese.Tokenize(vietnamese.NFC(string(input)), false))
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

// foldedPairs: folded pairs of consecutive words (the bigram field), none
// across a sentence's or paragraph's end.
func foldedPairs(parts []vietnamese.Token) analysis.TokenStream {
	if len(parts) < 2 {
		return nil
	}
	backing := make([]analysis.Token, 0, len(parts)-1)
	prev := vietnamese.Fold(parts[0].Text)
	for i := 1; i < len(parts); i++ {
		cur := vietnamese.Fold(parts[i].Text)
		if !parts[i].Break {
			term := make([]byte, 0, len(prev)+1+len(cur))
			term = append(append(append(term, prev...), ' '), cur...)
			backing = append(backing, analysis.Token{Term: term, Start: parts[i-1].Start, End: parts[i].End, Position: i, Type: analysis.Shingle})
		}
		prev = cur
	}
	stream := make(analysis.TokenStream, len(backing))
	for i := range backing {
		stream[i] = &backing[i]
	}
	return stream
}
