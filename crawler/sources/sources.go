// Package sources reads sources.yaml, the list of portals govnews crawls,
// and checks it: every error names the file, the line, the source and the
// field, so an operator editing a list of a hundred portals finds the typo.
package sources

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/govnews/govnews/configs"
	"github.com/govnews/govnews/crawler/extract"

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"

	"github.com/govnews/govnews/index/vietnamese"
)

// Selectors are the per-source CSS overrides handed to extraction; the
// fields match extract.Selectors so a conversion passes them on.
type Selectors struct {
	Title  string   `yaml:"title" json:"title,omitempty"`
	Body   string   `yaml:"body" json:"body,omitempty"`
	Date   string   `yaml:"date" json:"date,omitempty"`
	Remove []string `yaml:"remove" json:"remove,omitempty"`
}

// Source is one portal to crawl. Only ID, Name, Province and StartURLs are
// required: discovery finds article links and pagination by itself.
type Source struct {
	ID          string `yaml:"id" json:"id"`
	Name        string `yaml:"name" json:"name"`
	Province    string `yaml:"province" json:"province"`                             // after the 2025 merger
	ProvinceOld string `yaml:"province_old,omitempty" json:"province_old,omitempty"` // as the portal publishes it, when different
	Agency      string `yaml:"agency,omitempty" json:"agency,omitempty"`

	StartURLs []string `yaml:"start_urls" json:"start_urls"`
	Feeds     []string `yaml:"feeds,omitempty" json:"feeds,omitempty"`
	Sitemaps  []string `yaml:"sitemaps,omitempty" json:"sitemaps,omitempty"`
	// ArticleURLPattern is a regular expression an article URL matches;
	// without it a heuristic recognises article links.
	ArticleURLPattern string    `yaml:"article_url_pattern,omitempty" json:"article_url_pattern,omitempty"`
	Selectors         Selectors `yaml:"selectors,omitempty" json:"selectors,omitzero"`

	// Delay between two requests to the portal's host (at most MaxDelay);
	// zero means the
	// crawler's default (1 s). Robots.txt's Crawl-delay can only raise it.
	Delay       time.Duration `yaml:"delay,omitempty" json:"delay,omitempty"`
	MaxPages    int           `yaml:"max_pages,omitempty" json:"max_pages,omitempty"`
	Schedule    string        `yaml:"schedule,omitempty" json:"schedule,omitempty"` // cron spec or @every
	InsecureTLS bool          `yaml:"insecure_tls,omitempty" json:"insecure_tls,omitempty"`
	UserAgent   string        `yaml:"user_agent,omitempty" json:"user_agent,omitempty"`

	// Line is where the source starts in its file, for messages.
	Line int `yaml:"-" json:"-"`
}

// PublishedProvince is the province the portal's articles are published
// under: the old one for a portal of a province merged in 2025.
func (s Source) PublishedProvince() string {
	if s.ProvinceOld != "" {
		return s.ProvinceOld
	}
	return s.Province
}

// Hosts are the hosts of the source's start URLs, feeds and sitemaps: the
// crawler stays on them.
func (s Source) Hosts() []string {
	seen := map[string]bool{}
	var hosts []string
	for _, list := range [][]string{s.StartURLs, s.Feeds, s.Sitemaps} {
		for _, raw := range list {
			if u, err := url.Parse(raw); err == nil && !seen[u.Host] {
				seen[u.Host] = true
				hosts = append(hosts, u.Host)
			}
		}
	}
	return hosts
}

// ArticleRegexp compiles ArticleURLPattern (nil when there is none).
func (s Source) ArticleRegexp() *regexp.Regexp {
	if s.ArticleURLPattern == "" {
		return nil
	}
	return regexp.MustCompile(s.ArticleURLPattern) // validated by Parse
}

