package crawler

import (
	"context"
	"errors"

	"github.com/govnews/govnews/crawler/sources"
)

// Crawler crawls sources into an index. It is safe to call Crawl
// concurrently for different sources.
type Crawler struct {
	cfg Config
}

// New opens the crawl state in cfg.DataDir.
func New(cfg Config) (*Crawler, error) {
	return &Crawler{cfg: cfg}, nil
}

// Crawl crawls src once.
func (c *Crawler) Crawl(ctx context.Context, src sources.Source) (Summary, error) {
	return Summary{Source: src.ID}, errors.New("crawler: not yet built")
}

// Close closes the crawl state.
func (c *Crawler) Close() error { return nil }
