// Package corpus provides article collections for benchmarks and demos:
// a deterministic generator of Vietnamese provincial news (any size, nothing
// committed) and a reader for the vi-news benchmark file when it is present.
package corpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/govnews/govnews/index"
)

// ViNewsPath is where the vi-news benchmark sample sits beside a checkout.
const ViNewsPath = "../shared/benchdata/vi-news/vntc-10topics-sample.jsonl"

// FindViNews looks for the vi-news file from dir and its parents (tests run
// in package directories). It returns "" when it is not there.
func FindViNews(dir string) string {
	for i := 0; i < 5; i++ {
		p := dir + "/" + ViNewsPath
		if _, err := os.Stat(p); err == nil {
			return p
		}
		dir += "/.."
	}
	return ""
}

// Provinces used for synthetic metadata.
var Provinces = []string{"An Giang", "Bến Tre", "Hà Giang", "Bắc Ninh", "Đồng Tháp", "Hà Nội", "Thanh Hóa", "Nghệ An", "Cần Thơ", "Kiên Giang", "Tiền Giang", "Vĩnh Long", "Quảng Nam", "Đà Nẵng", "Lâm Đồng", "Gia Lai", "Bình Định", "Sóc Trăng", "Hòa Bình", "Thái Bình"}

var sources = []string{"skhcn", "ubnd", "tinhuy", "hdnd", "mttq"}

// ReadViNews reads up to limit articles (0 = all) from the vi-news JSONL
// file, giving each a URL, a province, a source and a date derived
// deterministically from its id (the corpus has none of these).
func ReadViNews(path string, limit int) ([]index.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	defer f.Close()
	var out []index.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		var rec struct {
			ID, Title, Body, Category, Source string
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("corpus: %s:%d: %w", path, line, err)
		}
		r := rand.New(rand.NewPCG(uint64(line), 7))
		out = append(out, index.Article{
			URL:        "https://vi-news.example/" + url.PathEscape(rec.ID),
			Title:      rec.Title,
			Body:       rec.Body,
			Source:     sources[r.IntN(len(sources))],
			SourceName: rec.Source,
			Province:   Provinces[r.IntN(len(Provinces))],
			Agency:     rec.Category,
			Published:  time.Date(2005+r.IntN(3), time.Month(1+r.IntN(12)), 1+r.IntN(28), 8, 0, 0, 0, index.Zone),
		})
		if limit > 0 && len(out) >= limit {
			break
		}
	}
	return out, sc.Err()
}

// Generator produces synthetic Vietnamese provincial news, the same for
// the same seed. Bodies mix sentences on the project's topics with
// ordinary news (filler.go) so that word frequencies look like a real
// corpus: a word such as "chủ tịch" stands in about a tenth of the
// articles, as in vi-news, not in nearly all of them.
type Generator struct {
	r *rand.Rand
	f *filler
	n int
}

// Shares of topic text: a title is a topic title this often, a body
// sentence a topic sentence this often; the rest is ordinary news.
const (
	topicTitleShare    = 0.35
	topicSentenceShare = 0.08
)

// NewGenerator returns a generator seeded with seed.
func NewGenerator(seed uint64) *Generator {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return &Generator{r: r, f: newFiller(r)}
}

