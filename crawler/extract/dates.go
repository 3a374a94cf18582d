package extract

import (
	"time"

	"github.com/govnews/govnews/index"
)

// ParseDate finds the first full date in s (index.ParseTextDate: the
// formats Vietnamese portals show). It lives in index because imports read
// the same formats.
func ParseDate(s string) (time.Time, bool) { return index.ParseTextDate(s) }
