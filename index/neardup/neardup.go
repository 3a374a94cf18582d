// Package neardup tells republished copies of one article apart from
// different articles that look alike.
//
// Two steps, as portals republish: a cheap signature finds candidates, a
// careful comparison decides.
//
//   - Signature: the body is split into words, each folded (no diacritics,
//     đ → d, lowercase: NFD text and either tone-mark style give the same
//     words; punctuation and whitespace are not words). Every run of
//     Shingle words is a shingle; a MinHash of Bands×Rows functions over
//     the shingles is cut into Bands bands, and each band is one term
//     (Text.Bands). Two texts whose shingle sets have Jaccard similarity J
//     share at least one band with probability 1−(1−J^Rows)^Bands: 0.75
//     at J = 0.4, 0.97 at J = 0.6, 0.9997 at J = 0.8 (docs/dedup.md has
//     what the evaluation measured).
//   - Comparison (Same): a word diff of the two folded texts. Copies differ
//     by blocks added or dropped (a byline, a source line, a sentence, a
//     first or last paragraph); templated look-alikes differ in details
//     put in the same place (a bulletin's number and figures, a commune's
//     name, a decision's number and amount). So a small replacement (at
//     most SmallEdit words on each side) that holds a number or a
//     capitalised word is a conflict and the texts are not copies; other
//     small replacements are tolerated up to a few. Shared words must make
//     most of the shorter text and a good part of the longer one. Short
//     texts (fewer than ShortWords words) must match word for word apart
//     from added or dropped blocks, and more of them must be shared.
package neardup

import (
	"encoding/hex"
	"unicode"
	"unicode/utf8"

	"github.com/govnews/govnews/index/vietnamese"
)

// Parameters of the signature and the comparison.
const (
	Shingle    = 5  // words per shingle
	Bands      = 8  // band terms per article
	Rows       = 2  // MinHash values per band
	MinWords   = 20 // texts with fewer words get no bands: too little to tell copies apart
	ShortWords = 80 // texts with fewer words are short: stricter comparison
	SmallEdit  = 4  // a replacement with at most this many words on each side is a changed detail
)

// tok is one word: the hash of its folded form, and what kind of word it is.
type tok struct {
	h     uint64
	digit bool // holds a digit: a number, a date, a document number
	upper bool // starts with a capital letter: a name
}

// Text is a body analysed for comparison.
type Text struct {
	toks []tok
}

// Words is how many words the text has.
func (t *Text) Words() int { return len(t.toks) }

// Analyze splits a text into folded words.
func Analyze(text string) *Text {
	t := &Text{toks: make([]tok, 0, len(text)/5)}
	const offset, prime = 14695981039346656037, 1099511628211
	h, n := uint64(offset), 0
	var cur tok
	flush := func() {
		if n > 0 {
			cur.h = h
			t.toks = append(t.toks, cur)
		}
		h, n, cur = offset, 0, tok{}
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
			flush()
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue // a combining mark of NFD text: folded away
		}
		if n == 0 {
			cur.upper = unicode.IsUpper(r)
		}
		if unicode.IsDigit(r) {
			cur.digit = true
		}
		f := vietnamese.FoldRune(r)
		for f > 0 {
			h ^= uint64(f & 0xff)
			h *= prime
			f >>= 8
		}
		n++
	}
	flush()
	return t
}

// mix is splitmix64's finaliser: a good 64-bit hash of x.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// shingles are the hashes of every run of Shingle words.
func (t *Text) shingles() []uint64 {
	if len(t.toks) < Shingle {
		return nil
	}
	out := make([]uint64, 0, len(t.toks)-Shingle+1)
	for i := 0; i+Shingle <= len(t.toks); i++ {
		var h uint64
		for _, w := range t.toks[i : i+Shingle] {
			h = mix(h ^ w.h)
		}
		out = append(out, h)
	}
	return out
}

// seeds of the MinHash functions: fixed, so signatures are the same in
// every process and every version that keeps these constants.
var seeds = func() [Bands * Rows]uint64 {
	var s [Bands * Rows]uint64
	x := uint64(0x6e6561726475702e) // "neardup."
	for i := range s {
		x += 0x9e3779b97f4a7c15
		s[i] = mix(x)
	}
	return s
}()

// Bands are the text's band terms, which an index stores so that copies
// can be looked up: Bands terms of 13 characters (the band's number and
// 48 bits of its values' hash). A text of fewer than MinWords words has
// none: it joins no group.
func (t *Text) Bands() []string {
	if len(t.toks) < MinWords {
		return nil
	}
	var mins [Bands * Rows]uint64
	for i := range mins {
		mins[i] = ^uint64(0)
	}
	for _, sh := range t.shingles() {
		for i, s := range seeds {
			if v := mix(sh ^ s); v < mins[i] {
				mins[i] = v
			}
		}
	}
	out := make([]string, Bands)
	for b := 0; b < Bands; b++ {
		h := uint64(b + 1)
		for r := 0; r < Rows; r++ {
			h = mix(h ^ mins[b*Rows+r])
		}
		var buf [7]byte
		buf[0] = byte(b)
		for i := 1; i < 7; i++ {
			buf[i] = byte(h >> (8 * i))
		}
		out[b] = hex.EncodeToString(buf[:])[1:]
	}
	return out
}