// Next returns the next article.
func (g *Generator) Next() index.Article {
	g.n++
	r := g.r
	prov := Provinces[r.IntN(len(Provinces))]
	fill := func(s string) string {
		return strings.NewReplacer(
			"{P}", prov,
			"{N}", fmt.Sprint(1+r.IntN(500)),
			"{Y}", fmt.Sprint(2015+r.IntN(11)),
			"{M}", fmt.Sprint(1+r.IntN(12)),
			"{X}", communes[r.IntN(len(communes))],
			"{O}", fmt.Sprint(1+r.IntN(40)),
		).Replace(s)
	}
	title := fill(titles[r.IntN(len(titles))])
	if r.Float64() >= topicTitleShare {
		title = strings.TrimSuffix(g.f.sentence(), ".")
	}
	paras := 3 + r.IntN(6)
	var body strings.Builder
	for p := 0; p < paras; p++ {
		if p > 0 {
			body.WriteString("\n\n")
		}
		for s, n := 0, 2+r.IntN(4); s < n; s++ {
			if s > 0 {
				body.WriteString(" ")
			}
			if r.Float64() < topicSentenceShare {
				body.WriteString(fill(sentences[r.IntN(len(sentences))]))
			} else {
				body.WriteString(g.f.sentence())
			}
		}
	}
	published := time.Date(2015+r.IntN(11), time.Month(1+r.IntN(12)), 1+r.IntN(28), 7+r.IntN(10), r.IntN(60), 0, 0, index.Zone)
	src := sources[r.IntN(len(sources))]
	return index.Article{
		URL:        fmt.Sprintf("https://%s.gen.example/tin-tuc/%d", src, g.n),
		Title:      title,
		Body:       body.String(),
		Published:  published,
		Source:     src,
		SourceName: "Cổng thông tin " + prov,
		Province:   prov,
		Agency:     agencies[r.IntN(len(agencies))],
		Author:     authors[r.IntN(len(authors))],
	}
}

var communes = []string{"Mỹ Hòa", "Tân Phú", "Long Thạnh", "Bình Thủy", "Phú Lộc", "An Khánh", "Hòa Bình", "Thạnh Lợi", "Vĩnh Trạch", "Nhơn Mỹ"}
var agencies = []string{"Sở Khoa học và Công nghệ", "UBND tỉnh", "Tỉnh ủy", "HĐND tỉnh", "Sở Nội vụ", "Ủy ban MTTQ tỉnh"}
var authors = []string{"MK", "Trúc Ly", "BTV", "Hồng Quốc", "Tô Hiện", ""}

var titles = []string{
	"Hỗ trợ kinh phí nhiệm vụ KH&CN cấp cơ sở tại {P}",
	"Thường trực Tỉnh ủy {P} khảo sát mô hình kiêm nhiệm tại xã {X}",
	"Sắp xếp đơn vị hành chính cấp xã trên địa bàn tỉnh {P} năm {Y}",
	"Hội nghị Ban Chấp hành Đảng bộ tỉnh {P} lần thứ {O}",
	"UBND tỉnh {P} phê duyệt {N} nhiệm vụ khoa học và công nghệ",
	"Đại hội Chi bộ Sở Khoa học và Công nghệ nhiệm kỳ {Y}",
	"Xã {X} xây dựng nông thôn mới nâng cao",
	"Tăng cường chuyển đổi số trong cơ quan nhà nước tỉnh {P}",
	"Kỳ họp thứ {O} HĐND tỉnh {P} khóa X",
	"Nghiệm thu đề tài nghiên cứu ứng dụng công nghệ sinh học",
	"Triển khai Nghị quyết 18-NQ/TW về sắp xếp tổ chức bộ máy",
	"Đường giao thông nông thôn xã {X} được nâng cấp",
	"Bí thư Đảng ủy đồng thời là Chủ tịch UBND xã {X}: kết quả sau {O} năm",
	"Quỹ phát triển khoa học và công nghệ tỉnh {P} hoạt động hiệu quả",
	"Phòng chống thiên tai, bảo vệ sức khỏe nhân dân mùa mưa lũ",
	"Kinh tế tỉnh {P} tăng trưởng khá trong {O} tháng đầu năm {Y}",
}

