package main

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/corpus"
	"github.com/govnews/govnews/search"
)

type benchShape struct {
	name string
	reqs []search.Request
}

// benchShapes are the query shapes whose latency the README reports.
var benchShapes = []benchShape{
	{"word", []search.Request{{Query: "kinh tế"}, {Query: "chủ tịch"}, {Query: "khoa học"}, {Query: "nhân dân"}, {Query: "phát triển"}}},
	{"no-diacritics", []search.Request{{Query: "kinh te"}, {Query: "chu tich uy ban"}, {Query: "khoa hoc cong nghe"}, {Query: "nhan dan"}}},
	{"phrase", []search.Request{{Query: `"phát triển kinh tế"`}, {Query: `"ủy ban nhân dân"`}, {Query: `"khoa học và công nghệ"`}, {Query: `"chủ tịch"`}}},
	{"abbreviation", []search.Request{{Query: "UBND tỉnh"}, {Query: "kinh phí KH&CN"}, {Query: "HĐND"}}},
	{"filtered", []search.Request{{Query: "kinh tế", Provinces: []string{"An Giang"}}, {Query: "chủ tịch", Provinces: []string{"Vĩnh Long"}, Sort: search.SortDate}, {Query: "phát triển province:\"Bến Tre\" from:2006"}}},
	{"faceted", []search.Request{{Query: "kinh tế", Facets: true}, {Query: "nhân dân", Facets: true}, {Query: "", Facets: true}}},
	{"faceted-cached", []search.Request{{Query: "kinh tế", Facets: true}, {Query: "nhân dân", Facets: true}, {Query: "", Facets: true}}},
	{"question (30 words)", []search.Request{
		{Query: "Theo quy định hiện hành thì chủ tịch ủy ban nhân dân cấp xã có được đồng thời giữ chức bí thư đảng ủy xã và hưởng phụ cấp kiêm nhiệm hàng tháng hay không, đúng hay sai?"},
		{Query: "Kinh phí khoa học và công nghệ của tỉnh được phân bổ cho những nhiệm vụ nào trong năm nay và sở khoa học và công nghệ quản lý các đề tài cấp cơ sở ra sao?"},
		{Query: "Người dân cần làm thủ tục gì tại ủy ban nhân dân xã khi đăng ký kinh doanh hộ gia đình và thời hạn giải quyết hồ sơ theo quy định là bao nhiêu ngày làm việc?"},
	}},
	// As the web UI and the API ask: the page, snippets and facet counts.
	{"question, faceted (as the UI)", []search.Request{
		{Query: "Theo quy định hiện hành thì chủ tịch ủy ban nhân dân cấp xã có được đồng thời giữ chức bí thư đảng ủy xã và hưởng phụ cấp kiêm nhiệm hàng tháng hay không, đúng hay sai?", Facets: true, Snippets: true},
		{Query: "Người dân cần làm thủ tục gì tại ủy ban nhân dân xã khi đăng ký kinh doanh hộ gia đình và thời hạn giải quyết hồ sơ theo quy định là bao nhiêu ngày làm việc?", Facets: true, Snippets: true},
	}},
	{"snippets", []search.Request{{Query: "kinh tế", Snippets: true}, {Query: `"ủy ban nhân dân"`, Snippets: true}}},
	// As the web UI and the CLI search by default: one hit per near-duplicate group.
	{"collapsed", []search.Request{{Query: "kinh tế", Collapse: true}, {Query: "UBND tỉnh", Collapse: true}, {Query: `"ủy ban nhân dân"`, Collapse: true}, {Query: "nhân dân", Facets: true, Collapse: true}}},
}

