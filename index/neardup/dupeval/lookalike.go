package dupeval

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/corpus"
)

var communeNames = []string{"Mỹ Hòa", "Tân Phú", "Long Thạnh", "Bình Thủy", "Phú Lộc", "An Khánh", "Hòa Bình", "Thạnh Lợi", "Vĩnh Trạch", "Nhơn Mỹ", "Tân Thành", "Phú Sơn"}

// LookAlike makes the i-th templated pair: two different articles written
// from one template. Kinds rotate: a weekly bulletin (its number and
// figures differ), an announcement for two communes, two decisions (their
// numbers and amounts differ); every other pair is short (the template
// alone, a few sentences), the others carry the same long context.
func LookAlike(r *rand.Rand, i int) (index.Article, index.Article) {
	var context string
	if i%2 == 1 {
		context = corpus.NewGenerator(uint64(1000 + i)).Next().Body
	}
	published := time.Date(2024, time.Month(1+r.IntN(12)), 1+r.IntN(28), 8, 0, 0, 0, index.Zone)
	p := portals[r.IntN(len(portals))]
	mk := func(side, title, body string, days int) index.Article {
		if context != "" {
			body = body + "\n\n" + context
		}
		return index.Article{
			URL: fmt.Sprintf("https://%s/thong-bao/%d-%s.html", p.host, i, side), Title: title, Body: body,
			Source: p.source, SourceName: p.name, Province: p.province, Agency: p.name,
			Published: published.AddDate(0, 0, days),
		}
	}
	switch i % 3 {
	case 0: // weekly bulletins
		n := 2*i + 10 // unique per pair: two pairs never share a text
		bulletin := func(n int) string {
			return fmt.Sprintf("Bản tin số %d về tình hình kinh tế - xã hội trong tuần của tỉnh %s. "+
				"Trong tuần, toàn tỉnh tiếp nhận %d hồ sơ thủ tục hành chính, trong đó giải quyết đúng hạn %d hồ sơ, đạt tỷ lệ %d%%. "+
				"Tổng thu ngân sách nhà nước đạt %d tỷ đồng, tăng %d%% so với cùng kỳ. "+
				"Các ngành chức năng tiếp tục theo dõi chặt chẽ diễn biến thời tiết, chủ động phương án phòng chống thiên tai, bảo đảm an toàn cho người dân.",
				n, p.province, 1000+r.IntN(900), 800+r.IntN(190), 90+r.IntN(10), 50+r.IntN(400), 1+r.IntN(30))
		}
		return mk("a", fmt.Sprintf("Bản tin số %d", n), bulletin(n), 0), mk("b", fmt.Sprintf("Bản tin số %d", n+1), bulletin(n+1), 7)
	case 1: // one announcement, two communes
		x := r.IntN(len(communeNames))
		y := (x + 1 + r.IntN(len(communeNames)-1)) % len(communeNames)
		day, month := 1+r.IntN(28), 1+r.IntN(12)
		notice := func(c string) string {
			return fmt.Sprintf("Thông báo số %d/TB-UBND. Ủy ban nhân dân xã %s thông báo lịch tiếp công dân định kỳ ngày %d tháng %d năm 2024. "+
				"Thành phần gồm Chủ tịch Ủy ban nhân dân xã, công chức địa chính - xây dựng, công chức tư pháp - hộ tịch và đại diện Mặt trận Tổ quốc xã. "+
				"Địa điểm tại trụ sở Ủy ban nhân dân xã %s. "+
				"Công dân có nhu cầu phản ánh, kiến nghị vui lòng mang theo giấy tờ tùy thân và tài liệu liên quan để được tiếp và hướng dẫn theo quy định.",
				100+i, c, day, month, c)
		}
		return mk("a", "Thông báo lịch tiếp công dân", notice(communeNames[x]), 0), mk("b", "Thông báo lịch tiếp công dân", notice(communeNames[y]), 0)
	default: // two decisions
		num := 100 + 30*i // unique per pair
		amount := 50 + r.IntN(900)
		decision := func(num, amount int, who string) string {
			return fmt.Sprintf("Ngày %d/%d/2024, Chủ tịch Ủy ban nhân dân tỉnh %s ban hành Quyết định số %d/QĐ-UBND về việc xử phạt vi phạm hành chính trong lĩnh vực đất đai. "+
				"Theo đó, xử phạt %s số tiền %d.000.000 đồng do có hành vi chuyển mục đích sử dụng đất trái phép. "+
				"Ngoài ra, người vi phạm buộc phải khôi phục lại tình trạng ban đầu của đất trước khi vi phạm. "+
				"Quyết định có hiệu lực kể từ ngày ký, các cơ quan liên quan chịu trách nhiệm thi hành.",
				1+r.IntN(28), 1+r.IntN(12), p.province, num, who, amount)
		}
		who := []string{"ông Nguyễn Văn An", "bà Trần Thị Bình", "ông Lê Văn Cường", "Công ty TNHH Phú Thịnh"}
		w := who[r.IntN(len(who))]
		a := mk("a", "Xử phạt vi phạm hành chính trong lĩnh vực đất đai", decision(num, amount, w), 0)
		b := mk("b", "Xử phạt vi phạm hành chính trong lĩnh vực đất đai", decision(num+1+r.IntN(20), amount+5+r.IntN(50), w), 3)
		return a, b
	}
}
