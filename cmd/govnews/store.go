package main

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/pflag"

	"github.com/govnews/govnews/configs"
	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search"
)

// dataFlags are the flags of every command that opens the index: the data
// directory and the reference files (the shipped ones unless given).
type dataFlags struct {
	data          string
	topics        string
	abbreviations string
	provinces     string
}

func (f *dataFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.data, "data", "data", "data directory (index, crawl state, stored pages)")
	fs.StringVar(&f.topics, "topics", "", "topics file (default: the shipped configs/topics.yaml)")
	fs.StringVar(&f.abbreviations, "abbreviations", "", "abbreviations file (default: the shipped configs/abbreviations.yaml)")
	fs.StringVar(&f.provinces, "provinces", "", "provinces file (default: the shipped configs/provinces.yaml)")
}

// readConfig reads a reference file from path, or the shipped copy.
func readConfig(path, shipped string) ([]byte, string, error) {
	if path == "" {
		data, err := configs.File(shipped)
		return data, "configs/" + shipped, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, path, fileError(err, "read "+path)
	}
	return data, path, nil
}

// store is an open index with its searcher and reference data.
type store struct {
	ix       *index.Index
	searcher *search.Searcher
	topics   *search.Topics
	opts     search.Options
}

func (s *store) Close() error { return s.ix.Close() }

// openStore opens the index in f.data with the topics, abbreviations and
// provinces wired in, so every command stores and finds articles alike.
func openStore(f dataFlags) (*store, error) { return openStoreWith(f, index.Open) }

// openExistingStore is openStore for commands that only read: a missing
// index is an error, not an empty result.
func openExistingStore(f dataFlags) (*store, error) { return openStoreWith(f, index.OpenExisting) }

func openStoreWith(f dataFlags, open func(string) (*index.Index, error)) (*store, error) {
	abData, abFile, err := readConfig(f.abbreviations, "abbreviations.yaml")
	if err != nil {
		return nil, err
	}
	ab, err := search.ParseAbbreviations(abData, abFile)
	if err != nil {
		return nil, err
	}
	tData, tFile, err := readConfig(f.topics, "topics.yaml")
	if err != nil {
		return nil, err
	}
	topics, err := search.ParseTopics(tData, tFile, ab)
	if err != nil {
		return nil, err
	}
	pData, pFile, err := readConfig(f.provinces, "provinces.yaml")
	if err != nil {
		return nil, err
	}
	provinces, err := index.ParseProvinces(pData, pFile)
	if err != nil {
		return nil, err
	}
	ix, err := open(f.data)
	if err != nil {
		return nil, err
	}
	ix.SetTagger(topics)
	ix.SetProvinces(provinces)
	opts := search.Options{Abbreviations: ab, Topics: topics}
	return &store{ix: ix, topics: topics, opts: opts, searcher: search.New(ix, opts)}, nil
}

// rewriteAll passes every stored article to change and stores again, in
// batches, those it returns with true. Put recomputes topics, refs and the
// hash. All pages through the index by id and Put keeps ids, so writing
// while iterating neither skips nor repeats an article. It stops at ctx's
// end (what is written stays written) and reports how many it saw. Its
// progress is a bar on a terminal and a log line now and then otherwise,
// both named by what (retag, reindex).
func (s *store) rewriteAll(ctx context.Context, a *app, what string, batchSize int, change func(index.Article) (index.Article, bool, error)) (int, error) {
	total, err := s.ix.Count()
	if err != nil {
		return 0, err
	}
	var bar *progressbar.ProgressBar
	if a.stderrIsTerminal() {
		bar = progressbar.Default(int64(total), what)
	}
	var progress atomic.Int64
	stopProgress := a.logProgress(what+": progress", func() []any {
		return []any{"articles", progress.Load(), "of", total}
	})
	defer stopProgress()
	w := s.ix.NewWriter(batchSize)
	seen := 0
	err = s.ix.All(func(a index.Article) error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("interrupted after %d articles (stored ones are kept; run it again to finish): %w", seen, err)
		}
		seen++
		progress.Store(int64(seen))
		if bar != nil {
			_ = bar.Add(1)
		}
		next, store, err := change(a)
		if err != nil || !store {
			return err
		}
		return w.Add(next)
	})
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return seen, err
}
