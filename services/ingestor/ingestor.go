// Package ingestor is the ingestor service: it owns the Yellowstone connections and streams, decodes each update once and publishes the events to the sol.* JetStream subjects.
//
// Only the service's skeleton exists so far: Run waits for its context to end. The behaviour
// lands with its issue.
package ingestor

import (
	"context"
	"log/slog"
)

// Config configures the ingestor service. A zero field means its documented default.
type Config struct {
	Logger *slog.Logger // default: discard
}

// Run blocks until ctx is canceled and returns nil.
func Run(ctx context.Context, cfg Config) error {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.Logger.Info("ingestor started")
	<-ctx.Done()
	cfg.Logger.Info("ingestor stopped")
	return nil
}
