package rankeval

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/vietnamese"
	"github.com/govnews/govnews/search"
)

// KnownItems generates n known-item queries from arts, deterministically
// for a seed: a span of 3–8 words and a whole sentence of a random
// article, and a person's or place's name found in it (capitalised words
// inside a sentence), each as written and without diacritics. The source
// article is the one relevant answer, so MRR says how often it comes
// first. A span or name that another article also holds word for word is
// skipped (found with s, then checked in the text), since no ranking
// could tell those apart.
func KnownItems(arts []index.Article, s *search.Searcher, n int, seed uint64) ([]Judged, error) {
	r := rand.New(rand.NewPCG(seed, 0x6b6e6f776e))
	var out []Judged
	kinds := []string{"span", "sentence", "name"}
	for tries := 0; len(out) < n && tries < 50*n; tries++ {
		a := arts[r.IntN(len(arts))]
		sentences := splitSentences(a.Body)
		if len(sentences) == 0 {
			continue
		}
		kind := kinds[len(out)/2%len(kinds)]
		var text string
		switch kind {
		case "span":
			words := strings.Fields(sentences[r.IntN(len(sentences))])
			if len(words) < 8 {
				continue
			}
			l := 3 + r.IntN(6)
			i := r.IntN(len(words) - l + 1)
			text = cleanWords(words[i : i+l])
		case "sentence":
			sent := sentences[r.IntN(len(sentences))]
			words := strings.Fields(sent)
			if len(words) < 8 || len(words) > 40 {
				continue
			}
			text = cleanWords(words)
		case "name":
			names := findNames(sentences)
			if len(names) == 0 {
				continue
			}
			text = names[r.IntN(len(names))]
		}
		if len(strings.Fields(text)) < 2 {
			continue
		}
		unique, err := onlyIn(s, text, a.URL)
		if err != nil {
			return nil, err
		}
		if !unique {
			continue
		}
		id := fmt.Sprintf("ki-%d", len(out)/2)
		rel := map[string]int{a.URL: 1}
		out = append(out,
			Judged{ID: id + "-d", Query: text, Source: "known-item/" + kind + "/diacritics", Relevant: rel},
			Judged{ID: id + "-f", Query: foldQuery(text), Source: "known-item/" + kind + "/no-diacritics", Relevant: rel})
	}
	return out, nil
}

// onlyIn reports whether text stands, word for word, in no stored
// article but url.
func onlyIn(s *search.Searcher, text, url string) (bool, error) {
	res, err := s.Search(context.Background(), search.Request{Query: `"` + text + `"`, Limit: 50})
	if err != nil {
		return false, err
	}
	if res.Total > 50 {
		return false, nil
	}
	want := strings.ToLower(vietnamese.NFC(text))
	for _, h := range res.Hits {
		if h.URL == url {
			continue
		}
		a, ok, err := s.Article(h.ID)
		if err != nil {
			return false, err
		}
		if ok && strings.Contains(strings.ToLower(cleanText(a.Title+" "+a.Body)), want) {
			return false, nil
		}
	}
	return true, nil
}

func splitSentences(body string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(body, func(r rune) bool { return r == '.' || r == '\n' || r == '!' || r == '?' || r == ';' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// cleanWords joins words with their surrounding punctuation removed.
func cleanWords(words []string) string {
	var out []string
	for _, w := range words {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w != "" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// cleanText is text with punctuation as spaces, words single-spaced, the
// way cleanWords writes a query.
func cleanText(s string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			return r
		}
		return ' '
	}, vietnamese.NFC(s))), " ")
}

// findNames finds runs of two to five capitalised words that do not start
// a sentence: names of people and places.
func findNames(sentences []string) []string {
	var names []string
	for _, sent := range sentences {
		words := strings.Fields(sent)
		for i := 1; i < len(words); i++ {
			j := i
			for j < len(words) && j-i < 5 && capitalised(words[j]) {
				j++
			}
			if j-i >= 2 {
				names = append(names, cleanWords(words[i:j]))
				i = j
			}
		}
	}
	return names
}

func capitalised(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r) && !strings.ContainsAny(w, ".,:;()\"")
	}
	return false
}

func foldQuery(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = vietnamese.Fold(w)
	}
	return strings.Join(words, " ")
}