func newBenchCmd(a *app) *cobra.Command {
	var (
		n         int
		corpusArg string
		dataDir   string
		reference bool
		rounds    int
		existing  bool
		byQuery   bool
		only      []string
		mem       memoryLimitFlag
	)
	cmd := &cobra.Command{
		Use:   "bench [--articles N] [--corpus vi-news|generated|FILE] [--reference]",
		Short: "Measure import throughput, index size, peak memory and query latency",
		Long: `Bench builds an index of N articles (vi-news from ../shared when present and
asked for, else generated), then runs each query shape many times and prints
p50/p99 latencies, import throughput, index size and peak memory (VmHWM).
With --reference it also indexes the same articles with bleve's default
mapping, the reference the README compares against.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if _, err := mem.parse(); err != nil {
				return err
			}
			// Checked before an import that may take minutes.
			shapes := selectShapes(only)
			if len(shapes) == 0 {
				return usageError("--shapes %s: no query shape's name contains it", strings.Join(only, ","))
			}
			if existing {
				if dataDir == "" || reference {
					return usageError("--existing needs --data (the directory bench built before) and no --reference")
				}
				st, err := openExistingStore(dataFlags{data: filepath.Join(dataDir, "govnews")})
				if err != nil {
					return err
				}
				defer st.Close()
				count, err := st.ix.Count()
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "existing index %s: %d articles, %.1f MiB, %d CPUs\n", st.ix.Dir(), count, float64(st.ix.SizeBytes())/(1<<20), runtime.NumCPU())
				if err := a.benchQueries(ctx, st, rounds, byQuery, shapes); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "\npeak RSS: %s\n", peakRSS())
				return nil
			}
			next, label, err := benchCorpus(corpusArg, n)
			if err != nil {
				return usageError("--corpus: %v", err)
			}
			if dataDir == "" {
				dir, err := os.MkdirTemp("", "govnews-bench-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(dir)
				dataDir = dir
			}
			df := dataFlags{data: filepath.Join(dataDir, "govnews")}
			st, err := openStore(df)
			if err != nil {
				return err
			}
			defer st.Close()
			var bar *progressbar.ProgressBar
			if a.stderrIsTerminal() {
				bar = progressbar.Default(int64(n), "indexing")
			}
			// The import runs under the bulk commands' memory limit, as
			// govnews import does; the queries after it without, as serve.
			restoreMem, err := mem.apply()
			if err != nil {
				return err
			}
			anon := sampleAnonMemory(ctx)
			started := time.Now()
			// As import does: batches of importBatch per shard, two segments built at once.
			w := st.ix.NewWriter(importBatch)
			count := 0
			for art, ok := next(); ok; art, ok = next() {
				if err := w.Add(art); err != nil {
					return err
				}
				count++
				if bar != nil && count%importBatch == 0 {
					_ = bar.Add(importBatch)
				}
				if err := ctx.Err(); err != nil {
					_ = w.Close()
					return err
				}
			}
			if err := w.Close(); err != nil {
				return err
			}
			elapsed := time.Since(started)
			restoreMem()
			fmt.Fprintf(a.stdout, "corpus: %s, %d articles, %d CPUs\n\n", label, count, runtime.NumCPU())
			fmt.Fprintf(a.stdout, "| index | import articles/s | index size | bytes/article | peak RSS | peak anonymous (heap) |\n|---|---|---|---|---|---|\n")
			size := st.ix.SizeBytes()
			fmt.Fprintf(a.stdout, "| govnews | %.0f | %.1f MiB | %d | %s | %.0f MiB |\n", float64(count)/elapsed.Seconds(), float64(size)/(1<<20), size/int64(max(count, 1)), peakRSS(), float64(anon.Load())/1024)

			if err := a.benchQueries(ctx, st, rounds, byQuery, shapes); err != nil {
				return err
			}
			govnewsPeak := peakRSS()
			if reference {
				rate := float64(count) / elapsed.Seconds()
				for _, inFlight := range []int{1, index.WriterBatches} {
					next, _, _ := benchCorpus(corpusArg, n)
					refDir := filepath.Join(dataDir, fmt.Sprintf("reference-%d", inFlight))
					refRate, rsize, err := benchReference(refDir, next, inFlight)
					if err != nil {
						return err
					}
					how := "one batch at a time, as bleve's examples load"
					if inFlight > 1 {
						how = fmt.Sprintf("%d batches at once, as govnews builds %d segments at once", inFlight, index.WriterBatches)
					}
					fmt.Fprintf(a.stdout, "\nreference, bleve's default mapping on the same articles in batches of %d, %s: %.0f articles/s, %.1f MiB, %d bytes/article; govnews/reference import throughput: %.2f\n",
						importBatch, how, refRate, float64(rsize)/(1<<20), rsize/int64(max(count, 1)), rate/refRate)
				}
			}

			fmt.Fprintf(a.stdout, "\npeak RSS after govnews import and queries: %s; after the whole run: %s\n", govnewsPeak, peakRSS())
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "articles", 20000, "articles to index")
	cmd.Flags().StringVar(&corpusArg, "corpus", "auto", "vi-news (../shared/benchdata), generated, auto (vi-news when present, then generated), or a JSONL file")
	cmd.Flags().StringVar(&dataDir, "data", "", "where to build the indexes (default: a temporary directory, removed after)")
	cmd.Flags().BoolVar(&reference, "reference", false, "also index with bleve's default mapping")
	cmd.Flags().IntVar(&rounds, "rounds", 40, "times each query of a shape is run")
	cmd.Flags().BoolVar(&byQuery, "by-query", false, "also print p50 and max of each query")
	cmd.Flags().StringSliceVar(&only, "shapes", nil, "run only the query shapes whose name contains one of these (e.g. question,faceted)")
	mem.register(cmd.Flags())
	cmd.Flags().BoolVar(&existing, "existing", false, "skip the import: run the queries on the index bench left in --data")
	cmd.AddCommand(newBenchRankingCmd(a))
	return cmd
}

// benchQueries runs every query shape rounds times and prints p50/p99,
// and how many articles the shape's queries match on average, since a
// query's cost grows with its matches.
func (a *app) benchQueries(ctx context.Context, st *store, rounds int, byQuery bool, shapes []benchShape) error {
	if rounds <= 0 {
		return nil
	}
	// Queries are measured on the index at rest: after a bulk import
	// bleve merges segments for minutes, on a core the queries need.
	waited, err := st.ix.WaitMerges(ctx, 3*time.Second)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\nwaited %.0f s for the index's background merges to finish\n", waited.Seconds())
	// Queries run with the GC target serve uses (see serve.go), so the
	// figures are what serve's users see.
	gc := "GOGC from the environment"
	if os.Getenv("GOGC") == "" {
		old := debug.SetGCPercent(serveGCPercent)
		defer debug.SetGCPercent(old)
		gc = fmt.Sprintf("GOGC=%d, as serve sets it", serveGCPercent)
	}
	count, err := st.ix.Count()
	if err != nil {
		return err
	}
	// One untimed pass first, as a server has answered queries before the
	// ones that count: an index reopened with its files out of the page
	// cache otherwise times the disk on each query's first run.
	for _, shape := range shapes {
		for _, req := range shape.reqs {
			if _, err := search.New(st.ix, st.opts).Search(ctx, req); err != nil {
				return fmt.Errorf("bench: warm-up %s %q: %w", shape.name, req.Query, err)
			}
		}
	}
	fmt.Fprintf(a.stdout, "\nqueries (after one untimed pass over them; %s; a new searcher per query, so no facet cache unless the row says cached):\n\n| query shape | p50 | p99 | max | runs | matches (mean) |\n|---|---|---|---|---|---|\n", gc)
	perQuery := map[string][]time.Duration{}
	var queryOrder []string
	for _, shape := range shapes {
		var lat []time.Duration
		var matched uint64
		for r := 0; r < rounds; r++ {
			for _, req := range shape.reqs {
				// A new searcher per query: no facet cache, every query
				// pays its full cost, as a first visit does.
				s := search.New(st.ix, st.opts)
				if shape.name == "faceted-cached" {
					s = st.searcher
				}
				t0 := time.Now()
				res, err := s.Search(ctx, req)
				if err != nil {
					return fmt.Errorf("bench: %s %q: %w", shape.name, req.Query, err)
				}
				took := time.Since(t0)
				lat = append(lat, took)
				matched += res.Total
				key := fmt.Sprintf("%s %q %+v", shape.name, req.Query, req.Provinces) + fmt.Sprintf(" sort=%s facets=%v → %d", req.Sort, req.Facets, res.Total)
				if perQuery[key] == nil {
					queryOrder = append(queryOrder, key)
				}
				perQuery[key] = append(perQuery[key], took)
			}
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		mean := float64(matched) / float64(len(lat))
		fmt.Fprintf(a.stdout, "| %s | %s | %s | %s | %d | %.0f (%.0f %%) |\n", shape.name, ms(pct(lat, 50)), ms(pct(lat, 99)), ms(lat[len(lat)-1]), len(lat), mean, 100*mean/float64(max(count, 1)))
	}
	if byQuery {
		fmt.Fprintf(a.stdout, "\n| query | p50 | max |\n|---|---|---|\n")
		for _, k := range queryOrder {
			lat := perQuery[k]
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			fmt.Fprintf(a.stdout, "| %s | %s | %s |\n", k, ms(pct(lat, 50)), ms(lat[len(lat)-1]))
		}
	}
	return nil
}

// selectShapes returns the query shapes whose name contains one of only
// (all of them when only is empty).
func selectShapes(only []string) []benchShape {
	if len(only) == 0 {
		return benchShapes
	}
	var out []benchShape
	for _, shape := range benchShapes {
		if slices.ContainsFunc(only, func(o string) bool { return strings.Contains(shape.name, strings.TrimSpace(o)) }) {
			out = append(out, shape)
		}
	}
	return out
}

// benchReference indexes the articles with bleve's default mapping, with
// inFlight batches stored at once, and returns articles/s and the index
// size.
func benchReference(dir string, next func() (index.Article, bool), inFlight int) (float64, int64, error) {
	bi, err := bleve.New(dir, bleve.NewIndexMapping())
	if err != nil {
		return 0, 0, err
	}
	started := time.Now()
	slots := make(chan struct{}, inFlight)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	store := func(b *bleve.Batch) {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := bi.Batch(b); err != nil {
				mu.Lock()
				firstErr = cmp.Or(firstErr, err)
				mu.Unlock()
			}
			<-slots
		}()
	}
	count := 0
	b := bi.NewBatch()
	for art, ok := next(); ok; art, ok = next() {
		b.Index(art.URL, art)
		count++
		if b.Size() >= importBatch {
			store(b)
			b = bi.NewBatch()
		}
	}
	store(b)
	wg.Wait()
	el := time.Since(started)
	if err := bi.Close(); err != nil {
		firstErr = cmp.Or(firstErr, err)
	}
	return float64(count) / el.Seconds(), dirSize(dir), firstErr
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[min(max(i-1, 0), len(sorted)-1)]
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) + " ms"
}

// benchCorpus returns an iterator over n articles. vi-news has 19,774
// articles; past that, generated ones fill up to n.
func benchCorpus(name string, n int) (func() (index.Article, bool), string, error) {
	wd, _ := os.Getwd()
	gen := corpus.NewGenerator(1)
	generated := func() (index.Article, bool) { return gen.Next(), true }
	var arts []index.Article
	label := "generated"
	switch name {
	case "generated":
	case "auto", "vi-news":
		p := corpus.FindViNews(wd)
		if p == "" {
			if name == "vi-news" {
				return nil, "", fmt.Errorf("vi-news not found at %s", corpus.ViNewsPath)
			}
			break
		}
		var err error
		if arts, err = corpus.ReadViNews(p, n); err != nil {
			return nil, "", err
		}
		label = "vi-news"
	default:
		var err error
		if arts, err = readJSONLFile(name, n); err != nil {
			return nil, "", err
		}
		label = name
	}
	if len(arts) > 0 && len(arts) < n {
		label += fmt.Sprintf(" + %d generated", n-len(arts))
	}
	i := 0
	return func() (index.Article, bool) {
		if i >= n {
			return index.Article{}, false
		}
		i++
		if i <= len(arts) {
			return arts[i-1], true
		}
		return generated()
	}, label, nil
}

func readJSONLFile(path string, n int) ([]index.Article, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var arts []index.Article
	for i, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		a, err := decodeArticle([]byte(line))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, i+1, err)
		}
		arts = append(arts, a)
		if len(arts) >= n {
			break
		}
	}
	return arts, nil
}

// sampleAnonMemory tracks the largest anonymous resident memory (RssAnon:
// the heap, not the index files bleve maps into memory, which the kernel
// can drop at will) until ctx ends, in KiB.
func sampleAnonMemory(ctx context.Context) *atomic.Int64 {
	var peak atomic.Int64
	go func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			if kb := procStatusKB("RssAnon:"); kb > peak.Load() {
				peak.Store(kb)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return &peak
}

func procStatusKB(key string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, key) {
			kb, _ := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
			return kb
		}
	}
	return 0
}

// peakRSS is the process's peak resident memory (Linux VmHWM), mapped
// index files included.
func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "n/a"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return fmt.Sprintf("%.0f MiB", float64(kb)/1024)
		}
	}
	return "n/a"
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}
