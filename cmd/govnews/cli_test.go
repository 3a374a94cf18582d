package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// The small CLI promises of issue 12 item 18, as a user meets them.
func TestCLIVersionHelpAndErrors(t *testing.T) {
	code, out, _ := runCLI(t, "", "--version")
	if code != 0 || !strings.HasPrefix(out, "govnews ") || !strings.Contains(out, "go1.") {
		t.Errorf("--version: exit %d, %q", code, out)
	}
	// demo uses a temporary directory unless --data is given: its help
	// must not promise serve's default.
	_, out, _ = runCLI(t, "", "demo", "--help")
	if !strings.Contains(out, "--data") || strings.Contains(out, `(default "data")`) {
		t.Errorf("demo --help shows a --data default it does not use:\n%s", out)
	}
	// Errors carry the program's name once.
	code, _, stderr := runCLI(t, "", "search", "--bogus", "x")
	if code != exitUsage || strings.Contains(stderr, "govnews: govnews") || !strings.Contains(stderr, "govnews: search: unknown flag: --bogus") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	// A Redis host that does not exist is a typo, said at once (exit 2),
	// not waited for as an outage. (.invalid never resolves: RFC 6761.)
	for _, args := range [][]string{{"worker"}, {"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}} {
		code, _, stderr = runCLI(t, "", append(args, "--redis", "redis://nosuchhost.invalid:6379/0")...)
		if code != exitUsage || !strings.Contains(stderr, `host "nosuchhost.invalid" not found`) {
			t.Errorf("%s with an unknown Redis host: exit %d, stderr %q", args[0], code, stderr)
		}
	}
}

func TestSourcesJSONDelay(t *testing.T) {
	cfg := writeFile(t, "sources.yaml", `sources:
  - id: bentre
    name: Cổng TTĐT tỉnh Bến Tre
    province: Vĩnh Long
    province_old: Bến Tre
    start_urls: [https://bentre.gov.vn/]
    delay: 1500ms
`)
	code, out, stderr := runCLI(t, "", "sources", "--json", "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var srcs []map[string]any
	if err := json.Unmarshal([]byte(out), &srcs); err != nil || len(srcs) != 1 {
		t.Fatalf("%v: %s", err, out)
	}
	if d := srcs[0]["delay"]; d != "1.5s" {
		t.Errorf("delay %v (%T), want \"1.5s\" as the sources file writes it", d, d)
	}
	if srcs[0]["id"] != "bentre" || srcs[0]["province"] != "Vĩnh Long" {
		t.Errorf("other fields lost: %v", srcs[0])
	}
}

// An unknown filter value is a usage error naming the flag and the value,
// not 0 results; a cursor of another search is one naming --cursor.
func TestCLIUnknownFilterValueAndForeignCursor(t *testing.T) {
	data, code, stderr := importLines(t,
		`{"url":"https://f.vn/1","title":"Kế hoạch một","body":"kế hoạch","published":"2024-01-01","province":"Bến Tre","source":"bentre"}`,
		`{"url":"https://f.vn/2","title":"Kế hoạch hai","body":"kế hoạch","published":"2024-01-02","province":"Bến Tre","source":"bentre"}`,
		`{"url":"https://f.vn/3","title":"Tin khác","body":"tin","published":"2024-01-03","province":"Huế","source":"hue"}`,
	)
	if code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"search", "--data", data, "--province", "Nowhere", "ke hoach"}, `--province: "Nowhere" is not a known province`},
		{[]string{"search", "--data", data, "--source", "khongco", "ke hoach"}, `--source: "khongco" is not a known source id`},
		{[]string{"search", "--data", data, "--topic", "khong-co", "ke hoach"}, `--topic: "khong-co" is not a known topic id`},
		{[]string{"export", "--data", data, "--province", "Nowhere"}, `--province: "Nowhere"`},
		// The same value written in the query is the same mistake.
		{[]string{"search", "--data", data, `province:"Nowhere" ke hoach`}, `query: province:"Nowhere": "Nowhere" is not a known province`},
		{[]string{"search", "--data", data, "ke hoach -source:nope"}, `query: source:"nope": "nope" is not a known source id`},
	} {
		code, out, stderr := runCLI(t, "", tc.args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, want exit 2 saying %q", tc.args, code, stderr, tc.want)
		}
	}
	// Known values still work: an old name, folded; a source of the data.
	if code, _, stderr := runCLI(t, "", "search", "--data", data, "--province", "ben tre", "--source", "bentre", "ke hoach"); code != 0 {
		t.Errorf("known values: exit %d %s", code, stderr)
	}
	// Filters alone list their articles; nothing at all is a usage error.
	if code, out, stderr := runCLI(t, "", "search", "--data", data, "--province", "ben tre"); code != 0 || !strings.Contains(out, "Kế hoạch hai") || strings.Contains(out, "Tin khác") {
		t.Errorf("filters without a query: exit %d %s\n%s", code, stderr, out)
	}
	if code, _, stderr := runCLI(t, "", "search", "--data", data); code != exitUsage || !strings.Contains(stderr, "give a query, a filter") {
		t.Errorf("no query, no filter: exit %d %s", code, stderr)
	}
	// A sort alone lists every article in its order.
	if code, out, stderr := runCLI(t, "", "search", "--data", data, "--sort", "date_asc", "--limit", "100"); code != 0 || !strings.Contains(out, "Tin khác") || !strings.Contains(out, "Kế hoạch hai") {
		t.Errorf("--sort date_asc alone: exit %d %s\n%s", code, stderr, out)
	}
	// A request error names the flag the user typed.
	if code, _, stderr := runCLI(t, "", "search", "--data", data, "--from", "2025-01-01", "--to", "2024-01-01", "ke hoach"); code != exitUsage || !strings.Contains(stderr, "--to: ") {
		t.Errorf("--from after --to: exit %d %s", code, stderr)
	}
	code, out, stderr := runCLI(t, "", "search", "--data", data, "--json", "--limit", "1", "--sort", "date", "ke hoach")
	var res struct {
		NextCursor string                       `json:"next_cursor"`
		Hits       []map[string]json.RawMessage `json:"hits"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.NextCursor == "" || len(res.Hits) != 1 {
		t.Fatalf("no cursor: %d %s %s", code, out, stderr)
	}
	// The API's keys, every one present (a script reads h["topics"]).
	for _, k := range []string{"id", "url", "title", "source", "source_name", "province", "province_now", "agency", "topics", "score", "snippet", "group", "copies"} {
		if v, ok := res.Hits[0][k]; !ok || string(v) == "null" {
			t.Errorf("search --json: hit key %q is %s", k, v)
		}
	}
	if code, _, stderr := runCLI(t, "", "search", "--data", data, "--limit", "1", "--sort", "date", "--cursor", res.NextCursor, "ke hoach"); code != 0 {
		t.Errorf("own cursor: exit %d %s", code, stderr)
	}
	code, _, stderr = runCLI(t, "", "search", "--data", data, "--limit", "1", "--sort", "date", "--cursor", res.NextCursor, "tin")
	if code != exitUsage || !strings.Contains(stderr, "--cursor: a cursor of another search") {
		t.Errorf("foreign cursor: exit %d %s", code, stderr)
	}
}

// bench --shapes times only the shapes named, and a name that matches
// none is a usage error before any import.
func TestBenchShapes(t *testing.T) {
	code, out, stderr := runCLI(t, "", "bench", "--articles", "300", "--corpus", "generated", "--rounds", "1", "--shapes", "question")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "| question (30 words) |") || !strings.Contains(out, "| question, faceted (as the UI) |") {
		t.Errorf("the question shapes are missing:\n%s", out)
	}
	if strings.Contains(out, "| word |") || strings.Contains(out, "| phrase |") {
		t.Errorf("shapes not asked for were timed:\n%s", out)
	}
	code, out, stderr = runCLI(t, "", "bench", "--articles", "300", "--corpus", "generated", "--shapes", "nosuch")
	if code != exitUsage || !strings.Contains(stderr, `--shapes nosuch: no query shape's name contains it`) || out != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}
