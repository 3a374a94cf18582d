package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/govnews/govnews/index"
)

const dupBody = "Sáng 12/3, Ủy ban nhân dân tỉnh tổ chức hội nghị sơ kết công tác chuyển đổi số quý I năm 2025 với sự tham dự của lãnh đạo các sở, ngành và địa phương. Hội nghị đánh giá kết quả triển khai các nhiệm vụ trọng tâm, chỉ ra những hạn chế và đề ra giải pháp trong thời gian tới.\n\n" +
	"Phát biểu chỉ đạo, Phó Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ngành tập trung hoàn thành hệ thống cơ sở dữ liệu dùng chung, bảo đảm an toàn thông tin và nâng cao tỷ lệ hồ sơ trực tuyến toàn trình."

func dupArticles() []index.Article {
	d := time.Date(2025, 3, 12, 9, 0, 0, 0, index.Zone)
	return []index.Article{
		{URL: "https://bentre.gov.vn/a", Title: "Sơ kết chuyển đổi số", Body: dupBody, Source: "bentre", Province: "Bến Tre", Published: d},
		{URL: "https://angiang.gov.vn/b", Title: "Hội nghị sơ kết chuyển đổi số", Body: dupBody + "\n\nBài: Minh Trí", Source: "angiang", Province: "An Giang", Published: d.Add(time.Hour)},
		{URL: "https://vinhlong.gov.vn/c", Title: "Sơ kết chuyển đổi số quý I", Body: dupBody, Source: "vinhlong", Province: "Vĩnh Long", Published: d.Add(2 * time.Hour)},
	}
}

type cliResult struct {
	Total     int
	Collapsed bool
	Hits      []struct {
		URL, Group string
		Copies     int
	}
}

func searchJSON(t *testing.T, args ...string) cliResult {
	t.Helper()
	code, out, stderr := runCLI(t, "", append([]string{"search", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("search %v: exit %d: %s", args, code, stderr)
	}
	var r cliResult
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err, out)
	}
	return r
}

// Imported copies are one hit with two copies; --no-collapse lists the
// three; --group lists one story.
func TestSearchCollapsesImportedCopies(t *testing.T) {
	data := t.TempDir()
	if code, _, stderr := runCLI(t, "", "import", "--data", data, writeJSONL(t, dupArticles())); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	col := searchJSON(t, "--data", data, "chuyển đổi số")
	if !col.Collapsed || col.Total != 3 || len(col.Hits) != 1 || col.Hits[0].Copies != 2 {
		t.Fatalf("collapsed: %+v", col)
	}
	all := searchJSON(t, "--data", data, "--no-collapse", "chuyển đổi số")
	if all.Collapsed || len(all.Hits) != 3 {
		t.Fatalf("--no-collapse: %+v", all)
	}
	one := searchJSON(t, "--data", data, "--no-collapse", "--group", col.Hits[0].Group, "chuyển đổi số")
	if len(one.Hits) != 3 {
		t.Fatalf("--group: %+v", one)
	}
	_, text, _ := runCLI(t, "", "search", "--data", data, "chuyển đổi số")
	if !strings.Contains(text, "+2 copies elsewhere") {
		t.Errorf("text output: %s", text)
	}
	// A mistyped group is exit 2 naming it, as the API's 400, not 0 hits.
	if code, _, stderr := runCLI(t, "", "search", "--data", data, "--group", "zz", "chuyển đổi số"); code != exitUsage || !strings.Contains(stderr, `--group: "zz" is not a group id`) {
		t.Errorf("--group zz: exit %d, %s", code, stderr)
	}
}

// retag --all assigns groups over an index whose articles were stored
// without them.
func TestRetagAssignsGroups(t *testing.T) {
	data := t.TempDir()
	ix, err := index.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	ix.SetNearDuplicates(false)
	if err := ix.Put(dupArticles()...); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if r := searchJSON(t, "--data", data, "chuyển đổi số"); len(r.Hits) != 3 {
		t.Fatalf("before retag: %d hits", len(r.Hits))
	}
	if code, _, stderr := runCLI(t, "", "retag", "--all", "--data", data); code != 0 {
		t.Fatalf("retag: %d %s", code, stderr)
	}
	r := searchJSON(t, "--data", data, "chuyển đổi số")
	if len(r.Hits) != 1 || r.Hits[0].Copies != 2 {
		t.Fatalf("after retag --all: %+v", r)
	}

}
