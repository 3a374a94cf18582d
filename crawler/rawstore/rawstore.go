// Package rawstore keeps the fetched HTML of every stored article,
// gzip-compressed, under DATA/raw. Researchers cite it when a portal deletes
// or rewrites a page, and `govnews reindex --reextract` re-runs extraction
// over it without fetching anything again.
//
// A page's file name is the SHA-256 of its URL, so no URL, however crafted,
// can name a path outside the store. The URL and content type travel in the
// gzip header, so a file is self-describing.
package rawstore

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// ErrNotFound is returned by Get for a URL that has no stored page.
var ErrNotFound = errors.New("rawstore: page not stored")

// Store is a directory of compressed pages.
type Store struct {
	dir  string
	dirs sync.Map // shard directories known to exist
}

// Open opens (creating) the store in dir.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("rawstore: open %s: %w", dir, err)
	}
	return &Store{dir: dir}, nil
}

// Key is the name a URL's page is stored under: hex, fixed length.
func Key(url string) string {
	sum := sha256.Sum256([]byte(url))
	return hex.EncodeToString(sum[:])
}

func (s *Store) path(key string) string {
	return filepath.Join(s.dir, key[:2], key+".html.gz")
}

// Put stores page as fetched from url, replacing an earlier copy. The
// file is written aside and renamed, so a crash never leaves half a page.
func (s *Store) Put(url, contentType string, page []byte) error {
	p := s.path(Key(url))
	if _, ok := s.dirs.Load(filepath.Dir(p)); !ok {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("rawstore: put %s: %w", url, err)
		}
		s.dirs.Store(filepath.Dir(p), true)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zw.Name = url
	zw.Comment = contentType
	zw.Write(page)
	if err := zw.Close(); err != nil {
		return fmt.Errorf("rawstore: put %s: %w", url, err)
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("rawstore: put %s: %w", url, err)
	}
	if err := os.Rename(tmp, p); err != nil {
		return fmt.Errorf("rawstore: put %s: %w", url, err)
	}
	return nil
}

// Get returns the page stored for url and its content type.
func (s *Store) Get(url string) (page []byte, contentType string, err error) {
	page, _, contentType, err = s.GetKey(Key(url))
	if errors.Is(err, ErrNotFound) {
		return nil, "", fmt.Errorf("%w: %s", ErrNotFound, url)
	}
	return page, contentType, err
}

// GetKey returns the page stored under key (see Key) with its URL and
// content type. Anything but a well-formed key is not found, so a key taken
// from a web request cannot reach outside the store.
func (s *Store) GetKey(key string) (page []byte, url, contentType string, err error) {
	if !validKey(key) {
		return nil, "", "", ErrNotFound
	}
	f, err := os.Open(s.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", "", ErrNotFound
	}
	if err != nil {
		return nil, "", "", fmt.Errorf("rawstore: get %s: %w", key, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, "", "", fmt.Errorf("rawstore: get %s: %w", key, err)
	}
	page, err = io.ReadAll(zr)
	if err != nil {
		return nil, "", "", fmt.Errorf("rawstore: get %s: %w", key, err)
	}
	return page, zr.Name, zr.Comment, nil
}

// Walk calls fn with the URL of every stored page, stopping at fn's error.
func (s *Store) Walk(fn func(url string) error) error {
	return filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html.gz") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("rawstore: walk: %w", err)
		}
		zr, err := gzip.NewReader(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("rawstore: walk %s: %w", p, err)
		}
		return fn(zr.Name)
	})
}

func validKey(key string) bool {
	if len(key) != 64 {
		return false
	}
	for _, r := range key {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}
