package web

import (
	"regexp"
	"strings"
)

// crawlErrorReasons explain, in Vietnamese, the crawler's last error on the
// sources page: its readers are not all operators, and the crawler's text
// ("dial tcp …: connection refused") is Go's, in English. The text itself is
// shown beside it for whoever has to fix it. First match wins.
var crawlErrorReasons = []struct {
	match  *regexp.Regexp
	reason string
}{
	// Not any mention of robots.txt: it is every crawl's first request, so
	// its URL is in most network errors.
	{regexp.MustCompile(`robots\.txt disallows`), "Tệp robots.txt của cổng không cho phép thu thập"},
	{regexp.MustCompile(`robots\.txt answered HTTP 5`), "Cổng báo lỗi khi đọc tệp robots.txt; chưa thu thập cho tới khi cổng trả lời"},
	{regexp.MustCompile(`interrupted|frontier waits`), "Bị dừng giữa chừng; lần chạy sau sẽ tiếp tục"},
	{regexp.MustCompile(`no such host|server misbehaving`), "Không tìm thấy tên miền của cổng"},
	{regexp.MustCompile(`connection refused`), "Máy chủ của cổng từ chối kết nối"},
	{regexp.MustCompile(`(?i)timeout|deadline exceeded|timed out`), "Máy chủ của cổng không trả lời kịp"},
	{regexp.MustCompile(`x509|certificate|tls:`), "Chứng chỉ HTTPS của cổng không hợp lệ"},
	{regexp.MustCompile(`HTTP (404|410)\b|page gone`), "Trang không còn trên cổng (404/410)"},
	{regexp.MustCompile(`HTTP 403\b`), "Cổng từ chối truy cập (403)"},
	{regexp.MustCompile(`HTTP 429\b`), "Cổng yêu cầu thu thập chậm lại (429)"},
	{regexp.MustCompile(`HTTP 5\d\d\b`), "Máy chủ của cổng báo lỗi (5xx)"},
	{regexp.MustCompile(`connection reset|broken pipe|EOF`), "Kết nối tới cổng bị ngắt"},
}

// explainCrawlError is the Vietnamese reason for a crawl error message.
func explainCrawlError(msg string) string {
	msg = strings.TrimSpace(msg)
	for _, r := range crawlErrorReasons {
		if r.match.MatchString(msg) {
			return r.reason
		}
	}
	return "Lỗi khi thu thập"
}
