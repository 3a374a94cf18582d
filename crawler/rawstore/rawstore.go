// Package rawstore keeps the fetched HTML of every stored article,
// gzip-compressed, under DATA/raw. Researchers cite it when a portal deletes
// or rewrites a page, and `govnews reindex --reextract` re-runs extraction
// over it without fetching anything again.
//
// A page's file name is the SHA-256 of its URL, so no URL, however crafted,
// can name a path outside the store. The URL and content type travel in the
// gzip header, so a file is self-describing. When a page changes, the
// earlier copy is kept beside it as <key>@<unix nanoseconds>.html.gz
// (Versions, GetVersion).
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
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
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
	// A page that changed keeps its earlier copy beside it, named by the
	// time it was replaced: the version a researcher cited stays citable.
	if prev, _, _, err := s.GetKey(Key(url)); err == nil && !bytes.Equal(prev, page) {
		if err := os.Rename(p, versionPath(p, time.Now())); err != nil {
			return fmt.Errorf("rawstore: put %s: keep earlier copy: %w", url, err)
		}
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

func versionPath(p string, t time.Time) string {
	return strings.TrimSuffix(p, ".html.gz") + "@" + strconv.FormatInt(t.UnixNano(), 10) + ".html.gz"
}

// Version is an earlier copy of a page, replaced at Replaced.
type Version struct {
	Replaced time.Time
	key      string
}

// Versions lists the earlier copies of url's page, oldest first.
func (s *Store) Versions(url string) ([]Version, error) {
	key := Key(url)
	matches, err := filepath.Glob(filepath.Join(s.dir, key[:2], key+"@*.html.gz"))
	if err != nil {
		return nil, fmt.Errorf("rawstore: versions of %s: %w", url, err)
	}
	var out []Version
	for _, m := range matches {
		stamp := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), key+"@"), ".html.gz")
		if ns, err := strconv.ParseInt(stamp, 10, 64); err == nil {
			out = append(out, Version{Replaced: time.Unix(0, ns), key: strings.TrimSuffix(filepath.Base(m), ".html.gz")})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Replaced.Before(out[j].Replaced) })
	return out, nil
}

// GetVersion returns an earlier copy listed by Versions.
func (s *Store) GetVersion(v Version) (page []byte, contentType string, err error) {
	f, err := os.Open(filepath.Join(s.dir, v.key[:2], v.key+".html.gz"))
	if err != nil {
		return nil, "", fmt.Errorf("rawstore: version: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, "", fmt.Errorf("rawstore: version %s: %w", v.key, err)
	}
	page, err = io.ReadAll(zr)
	return page, zr.Comment, err
}

// Walk calls fn with the URL of every stored page (current copies only),
// stopping at fn's error.
func (s *Store) Walk(fn func(url string) error) error {
	return filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html.gz") || strings.Contains(filepath.Base(p), "@") {
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
