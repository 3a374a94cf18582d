package web

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Request limits. A search needs a short URL and no body; anything bigger
// is a mistake or an attack, refused before it costs anything.
const (
	maxURLBytes  = 8 << 10
	maxBodyBytes = 64 << 10
	// slowRequest is when a request is worth a warning in the log: the
	// query that caused it is what an operator needs to reproduce it.
	slowRequest = time.Second
)

// limits wraps every request: size and time limits, security headers, and a
// recovered panic answered with a 500 instead of a dropped connection.
func (s *server) limits(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("web: panic", "path", r.URL.Path, "panic", fmt.Sprint(v))
				http.Error(w, "internal error", http.StatusInternalServerError)
				// The metrics wrapper was unwound by the panic: counted
				// here, or a crashing route would never show in
				// govnews_http_requests_total.
				s.metrics.requests.WithLabelValues("panic", "500").Inc()
			}
		}()
		h := w.Header()
		// The UI needs nothing from elsewhere: no third-party scripts, no
		// framing, no inline script. Crawled text that slipped through
		// escaping still could not run.
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")

		// Refused before routing: counted as route "refused".
		if len(r.RequestURI) > maxURLBytes {
			s.writeJSON(w, http.StatusRequestURITooLong, apiError{Error: fmt.Sprintf("web: URL longer than %d bytes", maxURLBytes)})
			s.metrics.requests.WithLabelValues("refused", "414").Inc()
			return
		}
		if r.ContentLength > maxBodyBytes {
			s.writeJSON(w, http.StatusRequestEntityTooLarge, apiError{Error: fmt.Sprintf("web: request body larger than %d bytes", maxBodyBytes)})
			s.metrics.requests.WithLabelValues("refused", "413").Inc()
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)

		timeout := s.cfg.RequestTimeout
		if isStream(r.URL.Path) {
			timeout = s.cfg.ExportTimeout
		}
		// The write deadline stops a slow reader from holding a connection
		// forever; exports get longer because they are large by design.
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(timeout + 5*time.Second))
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		start := time.Now()
		next.ServeHTTP(w, r.WithContext(ctx))
		if took := time.Since(start); took > slowRequest && !isStream(r.URL.Path) {
			s.log.Warn("web: slow request", "path", r.URL.Path, "query", r.URL.RawQuery, "took", took.Round(time.Millisecond))
		}
	})
}

// isStream says whether a path streams a whole result set.
func isStream(path string) bool {
	return path == "/api/export"
}
