package search

import (
	"fmt"
	"sort"
	"strings"

	"github.com/govnews/govnews/configs"
	"github.com/govnews/govnews/index/vietnamese"
)

// Abbreviations expands official abbreviations both ways: a query with
// "UBND" also finds "ủy ban nhân dân", and a query with "ủy ban nhân dân"
// also finds "UBND". Abbreviations with the same expansion (KH&CN, KHCN)
// find each other.
type Abbreviations struct {
	expansions map[string][][]string // folded abbreviation → expansions as word lists
	synonyms   map[string][]string   // folded abbreviation → abbreviations with a shared expansion
	byPhrase   map[string][]string   // folded expansion ("uy ban nhan dan") → abbreviations
	byParts    map[string]string     // folded parts of an abbreviation ("kh cn") → its key ("kh&cn")
	longest    int                   // words in the longest expansion
}

// abbreviationKey says whether a word, as the user typed it, is meant as an
// abbreviation. Written in capitals it always is; in lower case only when it
// has three letters or more, because two-letter ones ("tu", "cp") are
// ordinary syllables once folded.
func (ab *Abbreviations) abbreviationKey(typed string) (string, bool) {
	if ab == nil {
		return "", false
	}
	key := vietnamese.Fold(typed)
	if _, ok := ab.expansions[key]; !ok {
		return "", false
	}
	if strings.ToUpper(typed) == typed || unambiguous(key) {
		return key, true
	}
	return "", false
}

// unambiguous reports whether an abbreviation, folded, cannot be taken
// for a Vietnamese syllable: three letters or more, or two without a
// vowel or with a letter Vietnamese does not write (TW, QH, CP, NQ, QĐ;
// not TU, HU, ĐU, which fold to tu, hu, du).
func unambiguous(key string) bool {
	if letters(key) >= 3 {
		return true
	}
	return !strings.ContainsAny(key, "aeiouy") || strings.ContainsAny(key, "fjwz")
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' {
			n++
		}
	}
	return n
}

