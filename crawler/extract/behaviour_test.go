package extract

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/govnews/govnews/index"
)

// page wraps an article body in the furniture every portal page has.
func portalPage(header, article string) string {
	return `<html><head><meta charset="utf-8"><title>Cổng thông tin điện tử tỉnh</title></head><body>
<div class="top-bar"><span class="top-date">Thứ Hai, 21/11/2022</span></div>
<div class="banner"><div class="site-name">Cổng thông tin điện tử tỉnh</div></div>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/tin">Tin tức</a></li></ul>` + header + `
<div class="detail"><h1 class="detail-title">Sở Y tế kiểm tra công tác phòng chống dịch tại các trạm y tế xã</h1>` + article + `</div>
<div class="tinkhac"><h3>Các tin khác</h3><ul>
<li><a href="/t/1">Hội nghị tổng kết công tác y tế dự phòng năm 2022 của tỉnh</a> (12/11/2022)</li>
<li><a href="/t/2">Tập huấn kỹ năng truyền thông nguy cơ cho cán bộ y tế cơ sở</a> (08/11/2022)</li></ul></div>
<div class="footer">Giấy phép số 45/GP-TTĐT. Cập nhật lúc 08:00 ngày 21/11/2022. © Sở Y tế</div>
</body></html>`
}

const sentences = `<div class="content">
<p>Ngày 09/11/2022, đoàn kiểm tra của Sở Y tế đã làm việc tại 12 trạm y tế xã thuộc huyện Châu Thành, kiểm tra công tác tiêm chủng, giám sát dịch bệnh và bảo quản vắc xin tại cơ sở.</p>
<p>Theo Kế hoạch số 12/KH-SYT ngày 28.6.2022, các trạm y tế phải bảo đảm đủ thuốc, vật tư và nhân lực thường trực; đến ngày 23 tháng 9 năm 2022, toàn huyện đã hoàn thành 98% chỉ tiêu tiêm chủng mở rộng.</p>
<p>Đoàn đề nghị các trạm tiếp tục rà soát đối tượng tiêm chưa đủ mũi và báo cáo kết quả trước ngày 30 hằng tháng.</p>
</div>`

func TestDates(t *testing.T) {
	for _, tc := range []struct {
		name, header, article, want string
	}{
		{"no date shown: none from sentences, related list, top bar or footer", "", sentences, ""},
		{"labelled date under the headline", "", `<div class="meta">Ngày đăng: 15/11/2022 09:30</div>` + sentences, "2022-11-15T09:30:00+07:00"},
		{"time element", "", `<time datetime="2022-11-16T07:00:00+07:00">16/11/2022</time>` + sentences, "2022-11-16T07:00:00+07:00"},
		{"bare date line right under the headline", "", `<div><i>Thứ năm, 17/11/2022</i></div>` + sentences, "2022-11-17T00:00:00+07:00"},
		{"labelled date after the text", "", sentences + `<div class="post-date">Cập nhật: 18/11/2022</div>`, "2022-11-18T00:00:00+07:00"},
		{"year-less date is no date", "", `<div class="meta">Ngày 28/5</div>` + sentences, ""},
		{"labelled date in an unnamed footer right after the text", "", sentences + `</div></div><div id="bottom"><p>Cập nhật lúc 08:00 ngày 21/11/2022</p></div><div><div>`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Extract("https://syt.example.gov.vn/tin/1", []byte(portalPage(tc.header, tc.article)), "", Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if !r.Published.IsZero() {
				got = r.Published.Format(time.RFC3339)
			}
			if got != tc.want {
				t.Errorf("published = %q, want %q", got, tc.want)
			}
			if r.Kind != KindArticle || !strings.HasPrefix(r.Body, "Ngày 09/11/2022, đoàn kiểm tra") {
				t.Errorf("kind %s, body %.80q", r.Kind, r.Body)
			}
			for _, junk := range []string{"Các tin khác", "Tập huấn kỹ năng", "Giấy phép", "Trang chủ", "21/11/2022", "Ngày đăng"} {
				if strings.Contains(r.Body, junk) {
					t.Errorf("body holds %q", junk)
				}
			}
		})
	}
}

