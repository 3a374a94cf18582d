package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/corpus"
)

// runCLI drives run() as a user would and returns exit code, stdout, stderr.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// wantPartialImport checks an import that had bad lines: exit 3, and every
// want (a FILE:LINE report, the count) on stderr.
func wantPartialImport(t *testing.T, code int, stderr string, wants ...string) {
	t.Helper()
	if code != exitPartial {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitPartial, stderr)
	}
	for _, want := range wants {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func writeJSONL(t *testing.T, arts []index.Article) string {
	t.Helper()
	var b strings.Builder
	for _, a := range arts {
		line, _ := json.Marshal(a)
		b.Write(line)
		b.WriteByte('\n')
	}
	p := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportReportsBadLinesAndKeepsGoodOnes(t *testing.T) {
	data := t.TempDir()
	input := strings.Join([]string{
		`{"url":"https://a.vn/1","title":"Hỗ trợ kinh phí KH&CN","body":"Quyết định 250/QĐ-SKHCN.","published":"2022-11-11T00:00:00+07:00","province":"An Giang"}`,
		`{"title":"không có url"}`,
		`{"url":"https://a.vn/2", "title": broken`,
		``,
		`{"url":"https://a.vn/3","title":"Ngày xấu","published":"2024-13-45"}`,
		`{"url":"https://a.vn/4","title":"` + norm.NFD.String("Hoà bình") + `","body":"NFD"}`,
		// Invalid UTF-8 would be stored as U+FFFD, changing the URL.
		"{\"url\":\"https://a.vn/bad\xff\",\"title\":\"t\xfe\"}",
	}, "\n")
	code, _, stderr := runCLI(t, input, "import", "--data", data, "-")
	wantPartialImport(t, code, stderr, "-:2: no url", "-:3: invalid JSON", "-:5: bad date", "-:7: not valid UTF-8 (byte 25)", "2 articles imported, 4 bad lines")
	code, out, stderr := runCLI(t, "", "search", "--data", data, "--json", "hoa binh")
	if code != 0 {
		t.Fatalf("search exit %d: %s", code, stderr)
	}
	var res struct {
		Total int
		Hits  []struct{ URL, Title string }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search --json output: %v\n%s", err, out)
	}
	if res.Total != 1 || res.Hits[0].Title != "Hoà bình" {
		t.Errorf("NFD title not found as NFC: %+v", res)
	}
}

func TestExportImportExportIsExact(t *testing.T) {
	gen := corpus.NewGenerator(3)
	var arts []index.Article
	for i := 0; i < 1200; i++ {
		a := gen.Next()
		if i%7 == 0 {
			a.Published = time.Time{} // undated articles survive too
		}
		arts = append(arts, a)
	}
	first := t.TempDir()
	if code, _, stderr := runCLI(t, "", "import", "--data", first, writeJSONL(t, arts)); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	code, export1, stderr := runCLI(t, "", "export", "--data", first)
	if code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	if n := strings.Count(export1, "\n"); n != len(arts) {
		t.Fatalf("export wrote %d lines, want %d", n, len(arts))
	}
	second := t.TempDir()
	p := filepath.Join(t.TempDir(), "export.jsonl")
	os.WriteFile(p, []byte(export1), 0o644)
	if code, _, stderr := runCLI(t, "", "import", "--data", second, p); code != 0 {
		t.Fatalf("re-import: %d %s", code, stderr)
	}
	_, export2, _ := runCLI(t, "", "export", "--data", second)
	if export1 != export2 {
		t.Error("export → import → export changed the data")
	}
	// Filters and queries export a subset.
	_, sub, _ := runCLI(t, "", "export", "--data", first, "--province", "Bến Tre", "kiêm nhiệm")
	for _, line := range strings.Split(strings.TrimSpace(sub), "\n") {
		if !strings.Contains(line, `"province":"Bến Tre"`) {
			t.Fatalf("filtered export has another province: %s", line)
		}
	}
}

func TestSearchAndStatsCommands(t *testing.T) {
	data := t.TempDir()
	arts := []index.Article{
		{URL: "https://a.vn/1", Title: "Bí thư đồng thời là Chủ tịch UBND xã", Body: "Mô hình Bí thư Đảng ủy đồng thời là Chủ tịch UBND cấp xã.", Province: "Bến Tre", Source: "bentre", Published: time.Date(2019, 3, 15, 7, 28, 0, 0, index.Zone)},
		{URL: "https://a.vn/2", Title: "Đường giao thông", Body: "Nâng cấp đường.", Province: "Hà Giang", Source: "hagiang"},
	}
	runCLI(t, "", "import", "--data", data, writeJSONL(t, arts))
	code, out, _ := runCLI(t, "", "search", "--data", data, "bi thu dong thoi la chu tich")
	if code != 0 || !strings.Contains(out, "1 articles") || !strings.Contains(out, "15/03/2019") || !strings.Contains(out, "[Bí] [thư]") || !strings.Contains(out, "https://a.vn/1") {
		t.Errorf("search output:\n%s", out)
	}
	code, out, _ = runCLI(t, "", "stats", "--data", data)
	if code != 0 || !strings.Contains(out, "articles: 2") || !strings.Contains(out, "Bến Tre") || !strings.Contains(out, "kiem-nhiem") {
		t.Errorf("stats output:\n%s", out)
	}
	if code, _, stderr := runCLI(t, "", "search", "--data", data, "--sort", "popular", "x"); code != exitUsage || !strings.Contains(stderr, "sort") {
		t.Errorf("bad sort: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "search", "--data", data, `"open`); code != exitUsage || !strings.Contains(stderr, "quote") {
		t.Errorf("bad query: exit %d, %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "", "search", "--data", data, "--limit", "abc", "x"); code != exitUsage {
		t.Errorf("--limit abc: exit %d", code)
	}
	missing := filepath.Join(t.TempDir(), "typo")
	if code, _, stderr := runCLI(t, "", "search", "--data", missing, "x"); code != exitFailure || !strings.Contains(stderr, missing) || !strings.Contains(stderr, "no index") {
		t.Errorf("search on a missing index: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("search created an index directory")
	}
}

// TestImportSurvivesKill9 imports in a child process, kills it with SIGKILL
// part way, imports again and checks the article set is exactly the input.
func TestImportSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "govnews")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	gen := corpus.NewGenerator(9)
	var arts []index.Article
	for i := 0; i < 20000; i++ {
		arts = append(arts, gen.Next())
	}
	input := writeJSONL(t, arts)
	data := t.TempDir()

	cmd := exec.Command(bin, "import", "--data", data, input)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once some batches are on disk, long before the end.
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if size := dirSize(filepath.Join(data, "index")); size > 2<<20 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("import finished before it could be killed (%v): make the input larger", err)
	}

	out, err := exec.Command(bin, "import", "--data", data, input).CombinedOutput()
	if err != nil {
		t.Fatalf("second import: %v\n%s", err, out)
	}
	exported, err := exec.Command(bin, "export", "--data", data).Output()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(exported)), "\n") {
		var a index.Article
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatal(err)
		}
		seen[a.URL]++
	}
	if len(seen) != len(arts) {
		t.Fatalf("after kill and resume: %d articles, want %d", len(seen), len(arts))
	}
	for _, a := range arts {
		if seen[a.URL] != 1 {
			t.Fatalf("%s stored %d times", a.URL, seen[a.URL])
		}
	}
}

var _ = fmt.Sprint

func TestRetagAppliesEditedTopics(t *testing.T) {
	data := t.TempDir()
	arts := []index.Article{
		{URL: "https://a.vn/1", Title: "Sáp nhập xã", Body: "Đề án sáp nhập đơn vị hành chính cấp xã."},
		{URL: "https://a.vn/2", Title: "Giống lúa mới", Body: "Ứng dụng công nghệ cao trong trồng lúa."},
	}
	runCLI(t, "", "import", "--data", data, writeJSONL(t, arts))
	_, out, _ := runCLI(t, "", "search", "--data", data, "--json", "topic:sap-xep-dvhc")
	if !strings.Contains(out, `"total": 1`) {
		t.Fatalf("shipped topics not applied at import: %s", out)
	}
	topics := filepath.Join(t.TempDir(), "topics.yaml")
	os.WriteFile(topics, []byte("topics:\n  - id: nong-nghiep\n    name: Nông nghiệp\n    queries: ['lua', '\"công nghệ cao\"']\n"), 0o644)
	code, _, stderr := runCLI(t, "", "retag", "--data", data, "--topics", topics)
	if code != 0 || !strings.Contains(stderr, "2 articles, 2 rewritten") {
		t.Fatalf("retag: exit %d, %s", code, stderr)
	}
	// Unchanged topics: nothing to rewrite, unless --all asks for it.
	if code, _, stderr := runCLI(t, "", "retag", "--data", data, "--topics", topics); code != 0 || !strings.Contains(stderr, "2 articles, 0 rewritten") {
		t.Fatalf("second retag: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "retag", "--data", data, "--topics", topics, "--all"); code != 0 || !strings.Contains(stderr, "2 articles, 2 rewritten") {
		t.Fatalf("retag --all: exit %d, %s", code, stderr)
	}
	_, out, _ = runCLI(t, "", "search", "--data", data, "--json", "topic:nong-nghiep")
	if !strings.Contains(out, `"total": 1`) || !strings.Contains(out, "https://a.vn/2") {
		t.Errorf("after retag: %s", out)
	}
	_, out, _ = runCLI(t, "", "search", "--data", data, "--json", "topic:sap-xep-dvhc")
	if !strings.Contains(out, `"total": 0`) {
		t.Errorf("old topic still tagged after retag: %s", out)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("topics:\n  - id: x\n    name: X\n    queries: ['\"open']\n"), 0o644)
	if code, _, stderr := runCLI(t, "", "retag", "--data", data, "--topics", bad); code == 0 || !strings.Contains(stderr, bad) || !strings.Contains(stderr, `topic "x"`) {
		t.Errorf("bad topics file: exit %d, %s", code, stderr)
	}
}

func TestCLIUsageErrorsAndBOM(t *testing.T) {
	data := t.TempDir()
	bom := "\xef\xbb\xbf" + `{"url":"https://a.vn/bom","title":"Dòng đầu có BOM"}` + "\n"
	if code, _, stderr := runCLI(t, bom, "import", "--data", data, "-"); code != 0 {
		t.Fatalf("import with a BOM: exit %d: %s", code, stderr)
	}
	// UTF-16 (as Notepad saves "Unicode"): one message, not one per line.
	utf16 := "\xff\xfe{\x00\"\x00u\x00r\x00l\x00\"\x00}\x00\n\x00{\x00}\x00\n\x00"
	for _, f := range []string{utf16, utf16[2:]} { // with and without a BOM
		if code, _, stderr := runCLI(t, f, "import", "--data", data, "-"); code != exitUsage || !strings.Contains(stderr, "is UTF-16; save it as UTF-8") || strings.Count(stderr, "\n") > 1 {
			t.Errorf("UTF-16 file: exit %d: %s", code, stderr)
		}
	}
	for _, args := range [][]string{
		{"search", "--data", data},
		{"search", "--data", data, "--limit", "0", "x"},
		{"--log-level", "bogus", "stats", "--data", data},
		{"import", "--data", data},
		{"import", "--data", data, filepath.Join(data, "no-such-file.jsonl")},
	} {
		if code, _, stderr := runCLI(t, "", args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d (%s)", args, code, exitUsage, stderr)
		}
	}
}

func TestImportStopsOnInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as SIGINT would
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"import", "--data", t.TempDir(), "-"}, strings.NewReader(`{"url":"https://a.vn/1"}`+"\n"), &out, &errOut)
	if code != exitInterrupted || !strings.Contains(errOut.String(), "interrupted") {
		t.Errorf("interrupted import: exit %d, want %d; %s", code, exitInterrupted, errOut.String())
	}
}

// stats lists every source, not only a search facet's 50 largest: an
// operator checking a crawl of the shipped sources.yaml (67 sources) must
// see each one.
func TestStatsListsEverySource(t *testing.T) {
	data := t.TempDir()
	var arts []index.Article
	for i := 0; i < 70; i++ {
		for k := 0; k <= i%3; k++ {
			arts = append(arts, index.Article{URL: fmt.Sprintf("https://s%d.gov.vn/%d", i, k), Title: "Tin", Body: "Nội dung.", Source: fmt.Sprintf("src%02d", i)})
		}
	}
	if code, _, stderr := runCLI(t, "", "import", "--data", data, writeJSONL(t, arts)); code != 0 {
		t.Fatalf("import: exit %d, %s", code, stderr)
	}
	code, out, stderr := runCLI(t, "", "stats", "--data", data, "--json")
	if code != 0 {
		t.Fatalf("stats: exit %d, %s", code, stderr)
	}
	var got struct {
		Articles int `json:"articles"`
		By       map[string][]struct {
			Value string `json:"value"`
			Count int    `json:"count"`
		} `json:"by"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("stats --json: %v\n%s", err, out)
	}
	if got.Articles != len(arts) || len(got.By["source"]) != 70 {
		t.Fatalf("stats: %d articles, %d sources; want %d and 70", got.Articles, len(got.By["source"]), len(arts))
	}
	for _, c := range got.By["source"] {
		var i int
		fmt.Sscanf(c.Value, "src%d", &i)
		if c.Count != i%3+1 {
			t.Errorf("source %s: %d articles, want %d", c.Value, c.Count, i%3+1)
		}
	}
	code, out, _ = runCLI(t, "", "stats", "--data", data)
	if code != 0 || !strings.Contains(out, "src00") || !strings.Contains(out, "src69") {
		t.Errorf("stats lists not every source:\n%s", out)
	}
}

// importLines imports lines from stdin into a new data directory.
func importLines(t *testing.T, lines ...string) (data string, code int, stderr string) {
	t.Helper()
	data = t.TempDir()
	code, _, stderr = runCLI(t, strings.Join(lines, "\n")+"\n", "import", "--data", data, "-")
	return data, code, stderr
}

// exportAll exports a data directory and decodes every line.
func exportAll(t *testing.T, data string) (string, map[string]index.Article) {
	t.Helper()
	code, out, stderr := runCLI(t, "", "export", "--data", data)
	if code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	arts := map[string]index.Article{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var a index.Article
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("export line %q: %v", line, err)
		}
		arts[a.URL] = a
	}
	return out, arts
}

func TestImportAcceptsPlausibleDates(t *testing.T) {
	data, code, stderr := importLines(t,
		`{"url":"https://d.vn/1","title":"một","published":"2024-01-02"}`,
		`{"url":"https://d.vn/2","title":"hai","published":"2024-01-02 08:30"}`,
		`{"url":"https://d.vn/3","title":"ba","published":"02/01/2024"}`,
		`{"url":"https://d.vn/4","title":"bốn","published":"2024-01-02T08:30:00"}`,
		`{"url":"https://d.vn/5","title":"năm","published":""}`,
		`{"url":"https://d.vn/6","title":"sáu","published":null}`,
		`{"url":"https://d.vn/7","title":"bảy","published":"2024-13-45"}`,
		`{"url":"https://d.vn/8","title":"tám","published":"2024-01-02T08:30:00Z"}`,
		// As portals show them (a scraper's export keeps them so).
		`{"url":"https://d.vn/9","title":"chín","published":"Ngày đăng : 11/11/2022"}`,
		`{"url":"https://d.vn/10","title":"mười","published":"Đã đăng vào 15 Th3, 2019 lúc 7:28"}`,
		`{"url":"https://d.vn/11","title":"mười một","published":"ngày 23 tháng 9 năm 2022"}`,
		`{"url":"https://d.vn/12","title":"mười hai","published":"28.6.2016"}`,
		`{"url":"https://d.vn/13","title":"không năm","published":"Ngày 28/5"}`,
	)
	if code != exitPartial {
		t.Fatalf("exit %d, want %d (two bad dates); stderr:\n%s", code, exitPartial, stderr)
	}
	if !strings.Contains(stderr, "-:7: bad date") || !strings.Contains(stderr, "-:13: bad date") || !strings.Contains(stderr, "11 articles imported, 2 bad lines") {
		t.Errorf("stderr should name line 7 only:\n%s", stderr)
	}
	_, arts := exportAll(t, data)
	want := map[string]string{
		"https://d.vn/1":  "2024-01-02T00:00:00+07:00",
		"https://d.vn/2":  "2024-01-02T08:30:00+07:00",
		"https://d.vn/3":  "2024-01-02T00:00:00+07:00", // day first, as Vietnam writes it
		"https://d.vn/4":  "2024-01-02T08:30:00+07:00", // no zone: Asia/Ho_Chi_Minh
		"https://d.vn/5":  "",
		"https://d.vn/6":  "",
		"https://d.vn/8":  "2024-01-02T15:30:00+07:00",
		"https://d.vn/9":  "2022-11-11T00:00:00+07:00",
		"https://d.vn/10": "2019-03-15T07:28:00+07:00",
		"https://d.vn/11": "2022-09-23T00:00:00+07:00",
		"https://d.vn/12": "2016-06-28T00:00:00+07:00",
	}
	for u, w := range want {
		a, ok := arts[u]
		if !ok {
			t.Errorf("%s not imported", u)
			continue
		}
		got := ""
		if !a.Published.IsZero() {
			got = a.Published.Format(time.RFC3339)
		}
		if got != w {
			t.Errorf("%s published %q, want %q", u, got, w)
		}
	}
}

func TestImportValidatesAndNormalisesURLs(t *testing.T) {
	data, code, stderr := importLines(t,
		`{"url":"javascript:alert(1)","title":"xss"}`,
		`{"url":"not a url","title":"rác"}`,
		`{"url":"/relative/path","title":"tương đối"}`,
		`{"url":"https://t.vn/dup","title":"một"}`,
		`{"url":"HTTPS://T.VN/dup","title":"hai"}`,
		`{"url":"https://t.vn/dup#frag","title":"ba"}`,
		`{"url":"https://t.vn:443/dup?utm_source=fb","title":"bốn"}`,
	)
	wantPartialImport(t, code, stderr, "-:1: url \"javascript:alert(1)\"", "-:2: url \"not a url\"", "-:3: url \"/relative/path\"")
	_, arts := exportAll(t, data)
	if len(arts) != 1 {
		t.Fatalf("want one article for four spellings of https://t.vn/dup, got %d: %v", len(arts), arts)
	}
	a, ok := arts["https://t.vn/dup"]
	if !ok || a.Title != "bốn" {
		t.Errorf("the last spelling should have replaced the others under https://t.vn/dup: %+v", arts)
	}
}

func TestImportSkipsOverlongLine(t *testing.T) {
	old := maxImportLine
	maxImportLine = 1 << 20
	t.Cleanup(func() { maxImportLine = old })
	long := `{"url":"https://l.vn/big","title":"dài","body":"` + strings.Repeat("x", 2<<20) + `"}`
	data, code, stderr := importLines(t,
		`{"url":"https://l.vn/1","title":"trước"}`,
		long,
		`{"url":"https://l.vn/2","title":"sau"}`,
	)
	if code != exitPartial {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitPartial, stderr)
	}
	if !strings.Contains(stderr, "-:2: line too long") {
		t.Errorf("stderr should name line 2 as too long:\n%s", stderr)
	}
	_, arts := exportAll(t, data)
	if _, ok := arts["https://l.vn/2"]; !ok || len(arts) != 2 {
		t.Errorf("the lines around the long one should be imported: %v", arts)
	}
}

func TestExportImportExportOldDatesExact(t *testing.T) {
	// Asia/Ho_Chi_Minh had a local mean time of +07:06:40 before 1906, and
	// +07:06:30 until 1911; RFC 3339 cannot write either.
	var lines []string
	for i, d := range []string{"1899-12-31T00:00:00+07:00", "1905-06-01T12:00:00+07:00", "1908-03-04T05:06:07+07:00",
		"1850-01-01T00:00:00Z", "1945-09-02T14:00:00+07:00", "1970-01-01T00:00:00+07:00", "2024-01-02T08:30:00+07:00"} {
		lines = append(lines, fmt.Sprintf(`{"url":"https://o.vn/%d","title":"cũ %d","published":%q,"fetched_at":%q}`, i, i, d, d))
	}
	data, code, stderr := importLines(t, lines...)
	if code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	export1, arts := exportAll(t, data)
	if got := arts["https://o.vn/0"].Published.Format(time.RFC3339); got != "1899-12-31T00:00:00+07:00" {
		t.Errorf("1899-12-31T00:00:00+07:00 exported as %s", got)
	}
	for i, d := range []string{"1899-12-31T00:00:00+07:00", "1905-06-01T12:00:00+07:00", "1908-03-04T05:06:07+07:00", "1850-01-01T00:00:00Z"} {
		want, _ := time.Parse(time.RFC3339, d)
		if got := arts[fmt.Sprintf("https://o.vn/%d", i)].Published; !got.Equal(want) {
			t.Errorf("%s came back as %s", d, got.Format(time.RFC3339))
		}
	}
	p := filepath.Join(t.TempDir(), "export.jsonl")
	os.WriteFile(p, []byte(export1), 0o644)
	second := t.TempDir()
	if code, _, stderr := runCLI(t, "", "import", "--data", second, p); code != 0 {
		t.Fatalf("re-import: %d %s", code, stderr)
	}
	export2, _ := exportAll(t, second)
	if export1 != export2 {
		t.Errorf("export → import → export changed old dates:\n%s\n---\n%s", export1, export2)
	}
}

// TestImportCapsHugeBody: a record with a 3 MB body is imported with at
// most index.MaxBodyBytes of it, cut between paragraphs, a warning names
// FILE:LINE and the url, and the article is found by a word of its text.
func TestImportCapsHugeBody(t *testing.T) {
	var body strings.Builder
	for i := 0; body.Len() < 3<<20; i++ {
		fmt.Fprintf(&body, "Đoạn %d: Sở Khoa học và Công nghệ báo cáo kết quả thực hiện nhiệm vụ khoa học cấp tỉnh.\n\n", i)
	}
	big, _ := json.Marshal(index.Article{URL: "https://c.vn/bao-cao-tong-hop", Title: "Báo cáo tổng hợp", Body: body.String()})
	data, code, stderr := importLines(t,
		`{"url":"https://c.vn/1","title":"nhỏ","body":"Nâng cấp đường."}`,
		string(big),
	)
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "size cap") || !strings.Contains(stderr, "at=-:2") || !strings.Contains(stderr, "https://c.vn/bao-cao-tong-hop") {
		t.Errorf("no warning naming -:2 and the url:\n%.2000s", stderr)
	}
	_, arts := exportAll(t, data)
	a, ok := arts["https://c.vn/bao-cao-tong-hop"]
	if !ok {
		t.Fatalf("not imported: %d articles", len(arts))
	}
	if len(a.Body) > index.MaxBodyBytes || len(a.Body) < index.MaxBodyBytes*9/10 || !strings.HasSuffix(a.Body, "cấp tỉnh.") {
		t.Errorf("stored body %d bytes (cap %d), ends %q", len(a.Body), index.MaxBodyBytes, a.Body[max(0, len(a.Body)-40):])
	}
	code, out, serr := runCLI(t, "", "search", "--data", data, "báo cáo tổng hợp")
	if code != 0 || !strings.Contains(out, "https://c.vn/bao-cao-tong-hop") {
		t.Errorf("search: exit %d\n%s%s", code, out, serr)
	}
}

