package portalsim

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/govnews/govnews/index"
)

var (
	subjects = []string{"Sở Khoa học và Công nghệ", "Ủy ban nhân dân tỉnh", "Liên hiệp các Hội Khoa học và Kỹ thuật", "Ban Thường vụ Tỉnh ủy", "Hội đồng nhân dân tỉnh", "Sở Thông tin và Truyền thông", "Trung tâm Ứng dụng tiến bộ khoa học"}
	verbs    = []string{"tổ chức hội nghị về", "triển khai kế hoạch", "nghiệm thu nhiệm vụ", "khảo sát việc thực hiện", "ban hành quyết định về", "tập huấn", "phê duyệt kinh phí cho"}
	topics   = []string{"chuyển đổi số", "sở hữu trí tuệ", "đổi mới sáng tạo", "tiêu chuẩn đo lường chất lượng", "mô hình kiêm nhiệm", "sắp xếp đơn vị hành chính cấp xã", "ứng dụng công nghệ cao trong nông nghiệp", "an toàn bức xạ", "khởi nghiệp"}
	phrases  = []string{
		"Theo đó, các đơn vị được giao nhiệm vụ phải hoàn thành trước ngày 31 tháng 12",
		"Đồng chí Phó Chủ tịch Thường trực nhấn mạnh yêu cầu bám sát tình hình thực tế tại cơ sở",
		"Tổng dự toán kinh phí thực hiện nhiệm vụ là 121.500.019 đồng",
		"Chương trình nhằm nâng cao năng lực quản lý của chính quyền cơ sở",
		"Hội nghị đã thảo luận và thống nhất các giải pháp trọng tâm trong thời gian tới",
		"Các sở, ban, ngành phối hợp chặt chẽ với Ủy ban nhân dân các xã, phường",
		"Kết quả nghiên cứu được chuyển giao cho các hợp tác xã trên địa bàn tỉnh",
		"Thời gian thực hiện là 5 tháng, từ tháng 11 năm nay đến tháng 3 năm sau",
		"Đoàn công tác đã kiểm tra thực tế tại một số mô hình điển hình",
		"Ban tổ chức ghi nhận nhiều ý kiến đóng góp tâm huyết của đại biểu",
	}
)

func (p *portal) rng(id, salt int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(p.n*1_000_003+id), uint64(salt)))
}

func (p *portal) title(id int) string {
	r := p.rng(id, 1)
	return fmt.Sprintf("%s %s %s năm %d (bản tin số %d)",
		subjects[r.IntN(len(subjects))], verbs[r.IntN(len(verbs))], topics[r.IntN(len(topics))], 2024+id%3, id)
}

// slug is the ASCII form of the title the slugged styles put in URLs.
func (p *portal) slug(id int) string {
	r := p.rng(id, 1)
	words := []string{"so-khcn", "ubnd-tinh", "lien-hiep-hoi", "tinh-uy", "hdnd-tinh", "so-tttt", "trung-tam"}
	return words[r.IntN(len(words))] + "-ban-tin"
}

// body is the article's paragraphs; a new version rewrites one of them.
func (p *portal) body(id, version int) []string {
	r := p.rng(id, 2)
	paras := make([]string, 5)
	for i := range paras {
		var s []string
		for j := 0; j < 4; j++ {
			s = append(s, phrases[r.IntN(len(phrases))])
		}
		paras[i] = strings.Join(s, ". ") + "."
	}
	paras[0] = fmt.Sprintf("Ngày %s, %s đã có buổi làm việc về %s (bản tin số %d). ", p.published(id).Format("02/01"), subjects[id%len(subjects)], topics[id%len(topics)], id) + paras[0]
	if version > 0 {
		paras[2] = fmt.Sprintf("Cập nhật lần %d: thông tin về kết quả thực hiện đã được bổ sung theo báo cáo mới nhất của đơn vị chủ trì.", version)
	}
	return paras
}

func (p *portal) published(id int) time.Time {
	return time.Date(2023, 1, 1, 8, 0, 0, 0, index.Zone).AddDate(0, 0, id)
}
