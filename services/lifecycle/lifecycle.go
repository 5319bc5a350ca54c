// Package lifecycle is the lifecycle service: it follows each token through its stages (created, trading, complete, migrated) from the sol.* events and publishes lifecycle.<stage>.<mint>.
//
// Only the service's skeleton exists so far: Run waits for its context to end. The behaviour
// lands with its issue.
package lifecycle

import (
	"context"
	"log/slog"
)

// Config configures the lifecycle service. A zero field means its documented default.
type Config struct {
	Logger *slog.Logger // default: discard
}

// Run blocks until ctx is canceled and returns nil.
func Run(ctx context.Context, cfg Config) error {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.Logger.Info("lifecycle started")
	<-ctx.Done()
	cfg.Logger.Info("lifecycle stopped")
	return nil
}