type file struct {
	Sources []yaml.Node `yaml:"sources"`
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Load reads and validates a sources file.
func Load(path string) ([]Source, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return Parse(data, path)
}

// Parse validates sources from data; name is the file name used in errors.
// It reports every problem it finds, not only the first; with the error it
// still returns the sources it could decode, so a caller can add its own
// checks to the same report.
func Parse(data []byte, name string) ([]Source, error) {
	var f file
	if err := configs.Decode(data, &f); err != nil {
		if errors.Is(err, configs.ErrEmpty) {
			return nil, fmt.Errorf("sources: %s: the file is empty (expected a top-level \"sources:\" list; \"sources: []\" for none)", name)
		}
		return nil, fmt.Errorf("sources: %s: %w%s", name, err, sourceAround(data, err))
	}
	if f.Sources == nil {
		return nil, fmt.Errorf("sources: %s: no sources (expected a top-level \"sources:\" list; \"sources: []\" for none)", name)
	}
	if len(f.Sources) == 0 {
		return nil, nil // "sources: []": a valid config that crawls nothing (serve only serves)
	}
	var errs []error
	var out []Source
	ids := map[string]int{}
	for i := range f.Sources {
		node := &f.Sources[i]
		var s Source
		// A value of the wrong type (delay: fast) leaves that field
		// zero and the others decoded (yaml.TypeError), so the source is
		// still checked: every problem at once, each naming its field.
		decodeErr := node.Decode(&s)
		var typeErr *yaml.TypeError
		if decodeErr != nil && !errors.As(decodeErr, &typeErr) {
			errs = append(errs, fmt.Errorf("sources: %s:%d: sources[%d]: %w", name, node.Line, i, decodeErr))
			continue
		}
		s.Line = node.Line
		normalize(&s)
		label := fmt.Sprintf("sources[%d]", i)
		if s.ID != "" {
			label = fmt.Sprintf("source %q", s.ID)
		}
		// An unknown field is reported, and the source still decoded and
		// checked, so one edit shows every problem of the source at once.
		for _, unknown := range unknownFields(node) {
			errs = append(errs, fmt.Errorf("sources: %s:%d: %s: unknown field %q (a typo?)", name, unknown.Line, label, unknown.Value))
		}
		if typeErr != nil {
			for _, msg := range typeErr.Errors {
				line, field, problem := describeTypeError(node, msg)
				errs = append(errs, fmt.Errorf("sources: %s:%d: %s: %s: %s", name, line, label, field, problem))
			}
		}
		for _, problem := range validate(&s) {
			errs = append(errs, fmt.Errorf("sources: %s:%d: %s: %s", name, node.Line, label, problem))
		}
		// delay: 0s reads as "as fast as possible", which the crawler
		// never does (it would take the default 1s without a word).
		if k := fieldKey(node, "delay"); k != nil && s.Delay == 0 && typeErr == nil {
			errs = append(errs, fmt.Errorf("sources: %s:%d: %s: delay: 0 would send requests back to back; leave delay out for the default 1s, or give a positive one", name, k.Line, label))
		}
		if typeErr != nil {
			continue // not crawled with a field it did not read
		}
		if first, dup := ids[s.ID]; dup && s.ID != "" {
			errs = append(errs, fmt.Errorf("sources: %s:%d: %s: id: duplicate of the source on line %d", name, node.Line, label, first))
		}
		ids[s.ID] = node.Line
		out = append(out, s)
	}
	return out, errors.Join(errs...)
}

// yamlTypeError is yaml.v3's text for a value of the wrong type.
var yamlTypeError = regexp.MustCompile("^line (\\d+): cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.+)$")

// describeTypeError turns yaml's "line 6: cannot unmarshal !!str `fast`
// into time.Duration" into the line, the field the line belongs to in the
// source node ("delay") and what is wrong, in the file's terms.
func describeTypeError(node *yaml.Node, msg string) (int, string, string) {
	m := yamlTypeError.FindStringSubmatch(msg)
	if m == nil {
		return node.Line, "value", msg
	}
	line, _ := strconv.Atoi(m[1])
	field := "value"
	for k := 0; k+1 < len(node.Content); k += 2 {
		if node.Content[k].Line <= line {
			field = node.Content[k].Value
		}
	}
	value, goType := m[3], m[4]
	want := map[string]string{
		"time.Duration": "a duration such as 1.5s or 500ms",
		"int":           "a whole number",
		"bool":          "true or false",
		"string":        "text",
		"[]string":      "a list",
	}[goType]
	if want == "" {
		want = goType
	}
	if m[2] == "seq" || m[2] == "map" {
		return line, field, fmt.Sprintf("a %s where %s is expected", map[string]string{"seq": "list", "map": "mapping"}[m[2]], want)
	}
	return line, field, fmt.Sprintf("%q is not %s", value, want)
}

// knownFields are the yaml keys of Source; Node.Decode does not check them.
var knownFields = func() map[string]bool {
	m := map[string]bool{}
	t := reflect.TypeOf(Source{})
	for i := 0; i < t.NumField(); i++ {
		if tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]; tag != "" && tag != "-" {
			m[tag] = true
		}
	}
	return m
}()

// unknownFields returns the keys of a source that Source does not have.
// yamlSyntaxLine finds the line of yaml's syntax errors ("yaml: line 8:
// did not find expected ',' or ']'").
var yamlSyntaxLine = regexp.MustCompile(`yaml: line (\d+):`)

// sourceIDLine is a source's id line ("  - id: hue" or "    id: hue").
var sourceIDLine = regexp.MustCompile(`^\s*(?:-\s+)?id:\s*["']?([^"'#\s]+)`)