// ParseAbbreviations reads configs/abbreviations.yaml; file names it in errors.
func ParseAbbreviations(data []byte, file string) (*Abbreviations, error) {
	var f struct {
		Abbreviations map[string][]string `yaml:"abbreviations"`
	}
	if err := configs.Decode(data, &f); err != nil {
		return nil, fmt.Errorf("search: %s: %w", file, err)
	}
	if f.Abbreviations == nil {
		return nil, fmt.Errorf("search: %s: no abbreviations (expected a top-level \"abbreviations:\" map)", file)
	}
	ab := &Abbreviations{expansions: map[string][][]string{}, synonyms: map[string][]string{}, byPhrase: map[string][]string{}, byParts: map[string]string{}}
	keys := make([]string, 0, len(f.Abbreviations))
	for k := range f.Abbreviations {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, abbr := range keys {
		exps := f.Abbreviations[abbr]
		if strings.TrimSpace(abbr) == "" || len(exps) == 0 {
			return nil, fmt.Errorf("search: %s: abbreviation %q has no expansion", file, abbr)
		}
		abbr = vietnamese.NFC(strings.TrimSpace(abbr))
		key := vietnamese.Fold(abbr)
		if parts := phraseWords(abbr); len(parts) > 1 {
			ab.byParts[foldJoin(parts)] = key
		}
		for _, e := range exps {
			words := phraseWords(e)
			if len(words) == 0 {
				return nil, fmt.Errorf("search: %s: abbreviation %q: empty expansion", file, abbr)
			}
			ab.expansions[key] = append(ab.expansions[key], words)
			// Short abbreviations that fold to a syllable ("TU": tư,
			// tự, từ) are not searched for their expansion.
			if unambiguous(key) {
				pk := foldJoin(words)
				ab.byPhrase[pk] = appendUnique(ab.byPhrase[pk], abbr)
				// An expansion that holds an abbreviation ("sở KH&CN" for
				// SKHCN) is also found as typed unquoted, where KH&CN is
				// one word, not its parts.
				if whole := wholeWords(e); len(whole) > 1 && len(whole) != len(words) {
					wk := foldJoin(whole)
					ab.byPhrase[wk] = appendUnique(ab.byPhrase[wk], abbr)
				}
			}
			if len(words) > ab.longest {
				ab.longest = len(words)
			}
		}
	}
	for _, abbrs := range ab.byPhrase {
		for _, a := range abbrs {
			for _, b := range abbrs {
				if a != b {
					ab.synonyms[vietnamese.Fold(a)] = appendUnique(ab.synonyms[vietnamese.Fold(a)], b)
				}
			}
		}
	}
	return ab, nil
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func foldJoin(words []string) string {
	f := make([]string, len(words))
	for i, w := range words {
		f[i] = vietnamese.Fold(w)
	}
	return strings.Join(f, " ")
}

// phraseWords splits a phrase into the words that phrase matching compares:
// parts of compounds, since the bigram index holds parts.
func phraseWords(s string) []string {
	toks := vietnamese.Tokenize(vietnamese.NFC(s), false)
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Text
	}
	return words
}

// wholeWords is s's words with each compound whole ("sở KH&CN" is two
// words), as an unquoted query reads them.
func wholeWords(s string) []string {
	var words []string
	end := -1
	for _, t := range vietnamese.Tokenize(vietnamese.NFC(s), true) {
		if t.Start < end {
			continue // a part of the compound just taken
		}
		words = append(words, t.Text)
		end = t.End
	}
	return words
}

// alternativesForWord returns what else a single word may be written as:
// the expansions of an abbreviation and its synonyms.
func (ab *Abbreviations) alternativesForWord(typed string) []Node {
	key, ok := ab.abbreviationKey(typed)
	if !ok {
		return nil
	}
	var alts []Node
	for _, e := range ab.expansions[key] {
		// A phrase of n words scores like n words; weigh it as one, like
		// the abbreviation it replaces.
		alts = append(alts, Node{Kind: NodePhrase, Words: e, Weight: 1 / float64(len(e)), Expanded: true})
	}
	for _, syn := range ab.synonyms[key] {
		alts = append(alts, Node{Kind: NodeWord, Words: []string{syn}, ExactOnly: true})
	}
	return alts
}

// abbreviationsFor returns the abbreviations of an expansion typed as words.
func (ab *Abbreviations) abbreviationsFor(words []string) []string {
	if ab == nil || len(words) < 2 {
		return nil
	}
	return ab.byPhrase[foldJoin(words)]
}

// phraseVariants returns the other spellings of a phrase (a list of
// words, compounds split into parts) with its abbreviations expanded or its
// expansions abbreviated, at most max of them.
func (ab *Abbreviations) phraseVariants(words []string, max int) [][]string {
	if ab == nil {
		return nil
	}
	return ab.phraseVariantsUpTo(words, max, ab.longest)
}

// phraseVariantsUpTo is phraseVariants with expansions of at most longest
// words: inside a matched expansion, shorter ones are varied too ("Sở
// Khoa học và Công nghệ" is also "Sở KH&CN", not only "SKHCN").
func (ab *Abbreviations) phraseVariantsUpTo(words []string, max, longest int) [][]string {
	variants := [][]string{nil}
	for i := 0; i < len(words); {
		step, choices := 1, [][]string{{words[i]}}
		for n := min(longest, len(words)-i); n >= 1; n-- {
			seq := words[i : i+n]
			if abbrs := ab.abbreviationsFor(seq); len(abbrs) > 0 {
				choices = [][]string{seq}
				if n > 2 {
					choices = append(choices, ab.phraseVariantsUpTo(seq, max, n-1)...)
				}
				for _, a := range abbrs {
					choices = append(choices, phraseWords(a))
				}
				step = n
				break
			}
			key, ok := ab.byParts[foldJoin(seq)], false
			if n == 1 {
				key, ok = ab.abbreviationKey(seq[0])
			} else if key != "" {
				_, ok = ab.abbreviationKey(strings.Join(seq, "&"))
				ok = ok || upper(seq)
			}
			if ok {
				choices = [][]string{seq}
				choices = append(choices, ab.expansions[key]...)
				for _, syn := range ab.synonyms[key] {
					choices = append(choices, phraseWords(syn))
				}
				step = n
				break
			}
		}
		var next [][]string
		for _, v := range variants {
			for _, c := range choices {
				if len(next) > max {
					break
				}
				next = append(next, append(append([]string(nil), v...), c...))
			}
		}
		variants = next
		i += step
	}
	if len(variants) <= 1 {
		return nil
	}
	return variants[1:] // the first is the phrase as written
}

func upper(words []string) bool {
	for _, w := range words {
		if strings.ToUpper(w) != w {
			return false
		}
	}
	return true
}