var sentences = []string{
	"Ngày {O}/{M}/{Y}, Sở Khoa học và Công nghệ tỉnh {P} ban hành Quyết định số {N}/QĐ-SKHCN về việc phê duyệt kinh phí hỗ trợ thực hiện nhiệm vụ KH&CN cấp cơ sở.",
	"Tổng dự toán kinh phí thực hiện nhiệm vụ là {N} triệu đồng, kinh phí sự nghiệp KH&CN tỉnh hỗ trợ một phần.",
	"Mô hình Bí thư Đảng ủy đồng thời là Chủ tịch UBND cấp xã được thực hiện thí điểm tại {O} xã trên địa bàn tỉnh.",
	"Đến nay, toàn tỉnh có {N} mô hình kiêm nhiệm các chức danh ở xã, phường, ấp, khu phố.",
	"Thực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương, tỉnh {P} đã sắp xếp tinh gọn tổ chức bộ máy.",
	"Ủy ban nhân dân tỉnh {P} chỉ đạo các sở, ban, ngành triển khai kế hoạch chuyển đổi số.",
	"Hội đồng nhân dân tỉnh khóa X đã thông qua {O} nghị quyết quan trọng tại kỳ họp.",
	"Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy tăng cường công tác kiểm tra, giám sát.",
	"Đề án sáp nhập đơn vị hành chính cấp xã nhận được sự đồng thuận cao của cử tri.",
	"Tỷ lệ phiếu đồng ý ở các đơn vị đạt bình quân trên {O} phần trăm.",
	"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh phối hợp tổ chức lấy ý kiến nhân dân.",
	"Xã {X} đã hoàn thành {O} trên 19 tiêu chí nông thôn mới, đời sống người dân được cải thiện.",
	"Người dân phấn khởi khi tuyến đường liên xã được đầu tư nâng cấp, đi lại thuận tiện hơn.",
	"Các đại biểu đã thảo luận, đóng góp ý kiến vào dự thảo báo cáo chính trị.",
	"Quy chế làm việc mẫu bảo đảm cho Bí thư đảng ủy đồng thời là Chủ tịch UBND cấp xã hoạt động có hiệu quả.",
	"Đề tài đã ứng dụng thành công công nghệ sinh học trong sản xuất giống cây trồng.",
	"Hội đồng khoa học đánh giá đề tài đạt loại khá, đề nghị chuyển giao kết quả cho địa phương.",
	"Kế hoạch số {N}-KH/TU của Tỉnh ủy đề ra mục tiêu đến năm {Y}.",
	"Thời gian thực hiện từ tháng {M}/{Y}, do Trường Chính trị tỉnh chủ trì.",
	"Lực lượng chức năng tích cực ứng phó thiên tai, bảo vệ tính mạng và tài sản của nhân dân.",
	"Ngành y tế khuyến cáo người dân chủ động giữ gìn sức khỏe trong mùa mưa bão.",
	"Hòa bình, ổn định là điều kiện tiên quyết để phát triển kinh tế - xã hội.",
	"Công tác cải cách hành chính tiếp tục được đẩy mạnh, chỉ số hài lòng của người dân tăng.",
	"Tổng kinh phí đầu tư cho khoa học và công nghệ năm {Y} đạt {N} tỷ đồng.",
	"Đảng bộ Sở đã lãnh đạo hoàn thành xuất sắc nhiệm vụ chính trị được giao.",
	"Thủy lợi nội đồng được nạo vét, bảo đảm nước tưới cho vụ lúa đông xuân.",
	"Ông Nguyễn Văn {N} được bầu giữ chức Bí thư Chi bộ nhiệm kỳ {Y}.",
	"Tỉnh tiếp tục thực hiện sắp xếp các đơn vị hành chính cấp huyện, cấp xã theo lộ trình.",
	"Việc sáp nhập tỉnh được thực hiện theo Nghị quyết 202/2025/QH15 của Quốc hội.",
	"Các doanh nghiệp được hỗ trợ đổi mới công nghệ, nâng cao năng suất chất lượng.",
	"Tốc độ tăng trưởng kinh tế của tỉnh {P} năm {Y} ước đạt {O} phần trăm.",
	"Tỉnh tập trung phát triển kinh tế nông nghiệp gắn với xây dựng nông thôn mới.",
	"Chủ tịch UBND tỉnh {P} yêu cầu các ngành tháo gỡ khó khăn, thúc đẩy phát triển sản xuất kinh doanh.",
	"Hội đồng nhân dân tỉnh giám sát việc thực hiện các chính sách an sinh xã hội.",
	"Cán bộ, đảng viên và nhân dân trong tỉnh hưởng ứng phong trào thi đua yêu nước.",
	"Kế hoạch phát triển kinh tế - xã hội năm {Y} được Ủy ban nhân dân tỉnh ban hành.",
	"Du lịch, dịch vụ trở thành động lực phát triển mới của địa phương.",
	"Lãnh đạo tỉnh tiếp công dân, lắng nghe ý kiến, kiến nghị của nhân dân.",
	"Chính quyền các cấp luôn lấy sự hài lòng của nhân dân làm thước đo.",
}