// Verdict is the outcome of a comparison, with its figures for tests and
// the evaluation.
type Verdict struct {
	Same      bool
	Shared    int    // words of the longest common subsequence
	Conflicts int    // small replacements holding a number or a name
	Minor     int    // other small replacements
	Reason    string // why not, when not the same
}

// Same reports whether b is a copy of a (or a of b): see the package
// comment.
func Same(a, b *Text) bool { return Compare(a, b).Same }

// Compare compares two texts and says why they are or are not copies.
func Compare(a, b *Text) Verdict {
	short, long := len(a.toks), len(b.toks)
	if short > long {
		short, long = long, short
	}
	if short < MinWords {
		return Verdict{Reason: "too short"}
	}
	// Cheap bound first: the shared words cannot exceed the shorter text,
	// and the longer one must not be mostly additions.
	strict := short < ShortWords
	minShort, minLong, maxMinor := 0.8, 0.4, 3
	if strict {
		minShort, minLong, maxMinor = 0.9, 0.6, 0
	}
	if float64(short) < minLong*float64(long) {
		return Verdict{Reason: "lengths too different"}
	}
	// The diff may stop once it is sure the shared part is too small.
	maxEdits := short + long - 2*int(minShort*float64(short)+0.5)
	if lim := short + long - 2*int(minLong*float64(long)+0.5); lim < maxEdits {
		maxEdits = lim
	}
	ops, ok := diff(a.toks, b.toks, maxEdits)
	if !ok {
		return Verdict{Reason: "too many differences"}
	}
	v := Verdict{}
	// Walk the edit script: runs of kept words, separated by regions of
	// deleted (from a) and inserted (from b) words. Regions with fewer
	// than bridge kept words between them are one region: "xã Tân Phú"
	// against "xã Phú Sơn" keeps "Phú" between a deletion and an insertion.
	const bridge = 3
	i, j := 0, 0
	for k := 0; k < len(ops); {
		if ops[k] == opKeep {
			v.Shared++
			i, j, k = i+1, j+1, k+1
			continue
		}
		var delToks, insToks []tok
		for k < len(ops) {
			if ops[k] == opKeep {
				run := 0
				for k+run < len(ops) && ops[k+run] == opKeep && run < bridge {
					run++
				}
				if run >= bridge || k+run == len(ops) {
					break
				}
				v.Shared += run
				i, j, k = i+run, j+run, k+run
				continue
			}
			if ops[k] == opDel {
				delToks = append(delToks, a.toks[i])
				i++
			} else {
				insToks = append(insToks, b.toks[j])
				j++
			}
			k++
		}
		del, ins := len(delToks), len(insToks)
		if del == 0 || ins == 0 {
			continue // a block added or dropped
		}
		if del > SmallEdit || ins > SmallEdit {
			continue // a block replaced by another: an edit, not a detail
		}
		if detail(delToks) || detail(insToks) {
			v.Conflicts++
		} else {
			v.Minor++
		}
	}
	switch {
	case v.Conflicts > 0:
		v.Reason = "a number or name differs"
	case v.Minor > maxMinor:
		v.Reason = "words replaced"
	case float64(v.Shared) < minShort*float64(short):
		v.Reason = "too little of the shorter text shared"
	case float64(v.Shared) < minLong*float64(long):
		v.Reason = "too little of the longer text shared"
	default:
		v.Same = true
	}
	return v
}

// detail reports whether replaced words hold a number or a name.
func detail(ts []tok) bool {
	for _, t := range ts {
		if t.digit || t.upper {
			return true
		}
	}
	return false
}

// Edit operations of a diff.
const (
	opKeep byte = iota
	opDel       // a word of a only
	opIns       // a word of b only
)

// diff is Myers' O((N+M)·D) shortest edit script of a into b, or false
// when it needs more than maxEdits deletions and insertions.
func diff(a, b []tok, maxEdits int) ([]byte, bool) {
	n, m := len(a), len(b)
	if maxEdits > n+m {
		maxEdits = n + m
	}
	off := maxEdits + 1
	v := make([]int, 2*off+1)
	var trace [][]int
	for d := 0; d <= maxEdits; d++ {
		snap := make([]int, 2*d+3)
		copy(snap, v[off-d-1:off+d+2])
		trace = append(trace, snap)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: an insertion
			} else {
				x = v[off+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x].h == b[y].h {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, d, n, m), true
			}
		}
	}
	return nil, false
}

// backtrack recovers the edit script from the saved frontiers.
func backtrack(trace [][]int, d, n, m int) []byte {
	ops := make([]byte, 0, n+m)
	x, y := n, m
	for ; d > 0; d-- {
		prev := trace[d] // the frontier before step d, centred on k = 0 at index d+1
		get := func(k int) int { return prev[k+d+1] }
		k := x - y
		var pk int
		if k == -d || (k != d && get(k-1) < get(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := get(pk)
		py := px - pk
		for x > px && y > py {
			ops = append(ops, opKeep)
			x, y = x-1, y-1
		}
		if x == px {
			ops = append(ops, opIns)
		} else {
			ops = append(ops, opDel)
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		ops = append(ops, opKeep)
		x, y = x-1, y-1
	}
	for i, j := 0, len(ops)-1; i < j; i, j = i+1, j-1 {
		ops[i], ops[j] = ops[j], ops[i]
	}
	return ops
}
