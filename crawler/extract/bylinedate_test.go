package extract

import (
	"strings"
	"testing"
	"time"

	"github.com/govnews/govnews/index"
)

// TestBylineDate: a date shown only in the byline ("Nguyên Minh -
// 07/03/2026 08:47") is the publication date, in Asia/Ho_Chi_Minh, and the
// byline's name is the author; a date in the article's sentences never is.
func TestBylineDate(t *testing.T) {
	const body = `<p>Sáng nay, Sở Khoa học và Công nghệ tổ chức hội nghị tổng kết công tác năm 2025 và triển khai nhiệm vụ năm 2026 với sự tham dự của đại diện các sở, ngành.</p>
<p>Theo báo cáo, ngày 15/01/2026 Sở đã hoàn thành việc rà soát các nhiệm vụ khoa học cấp tỉnh, đồng thời đề xuất danh mục đặt hàng cho giai đoạn tiếp theo với nhiều đề tài mới.</p>
<p>Phát biểu kết luận, lãnh đạo Sở đề nghị các phòng chuyên môn khẩn trương triển khai kế hoạch, bảo đảm tiến độ và chất lượng các nhiệm vụ đã được giao trong năm.</p>`
	want := time.Date(2026, 3, 7, 8, 47, 0, 0, index.Zone)
	for _, tc := range []struct {
		name, page string
		date       time.Time // zero: no date
		author     string
	}{
		{"byline under the headline", `<div class="detail"><h1>Hội nghị tổng kết công tác khoa học và công nghệ năm 2025</h1><div class="author">Nguyên Minh - 07/03/2026 08:47</div>` + body + `</div>`, want, "Nguyên Minh"},
		{"unmarked byline paragraph under the headline", `<div class="detail"><h1>Hội nghị tổng kết công tác khoa học và công nghệ năm 2025</h1><p>Nguyên Minh - 07/03/2026 08:47</p>` + body + `</div>`, want, "Nguyên Minh"},
		{"byline ending the body", `<div class="detail"><h1>Hội nghị tổng kết công tác khoa học và công nghệ năm 2025</h1>` + body + `<p><strong>Nguyên Minh - 07/03/2026 08:47</strong></p></div>`, want, "Nguyên Minh"},
		{"en dash, no time", `<div class="detail"><h1>Hội nghị tổng kết công tác khoa học và công nghệ năm 2025</h1>` + body + `<p>Nguyên Minh – 07/03/2026</p></div>`, time.Date(2026, 3, 7, 0, 0, 0, 0, index.Zone), "Nguyên Minh"},
		// The class names nothing of a byline: the line's form does.
		{"byline in a date div under the headline", `<div class="detail"><h1>Hội nghị tổng kết công tác khoa học và công nghệ năm 2025</h1><div class="date">Nguyên Minh - 07/03/2026 08:47</div>` + body + `</div>`, want, "Nguyên Minh"},
		// As baodautu.vn writes it: the name a link, the date a span, the
		// share buttons beside them in one "author-share-top" bar.
		{"byline bar with share buttons", `<div class="detail"><h1>Hội nghị tổng kết công tác khoa học và công nghệ năm 2025</h1><div class="author-share-top"><div class="mr-auto"><a href="" class="author">Nguyên Minh </a><span class="post-time"> - 07/03/2026 08:47</span></div><div class="ml-auto"><a href="#">Chia sẻ</a></div></div>` + body + `</div>`, want, "Nguyên Minh"},
		{"date only in sentences", `<div class="detail"><h1>Hội nghị tổng kết công tác khoa học và công nghệ năm 2025</h1>` + body + `<p>Nguyên Minh</p></div>`, time.Time{}, "Nguyên Minh"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Extract("https://skhcn.example.gov.vn/tin-tuc/hoi-nghi-tong-ket-5005.html", []byte("<html><body>"+tc.page+"</body></html>"), "text/html; charset=utf-8", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !r.Published.Equal(tc.date) || !tc.date.IsZero() && r.Published.Location() != index.Zone {
				t.Errorf("published %v, want %v", r.Published, tc.date)
			}
			if r.Author != tc.author {
				t.Errorf("author %q, want %q", r.Author, tc.author)
			}
			if strings.Contains(r.Body, "07/03/2026") {
				t.Errorf("byline left in the body: %q", r.Body)
			}
		})
	}
}
