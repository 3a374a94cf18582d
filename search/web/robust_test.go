package web

import (
	"net/url"
	"testing"
)

// Whatever a user types or a script sends, the answer is a page or a 400,
// never a 500.
func TestNoServerErrorOnOddInput(t *testing.T) {
	env := newTestEnv(t, nil)
	odd := []string{
		`"`, `"""`, `(`, `)`, `-`, `--`, `OR`, `AND OR NOT`, `*`, `?`, `~`, `^`, `+`, `\`, `/`,
		`province:`, `province:"`, `from:2024-13-45`, `ref:`, `"kế hoạch`, `-"kế hoạch"`, `-ke`,
		"\xff\xfe", "\x00", "kế\u0301 hoạch", "ke\u0300 hoach", "🙂", "<script>", "&amp;", "%", "%%",
		"a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj",
	}
	for _, q := range odd {
		for _, path := range []string{"/api/search?", "/?", "/feed?", "/api/export?format=jsonl&"} {
			v := url.Values{"q": {q}}
			resp, body := env.get(t, path+v.Encode())
			if resp.StatusCode >= 500 {
				t.Errorf("%s q=%q: %d %.200s", path, q, resp.StatusCode, body)
			}
		}
	}
	for _, params := range []string{
		"from=0000-00-00", "to=9999-99-99", "limit=-1", "limit=1e3", "limit=%20", "cursor=%00", "cursor=eyJ9",
		"sort=", "province=%ff", "topic=does-not-exist", "source=", "page=-5", "page=abc",
		"q=x&q=y", "from=2024&from=2025",
	} {
		for _, path := range []string{"/api/search?", "/?"} {
			resp, body := env.get(t, path+params)
			if resp.StatusCode >= 500 {
				t.Errorf("%s%s: %d %.200s", path, params, resp.StatusCode, body)
			}
		}
	}
}

// parseRequest never panics, and every error it returns names a parameter.
func FuzzParseRequest(f *testing.F) {
	for _, s := range []string{"q=ke+hoach", "from=2024-13-45", "limit=abc", "province=a,b&province=c", "sort=x", "%zz", "q=%ff&to=2024"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		_, err = parseRequest(v)
		if err == nil {
			return
		}
		se, ok := paramError(err)
		if !ok || se.Param == "" {
			t.Errorf("parseRequest(%q): %v does not name a parameter", raw, err)
		}
	})
}
