package vietnamese

import "strings"

// vowelNuclei are the vowel clusters Vietnamese writes (tone aside),
// after the initial consonant (qu and gi count as initials).
var vowelNuclei = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`a ă â e ê i o ô ơ u ư y
		ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê
		iêu yêu oai oao oay oeo uây uôi uya uyê ươi ươu uyu`) {
		vowelNuclei[c] = true
	}
}

// syllableInitials and syllableFinals are the consonants a syllable may
// begin and end with.
var syllableInitials, syllableFinals = map[string]bool{}, map[string]bool{}

func init() {
	for _, c := range strings.Fields("b c ch d g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x") {
		syllableInitials[c] = true
	}
	syllableInitials[""] = true
	for _, c := range strings.Fields("c ch m n ng nh p t") {
		syllableFinals[c] = true
	}
	syllableFinals[""] = true
}

// shapesOf are the letters a plain letter may be once its marks are
// folded away.
var shapesOf = map[rune][]rune{'a': []rune("aăâ"), 'e': []rune("eê"), 'o': []rune("oôơ"), 'u': []rune("uư"), 'd': []rune("dđ")}

// AccentedSpellings returns the canonical spellings with a tone, a vowel's
// mark or đ that fold to word, a syllable written without any: hòa, hóa,
// họa, hỏa, hoạ … for "hoa", vĩnh and vịnh for "vinh". Only vowel clusters
// that Vietnamese writes are made, so "hoa" has 11, not 53. A word with
// diacritics already, or that is no single syllable, has none; nor has an
// i/y syllable (ki, quy).
func AccentedSpellings(word string) []string {
	w := strings.ToLower(word)
	if HasDiacritics(w) || !isVietnameseWord(w) || ISpelling(w) != "" {
		// An i/y syllable (ki, quy, sy) folds apart from some of its
		// canonical spellings (kì is kỳ, which folds to ky): none.
		return nil
	}
	rs := []rune(w)
	i := 0
	for i < len(rs) && !isVowel(rs[i]) {
		i++
	}
	if i < len(rs)-1 && ((string(rs[:i]) == "q" && rs[i] == 'u') || (string(rs[:i]) == "g" && rs[i] == 'i' && isVowel(rs[i+1]))) {
		i++
	}
	j := i
	for j < len(rs) && isVowel(rs[j]) {
		j++
	}
	if j == i || j-i > 3 || strings.ContainsFunc(string(rs[j:]), isVowel) {
		return nil // no vowel, or more than a Vietnamese cluster's three (whose shapes would multiply)
	}
	if !syllableInitials[string(rs[:i])] || !syllableFinals[string(rs[j:])] {
		return nil
	}
	initials := []string{string(rs[:i])}
	if rs[0] == 'd' {
		initials = append(initials, "đ"+string(rs[1:i]))
	}
	final := string(rs[j:])
	clusters := [][]rune{nil}
	for _, r := range rs[i:j] {
		opts := shapesOf[r]
		if opts == nil {
			opts = []rune{r}
		}
		var next [][]rune
		for _, c := range clusters {
			for _, o := range opts {
				next = append(next, append(append([]rune(nil), c...), o))
			}
		}
		clusters = next
	}
	var out []string
	seen := map[string]bool{w: true}
	for _, c := range clusters {
		if !vowelNuclei[string(c)] {
			continue
		}
		info := make([]vowelInfo, len(c))
		for k, r := range c {
			info[k] = vowelInfo{base: r}
		}
		at := tonePosition(info, final)
		for t := toneNone; t <= toneDot; t++ {
			var b strings.Builder
			for k, v := range info {
				if k == at {
					v.tone = t
				}
				b.WriteRune(composeOf[v])
			}
			for _, initial := range initials {
				s := Canon(initial + b.String() + final)
				if !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			}
		}
	}
	return out
}
