package search

import (
	"context"
	"fmt"
	"testing"
)

// The scorer leaves a candidate early once it cannot enter the page, and
// a long query's candidates skip the words and pairs they lack: neither
// may change a page. Pages of long questions (with and without
// diacritics, old and new spellings, y and i, document numbers,
// compounds) are compared with pages scored in full.
func TestEarlyExitAndSkipsKeepThePage(t *testing.T) {
	arts := withNews(3000,
		art("ki-hop", "Bế mạc kì họp thứ 7 HĐND tỉnh khoá X", "Kì họp thông qua 25 nghị quyết về kinh phí khoa học và công nghệ, quí I."),
		art("ky-hop", "Kỳ họp thứ 28 Hội đồng nhân dân tỉnh", "Kỳ họp xem xét Nghị quyết 02/2023/NQ-HĐND về định mức KH&CN, quý IV năm 2023."),
		art("hoa-binh", "Tỉnh Hoà Bình sáp nhập", "Uỷ ban nhân dân tỉnh Hoà Bình triển khai Quyết định 250/QĐ-SKHCN; sức khoẻ, thuỷ lợi."),
		art("hoa-binh-2", "Tỉnh Hòa Bình", "Ủy ban nhân dân tỉnh Hòa Bình; sức khỏe, thủy lợi. Chủ tịch Ủy ban nhân dân đồng thời là Bí thư."),
		art("kiem-nhiem", "Phụ cấp kiêm nhiệm của Bí thư đồng thời là Chủ tịch UBND xã", "Bí thư đảng ủy xã đồng thời là chủ tịch ủy ban nhân dân xã được hưởng phụ cấp kiêm nhiệm hàng tháng."),
		art("kiem-nhiem-2", "Kiếm nhiễm", "Phụ nữ khẩn cấp, kiếm nhiễm; chủ tịch xã, bí thư chi bộ kiêm trưởng ấp."),
	)
	s := newTestSearcher(t, arts)
	questions := []string{
		"Theo quy định hiện hành thì chủ tịch ủy ban nhân dân cấp xã có được đồng thời giữ chức bí thư đảng ủy xã và hưởng phụ cấp kiêm nhiệm hàng tháng hay không?",
		"theo quy dinh thi chu tich uy ban nhan dan cap xa co duoc dong thoi giu chuc bi thu dang uy xa va huong phu cap kiem nhiem hang thang khong",
		"Kì họp Hội đồng nhân dân tỉnh quí I đã thông qua những nghị quyết nào về kinh phí khoa học và công nghệ, định mức KH&CN ra sao?",
		"Kỳ họp thứ 28 xem xét Nghị quyết 02/2023/NQ-HĐND và Quyết định 250/QĐ-SKHCN về sức khoẻ, thuỷ lợi của tỉnh Hoà Bình như thế nào?",
		"Kinh phí khoa học và công nghệ của tỉnh được phân bổ cho những nhiệm vụ nào trong năm nay và sở khoa học và công nghệ quản lý các đề tài cấp cơ sở ra sao?",
	}
	page := func(q string) []Hit {
		res, err := s.Search(context.Background(), Request{Query: q, Limit: 10})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		return res.Hits
	}
	for _, q := range questions {
		fast := page(q)
		earlyExit, skipAbsentWords = false, false
		full := page(q)
		earlyExit, skipAbsentWords = true, true
		if len(full) < 10 {
			t.Fatalf("%q: %d hits, want a full page to compare", q, len(full))
		}
		if got, want := describe(fast), describe(full); got != want {
			t.Errorf("%q:\nwith early exit and skips:\n%s\nscored in full:\n%s", q, got, want)
		}
	}
}

func describe(hits []Hit) string {
	var s string
	for _, h := range hits {
		s += fmt.Sprintf("  %s %.12g\n", h.URL, h.Score)
	}
	return s
}
