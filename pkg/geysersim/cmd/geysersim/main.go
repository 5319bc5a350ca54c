// Command geysersim serves a Yellowstone-compatible gRPC endpoint for development, tests and demos.
// See pkg/geysersim/README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/geyserjet/geyserjet/pkg/geysersim"
)

// env maps flags to the environment variables that fill them when not given.
var env = map[string]string{
	"listen": "GEYSERSIM_LISTEN", "admin": "GEYSERSIM_ADMIN", "x-token": "YELLOWSTONE_X_TOKEN",
	"seed": "GEYSERSIM_SEED", "prebuilt": "GEYSERSIM_PREBUILT", "rate": "GEYSERSIM_RATE", "replay": "GEYSERSIM_REPLAY", "loop": "GEYSERSIM_LOOP",
	"dial-limit": "GEYSERSIM_DIAL_LIMIT", "max-conns": "GEYSERSIM_MAX_CONNS", "max-streams": "GEYSERSIM_MAX_STREAMS",
	"queue": "GEYSERSIM_QUEUE", "block": "GEYSERSIM_BLOCK", "replay-slots": "GEYSERSIM_REPLAY_SLOTS",
	"ping-interval": "GEYSERSIM_PING_INTERVAL", "fault": "GEYSERSIM_FAULTS", "log-level": "GEYSERSIM_LOG_LEVEL",
}

type faults []string

func (f *faults) String() string { return strings.Join(*f, ",") }
func (f *faults) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*f = append(*f, s)
		}
	}
	return nil
}

func main() {
	var cfg geysersim.Config
	var replay, dialLimit, logLevel string
	var loop bool
	var seed uint64
	var prebuilt int
	var fs faults
	flags := flag.NewFlagSet("geysersim", flag.ExitOnError)
	flags.StringVar(&cfg.Listen, "listen", "127.0.0.1:10000", "gRPC listen address (env GEYSERSIM_LISTEN)")
	flags.StringVar(&cfg.Admin, "admin", "127.0.0.1:10001", `admin HTTP address, "off" to disable (env GEYSERSIM_ADMIN)`)
	flags.StringVar(&cfg.XToken, "x-token", "", "required x-token; empty turns auth off (env YELLOWSTONE_X_TOKEN)")
	flags.Uint64Var(&seed, "seed", 1, "seed of the market generator (env GEYSERSIM_SEED)")
	flags.IntVar(&prebuilt, "prebuilt", 50000, "with --rate: generate this many market updates once and loop them with fresh slots and signatures; 0 generates live (env GEYSERSIM_PREBUILT)")
	flags.Float64Var(&cfg.Rate, "rate", 0, "0: simulated time = wall time; N>0: N updates/s; N<0: unpaced (env GEYSERSIM_RATE)")
	flags.StringVar(&replay, "replay", "", "serve this capture file (env GEYSERSIM_REPLAY)")
	flags.BoolVar(&loop, "loop", false, "loop the replay with fresh slots and signatures (env GEYSERSIM_LOOP)")
	flags.StringVar(&dialLimit, "dial-limit", "60/60s", "new connections per rolling window per token; \"off\" for none (env GEYSERSIM_DIAL_LIMIT)")
	flags.IntVar(&cfg.MaxConns, "max-conns", 0, "open connections at once, 0: no limit (env GEYSERSIM_MAX_CONNS)")
	flags.IntVar(&cfg.MaxStreams, "max-streams", 0, "Subscribe streams per connection, 0: no limit (env GEYSERSIM_MAX_STREAMS)")
	flags.IntVar(&cfg.QueueSize, "queue", 65536, "updates a stream may fall behind before it is dropped (env GEYSERSIM_QUEUE)")
	flags.BoolVar(&cfg.Block, "block", false, "slow streams slow the source instead of being dropped (env GEYSERSIM_BLOCK)")
	flags.IntVar(&cfg.ReplaySlots, "replay-slots", 150, "slots retained for from_slot (env GEYSERSIM_REPLAY_SLOTS)")
	flags.DurationVar(&cfg.PingInterval, "ping-interval", 15*time.Second, "server pings on every stream (env GEYSERSIM_PING_INTERVAL)")
	flags.Var(&fs, "fault", "fault to apply at start, name or name?key=value&…; repeatable (env GEYSERSIM_FAULTS, comma-separated)")
	flags.StringVar(&logLevel, "log-level", "info", "debug, info, warn or error (env GEYSERSIM_LOG_LEVEL)")
	flags.Parse(os.Args[1:])
	if err := fillFromEnv(flags); err != nil {
		fmt.Fprintln(os.Stderr, "geysersim:", err)
		os.Exit(2)
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(logLevel)); err != nil {
		fmt.Fprintln(os.Stderr, "geysersim: log level:", err)
		os.Exit(2)
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: lvl})).With("service", "geysersim")
	cfg.Logger = log
	cfg.Faults = fs
	if dialLimit == "off" {
		cfg.DialLimit = -1
	} else {
		n, w, err := geysersim.ParseDialLimit(dialLimit)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		cfg.DialLimit, cfg.DialWindow = n, w
	}
	switch {
	case replay != "":
		src, err := geysersim.OpenReplay(replay, loop)
		if err != nil {
			log.Error("geysersim stopped", "err", err)
			os.Exit(1)
		}
		cfg.Source = src
		log.Info("replaying capture", "file", replay, "updates", src.Len(), "loop", loop)
	case cfg.Rate != 0 && prebuilt > 0:
		// Fixed rates serve pre-built updates, so that the server, not the generator, sets the pace.
		cfg.Source = geysersim.PrebuiltSource(geysersim.MarketConfig{Seed: seed}, prebuilt)
		log.Info("serving pre-built market updates", "seed", seed, "updates", prebuilt, "rate", cfg.Rate)
	default:
		cfg.Source = geysersim.NewMarket(geysersim.MarketConfig{Seed: seed})
		log.Info("serving the simulated market", "seed", seed, "rate", cfg.Rate)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := geysersim.Run(ctx, cfg); err != nil {
		log.Error("geysersim stopped", "err", err)
		os.Exit(1)
	}
}

// fillFromEnv sets every flag not given on the command line from its environment variable.
func fillFromEnv(fs *flag.FlagSet) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for name, key := range env {
		v, ok := os.LookupEnv(key)
		if !ok || given[name] {
			continue
		}
		if err := fs.Set(name, v); err != nil {
			if name == "x-token" {
				return fmt.Errorf("env %s: invalid value", key) // never echo the token
			}
			return fmt.Errorf("env %s=%s: %w", key, strconv.Quote(v), err)
		}
	}
	return nil
}
