// Package coordinator is the coordinator service: it keeps the monitor registry, plans which ingestor runs which monitors on which connection and stream, owns the connection budget's policy, and serves the pool metrics, dashboard and HTTP API.
//
// Only the service's skeleton exists so far: Run waits for its context to end. The behaviour
// lands with its issue.
package coordinator

import (
	"context"
	"log/slog"
)

// Config configures the coordinator service. A zero field means its documented default.
type Config struct {
	Logger *slog.Logger // default: discard
}

// Run blocks until ctx is canceled and returns nil.
func Run(ctx context.Context, cfg Config) error {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.Logger.Info("coordinator started")
	<-ctx.Done()
	cfg.Logger.Info("coordinator stopped")
	return nil
}
