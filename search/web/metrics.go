package web

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/govnews/govnews/index"
)

// Metrics are what /metrics exposes. The server records requests and query
// latency; the crawl scheduler records pages fetched and errors through
// CrawlRun. Each Metrics has its own registry, so tests and a demo can run
// several servers in one process.
type Metrics struct {
	reg           *prometheus.Registry
	pagesFetched  *prometheus.CounterVec
	crawlErrors   *prometheus.CounterVec
	articlesAdded *prometheus.CounterVec
	crawlRuns     *prometheus.CounterVec
	queryDuration *prometheus.HistogramVec
	requests      *prometheus.CounterVec
	once          sync.Once
}

// NewMetrics makes a registry with govnews' metrics and Go's own.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		pagesFetched: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govnews_pages_fetched_total", Help: "Pages fetched by crawls, by source.",
		}, []string{"source"}),
		crawlErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govnews_crawl_errors_total", Help: "Pages or runs that failed, by source.",
		}, []string{"source"}),
		articlesAdded: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govnews_articles_stored_total", Help: "Articles added or updated by crawls, by source.",
		}, []string{"source"}),
		crawlRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govnews_crawl_runs_total", Help: "Crawl runs, by source and outcome (ok, failed).",
		}, []string{"source", "outcome"}),
		queryDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "govnews_query_duration_seconds",
			Help:    "Search latency, by endpoint (api, ui, feed).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"endpoint"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govnews_http_requests_total", Help: "HTTP requests, by route and status code.",
		}, []string{"route", "code"}),
	}
	m.reg.MustRegister(m.pagesFetched, m.crawlErrors, m.articlesAdded, m.crawlRuns, m.queryDuration, m.requests,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}

// Page records one page a crawl asked for: fetched is false when no
// response came (network error, timeout); failed when the page could not be
// used (an HTTP error, an extraction error).
func (m *Metrics) Page(source string, fetched, failed bool) {
	if fetched {
		m.pagesFetched.WithLabelValues(source).Inc()
	}
	if failed {
		m.crawlErrors.WithLabelValues(source).Inc()
	}
}

// CrawlRun records one finished crawl of a source: articles added or
// updated, and whether the source failed as a whole (counted as an error
// too).
func (m *Metrics) CrawlRun(source string, stored int, failed bool) {
	m.articlesAdded.WithLabelValues(source).Add(float64(stored))
	outcome := "ok"
	if failed {
		outcome = "failed"
		m.crawlErrors.WithLabelValues(source).Inc()
	}
	m.crawlRuns.WithLabelValues(source, outcome).Inc()
}

// watchIndex adds gauges read from the index at scrape time, once.
func (m *Metrics) watchIndex(ix *index.Index) {
	m.once.Do(func() {
		m.reg.MustRegister(
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{
				Name: "govnews_articles", Help: "Articles in the index.",
			}, func() float64 {
				n, err := ix.Count()
				if err != nil {
					return -1
				}
				return float64(n)
			}),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{
				Name: "govnews_index_size_bytes", Help: "Size of the index on disk.",
			}, func() float64 { return float64(ix.SizeBytes()) }),
		)
	})
}

func (m *Metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// instrument counts requests by route pattern (never by raw path, which
// would let anyone create unbounded label values).
func (m *Metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		m.requests.WithLabelValues(route, strconv.Itoa(rec.status)).Inc()
	})
}

// statusRecorder remembers the status a handler wrote. It unwraps, so
// http.ResponseController still reaches Flush and SetWriteDeadline.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// ClusterStats is the Redis side of `serve --redis`, read at scrape time.
type ClusterStats struct {
	StreamLength  int64         // entries in the article stream
	StreamPending int64         // read by serve, not yet acknowledged
	StreamLag     int64         // not yet read by serve (-1: unknown)
	Indexed       int64         // entries indexed since start
	IndexLag      time.Duration // publish to searchable, last batch
	LiveWorkers   int64
	LeasesHeld    int64
	LastRun       map[string]time.Time // end of each source's last run
}

// WatchCluster adds the cluster gauges (govnews_stream_*, govnews_workers_live,
// govnews_leases_held, govnews_source_last_run_timestamp_seconds{source}),
// read through stats once per scrape.
func (m *Metrics) WatchCluster(stats func() (ClusterStats, error)) {
	m.reg.MustRegister(clusterCollector{stats})
}

type clusterCollector struct {
	stats func() (ClusterStats, error)
}

var (
	descStreamLength = prometheus.NewDesc("govnews_stream_length", "Entries in the Redis article stream.", nil, nil)
	descStreamPend   = prometheus.NewDesc("govnews_stream_pending", "Stream entries read by serve and not yet acknowledged (their batch not yet durable).", nil, nil)
	descStreamLag    = prometheus.NewDesc("govnews_stream_lag", "Stream entries not yet read by serve.", nil, nil)
	descIndexed      = prometheus.NewDesc("govnews_stream_indexed_total", "Stream entries indexed and acknowledged since serve started.", nil, nil)
	descIndexLag     = prometheus.NewDesc("govnews_stream_index_lag_seconds", "Time from a worker's publish to the index, for the last batch.", nil, nil)
	descWorkers      = prometheus.NewDesc("govnews_workers_live", "Workers whose heartbeat is recent.", nil, nil)
	descLeases       = prometheus.NewDesc("govnews_leases_held", "Sources leased to a worker now.", nil, nil)
	descLastRun      = prometheus.NewDesc("govnews_source_last_run_timestamp_seconds", "End of each source's last crawl run.", []string{"source"}, nil)
)

func (c clusterCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descStreamLength, descStreamPend, descStreamLag, descIndexed, descIndexLag, descWorkers, descLeases, descLastRun} {
		ch <- d
	}
}

func (c clusterCollector) Collect(ch chan<- prometheus.Metric) {
	st, err := c.stats()
	if err != nil {
		return
	}
	g := func(d *prometheus.Desc, v float64) { ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v) }
	g(descStreamLength, float64(st.StreamLength))
	g(descStreamPend, float64(st.StreamPending))
	g(descStreamLag, float64(st.StreamLag))
	ch <- prometheus.MustNewConstMetric(descIndexed, prometheus.CounterValue, float64(st.Indexed))
	g(descIndexLag, st.IndexLag.Seconds())
	g(descWorkers, float64(st.LiveWorkers))
	g(descLeases, float64(st.LeasesHeld))
	for src, t := range st.LastRun {
		ch <- prometheus.MustNewConstMetric(descLastRun, prometheus.GaugeValue, float64(t.UnixNano())/1e9, src)
	}
}
