package search

import (
	"strings"
	"testing"

	"github.com/govnews/govnews/configs"
)

func TestSnippetWindowAndMarks(t *testing.T) {
	q, err := Parse(`kinh phi "khoa học và công nghệ" 250/QĐ-SKHCN`, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := newHighlighter(q)
	filler := strings.Repeat("Người dân phấn khởi khi tuyến đường được nâng cấp. ", 30)
	text := filler + "\n\nSở   Khoa học và Công nghệ cấp kinh phí theo Quyết định 250/QĐ-SKHCN.\n\n" + filler
	got := h.Snippet(text)
	for _, want := range []string{"… ", "<mark>Khoa học và Công nghệ</mark>", "<mark>kinh phí</mark>", "<mark>250/QĐ-SKHCN</mark>", " …"} {
		if !strings.Contains(got, want) {
			t.Errorf("snippet lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "  ") || strings.Contains(got, "\n") {
		t.Errorf("white space not collapsed: %q", got)
	}
	if n := len([]rune(PlainSnippet(got, "", ""))); n > 300 {
		t.Errorf("snippet is %d characters", n)
	}
	// "kinh" inside "kinhdoanh" is not a match; words typed together are
	// one mark where they stand together, and not marked alone elsewhere
	// in a text that holds them together (else each is its own); the
	// start of a text needs no "…".
	if got := h.Snippet("kinhdoanh và kinh phí, phí kinh"); got != "kinhdoanh và <mark>kinh phí</mark>, phí kinh" {
		t.Errorf("short text: %q", got)
	}
	if got := h.Snippet("phí tổn, kinh tế"); got != "<mark>phí</mark> tổn, <mark>kinh</mark> tế" {
		t.Errorf("short text without the words together: %q", got)
	}
	if got := h.Snippet("Không có gì <script>"); got != "Không có gì &lt;script&gt;" {
		t.Errorf("no match: %q", got)
	}
}

// A document number is marked whole, never as its parts in other
// numbers; a prefix marks the beginning of the number it found.
func TestSnippetMarksDocumentNumbersWhole(t *testing.T) {
	filler := strings.Repeat("Người dân phấn khởi khi tuyến đường được nâng cấp. ", 12)
	text := "Căn cứ Quyết định 269/QĐ-UBND và Quyết định 975/2002/QĐ-UB. " + filler + "UBND tỉnh ban hành Quyết định số 224/QĐ-UBND về kế hoạch. " + filler
	for q, want := range map[string]string{"224/QĐ-UBND": "<mark>224/QĐ-UBND</mark>", "224/qđ": "<mark>224/QĐ</mark>-UBND"} {
		parsed, err := Parse(q, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := newHighlighter(parsed).Snippet(text)
		if !strings.Contains(got, want) || strings.Contains(got, "269/<mark>") || strings.Contains(got, "<mark>QĐ</mark>-UB") {
			t.Errorf("%s: snippet %s\nwant %s and no piece of another number marked", q, got, want)
		}
	}
}

// A number is marked where a quoted phrase holds it (the phrase's words are
// its parts), where an editor wrote an en dash for the typed hyphen, and
// TP.HCM where "TP HCM" was typed.
func TestSnippetMarksNumbersInsidePhrases(t *testing.T) {
	text := "Tỉnh ủy triển khai Kế hoạch số 68-KH/TU ngày 5/5/2023 và Kế hoạch số 77/KH–SKHCN của Sở. Người dân TP.HCM đồng tình."
	for q, want := range map[string]string{
		`"Kế hoạch số 68-KH/TU"`: "<mark>Kế hoạch số 68-KH/TU</mark>",
		"77/KH-SKHCN":            "<mark>77/KH–SKHCN</mark>",
		"77/KH":                  "<mark>77/KH</mark>–SKHCN",
		`"TP HCM"`:               "<mark>TP.HCM</mark>",
	} {
		parsed, err := Parse(q, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := newHighlighter(parsed).Snippet(text); !strings.Contains(got, want) {
			t.Errorf("%s: snippet %s\nwant %s", q, got, want)
		}
	}
}

func BenchmarkSnippet(b *testing.B) {
	q, _ := Parse("kinh phí khoa học công nghệ", nil)
	h := newHighlighter(q)
	text := strings.Repeat("Người dân phấn khởi khi tuyến đường liên xã được đầu tư nâng cấp, đi lại thuận tiện hơn. ", 30) + "Tổng kinh phí đầu tư cho khoa học và công nghệ năm 2023 đạt 12 tỷ đồng."
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		h.Snippet(text)
	}
}

func TestSnippetPrefersWordsStandingTogether(t *testing.T) {
	q, _ := Parse("kiem nhiem", nil)
	h := newHighlighter(q)
	filler := strings.Repeat("Người dân phấn khởi khi tuyến đường được nâng cấp. ", 8)
	text := "Đoàn kiểm tra giao nhiệm vụ. " + filler + "Tỉnh có 62 mô hình kiêm nhiệm các chức danh. " + filler
	if got := h.Snippet(text); !strings.Contains(got, "<mark>kiêm nhiệm</mark>") {
		t.Errorf("snippet took the scattered words: %s", got)
	}
}

// Words typed with diacritics are marked where the text spells them so,
// not at their look-alikes; words typed together are one mark; typed
// without diacritics, every spelling is marked.
func TestSnippetMarksExactSpellings(t *testing.T) {
	text := "Đoàn kiểm tra công tác phòng chống truyền nhiễm. Cán bộ được hưởng phụ cấp kiêm nhiệm theo quy định. Tình hình tỉnh ổn định."
	for _, c := range []struct {
		query    string
		want     []string
		unwanted []string
	}{
		{"kiêm nhiệm", []string{"<mark>kiêm nhiệm</mark>"}, []string{"<mark>kiểm</mark>", "<mark>nhiễm</mark>"}},
		{`"phụ cấp kiêm nhiệm"`, []string{"<mark>phụ cấp kiêm nhiệm</mark>"}, []string{"<mark>kiểm</mark>"}},
		{"tỉnh", []string{"<mark>tỉnh</mark>"}, []string{"<mark>Tình</mark>"}},
		// Typed without diacritics, every spelling of the words together
		// is marked; their look-alikes standing alone are not, where the
		// text holds the words together (the "[kiểm]", "[nhiệm]").
		{"kiem nhiem", []string{"<mark>kiêm nhiệm</mark>"}, []string{"<mark>kiểm</mark>", "<mark>nhiễm</mark>"}},
		{"kiem", []string{"<mark>kiểm</mark>", "<mark>kiêm</mark>"}, nil},
	} {
		q, err := Parse(c.query, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := newHighlighter(q).Snippet(text)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%q: snippet lacks %s:\n%s", c.query, w, got)
			}
		}
		for _, u := range c.unwanted {
			if strings.Contains(got, u) {
				t.Errorf("%q: snippet marks a look-alike %s:\n%s", c.query, u, got)
			}
		}
	}
}

// Where the text holds words typed together whole (or an abbreviation of
// them), a word of them standing alone elsewhere is not marked: "ban" of
// "ban hành" beside UBND, "Kỳ" of "Hoa Kỳ" beside "kỳ họp".
func TestSnippetLeavesAloneTheWordsOfAWholeElsewhere(t *testing.T) {
	abData, _ := configs.File("abbreviations.yaml")
	ab, err := ParseAbbreviations(abData, "abbreviations.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ query, text, want string }{
		{"ủy ban nhân dân", "UBND tỉnh ban hành quyết định.", "<mark>UBND</mark> tỉnh ban hành quyết định."},
		{"kỳ họp", "Kỳ họp xem xét hợp tác với Hoa Kỳ.", "<mark>Kỳ họp</mark> xem xét hợp tác với Hoa Kỳ."},
		// Not together anywhere: each word is its own mark.
		{"kỳ họp", "Cuộc họp bàn hợp tác với Hoa Kỳ.", "Cuộc <mark>họp</mark> bàn hợp tác với Hoa <mark>Kỳ</mark>."},
		// A word also typed on its own is marked wherever it stands.
		{`"kỳ họp" họp`, "Kỳ họp xong, tổ họp riêng.", "<mark>Kỳ họp</mark> xong, tổ <mark>họp</mark> riêng."},
	} {
		q, err := Parse(c.query, ab)
		if err != nil {
			t.Fatal(err)
		}
		if got := newHighlighter(q).Snippet(c.text); got != c.want {
			t.Errorf("%q in %q:\n got %s\nwant %s", c.query, c.text, got, c.want)
		}
	}
}
