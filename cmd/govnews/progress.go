package main

import (
	"sync"
	"time"
)

// logProgress logs msg with the attributes that attrs returns every
// --progress-every while a long run (import, crawl, retag, reindex) goes on,
// when stderr is not a terminal: a job under cron or systemd has no progress
// bar, and hours of silence look like a hang. attrs runs on another
// goroutine, so it must read counters safely. The returned stop ends the
// reports; it is safe to call more than once.
func (a *app) logProgress(msg string, attrs func() []any) (stop func()) {
	if a.progressEvery <= 0 || a.stderrIsTerminal() {
		return func() {}
	}
	log := a.logger()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		started := time.Now()
		t := time.NewTicker(a.progressEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				log.Info(msg, append(attrs(), "elapsed", time.Since(started).Round(100*time.Millisecond))...)
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			wg.Wait()
		})
	}
}
