package vietnamese

import (
	"reflect"
	"slices"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestCanonMergesSpellingVariants(t *testing.T) {
	pairs := [][2]string{
		{"hoà", "hòa"}, {"thuỷ", "thủy"}, {"uỷ", "ủy"}, {"khoẻ", "khỏe"}, {"toà", "tòa"},
		{"quí", "quý"}, {"kì", "kỳ"}, {"lí", "lý"}, {"Hoà", "hòa"}, {"HOÀ", "hòa"},
		{"qui", "quy"}, {"tuỳ", "tùy"},
	}
	for _, p := range pairs {
		if a, b := Canon(p[0]), Canon(p[1]); a != b {
			t.Errorf("Canon(%q)=%q, Canon(%q)=%q: want equal", p[0], a, p[1], b)
		}
		if a, b := Canon(norm.NFD.String(p[0])), Canon(p[1]); a != b {
			t.Errorf("NFD %q: Canon=%q, want %q", p[0], a, b)
		}
	}
}

func TestCanonKeepsDistinctWords(t *testing.T) {
	same := []string{"hoàn", "thuyền", "người", "quốc", "giữ", "gìn", "đường", "khuya", "ngoài", "ubnd", "kh", "covid", "chủ", "tịch", "việt", "ươn"}
	for _, w := range same {
		if got := Canon(w); got != w {
			t.Errorf("Canon(%q) = %q, want unchanged", w, got)
		}
	}
	distinct := [][2]string{{"đường", "dương"}, {"hòa", "hoa"}, {"quý", "quỳ"}}
	for _, p := range distinct {
		if Canon(p[0]) == Canon(p[1]) {
			t.Errorf("Canon merged %q and %q", p[0], p[1])
		}
	}
}

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Bí thư đồng thời là Chủ tịch": "bi thu dong thoi la chu tich",
		"ĐƯỜNG":                     "duong",
		"KH&CN":                     "kh&cn",
		norm.NFD.String("Hoà Bình"): "hoa binh",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if HasDiacritics("bi thu") || !HasDiacritics("bí thư") || !HasDiacritics("Đ") {
		t.Error("HasDiacritics is wrong")
	}
}

func TestDocumentRefs(t *testing.T) {
	text := "Quyết định số 250/QĐ-SKHCN ngày 09/11/2022; Nghị quyết 18-NQ/TW, Kế hoạch 68-KH/TU và 19-Ctr/TU, Nghị quyết 202/2025/QH15. Thời gian 11/2022 - 3/2023, kinh phí 121.500.019 đồng."
	want := []string{"250/QĐ-SKHCN", "18-NQ/TW", "68-KH/TU", "19-Ctr/TU", "202/2025/QH15"}
	if got := DocumentRefs(text); !reflect.DeepEqual(got, want) {
		t.Errorf("DocumentRefs = %q, want %q", got, want)
	}
	if !IsDocumentRef("18-NQ/TW") || IsDocumentRef("11/11/2022") {
		t.Error("IsDocumentRef is wrong")
	}
	// A number before a capitalised word is no document number: a football
	// line-up, a name, an address's district.
	lineup := "Đội hình: 1-Oliver Kahn, 6-Frank Lampard, 13-Michael Ballack; gặp nhau ở 13/Q1 rồi 1-Chạm. Công văn 1234/UBND-KT, Chỉ thị 12/CT-TTg."
	if got, want := DocumentRefs(lineup), []string{"1234/UBND-KT", "12/CT-TTg"}; !reflect.DeepEqual(got, want) {
		t.Errorf("DocumentRefs = %q, want %q", got, want)
	}
	// Typed in lower case, a number with a document type's code and an
	// issuer's is one; a number before ordinary lower-case words is not.
	lower := "Theo quyết định số 250/qđ-ubnd và 12/qð-ubnd, Nghị quyết 18-nq/tw, 13/2023/nđ-cp và 77/KH–SKHCN; đi 2-bên, lúc 3-4 giờ, 10/ha-năm, 5/ct."
	if got, want := DocumentRefs(lower), []string{"250/qđ-ubnd", "12/qđ-ubnd", "18-nq/tw", "13/2023/nđ-cp", "77/KH-SKHCN"}; !reflect.DeepEqual(got, want) {
		t.Errorf("DocumentRefs = %q, want %q", got, want)
	}
	// A space beside the first separator, where an issuer follows the
	// code; "Điều 5 - UBND tỉnh" is no number.
	spaced := "Nghị quyết số 18 - NQ/TW, Quyết định 250 /QĐ-UBND và 251/ QĐ-UBND; Điều 5 - UBND tỉnh chịu trách nhiệm."
	if got, want := DocumentRefs(spaced), []string{"18-NQ/TW", "250/QĐ-UBND", "251/QĐ-UBND"}; !reflect.DeepEqual(got, want) {
		t.Errorf("DocumentRefs = %q, want %q", got, want)
	}
}

func TestTokenizeKeepsCompounds(t *testing.T) {
	toks := Tokenize("kinh phí KH&CN theo 250/QĐ-SKHCN.", true)
	var got []string
	for _, tk := range toks {
		got = append(got, tk.Text)
	}
	want := []string{"kinh", "phí", "KH&CN", "KH", "CN", "theo", "250/QĐ-SKHCN", "250", "QĐ", "SKHCN"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("tokens = %q, want %q", got, want)
	}
	if toks[2].Position != toks[3].Position || toks[4].Position != toks[3].Position+1 {
		t.Errorf("compound positions wrong: %+v", toks[2:5])
	}
	parts := Tokenize("KH&CN", false)
	if len(parts) != 2 {
		t.Errorf("without compounds: %+v", parts)
	}
}

