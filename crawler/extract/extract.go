package extract

import (
	"errors"
	"time"
)

// Extract decodes page (charset from the contentType header, BOM,
// <meta charset>, detection; windows-1258 too) and extracts the article.
func Extract(pageURL string, page []byte, contentType string, opts Options) (*Result, error) {
	return nil, errors.New("extract: not yet built")
}

// ParseDate reads a date in the formats Vietnamese portals use.
func ParseDate(s string) (time.Time, bool) { return time.Time{}, false }