// sourceAround names the source a YAML syntax error falls in, from the
// last id above its line (a file of hundreds of sources is otherwise
// searched by hand); "" when there is none.
func sourceAround(data []byte, err error) string {
	m := yamlSyntaxLine.FindStringSubmatch(err.Error())
	if m == nil {
		return ""
	}
	line, _ := strconv.Atoi(m[1])
	lines := strings.Split(string(data), "\n")
	for i := min(line, len(lines)) - 1; i >= 0; i-- {
		if id := sourceIDLine.FindStringSubmatch(lines[i]); id != nil {
			hint := ""
			if strings.Contains(err.Error(), "expected ',' or ']'") {
				hint = "; a URL with ? or # inside [ ] needs quotes"
			}
			return fmt.Sprintf(" (in source %q, from line %d%s)", id[1], i+1, hint)
		}
	}
	return ""
}

// fieldKey is the key node of field in a source's mapping, nil if absent.
func fieldKey(node *yaml.Node, field string) *yaml.Node {
	if node.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		if node.Content[i].Value == field {
			return node.Content[i]
		}
	}
	return nil
}

func unknownFields(node *yaml.Node) []*yaml.Node {
	if node.Kind != yaml.MappingNode {
		return nil
	}
	var out []*yaml.Node
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		if !knownFields[k.Value] {
			out = append(out, k)
			continue
		}
		if k.Value == "selectors" && v.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(v.Content); j += 2 {
				if sk := v.Content[j]; !selectorFields[sk.Value] {
					out = append(out, sk)
				}
			}
		}
	}
	return out
}

var selectorFields = map[string]bool{"title": true, "body": true, "date": true, "remove": true}

func normalize(s *Source) {
	for _, f := range []*string{&s.ID, &s.Name, &s.Province, &s.ProvinceOld, &s.Agency, &s.Schedule, &s.UserAgent} {
		*f = strings.TrimSpace(vietnamese.NFC(*f))
	}
	for _, list := range [][]string{s.StartURLs, s.Feeds, s.Sitemaps} {
		for i := range list {
			list[i] = strings.TrimSpace(list[i])
		}
	}
}

// validate lists the problems of one source, each starting with its field.
func validate(s *Source) []string {
	var p []string
	if s.ID == "" {
		p = append(p, "id: missing")
	} else if !idPattern.MatchString(s.ID) {
		p = append(p, fmt.Sprintf("id: %q must be lower-case letters, digits and dashes", s.ID))
	}
	if s.Name == "" {
		p = append(p, "name: missing")
	}
	if s.Province == "" {
		p = append(p, "province: missing")
	}
	if len(s.StartURLs) == 0 {
		p = append(p, "start_urls: missing (at least one listing page)")
	}
	for field, list := range map[string][]string{"start_urls": s.StartURLs, "feeds": s.Feeds, "sitemaps": s.Sitemaps} {
		for i, raw := range list {
			if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				p = append(p, fmt.Sprintf("%s[%d]: %q is not an absolute http(s) URL", field, i, raw))
			}
		}
	}
	// A bad selector would make every page of the source fail extraction.
	if err := (extract.Selectors{Title: s.Selectors.Title, Body: s.Selectors.Body, Date: s.Selectors.Date, Remove: s.Selectors.Remove}).Validate(); err != nil {
		p = append(p, strings.Replace(err.Error(), "extract: selectors: ", "selectors.", 1))
	}
	if s.ArticleURLPattern != "" {
		if _, err := regexp.Compile(s.ArticleURLPattern); err != nil {
			p = append(p, fmt.Sprintf("article_url_pattern: %v", err))
		}
	}
	if s.Delay < 0 {
		p = append(p, fmt.Sprintf("delay: %s is negative", s.Delay))
	}
	// "1000h" for "1000ms": a run of 50 pages would take years.
	if s.Delay > MaxDelay {
		p = append(p, fmt.Sprintf("delay: %s is longer than %s (a typo for ms?); robots.txt's Crawl-delay is capped at 60s", s.Delay, MaxDelay))
	}
	if s.MaxPages < 0 {
		p = append(p, fmt.Sprintf("max_pages: %d is negative", s.MaxPages))
	}
	if s.Schedule != "" {
		if _, err := ParseSchedule(s.Schedule); err != nil {
			p = append(p, fmt.Sprintf("schedule: %q: %v", s.Schedule, err))
		}
	}
	return p
}

// ParseSchedule parses a schedule the way `govnews serve` runs it: a
// standard five-field cron spec or a descriptor such as "@every 6h". A
// schedule that would start crawls less than MinScheduleInterval apart
// ("@every 0s" ran one every second) is refused: the portals are small
// government servers.
func ParseSchedule(spec string) (cron.Schedule, error) {
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, err
	}
	first := sched.Next(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if gap := sched.Next(first).Sub(first); gap < MinScheduleInterval {
		return nil, fmt.Errorf("runs every %s; the shortest allowed is %s", gap, MinScheduleInterval)
	}
	return sched, nil
}

// MinScheduleInterval is the shortest time between two scheduled crawls
// of one source.
const MinScheduleInterval = time.Minute

// MaxDelay is the longest delay a source may ask for.
const MaxDelay = 10 * time.Minute
