package search

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/govnews/govnews/index/vietnamese"
)

// NodeKind says what a query node matches.
type NodeKind int

const (
	NodeWord   NodeKind = iota // one word, or a compound such as KH&CN or 250/QĐ-SKHCN
	NodePhrase                 // words in this order, next to each other
	NodeAny                    // any of Alts (OR, abbreviation expansions)
	NodeAll                    // all of Alts (one side of an OR with several words)
)

// Node is one part of a parsed query.
type Node struct {
	Kind      NodeKind
	Words     []string // as typed (NFC): one for NodeWord, two or more for NodePhrase
	Alts      []Node   // for NodeAny and NodeAll
	ExactOnly bool     // match the spelling with diacritics only (abbreviation synonyms)
	Weight    float64  // score multiplier; 0 means 1
	Expanded  bool     // an abbreviation's expansion, not typed: its spelling earns no exact boost
}

func wordNode(w string) Node { return Node{Kind: NodeWord, Words: []string{w}} }

// Query is a parsed query string.
//
// Syntax: words (all must match; diacritics optional), "quoted phrases",
// -word and -"phrase" to exclude, OR between alternatives (each side of an
// OR is all its words: "sáp nhập xã OR sắp xếp đơn vị hành chính"), and the filters
// province:, source:, topic:, agency:, ref: (a document number), from:
// and to: (dates). Filter values with spaces are quoted: province:"Bến Tre".
type Query struct {
	Must []Node
	Not  []Node
	Runs [][]string // consecutive plain words as typed, for proximity ranking
	// runForms, per run and word: the other spellings the word takes
	// as one side of a pair, where it begins or ends an abbreviation or
	// its expansion ("ubnd" beside the "dân" of "ủy ban nhân dân cấp
	// xã"): an article with "UBND cấp xã" holds the typed words next to
	// each other as much as one with them spelled out.
	runForms  [][]pairForms
	Provinces []string
	Sources   []string
	Topics    []string
	Agencies  []string
	Refs      []string
	From, To  time.Time
	// Question: typed as a question (a question mark, or a question
	// word such as "nào", "gì", "bao nhiêu", "đúng hay sai").
	Question bool
	// Negated filters (-source:x …): articles with any of these are left out.
	NotProvinces, NotSources, NotTopics, NotAgencies, NotRefs []string
}

// Empty reports whether the query matches everything (filters aside).
func (q *Query) Empty() bool { return len(q.Must) == 0 }

var filterFields = map[string]bool{"province": true, "source": true, "topic": true, "agency": true, "ref": true, "from": true, "to": true}

type item struct {
	node   Node
	neg    bool
	or     bool // the OR operator
	plain  bool // a bare word (not quoted): takes part in runs
	typed  string
	offset int
}

