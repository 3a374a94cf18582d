package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixture is the expected extraction of one testdata page. The pages are
// written for govnews in the markup of each CMS family Vietnamese portals
// run, with the banners, counters, tools, related lists, comment forms and
// footers such pages carry.
type fixture struct {
	URL         string    `json:"url"`
	Title       string    `json:"title"`
	Published   string    `json:"published"`
	Author      string    `json:"author"`
	Kind        string    `json:"kind"`
	Body        string    `json:"body"`
	Lead        string    `json:"lead"`
	ContentType string    `json:"content_type"`
	Selectors   Selectors `json:"selectors"`
	Images      []Image   `json:"images"`
}

func loadFixtures(t testing.TB) map[string]fixture {
	t.Helper()
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in testdata: %v", err)
	}
	out := map[string]fixture{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var fx fixture
		if err := json.Unmarshal(raw, &fx); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(f, ".json")] = fx
	}
	return out
}

func TestFixtures(t *testing.T) {
	for name, want := range loadFixtures(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			page, err := os.ReadFile(name + ".html")
			if err != nil {
				t.Fatal(err)
			}
			got, err := Extract(want.URL, page, want.ContentType, Options{Selectors: want.Selectors})
			if err != nil {
				t.Fatal(err)
			}
			if got.Kind != want.Kind {
				t.Errorf("kind = %q, want %q", got.Kind, want.Kind)
			}
			if want.Kind != KindArticle {
				return
			}
			if got.Title != want.Title {
				t.Errorf("title = %q\nwant    %q", got.Title, want.Title)
			}
			gotDate := ""
			if !got.Published.IsZero() {
				gotDate = got.Published.Format(time.RFC3339)
			}
			if gotDate != want.Published {
				t.Errorf("published = %q, want %q", gotDate, want.Published)
			}
			if got.Author != want.Author {
				t.Errorf("author = %q, want %q", got.Author, want.Author)
			}
			if want.Lead != "" && got.Lead != want.Lead {
				t.Errorf("lead = %q\nwant   %q", got.Lead, want.Lead)
			}
			if got.Body != want.Body {
				t.Errorf("body differs:\n%s", paragraphDiff(got.Body, want.Body))
			}
			for _, wi := range want.Images {
				found := false
				for _, gi := range got.Images {
					if strings.HasSuffix(gi.Src, wi.Src) {
						found = true
						if gi.Caption != wi.Caption {
							t.Errorf("image %s caption = %q, want %q", wi.Src, gi.Caption, wi.Caption)
						}
					}
				}
				if !found {
					t.Errorf("image %s missing from %v", wi.Src, got.Images)
				}
			}
		})
	}
}

// paragraphDiff shows the paragraphs that differ, for readable failures.
func paragraphDiff(got, want string) string {
	g, w := strings.Split(got, "\n\n"), strings.Split(want, "\n\n")
	var b strings.Builder
	for i := 0; i < max(len(g), len(w)); i++ {
		var gp, wp string
		if i < len(g) {
			gp = g[i]
		}
		if i < len(w) {
			wp = w[i]
		}
		if gp != wp {
			b.WriteString("  got:  " + gp + "\n  want: " + wp + "\n")
		}
	}
	return b.String()
}

// A soft hyphen or a zero-width space inside a word or a document number
// is dropped, not read as a space.
func TestInvisibleCharactersAreDropped(t *testing.T) {
	if got := collapse("Quyết định 321/QĐ\u00ad-UBND về ph\u200bát động"); got != "Quyết định 321/QĐ-UBND về phát động" {
		t.Errorf("collapse = %q", got)
	}
}
