package index_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/corpus"
	"github.com/govnews/govnews/index/neardup/dupeval"
)

func evalOriginals(n int) []index.Article {
	if p := corpus.FindViNews("."); p != "" {
		if as, err := corpus.ReadViNews(p, n); err == nil && len(as) == n {
			return as
		}
	}
	g := corpus.NewGenerator(7)
	out := make([]index.Article, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

func groupsOf(t *testing.T, ix *index.Index) map[string]string {
	t.Helper()
	out := map[string]string{}
	if err := ix.All(func(a index.Article) error { out[a.URL] = a.Group; return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// Copies stored through a Writer (as import, retag and reindex store) join
// their original's group, in any order and batch; templated look-alikes
// never do. A small version of `govnews bench dups`.
func TestGroupsAtStoreTime(t *testing.T) {
	for _, shards := range []int{2, 1} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) { testGroupsAtStoreTime(t, shards) })
	}
}

// On one shard a Writer keeps two batches in flight, whose articles are
// candidates for each other before either is searchable.
func testGroupsAtStoreTime(t *testing.T, shards int) {
	set := dupeval.Build(evalOriginals(300), 60, 1)
	ix, err := index.Create(t.TempDir(), shards)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	w := ix.NewWriter(100)
	for _, a := range set.Articles {
		if err := w.Add(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	groups := groupsOf(t, ix)
	if len(groups) != len(set.Articles) {
		t.Fatalf("%d stored of %d: copies must be kept", len(groups), len(set.Articles))
	}
	rep := set.Score(groups)
	t.Log(rep)
	if rep.LookAlikesMerged > 0 {
		t.Errorf("look-alikes merged: %v", rep.MergedExamples)
	}
	if rep.Precision < 0.99 || rep.Recall < 0.9 {
		t.Errorf("precision %.3f recall %.3f", rep.Precision, rep.Recall)
	}
}

// The same text from a second portal is stored as an article of its own,
// in the first one's group; a text too short to judge is its own group;
// storing an article again keeps its group.
func TestExactCopyKeptAsMember(t *testing.T) {
	ix, err := index.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	body := "Chiều 12/3, Ủy ban nhân dân tỉnh Bến Tre tổ chức hội nghị sơ kết công tác chuyển đổi số quý I năm 2025. Hội nghị đánh giá kết quả triển khai các nhiệm vụ, chỉ ra những hạn chế và đề ra giải pháp trong thời gian tới.\n\nPhát biểu chỉ đạo, Phó Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ngành tập trung hoàn thành hệ thống cơ sở dữ liệu dùng chung, bảo đảm an toàn thông tin."
	first := index.Article{URL: "https://bentre.gov.vn/a", Title: "Sơ kết chuyển đổi số", Body: body, Source: "ubnd", Published: time.Date(2025, 3, 12, 15, 0, 0, 0, index.Zone)}
	second := index.Article{URL: "https://skhcn.bentre.gov.vn/b", Title: "Sơ kết chuyển đổi số", Body: body, Source: "skhcn", Published: time.Date(2025, 3, 13, 8, 0, 0, 0, index.Zone)}
	short := index.Article{URL: "https://bentre.gov.vn/short", Title: "Tin ngắn", Body: "Lịch tiếp công dân tuần này."}
	if err := ix.Put(first); err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(second, short); err != nil {
		t.Fatal(err)
	}
	g := groupsOf(t, ix)
	if len(g) != 3 {
		t.Fatalf("stored %d articles, want 3", len(g))
	}
	if g[first.URL] != index.ID(first.URL) || g[second.URL] != g[first.URL] {
		t.Errorf("groups %v: the copy must join the first article's group", g)
	}
	if g[short.URL] != index.ID(short.URL) {
		t.Errorf("short article's group %q", g[short.URL])
	}
	// Stored again (a recrawl, retag --all): the same groups.
	if err := ix.Put(second, first); err != nil {
		t.Fatal(err)
	}
	if g2 := groupsOf(t, ix); g2[first.URL] != g[first.URL] || g2[second.URL] != g[first.URL] {
		t.Errorf("groups after storing again %v, were %v", g2, g)
	}
	// Off (for measuring), each article is its own group.
	ix.SetNearDuplicates(false)
	third := second
	third.URL = "https://tinhuy.bentre.gov.vn/c"
	if err := ix.Put(third); err != nil {
		t.Fatal(err)
	}
	if got := groupsOf(t, ix)[third.URL]; got != index.ID(third.URL) {
		t.Errorf("with groups off: group %q", got)
	}
}

// The first member of a group, edited into another text, leaves the group
// its copy still names: otherwise the collapsed search hides it behind an
// article it no longer shares anything with. Stored again unchanged it
// stays; an edit that keeps it a copy keeps it in.
func TestEditedFirstMemberLeavesItsGroup(t *testing.T) {
	ix, err := index.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	body := "Chiều 12/3, Ủy ban nhân dân tỉnh Bến Tre tổ chức hội nghị sơ kết công tác chuyển đổi số quý I năm 2025. Hội nghị đánh giá kết quả triển khai các nhiệm vụ, chỉ ra những hạn chế và đề ra giải pháp trong thời gian tới.\n\nPhát biểu chỉ đạo, Phó Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ngành tập trung hoàn thành hệ thống cơ sở dữ liệu dùng chung, bảo đảm an toàn thông tin."
	a := index.Article{URL: "https://bentre.gov.vn/a", Title: "Sơ kết chuyển đổi số", Body: body}
	b := index.Article{URL: "https://skhcn.bentre.gov.vn/b", Title: "Sơ kết chuyển đổi số", Body: body}
	if err := ix.Put(a); err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(b); err != nil {
		t.Fatal(err)
	}
	before := groupsOf(t, ix)
	if before[b.URL] != before[a.URL] {
		t.Fatalf("groups %v: b is a copy of a", before)
	}
	// Stored again as it was, and edited a little: still b's group.
	if err := ix.Put(a); err != nil {
		t.Fatal(err)
	}
	a.Body = body + "\n\nẢnh: Cổng TTĐT tỉnh."
	if err := ix.Put(a); err != nil {
		t.Fatal(err)
	}
	if g := groupsOf(t, ix); g[a.URL] != g[b.URL] {
		t.Errorf("groups %v: a, still a copy, left b's group", g)
	}
	// Replaced by another text: a leaves; b keeps the group it had.
	a.Title, a.Body = "Tin khác hẳn", "Sáng 20/5, Sở Nông nghiệp tỉnh kiểm tra tiến độ nạo vét kênh mương thủy lợi nội đồng tại các xã vùng ngọt hóa. Đoàn ghi nhận nhiều tuyến kênh đã được khơi thông trước mùa mưa.\n\nĐại diện Sở đề nghị các địa phương huy động người dân cùng tham gia, bảo đảm nước tưới cho vụ lúa hè thu."
	if err := ix.Put(a); err != nil {
		t.Fatal(err)
	}
	g := groupsOf(t, ix)
	if g[a.URL] == g[b.URL] || g[b.URL] != before[b.URL] {
		t.Errorf("groups %v (before %v): the edited article must leave b's group", g, before)
	}
	// Stored again, it keeps its new group.
	if err := ix.Put(a); err != nil {
		t.Fatal(err)
	}
	if g2 := groupsOf(t, ix); g2[a.URL] != g[a.URL] {
		t.Errorf("group changed on storing again: %q, was %q", g2[a.URL], g[a.URL])
	}
}