// Parse parses a query string. Abbreviations may be nil.
func Parse(s string, ab *Abbreviations) (*Query, error) {
	s = vietnamese.NFC(s)
	if utf8.RuneCountInString(s) > 1000 {
		return nil, &Error{Param: "q", Msg: "query is longer than 1000 characters (some 200 syllables): paste a paragraph, not a whole page"}
	}
	q := &Query{}
	// Pasted prose (a question, a sentence from a decree) is read as
	// words: its hyphens, a capitalised "OR" or a lone quote are not
	// syntax, so they neither exclude words nor make an error.
	words := len(strings.Fields(s))
	prose := (words >= proseWords || (words >= 6 && strings.ContainsAny(s, "?,;"))) && !phrasesOred.MatchString(s)
	var items []item
	i := 0
	notNext := false // the previous word was NOT
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		start := i
		neg := false
		if r == '-' && i+1 < len(s) && s[i+1] != ' ' && (!prose || unmistakableExclusion(s[i+1:])) {
			neg = true
			i++
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if notNext {
			neg, notNext = true, false
		}
		if r == '"' || r == '“' || r == '”' {
			end := strings.IndexAny(s[i+size:], "\"“”")
			if end < 0 && prose {
				i += size // a stray quote in pasted prose is punctuation
				continue
			}
			if end < 0 {
				return nil, &Error{Param: "q", Msg: fmt.Sprintf("unterminated quote starting at character %d", utf8.RuneCountInString(s[:i])+1)}
			}
			text := s[i+size : i+size+end]
			i += size + end + len(string([]rune(s[i+size+end:])[0]))
			if n, ok := phraseNode(text); ok {
				items = append(items, item{node: n, neg: neg, offset: start})
			}
			continue
		}
		// A bare word runs to the next space or quote.
		j := i
		for j < len(s) {
			r2, size2 := utf8.DecodeRuneInString(s[j:])
			if unicode.IsSpace(r2) || r2 == '"' || r2 == '“' {
				break
			}
			j += size2
		}
		word := s[i:j]
		i = j
		if (word == "OR" || word == "|") && !prose {
			items = append(items, item{or: true, offset: start})
			continue
		}
		// Habits of other search engines, in capitals: AND is what words
		// do anyway, NOT x is -x.
		if word == "AND" && !prose {
			continue
		}
		if word == "NOT" && !prose {
			notNext = true
			continue
		}
		// In pasted prose a filter's name with nothing after it is a
		// label ("Ref: Quyết định 251/QĐ-SKHCN", "Source: Sở Tư pháp"),
		// read as a word, not a filter that needs a value.
		label := prose && strings.HasSuffix(word, ":") && (i >= len(s) || s[i] != '"')
		if k := strings.IndexByte(word, ':'); k > 0 && filterFields[strings.ToLower(word[:k])] && !label {
			field, value := strings.ToLower(word[:k]), word[k+1:]
			if value == "" && i < len(s) && (s[i] == '"') {
				end := strings.IndexByte(s[i+1:], '"')
				if end < 0 {
					return nil, &Error{Param: "q", Msg: fmt.Sprintf("unterminated quote in %s: filter", field)}
				}
				value = s[i+1 : i+1+end]
				i += end + 2
			} else if strings.HasPrefix(value, "\"") {
				rest := value[1:]
				if end := strings.IndexByte(rest, '"'); end >= 0 {
					value = rest[:end]
				} else if end := strings.IndexByte(s[i:], '"'); end >= 0 {
					value = rest + s[i:i+end]
					i += end + 1
				} else {
					return nil, &Error{Param: "q", Msg: fmt.Sprintf("unterminated quote in %s: filter", field)}
				}
			}
			value = strings.TrimSpace(value)
			if value == "" {
				return nil, &Error{Param: "q", Msg: fmt.Sprintf("%s: filter needs a value, e.g. %s", field, filterExample[field])}
			}
			if err := q.addFilter(field, value, neg); err != nil {
				return nil, err
			}
			continue
		}
		n, ok := bareWordNode(word)
		if !ok {
			continue // punctuation only
		}
		items = append(items, item{node: n, neg: neg, plain: !neg && n.Kind == NodeWord, typed: word, offset: start})
	}
	if notNext {
		return nil, &Error{Param: "q", Msg: "NOT at the end: NOT needs a word or phrase after it (NOT x is -x)"}
	}
	q.Question = isQuestion(s)
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return nil, &Error{Param: "q", Msg: fmt.Sprintf("to:%s is before from:%s", q.To.Format("2006-01-02"), q.From.Format("2006-01-02"))}
	}
	if err := q.assemble(items, ab); err != nil {
		return nil, err
	}
	if q.nothing() && strings.TrimSpace(s) != "" {
		// "😀", "?", "((": searching for nothing would list every
		// article as if it matched.
		return nil, &Error{Param: "q", Msg: fmt.Sprintf("%q has no word to search for (letters or digits)", strings.TrimSpace(s))}
	}
	return q, nil
}

// unmistakableExclusion reports whether what follows a "-" is a negated
// filter (-source:x) or a quoted phrase (-"trưởng ấp"): exclusions even in
// pasted prose, whose other hyphens ("2021 - 2025", "-Thời hạn") are words.
// A researcher narrows a long query this way; dropping the exclusion
// returned the very articles left out.
func unmistakableExclusion(rest string) bool {
	if r, _ := utf8.DecodeRuneInString(rest); r == '"' || r == '“' {
		return true
	}
	k := strings.IndexByte(rest, ':')
	return k > 0 && filterFields[strings.ToLower(rest[:k])]
}

