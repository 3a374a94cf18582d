package index

import (
	"maps"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/govnews/govnews/index/vietnamese"
)

// The fields Put builds must hold exactly the terms the registered
// analyzers give for the same text, since queries are analysed by those:
// folded and bigram terms the same, exact terms the diacritic words of the
// exact analyzer's.
func TestTextFieldsMatchAnalyzers(t *testing.T) {
	cache := registry.NewCache()
	tokenizer := func(name string) analysis.Tokenizer {
		tk, err := cache.TokenizerNamed(name)
		if err != nil {
			t.Fatal(err)
		}
		return tk
	}
	exactTok, foldedTok, bigramTok := tokenizer(TokenizerExact), tokenizer(TokenizerFolded), tokenizer(TokenizerBigram)
	texts := []string{
		"",
		"Hòa",
		"Bí thư đồng thời là Chủ tịch UBND cấp xã; Bí thư Đảng ủy xã Hoà Bình.",
		"Kinh phí KH&CN năm 2022 theo Quyết định 250/QĐ-SKHCN và Nghị quyết 18-NQ/TW, TP.HCM.",
		"Thuỷ lợi, thủy lợi — khoẻ mạnh, khỏe mạnh; quí, quý; kì, kỳ. Sở KH&CN, KH & CN.",
		"Ngày 23 tháng 9 năm 2022, đồng chí Nguyễn Văn A (Chủ tịch) nói: “phát triển kinh tế – xã hội”.",
	}
	for _, text := range texts {
		text = vietnamese.NFC(text)
		shared := &sharedText{text: text}
		shared.analyze()

		want := func(tk analysis.Tokenizer, keep func(string) bool) (bleveindex.TokenFrequencies, int) {
			var kept analysis.TokenStream
			for _, tok := range tk.Tokenize([]byte(text)) {
				if keep == nil || keep(string(tok.Term)) {
					kept = append(kept, tok)
				}
			}
			return analysis.TokenFrequency(kept, nil, bleveindex.IndexField), len(kept)
		}
		check := func(kind streamKind, name string, wantFreqs bleveindex.TokenFrequencies, wantLen int) {
			got := shared.fields[kind]
			if got.length != wantLen {
				t.Errorf("%q: %s length %d, want %d", text, name, got.length, wantLen)
			}
			counts := func(m bleveindex.TokenFrequencies) map[string]int {
				c := map[string]int{}
				for term, tf := range m {
					c[term] = tf.Frequency()
					if string(tf.Term) != term {
						t.Errorf("%q: %s term %q has key %q", text, name, tf.Term, term)
					}
				}
				return c
			}
			if g, w := counts(got.freqs), counts(wantFreqs); !maps.Equal(g, w) {
				t.Errorf("%q: %s terms\n got %v\nwant %v", text, name, g, w)
			}
		}
		f, n := want(foldedTok, nil)
		check(streamFolded, "folded", f, n)
		b, n := want(bigramTok, nil)
		check(streamBigram, "bigram", b, n)
		e, n := want(exactTok, vietnamese.HasDiacritics)
		check(streamExact, "exact", e, n)
	}
}
