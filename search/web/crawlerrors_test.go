package web

import "testing"

// The crawler's errors as it writes them (crawler/engine.go, run.go and
// Go's net/http), each with the reason a reader of /sources sees.
func TestExplainCrawlError(t *testing.T) {
	for _, tc := range []struct{ msg, want string }{
		{`no page of the source could be fetched: Get "http://127.0.0.1:1/": dial tcp 127.0.0.1:1: connect: connection refused`, "Máy chủ của cổng từ chối kết nối"},
		{`no page of the source could be fetched: Get "https://x.gov.vn/": dial tcp: lookup x.gov.vn: no such host`, "Không tìm thấy tên miền của cổng"},
		{`Get "https://x.gov.vn/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, "Máy chủ của cổng không trả lời kịp"},
		{`Get "https://x.gov.vn/": tls: failed to verify certificate: x509: certificate signed by unknown authority`, "Chứng chỉ HTTPS của cổng không hợp lệ"},
		{`robots.txt disallows the start URLs (https://x.gov.vn/) for "govnews"; nothing was crawled`, "Tệp robots.txt của cổng không cho phép thu thập"},
		{`https://x.gov.vn/tin-tuc: HTTP 503`, "Máy chủ của cổng báo lỗi (5xx)"},
		{`https://x.gov.vn/a: HTTP 404`, "Trang không còn trên cổng (404/410)"},
		{`https://x.gov.vn/a: HTTP 4040`, "Lỗi khi thu thập"},
		{`https://x.gov.vn/a: context canceled; the rest of the frontier waits for the next run`, "Bị dừng giữa chừng; lần chạy sau sẽ tiếp tục"},
		{`something new`, "Lỗi khi thu thập"},
		{`robots.txt answered HTTP 503, which keeps the whole site out until it answers (RFC 9309); nothing was crawled; the next run asks again`, "Cổng báo lỗi khi đọc tệp robots.txt; chưa thu thập cho tới khi cổng trả lời"},
		// The first request is robots.txt: its URL is in the error.
		{`no page of the source could be fetched: Get "http://127.0.0.1:1/robots.txt": dial tcp 127.0.0.1:1: connect: connection refused`, "Máy chủ của cổng từ chối kết nối"},
		{`no page of the source could be fetched: Get "http://khong-ton-tai.invalid/robots.txt": dial tcp: lookup khong-ton-tai.invalid: no such host`, "Không tìm thấy tên miền của cổng"},
	} {
		if got := explainCrawlError(tc.msg); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.msg, got, tc.want)
		}
	}
}