// nothing reports whether the query holds no word, exclusion or filter.
func (q *Query) nothing() bool {
	return len(q.Must) == 0 && len(q.Not) == 0 && len(q.Provinces)+len(q.Sources)+len(q.Topics)+len(q.Agencies)+len(q.Refs) == 0 &&
		q.From.IsZero() && q.To.IsZero() && len(q.NotProvinces)+len(q.NotSources)+len(q.NotTopics)+len(q.NotAgencies)+len(q.NotRefs) == 0
}

var filterExample = map[string]string{
	"province": `province:"Bến Tre"`, "source": "source:angiang-skhcn", "topic": "topic:kiem-nhiem",
	"agency": `agency:"Sở KH&CN"`, "ref": "ref:250/QĐ-SKHCN", "from": "from:2022-01-01", "to": "to:2022-12-31",
}

// keywordFilters are the filter fields that hold values, each with where
// a query keeps its values and its negated values (-source:x).
func (q *Query) keywordFilters(field string) (plain, negated *[]string) {
	switch field {
	case "province":
		return &q.Provinces, &q.NotProvinces
	case "source":
		return &q.Sources, &q.NotSources
	case "topic":
		return &q.Topics, &q.NotTopics
	case "agency":
		return &q.Agencies, &q.NotAgencies
	case "ref":
		return &q.Refs, &q.NotRefs
	}
	return nil, nil
}

func (q *Query) addFilter(field, value string, neg bool) error {
	plain, negated := q.keywordFilters(field)
	switch {
	case neg && negated == nil:
		return &Error{Param: "q", Msg: fmt.Sprintf("-%s: cannot be negated; use from: and to: for a date range", field)}
	case neg:
		*negated = append(*negated, value)
		return nil
	case plain != nil:
		*plain = append(*plain, value)
		return nil
	}
	switch field {
	case "from", "to":
		var t time.Time
		var err error
		if field == "from" {
			t, err = ParseDate(value)
		} else {
			t, err = ParseDateEnd(value)
		}
		if err != nil {
			return &Error{Param: "q", Msg: fmt.Sprintf("%s:%s: %v", field, value, err)}
		}
		// Twice would silently keep the last, as a repeated API
		// parameter is refused.
		if field == "from" && !q.From.IsZero() || field == "to" && !q.To.IsZero() {
			return &Error{Param: "q", Msg: fmt.Sprintf("%s: given twice; a date range takes one %s:", field, field)}
		}
		if field == "from" {
			q.From = t
		} else {
			q.To = t
		}
	}
	return nil
}

// phraseNode turns quoted text into a node: a phrase, or a single word
// when it holds one word or one compound ("KH&CN", "250/QĐ-SKHCN").
func phraseNode(text string) (Node, bool) {
	toks := vietnamese.Tokenize(text, true)
	if len(toks) == 0 {
		return Node{}, false
	}
	if toks[0].Compound && toks[0].Start == firstWordStart(text) && toks[0].End == lastWordEnd(toks) && countWholes(toks) == 1 {
		return wordNode(toks[0].Text), true
	}
	words := phraseWords(text)
	if len(words) == 1 {
		return wordNode(words[0]), true
	}
	return Node{Kind: NodePhrase, Words: words}, true
}

// bareWordNode turns an unquoted word into a node: "KH&CN," is the word
// KH&CN; "đồng-thời" is a word; punctuation alone is nothing.
func bareWordNode(word string) (Node, bool) {
	toks := vietnamese.Tokenize(word, true)
	switch {
	case len(toks) == 0:
		return Node{}, false
	case toks[0].Compound && countWholes(toks) == 1:
		return wordNode(toks[0].Text), true
	case len(toks) == 1:
		return wordNode(toks[0].Text), true
	}
	// Several words glued by punctuation that is not a joiner ("a,b"): a phrase.
	words := phraseWords(word)
	return Node{Kind: NodePhrase, Words: words}, true
}