// A date outside the years the index holds (bleve keeps dates as int64
// nanoseconds) is a bad line, not an article that breaks every date-sorted
// page, export and the web front page afterwards. The years at the edges
// still import, and the index still sorts and exports by date.
func TestImportRefusesDatesTheIndexCannotHold(t *testing.T) {
	data, code, stderr := importLines(t,
		`{"url":"https://y.vn/1","title":"một","published":"9999-01-01T00:00:00Z","body":"kinh tế"}`,
		`{"url":"https://y.vn/2","title":"hai","published":"1600-05-01","body":"kinh tế"}`,
		`{"url":"https://y.vn/3","title":"ba","published":"2261-12-31","body":"kinh tế"}`,
		`{"url":"https://y.vn/4","title":"bốn","published":"1678-01-01","body":"kinh tế"}`,
		`{"url":"https://y.vn/5","title":"năm","published":"2024-01-02","body":"kinh tế"}`,
	)
	wantPartialImport(t, code, stderr, "-:1: bad date: published: year 9999 is outside", "-:2: bad date: published: year 1600 is outside", "3 articles imported, 2 bad lines")
	out, arts := exportAll(t, data)
	if len(arts) != 3 {
		t.Errorf("export: %d articles, want 3:\n%s", len(arts), out)
	}
	code, res, stderr := runCLI(t, "", "search", "--data", data, "--sort", "date", "--json", "kinh tế")
	if code != exitOK || !strings.Contains(res, "https://y.vn/3") {
		t.Errorf("date-sorted search: exit %d: %s %s", code, res, stderr)
	}
}

