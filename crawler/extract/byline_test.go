package extract

import "testing"

func TestByline(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"MK", "MK"},
		{"BTV", "BTV"},
		{"(BTV)", "BTV"},
		{"Trúc Ly", "Trúc Ly"},
		{"Hồng Quốc", "Hồng Quốc"},
		{"Minh Khoa - Thu Hà", "Minh Khoa - Thu Hà"},
		{"NGUYỄN VĂN AN", "NGUYỄN VĂN AN"},
		{"Tác giả : Tô Hiện", "Tô Hiện"},
		{"Tin, ảnh: Hồng Nhung", "Hồng Nhung"},
		{"Bài và ảnh: Quốc Bảo", "Quốc Bảo"},
		{"Viết bởi Thu Hà", "Thu Hà"},
		{"Tin: Thu Hà — Đăng 18:30 16-06-2023", "Thu Hà"},
		{"Minh Khoa (Trung tâm Văn hóa - Thông tin)", "Minh Khoa (Trung tâm Văn hóa - Thông tin)"},
		// Not bylines: sentences, tools, labels, lower-case words, dates.
		{"Tác giả :", ""},
		{"Kết luận", ""},
		{"Các tin khác", ""},
		{"Gửi bình luận", ""},
		{"Lượt xem: 120", ""},
		{"Ngày đăng: 11/11/2022", ""},
		{"Sản phẩm dự kiến là bộ Quy chế làm việc mẫu.", ""},
		{"Nguồn: Báo Đồng Tháp", ""},
		{"Đoàn Kiểm Tra Liên Ngành Của Tỉnh Đã Làm Việc Tại Xã", ""},
	} {
		if got := byline(tc.in); got != tc.want {
			t.Errorf("byline(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