func firstWordStart(text string) int {
	for i, r := range text {
		if isWordRune(r) {
			return i
		}
	}
	return 0
}

func lastWordEnd(toks []vietnamese.Token) int {
	end := 0
	for _, t := range toks {
		if t.End > end {
			end = t.End
		}
	}
	return end
}

// countWholes counts the top-level words: compounds count once, their
// parts not at all.
func countWholes(toks []vietnamese.Token) int {
	n, coveredTo := 0, -1
	for _, t := range toks {
		if t.Start < coveredTo {
			continue
		}
		n++
		coveredTo = t.End
	}
	return n
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// assemble applies OR, exclusions and abbreviations to the parsed items.
// OR binds loosest, as in boolean logic: "a b OR c d" is (a b) OR (c d),
// which is what a multi-syllable Vietnamese query means.
func (q *Query) assemble(items []item, ab *Abbreviations) error {
	var groups [][]Node
	var group []Node
	var run []item
	sawOr := false
	flush := func() {
		if len(run) >= 2 {
			words := make([]string, len(run))
			for i, r := range run {
				words[i] = r.node.Words[0]
			}
			q.Runs = append(q.Runs, words)
			q.runForms = append(q.runForms, runPairForms(words, ab))
		}
		group = append(group, expandRun(run, ab)...)
		run = nil
	}
	for _, it := range items {
		switch {
		case it.or:
			flush()
			if len(group) == 0 {
				return &Error{Param: "q", Msg: "OR needs words on both sides"}
			}
			groups = append(groups, group)
			group = nil
			sawOr = true
		case it.neg:
			flush()
			q.Not = append(q.Not, withAbbreviations(it.node, ab))
		case it.plain:
			run = append(run, it)
		default:
			flush()
			group = append(group, withAbbreviations(it.node, ab))
		}
	}
	flush()
	if sawOr && len(group) == 0 {
		return &Error{Param: "q", Msg: "OR needs words on both sides"}
	}
	groups = append(groups, group)
	if len(groups) == 1 {
		q.Must = groups[0]
		return nil
	}
	alts := make([]Node, len(groups))
	for i, g := range groups {
		if len(g) == 1 {
			alts[i] = g[0]
		} else {
			alts[i] = Node{Kind: NodeAll, Alts: g}
		}
	}
	q.Must = []Node{{Kind: NodeAny, Alts: alts}}
	return nil
}

// expandRun turns a run of plain words into nodes, replacing a typed-out
// expansion by "the words, or its abbreviation", and an abbreviation typed
// in parts ("TP HCM") by "the words, or the abbreviation and its other
// spellings".
func expandRun(run []item, ab *Abbreviations) []Node {
	if ab == nil {
		return expandRunUpTo(run, ab, 0)
	}
	return expandRunUpTo(run, ab, ab.longest)
}

// expandRunUpTo is expandRun matching only spellings of at most longest
// words: the words of a matched expansion are expanded again with shorter
// ones, so "Sở Khoa học và Công nghệ" (SKHCN) also finds "Sở KH&CN".
func expandRunUpTo(run []item, ab *Abbreviations, longest int) []Node {
	var out []Node
	for i := 0; i < len(run); {
		matched := false
		for n := min(longest, len(run)-i); n >= 2; n-- {
			words := make([]string, n)
			for k := range words {
				words[k] = run[i+k].node.Words[0]
			}
			abbrs := ab.abbreviationsFor(words)
			partsOf := ab.byParts[foldJoin(words)]
			if len(abbrs) == 0 && partsOf == "" {
				continue
			}
			// The words as typed keep their meaning (all of them,
			// anywhere), with the shorter spellings inside them.
			alts := []Node{{Kind: NodeAll, Alts: expandRunUpTo(run[i:i+n], ab, n-1)}}
			// One abbreviation stands for several words: weigh it as
			// much as the words it replaces.
			for _, a := range abbrs {
				alts = append(alts, Node{Kind: NodeWord, Words: []string{a}, ExactOnly: true, Weight: float64(n)})
			}
			if partsOf != "" {
				// "TP HCM": the abbreviation TP.HCM written apart.
				whole := Node{Kind: NodeAny, Alts: append([]Node{wordNode(partsOf)}, ab.alternativesForWord(partsOf)...), Weight: float64(n)}
				alts = append(alts, whole)
			}
			out = append(out, Node{Kind: NodeAny, Alts: alts})
			i += n
			matched = true
			break
		}
		if !matched {
			out = append(out, withAbbreviations(run[i].node, ab))
			i++
		}
	}
	return out
}

// withAbbreviations adds the other spellings of a word or phrase.
func withAbbreviations(n Node, ab *Abbreviations) Node {
	if ab == nil {
		return n
	}
	switch n.Kind {
	case NodeWord:
		if alts := ab.alternativesForWord(n.Words[0]); len(alts) > 0 {
			return Node{Kind: NodeAny, Alts: append([]Node{n}, alts...)}
		}
	case NodePhrase:
		if vs := ab.phraseVariants(n.Words, 8); len(vs) > 0 {
			alts := []Node{n}
			for _, v := range vs {
				// Another spelling weighs as much as the words it
				// replaces, as an abbreviation of unquoted words does
				// (expandRunUpTo): "KH&CN" (two parts) for the five
				// words of "khoa học và công nghệ" counts 5/2, not as
				// one short phrase against a long one.
				w := float64(len(n.Words)) / float64(len(v))
				alts = append(alts, Node{Kind: NodePhrase, Words: v, Weight: w})
			}
			return Node{Kind: NodeAny, Alts: alts}
		}
	case NodeAny, NodeAll:
		alts := make([]Node, len(n.Alts))
		for i, a := range n.Alts {
			alts[i] = withAbbreviations(a, ab)
		}
		n.Alts = alts
	}
	return n
}

// phrasesOred is unmistakable syntax however long the query: quoted
// phrases joined by OR ("sắp xếp đơn vị hành chính" OR "sắp xếp các đơn
// vị hành chính", a shipped topic), which read as prose found nothing.
var phrasesOred = regexp.MustCompile(`["”]\s+(OR|\|)\s+["“]`)

// proseWords is how many words make a query pasted prose rather than
// syntax (Parse); six do when a question mark, comma or semicolon shows
// it is a sentence.
const proseWords = 12

// questionWords mark a question without a question mark, canonical.
var questionWords = []string{"nào", "gì", "sao", "bao nhiêu", "bao lâu", "đúng hay sai", "ai", "đâu", "có phải"}

// isQuestion reports whether a query is typed as a question.
func isQuestion(s string) bool {
	if strings.ContainsRune(s, '?') {
		return true
	}
	text := " " + vietnamese.CanonText(strings.ToLower(s)) + " "
	for _, w := range questionWords {
		if strings.Contains(text, " "+w+" ") || strings.Contains(text, " "+w+".") {
			return true
		}
	}
	return false
}

// pairForms are a run word's other spellings as the first word of a pair
// (the word ending a unit: the last word of an expansion, an
// abbreviation's last part) and as the second (the word beginning one).
type pairForms struct{ first, second []string }

// runPairForms finds, in a run of typed words, the abbreviations and the
// typed expansions (as expandRun does), and gives their ends' other
// spellings.
func runPairForms(words []string, ab *Abbreviations) []pairForms {
	forms := make([]pairForms, len(words))
	if ab == nil {
		return forms
	}
	for i := 0; i < len(words); {
		step := 1
		for n := min(ab.longest, len(words)-i); n >= 2; n-- {
			abbrs := ab.abbreviationsFor(words[i : i+n])
			if len(abbrs) == 0 {
				continue
			}
			for _, a := range abbrs {
				parts := phraseWords(a)
				forms[i+n-1].first = append(forms[i+n-1].first, parts[len(parts)-1])
				forms[i].second = append(forms[i].second, parts[0])
			}
			step = n
			break
		}
		if step == 1 {
			if key, ok := ab.abbreviationKey(words[i]); ok {
				for _, e := range ab.expansions[key] {
					forms[i].first = append(forms[i].first, e[len(e)-1])
					forms[i].second = append(forms[i].second, e[0])
				}
			}
		}
		i += step
	}
	return forms
}