func TestKinds(t *testing.T) {
	for _, tc := range []struct {
		name, page, want string
	}{
		{"article", portalPage("", sentences), KindArticle},
		{"error page", `<html><head><title>Lỗi</title></head><body><div class="menu"><a href="/">Trang chủ</a></div><h1>Không tìm thấy trang</h1><p>Trang bạn yêu cầu không tồn tại.</p></body></html>`, KindOther},
		{"home page", `<html><head><title>Cổng thông tin điện tử tỉnh Vĩnh Long</title></head><body><div class="banner">Cổng thông tin điện tử tỉnh Vĩnh Long</div>
<div class="featured"><a href="/t/1"><img src="/1.jpg"></a><h2><a href="/t/1">Ký kết thỏa thuận hợp tác phát triển nguồn nhân lực chất lượng cao</a></h2>
<p>Sáng 12/10, UBND tỉnh và Trường Đại học Cần Thơ ký kết thỏa thuận hợp tác phát triển nguồn nhân lực chất lượng cao giai đoạn 2023 - 2030, trọng tâm là nông nghiệp công nghệ cao, kinh tế số và đào tạo cán bộ quản lý cho các huyện, thị xã, thành phố trong tỉnh.</p></div>
<div class="box"><h3>Thông báo</h3><ul>` + strings.Repeat(`<li><a href="/t/x">Thông báo lịch tiếp công dân định kỳ của Chủ tịch UBND tỉnh</a></li>`, 6) + `</ul></div>
<div class="box"><h3>Văn bản mới</h3><ul>` + strings.Repeat(`<li><a href="/v/x">Quyết định ban hành quy chế phối hợp quản lý cụm công nghiệp</a></li>`, 6) + `</ul></div></body></html>`, KindListing},
		{"category list, dates first", `<html><head><title>Thông báo - Sở Y tế</title></head><body><h1>Thông báo</h1><ul class="list">` + strings.Repeat(`<li><span class="date">12/10/2023</span> <a href="/t/x">Thông báo lịch tiếp công dân định kỳ của Giám đốc Sở Y tế tháng 10</a></li>`, 10) + `</ul><div class="paging"><a href="?p=2">2</a></div></body></html>`, KindListing},
		{"category page", `<html><body><h1>Tin tức - Sự kiện</h1><div class="list">` + strings.Repeat(`<div class="item"><a href="/t/x">Sở Y tế kiểm tra công tác phòng chống dịch tại các trạm y tế</a><p>Đoàn kiểm tra đã làm việc tại 12 trạm y tế xã thuộc huyện Châu Thành.</p></div>`, 8) + `</div></body></html>`, KindListing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Extract("https://example.gov.vn/x", []byte(tc.page), "text/html", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Kind != tc.want {
				t.Errorf("kind = %q, want %q (body %.100q)", r.Kind, tc.want, r.Body)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, url string
		page      []byte
		want      string
	}{
		{"empty", "https://example.gov.vn/a", []byte("  \n"), "extract: https://example.gov.vn/a: empty page"},
		{"binary", "https://example.gov.vn/logo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "extract: https://example.gov.vn/logo.png: not an HTML page"},
		{"bad URL", "http://[::1", []byte("<p>x</p>"), `extract: bad page URL "http://[::1"`},
		{"PDF without binary bytes up front", "https://example.gov.vn/qd-250.pdf", []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + strings.Repeat("BT /F1 12 Tf (Quyet dinh) Tj ET\n", 50)), "extract: https://example.gov.vn/qd-250.pdf: not an HTML page"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Extract(tc.url, tc.page, "", Options{})
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v, want prefix %q (result %+v)", err, tc.want, r)
			}
		})
	}
	_, err := Extract("https://example.gov.vn/a", []byte("<p>x</p>"), "", Options{Selectors: Selectors{Body: ".content", Remove: []string{".ok", "div[class"}}})
	if err == nil || !strings.Contains(err.Error(), `remove[1] "div[class"`) {
		t.Errorf("bad selector: err = %v, want it named", err)
	}
	_, err = Extract("", []byte("\x00\x01\x02"), "", Options{})
	if !errors.Is(err, ErrNotHTML) {
		t.Errorf("err = %v, want ErrNotHTML", err)
	}
}

func TestArticle(t *testing.T) {
	r, err := Extract("https://syt.example.gov.vn/tin/1", []byte(portalPage("", `<div class="meta">Ngày đăng: 15/11/2022 09:30</div>`+sentences+`<p style="text-align:right"><b>Minh Khoa</b></p>`)), "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := r.Article()
	if a.URL != r.URL || a.Title != r.Title || a.Body != r.Body || a.Author != "Minh Khoa" || !a.Published.Equal(r.Published) || a.Published.Location() != index.Zone {
		t.Errorf("Article() = %+v\nfrom %+v", a, r)
	}
	if len(a.Refs) != 1 || a.Refs[0] != "12/KH-SYT" {
		t.Errorf("refs = %v, want [12/KH-SYT]", a.Refs)
	}
	if strings.Contains(a.Body, "Minh Khoa") {
		t.Error("byline left in the body")
	}
}

func TestHeaderLineAndLazyImage(t *testing.T) {
	img := `<p style="text-align:center"><img src="data:image/gif;base64,R0lGOD" data-original="/uploads/anh-1.jpg"></p><p style="text-align:center"><em>Đoàn kiểm tra tại trạm y tế xã</em></p>`
	article := `<div class="meta">Thứ năm, 02/03/2023 09:15 | Tác giả: Minh Khoa</div>` + strings.Replace(sentences, "</p>", "</p>"+img, 1)
	r, err := Extract("https://syt.example.gov.vn/tin/1", []byte(portalPage("", article)), "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Published.Format(time.RFC3339); got != "2023-03-02T09:15:00+07:00" {
		t.Errorf("published = %s", got)
	}
	if r.Author != "Minh Khoa" {
		t.Errorf("author = %q, want Minh Khoa", r.Author)
	}
	if len(r.Images) != 1 || r.Images[0].Src != "https://syt.example.gov.vn/uploads/anh-1.jpg" || r.Images[0].Caption != "Đoàn kiểm tra tại trạm y tế xã" {
		t.Errorf("images = %+v", r.Images)
	}
	if strings.Contains(r.Body, "Đoàn kiểm tra tại trạm") || strings.Contains(r.Body, "Minh Khoa") {
		t.Errorf("caption or byline in body: %q", r.Body)
	}
}

func TestSapoPrintedTwice(t *testing.T) {
	sapo := "Đoàn kiểm tra của Sở Y tế đã làm việc tại 12 trạm y tế xã thuộc huyện Châu Thành trong hai ngày 8 và 9/11."
	article := `<div class="sapo">` + sapo + `</div>` + strings.Replace(sentences, `<div class="content">`, `<div class="content"><p>`+sapo+`</p>`, 1)
	r, err := Extract("https://syt.example.gov.vn/tin/2", []byte(portalPage("", article)), "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Lead != sapo || strings.Count(r.Body, sapo) != 1 || !strings.HasPrefix(r.Body, sapo) {
		t.Errorf("lead %q\nbody %.300q", r.Lead, r.Body)
	}
}

func TestTitleBesideSiteName(t *testing.T) {
	text := `<p>Đoàn kiểm tra liên ngành của tỉnh đã kiểm tra 25 cơ sở sản xuất, kinh doanh thực phẩm trên địa bàn thành phố, phát hiện 3 cơ sở vi phạm về điều kiện vệ sinh.</p><p>Đoàn đã nhắc nhở, hướng dẫn các cơ sở khắc phục và xử phạt hành chính 2 trường hợp theo quy định.</p>`
	for _, tc := range []struct{ name, page, title, kind string }{
		{"site name in an h1 banner", `<html><head><title>Cổng thông tin điện tử tỉnh Vĩnh Long</title></head><body><h1 class="logo">Cổng thông tin điện tử tỉnh Vĩnh Long</h1><div class="main"><h2>Kiểm tra an toàn thực phẩm dịp cuối năm</h2><div>` + text + `</div></div></body></html>`,
			"Kiểm tra an toàn thực phẩm dịp cuối năm", KindArticle},
		{"agency-like headline only in <title>", `<html><head><title>Sở Y tế kiểm tra an toàn thực phẩm</title></head><body><div class="main">` + text + `</div></body></html>`,
			"Sở Y tế kiểm tra an toàn thực phẩm", KindArticle},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Extract("https://example.gov.vn/a", []byte(tc.page), "", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Title != tc.title || r.Kind != tc.kind {
				t.Errorf("title %q kind %s, want %q %s", r.Title, r.Kind, tc.title, tc.kind)
			}
		})
	}
}