// A sentence's or a paragraph's end stands between two words (Break), so
// that no pair or phrase joins them; an abbreviation's period does not.
func TestTokenizeMarksSentenceBreaks(t *testing.T) {
	for _, c := range []struct {
		text   string
		breaks []string // the words with a break before them
	}{
		{"Đại hội bầu ra bí thư.\n\nĐồng thời là chủ tịch", []string{"Đồng"}},
		{"hoàn thành sáp nhập. Tỉnh sẽ kiểm tra", []string{"Tỉnh"}},
		{"Ban hành mô hình; kiêm nhiệm", []string{"kiêm"}},
		{"Vì sao? Bởi vì… Không rõ!", []string{"Bởi", "Không"}},
		{"tiêu đề\nthân bài", []string{"thân"}},
		{"TP. Hồ Chí Minh và Tp. HCM, TS. Nguyễn Văn A", nil},
		{"Sở KH&CN, TP.HCM: 121.500 đồng theo 250/QĐ-SKHCN", nil},
	} {
		var got []string
		for _, tk := range Tokenize(c.text, true) {
			if tk.Break {
				got = append(got, tk.Text)
			}
		}
		if !reflect.DeepEqual(got, c.breaks) {
			t.Errorf("%q: breaks before %q, want %q", c.text, got, c.breaks)
		}
	}
}

// A syllable written without marks has the accented spellings that fold
// to it, canonical, real vowel clusters only.
func TestAccentedSpellings(t *testing.T) {
	for _, c := range []struct {
		in         string
		has, lacks []string
		n          int
	}{
		{"hoa", []string{"hòa", "hóa", "họa", "hỏa", "hõa", "hoă", "hoắ"}, []string{"hoa", "hôa", "hơa"}, 11},
		{"Vinh", []string{"vĩnh", "vịnh", "vình"}, []string{"vinh"}, 5},
		{"dan", []string{"dân", "đàn", "dẫn", "đạn", "dăn"}, []string{"dan"}, 35},
		{"quy", nil, nil, 0}, {"ki", nil, nil, 0},
		{"hòa", nil, nil, 0}, {"ubnd", nil, nil, 0}, {"2024", nil, nil, 0},
		// No syllable: 32 vowels would make 3^32 shapes (found by FuzzParse).
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", nil, nil, 0},
	} {
		got := AccentedSpellings(c.in)
		if len(got) != c.n {
			t.Errorf("AccentedSpellings(%q): %d spellings %q, want %d", c.in, len(got), got, c.n)
		}
		for _, h := range c.has {
			if !slices.Contains(got, h) {
				t.Errorf("AccentedSpellings(%q) lacks %q: %q", c.in, h, got)
			}
		}
		for _, l := range c.lacks {
			if slices.Contains(got, l) {
				t.Errorf("AccentedSpellings(%q) holds %q", c.in, l)
			}
		}
		for _, g := range got {
			if Canon(g) != g || Fold(g) != Fold(c.in) {
				t.Errorf("AccentedSpellings(%q): %q is not canonical or folds elsewhere", c.in, g)
			}
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Hoà Bình", "250/QĐ-SKHCN", "quí", "\u0301a", "KH&CN-", "a&&b", "đ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := CanonText(s)
		if CanonText(c) != c {
			t.Errorf("CanonText not idempotent on %q", s)
		}
		if Fold(Fold(s)) != Fold(s) {
			t.Errorf("Fold not idempotent on %q", s)
		}
		for _, tk := range Tokenize(s, true) {
			if tk.Start < 0 || tk.End > len(s) || s[tk.Start:tk.End] != tk.Text {
				t.Fatalf("token %+v does not match its offsets in %q", tk, s)
			}
		}
		DocumentRefs(s)
	})
}

func TestFoldRuneAgreesWithFold(t *testing.T) {
	for _, s := range []string{"Bí thư đồng thời là Chủ tịch", "ĐƯỜNG HOÀ BÌNH THUỶ", "Quý khỏe ỹ ẵ ặ ờ", "café naïve"} {
		var b []rune
		for _, r := range s {
			b = append(b, FoldRune(r))
		}
		if string(b) != Fold(s) {
			t.Errorf("FoldRune over %q = %q, Fold = %q", s, string(b), Fold(s))
		}
	}
}

func TestISpelling(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"kỳ", "kì"}, {"kì", "kì"}, {"Kỳ", "kì"}, {"quý", "quí"}, {"quí", "quí"},
		{"ky", "ki"}, {"ki", "ki"}, {"lý", "lí"}, {"Mỹ", "mĩ"}, {"tý", "tí"},
		{"hy", "hi"}, {"sỹ", "sĩ"}, {"sĩ", "sĩ"}, {"Sỹ", "sĩ"},
		// No i/y pair: another initial, a closed syllable, a diphthong.
		{"thị", ""}, {"kịp", ""}, {"sinh", ""}, {"vĩ", ""}, {"tuy", ""}, {"quyết", ""}, {"y", ""}, {"ubnd", ""},
	} {
		if got := ISpelling(c.in); got != c.want {
			t.Errorf("ISpelling(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
