package index

import (
	"sync"
	"unsafe"

	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/govnews/govnews/index/vietnamese"
)

// A text is indexed as three fields (exact, folded, bigram). textField is
// one of them as bleve sees it; the three share one sharedText, which
// splits the text once and counts all three fields' terms in one pass.
//
// Why not bleve's document.TextField with an analyzer: that path builds a
// token (and a term allocation) per word per field, then a map of them.
// At an import's scale those allocations, and the garbage collection they
// cause, were a sixth of the CPU; here a field's terms are counted straight
// into the map bleve's segment builder reads, terms are shared strings
// (cached syllables, or slices of one buffer per text), and the counts are
// allocated in blocks.
type textField struct {
	name string
	kind streamKind
	text *sharedText
}

type streamKind int

const (
	streamExact  streamKind = iota // words written with diacritics, canonical spelling
	streamFolded                   // every word and compound, folded
	streamBigram                   // folded pairs of consecutive words
)

// sharedText is one text and, once analysed, its three fields' terms.
type sharedText struct {
	once   sync.Once
	text   string // NFC already (Article.Normalize)
	fields [3]fieldTerms
}

type fieldTerms struct {
	length int // tokens in the field: the length norm
	freqs  bleveindex.TokenFrequencies
}

func (f *textField) Name() string                             { return f.name }
func (f *textField) ArrayPositions() []uint64                 { return nil }
func (f *textField) Options() bleveindex.FieldIndexingOptions { return bleveindex.IndexField }
func (f *textField) Analyze()                                 { f.text.once.Do(f.text.analyze) }
func (f *textField) Value() []byte                            { return nil } // not stored
func (f *textField) EncodedFieldType() byte                   { return 't' }
func (f *textField) AnalyzedLength() int                      { return f.text.fields[f.kind].length }
func (f *textField) AnalyzedTokenFrequencies() bleveindex.TokenFrequencies {
	return f.text.fields[f.kind].freqs
}

// NumPlainTextBytes counts the text once, on its exact field.
func (f *textField) NumPlainTextBytes() uint64 {
	if f.kind == streamExact {
		return uint64(len(f.text.text))
	}
	return 0
}

// Size is bleve's estimate of the memory a document holds, used to pace
// batches; counting every term as bleve's own fields do costs more than
// the estimate is worth, so it is taken per term.
func (f *textField) Size() int {
	const perTerm = 64
	return len(f.name) + 48 + perTerm*len(f.text.fields[f.kind].freqs)
}

// analyze splits the text and counts the three fields' terms:
//
//   - exact: the canonical spelling of every word written with diacritics.
//     A word without them has the same term in the folded field, and a
//     query asks the exact field only for words typed with diacritics
//     (search's wordQuery), so leaving them out costs no match and a third
//     of the field's postings.
//   - folded: every token, compounds ("kh&cn", "250/qd-skhcn") included.
//   - bigram: folded pairs of consecutive words, compounds left out (their
//     parts are words), and no pair across a sentence's or paragraph's
//     end (vietnamese.Token.Break).
//
// These are exactly the terms the registered analyzers (analysis.go) give
// for the same text, which the tests check.
func (t *sharedText) analyze() {
	toks := vietnamese.Tokenize(t.text, true)
	exact := make(bleveindex.TokenFrequencies, len(toks)/3)
	folded := make(bleveindex.TokenFrequencies, len(toks)/3)
	bigram := make(bleveindex.TokenFrequencies, len(toks))
	var counts freqBlock
	var buf termBuffer
	exactLen, bigramLen := 0, 0
	prev := ""
	for _, tk := range toks {
		f := vietnamese.Fold(tk.Text)
		counts.add(folded, f)
		if vietnamese.HasDiacritics(tk.Text) {
			counts.add(exact, vietnamese.Canon(tk.Text))
			exactLen++
		}
		if tk.Compound {
			continue
		}
		if prev != "" && !tk.Break {
			counts.addPair(bigram, &buf, prev, f)
			bigramLen++
		}
		prev = f
	}
	t.fields[streamExact] = fieldTerms{exactLen, exact}
	t.fields[streamFolded] = fieldTerms{len(toks), folded}
	t.fields[streamBigram] = fieldTerms{bigramLen, bigram}
}

// freqBlock hands out TokenFreqs from blocks, one allocation per block.
type freqBlock []bleveindex.TokenFreq

const freqBlockSize = 128

func (b *freqBlock) next(term string) *bleveindex.TokenFreq {
	if len(*b) == cap(*b) {
		*b = make([]bleveindex.TokenFreq, 0, freqBlockSize)
	}
	*b = append(*b, bleveindex.TokenFreq{Term: unsafe.Slice(unsafe.StringData(term), len(term))})
	return &(*b)[len(*b)-1]
}

// add counts one occurrence of term. Terms are read, never written, by
// bleve, so a TokenFreq's Term may share the string's bytes.
func (b *freqBlock) add(m bleveindex.TokenFrequencies, term string) {
	tf, ok := m[term]
	if !ok {
		tf = b.next(term)
		m[term] = tf
	}
	tf.SetFrequency(tf.Frequency() + 1)
}

// addPair counts the pair "a b", building its term only when it is new.
func (b *freqBlock) addPair(m bleveindex.TokenFrequencies, buf *termBuffer, a, c string) {
	buf.scratch = append(append(append(buf.scratch[:0], a...), ' '), c...)
	if tf, ok := m[string(buf.scratch)]; ok { // no allocation: the compiler looks up in place
		tf.SetFrequency(tf.Frequency() + 1)
		return
	}
	term := buf.keep(buf.scratch)
	tf := b.next(term)
	m[term] = tf
	tf.SetFrequency(1)
}

// termBuffer keeps new terms in shared chunks rather than one allocation
// each. A chunk is never appended to past its capacity, so the strings
// made from it stay valid.
type termBuffer struct {
	chunk   []byte
	scratch []byte
}

const termChunkSize = 4096

func (tb *termBuffer) keep(term []byte) string {
	if len(term) > termChunkSize/4 {
		return string(term)
	}
	if cap(tb.chunk)-len(tb.chunk) < len(term) {
		tb.chunk = make([]byte, 0, termChunkSize)
	}
	start := len(tb.chunk)
	tb.chunk = append(tb.chunk, term...)
	return unsafe.String(&tb.chunk[start], len(term))
}
