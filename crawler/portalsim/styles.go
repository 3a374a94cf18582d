package portalsim

import (
	"fmt"
	"regexp"
	"strconv"
)

// style is how one CMS lays out its URLs.
type style struct {
	name      string
	listing   func(page int) string
	article   func(id int, slug string) string
	idPattern *regexp.Regexp // first group is the article id
	feed      string
	atom      bool
	sitemap   bool
	nextOnly  bool // the pager shows only "Trang sau", not page numbers
}

func (st style) articleID(path string) (int, bool) {
	m := st.idPattern.FindStringSubmatch(path)
	if m == nil {
		return 0, false
	}
	id, err := strconv.Atoi(m[1])
	return id, err == nil
}

var styles = []style{
	{
		name: "aspnet",
		listing: func(n int) string {
			if n == 1 {
				return "/tin-tuc/Default.aspx"
			}
			return fmt.Sprintf("/tin-tuc/Default.aspx?page=%d", n)
		},
		article:   func(id int, _ string) string { return fmt.Sprintf("/tin-tuc/Pages/chi-tiet.aspx?ItemID=%d", id) },
		idPattern: regexp.MustCompile(`^/tin-tuc/Pages/chi-tiet\.aspx\?ItemID=(\d+)`),
		feed:      "/rss.aspx",
	},
	{
		name: "sharepoint",
		listing: func(n int) string {
			if n == 1 {
				return "/Lists/BaiViet/AllItems.aspx"
			}
			return fmt.Sprintf("/Lists/BaiViet/AllItems.aspx?p=%d", n)
		},
		article:   func(id int, _ string) string { return fmt.Sprintf("/Lists/BaiViet/Post.aspx?ID=%d", id) },
		idPattern: regexp.MustCompile(`^/Lists/BaiViet/Post\.aspx\?ID=(\d+)`),
		feed:      "/_layouts/feed.aspx",
		atom:      true,
		nextOnly:  true,
	},
	{
		name: "liferay",
		listing: func(n int) string {
			if n == 1 {
				return "/web/guest/tin-tuc"
			}
			return fmt.Sprintf("/web/guest/tin-tuc/-/trang-%d", n)
		},
		article: func(id int, slug string) string {
			return fmt.Sprintf("/web/guest/tin-tuc/-/asset_publisher/Xk3p/content/%s-%d", slug, id)
		},
		idPattern: regexp.MustCompile(`^/web/guest/tin-tuc/-/asset_publisher/Xk3p/content/[a-z0-9-]+-(\d+)$`),
		feed:      "/web/guest/tin-tuc/-/rss",
		sitemap:   true,
	},
	{
		name: "wordpress",
		listing: func(n int) string {
			if n == 1 {
				return "/tin-tuc/"
			}
			return fmt.Sprintf("/tin-tuc/page/%d/", n)
		},
		article:   func(id int, slug string) string { return fmt.Sprintf("/tin-tuc/%s-%d.html", slug, id) },
		idPattern: regexp.MustCompile(`^/tin-tuc/[a-z0-9-]+-(\d+)\.html$`),
		feed:      "/feed/",
		sitemap:   true,
		nextOnly:  false,
	},
}
