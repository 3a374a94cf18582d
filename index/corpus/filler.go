package corpus

import (
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/govnews/govnews/index/vietnamese"
)

// Ordinary news around the topic sentences. A provincial portal writes
// about many things besides the project's topics, and what matters to a
// benchmark is that its words are spread the way a real corpus spreads
// them: a few function words everywhere, a long tail of content words
// each in few articles. In vi-news (19,774 articles) "chủ tịch", "kinh
// tế" and "khoa học" each stand in 9-10 % of the articles, "phát triển"
// in 16 %; a corpus where they stand in 80 % makes every query broad and
// every benchmark of it a worst case.
//
// The tail is built from common syllables (written for this project)
// paired into two-syllable words, drawn with Zipf's law over a large
// vocabulary; the head is real function words. The syllables of the
// benchmark's queries (benchQuerySyllables, folded) are left out of the
// tail, so those words come only from the topic sentences and titles,
// whose shares (corpus.go) are set so that each query matches about as
// many articles as it does in vi-news.

var functionWords = strings.Fields(`và của các là được có trong cho với những đã này một người
để về không theo đến từ năm khi ra tại trên như cũng sẽ đó vào nhiều hơn
đang phải chỉ do cùng bị nên sau mới lại rất nhưng còn đều thì vì qua giữa`)

var syllables = withoutFolded(strings.Fields(`an bà bản bảo bắc bình bộ các cán cao cấp chăm chất chế chiến chính
chọn chủ chung chương công cơ cụ cuộc cường dân dịch diện dụng dựng đại đảm
đánh đào đạo đặc đất đầu đề điểm điều định đoàn đổi đội đồng đơn đời đúng
gia giá giải giám giao giáo giữ hàng hạn hành hạ hệ hiện hiệu hình hoạt học
hội hợp hướng huyện khai khảo khẩu khí khích khu khuyến kiểm kinh kỹ lãnh
lao lập liên lĩnh lực lượng lý mạnh mặt miền minh môi mục nam năng nào ngân
nghệ nghiệp nghiên ngoài nguồn người nhà nhân nhận nhiệm nông nước phát pháp
phẩm phân phong phòng phối phục quan quản quốc quy sách sản sát sinh sở sống
sự tác tài tạo tăng tập thành thể thị thống thông thu thuật thực tích tiến
tiêu tin tình tỉnh toàn tổ tổng trang trị triển trình trọng trung trường
tư tục tuyên tế văn vận việc viên vốn vụ vực xã xây xuất y yếu ấp ứng`), benchQuerySyllables)

// benchQuerySyllables are the folded syllables of the benchmark's queries
// (cmd/govnews/bench.go).
var benchQuerySyllables = strings.Fields("kinh te chu tich khoa hoc nhan dan phat trien uy ban cong nghe tinh phi hoi dong")

func withoutFolded(words, drop []string) []string {
	out := words[:0:0]
	for _, w := range words {
		if !slices.Contains(drop, vietnamese.Fold(w)) {
			out = append(out, w)
		}
	}
	return out
}

// tailWords is the size of the content vocabulary.
const tailWords = 60000

// filler draws words: a function word a third of the time, else a content
// word of Zipfian rank.
type filler struct {
	r    *rand.Rand
	zipf *rand.Zipf
	// words[i] is the content word of rank i, built on first use from a
	// fixed permutation so every generator spells it the same.
	words map[uint64]string
}

func newFiller(r *rand.Rand) *filler {
	return &filler{r: r, zipf: rand.NewZipf(r, 1.05, 2, tailWords-1), words: map[uint64]string{}}
}

func (f *filler) word() string {
	if f.r.IntN(3) == 0 {
		return functionWords[f.r.IntN(len(functionWords))]
	}
	rank := f.zipf.Uint64()
	w, ok := f.words[rank]
	if !ok {
		// A fixed mix of the rank: the same rank is the same word in
		// every generator, whatever its seed.
		h := rank*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019
		h ^= h >> 29
		a, b := h%uint64(len(syllables)), (h>>20)%uint64(len(syllables))
		w = syllables[a] + " " + syllables[b]
		f.words[rank] = w
	}
	return w
}

// sentence returns one sentence of 8 to 25 words.
func (f *filler) sentence() string {
	var b strings.Builder
	n := 8 + f.r.IntN(18)
	for i := 0; i < n; i++ {
		w := f.word()
		if i == 0 {
			// A sentence starts with a capital.
			r, size := utf8.DecodeRuneInString(w)
			b.WriteRune(unicode.ToUpper(r))
			w = w[size:]
		} else if f.r.IntN(9) == 0 {
			b.WriteString(", ")
		} else {
			b.WriteString(" ")
		}
		b.WriteString(w)
	}
	b.WriteString(".")
	return b.String()
}
