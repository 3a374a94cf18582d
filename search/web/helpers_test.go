package web

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/govnews/govnews/configs"
	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search"
)

// testEnv is a real index on disk with the shipped topics, abbreviations and
// provinces, the real searcher, and the server on a loopback listener.
type testEnv struct {
	ix       *index.Index
	searcher *search.Searcher
	topics   []Topic
	srv      *httptest.Server
}

// openStore opens an index in dir the way the serve command does, closed
// when the test ends.
func openStore(t testing.TB, dir string) (*index.Index, *search.Searcher, []Topic) {
	t.Helper()
	ix, s, topics, err := openStoreErr(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix, s, topics
}

func openStoreErr(dir string) (*index.Index, *search.Searcher, []Topic, error) {
	abData, _ := configs.File("abbreviations.yaml")
	ab, err := search.ParseAbbreviations(abData, "abbreviations.yaml")
	if err != nil {
		return nil, nil, nil, err
	}
	tData, _ := configs.File("topics.yaml")
	topics, err := search.ParseTopics(tData, "topics.yaml", ab)
	if err != nil {
		return nil, nil, nil, err
	}
	pData, _ := configs.File("provinces.yaml")
	provinces, err := index.ParseProvinces(pData, "provinces.yaml")
	if err != nil {
		return nil, nil, nil, err
	}
	ix, err := index.Open(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	ix.SetTagger(topics)
	ix.SetProvinces(provinces)
	var list []Topic
	for _, tp := range topics.List() {
		list = append(list, Topic{ID: tp.ID, Name: tp.Name, Description: tp.Description, Queries: tp.Queries})
	}
	return ix, search.New(ix, search.Options{Abbreviations: ab, Topics: topics}), list, nil
}

// loadFixture reads testdata/articles.jsonl.
func loadFixture(t testing.TB, path string) []index.Article {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []index.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var a index.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, a)
	}
	return out
}

// newTestEnv serves the fixture articles; tweak adjusts the config.
func newTestEnv(t testing.TB, tweak func(*Config)) *testEnv {
	t.Helper()
	ix, s, topics := openStore(t, t.TempDir())
	if err := ix.Put(loadFixture(t, "testdata/articles.jsonl")...); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Index: ix, Searcher: s, Topics: topics}
	if tweak != nil {
		tweak(&cfg)
	}
	srv := httptest.NewServer(NewServer(cfg))
	t.Cleanup(srv.Close)
	return &testEnv{ix: ix, searcher: s, topics: topics, srv: srv}
}

// get fetches a path from the test server.
func (e *testEnv) get(t testing.TB, path string) (*http.Response, []byte) {
	t.Helper()
	return e.do(t, http.MethodGet, path, nil)
}

func (e *testEnv) do(t testing.TB, method, path string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf []byte
	buf, err = io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp, buf
}