// A field of the wrong JSON type is named in the file's terms, and a
// province that provinces.yaml does not know is imported with a warning
// (once per name), not silently filed under no current province.
func TestImportNamesWrongTypesAndUnknownProvinces(t *testing.T) {
	_, code, stderr := importLines(t,
		`{"url":"https://w.vn/1","title":5}`,
		`{"url":"https://w.vn/2","title":"hai","topics":"x"}`,
		`{"url":"https://w.vn/3","title":"ba","province":"Nowhere"}`,
		`{"url":"https://w.vn/4","title":"bốn","province":"Nowhere"}`,
		`{"url":"https://w.vn/5","title":"năm","province":"ben tre"}`,
	)
	wantPartialImport(t, code, stderr,
		"-:1: invalid JSON: title: a number where text is expected",
		"-:2: invalid JSON: topics: a string where a list of text is expected",
		`at=-:3 province=Nowhere`,
	)
	if strings.Contains(stderr, "Go struct field") || strings.Count(stderr, "province=Nowhere") != 1 || strings.Contains(stderr, "ben tre") {
		t.Errorf("Go internals, a repeated warning or a known province warned about:\n%s", stderr)
	}
}

// Articles imported twice (an import killed and run again) were counted
// twice in the word counts of the length norm, and scores drifted from a
// clean import's; retag --all counts each article once again, and the
// scores are a clean import's.
func TestRetagAllRecountsLengths(t *testing.T) {
	var arts []index.Article
	for i := range 6 {
		arts = append(arts, index.Article{URL: fmt.Sprintf("https://a.vn/%d", i), Title: fmt.Sprintf("Kế hoạch số %d", i),
			Body: strings.Repeat(fmt.Sprintf("Nội dung kế hoạch phát triển kinh tế số %d của tỉnh. ", i), i+1)})
	}
	clean, twice := t.TempDir(), t.TempDir()
	runCLI(t, "", "import", "--data", clean, writeJSONL(t, arts))
	runCLI(t, "", "import", "--data", twice, writeJSONL(t, arts[:4]))
	runCLI(t, "", "import", "--data", twice, writeJSONL(t, arts)) // the first four again
	totals := func(data string) index.LengthTotals {
		t.Helper()
		ix, err := index.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		var sum index.LengthTotals
		for _, sh := range ix.Shards() {
			lt, err := index.ShardLengths(sh)
			if err != nil {
				t.Fatal(err)
			}
			sum.Add(lt)
		}
		return sum
	}
	if got := totals(twice); got.Articles != 10 {
		t.Fatalf("length totals count %d articles after importing 4 twice, want 10 (the drift this test repairs)", got.Articles)
	}
	if code, _, stderr := runCLI(t, "", "retag", "--data", twice, "--all"); code != 0 {
		t.Fatalf("retag --all: exit %d %s", code, stderr)
	}
	if got, want := totals(twice), totals(clean); got != want {
		t.Errorf("after retag --all: %+v, a clean import: %+v", got, want)
	}
	_, a, _ := runCLI(t, "", "search", "--data", twice, "--json", "kế hoạch phát triển")
	_, b, _ := runCLI(t, "", "search", "--data", clean, "--json", "kế hoạch phát triển")
	if strip := func(s string) string { return regexp.MustCompile(`"took_ms": [0-9.]+`).ReplaceAllString(s, "") }; strip(a) != strip(b) {
		t.Errorf("scores after retag --all differ from a clean import's:\n%s\n%s", a, b)
	}
}
