package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/sync/errgroup"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/envflag"
	"github.com/geyserjet/geyserjet/pkg/geysersim"
	"github.com/geyserjet/geyserjet/pkg/health"
	"github.com/geyserjet/geyserjet/pkg/monitors"
	"github.com/geyserjet/geyserjet/pkg/secret"
	"github.com/geyserjet/geyserjet/pkg/subjects"
	"github.com/geyserjet/geyserjet/services/ingestor"
	"github.com/geyserjet/geyserjet/services/lifecycle"
	"github.com/geyserjet/geyserjet/services/liquidity"
	"github.com/geyserjet/geyserjet/services/trading"
)

// devConfig configures `geyserjet dev`: the whole system in one process.
type devConfig struct {
	DataDir      string       // NATS JetStream store; default ./data
	NATSPort     int          // embedded NATS client port; default 4222; -1 random
	HTTPAddr     string       // the one HTTP server (/metrics, /healthz, APIs); default :8080
	Endpoint     string       // a real provider; empty runs geysersim
	XToken       secret.Value // the provider's x-token
	Insecure     bool         // plaintext gRPC to Endpoint
	MonitorsFile string       // default deploy/monitors.yaml when it exists, else the built-in copy
	SimListen    string       // geysersim gRPC; default 127.0.0.1:10000
	SimAdmin     string       // geysersim admin HTTP; default 127.0.0.1:10001
	Seed         uint64       // geysersim market seed; 0 derives a fresh one from the clock
	Rate         float64      // geysersim pacing (see geysersim.Config.Rate)
	Verbose      bool         // debug logs

	// ready, when set, is called once everything listens (tests use it for the addresses).
	ready func(devInfo)
}

// devInfo says where the running system listens.
type devInfo struct {
	NATSURL  string
	HTTPAddr string
	SimAddr  string // empty with a real endpoint
	SimAdmin string
}

func newDevCmd(sio stdio) *cobra.Command {
	var cfg devConfig
	c := &cobra.Command{
		Use:   "dev",
		Short: "Run the whole system in one process: NATS, geysersim, two ingestors and the consumers",
		Long: `dev runs GeyserJet in one process: an embedded NATS server with JetStream (store under
--data), geysersim with a simulated market (unless --endpoint or YELLOWSTONE_ENDPOINT names a
real provider), two ingestors sharing the monitors, and the consumers, with one HTTP server for
/metrics, /healthz and the APIs. Ctrl-C stops it cleanly; a second run resumes from the store.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDev(cmd.Context(), cfg, sio.out, sio.err)
		},
	}
	f := c.Flags()
	f.StringVar(&cfg.DataDir, "data", "./data", "NATS JetStream store directory (env GEYSERJET_DATA)")
	f.IntVar(&cfg.NATSPort, "nats-port", 4222, "embedded NATS client port (env NATS_PORT)")
	f.StringVar(&cfg.HTTPAddr, "http-addr", ":8080", "HTTP address for /metrics, /healthz and the APIs (env GEYSERJET_HTTP_ADDR)")
	f.StringVar(&cfg.Endpoint, "endpoint", "", "Yellowstone endpoint of a real provider; empty runs geysersim (env YELLOWSTONE_ENDPOINT)")
	f.Var(secretFlag{envflag.Secret(&cfg.XToken)}, "x-token", "the provider's x-token (env YELLOWSTONE_X_TOKEN); never logged")
	f.BoolVar(&cfg.Insecure, "insecure", false, "plaintext gRPC to --endpoint")
	f.StringVar(&cfg.MonitorsFile, "monitors", "", "monitors file (env GEYSERJET_MONITORS); default deploy/monitors.yaml if present, else the built-in fifteen")
	f.StringVar(&cfg.SimListen, "sim-listen", "127.0.0.1:10000", "geysersim gRPC address (env GEYSERSIM_LISTEN)")
	f.StringVar(&cfg.SimAdmin, "sim-admin", "127.0.0.1:10001", "geysersim admin HTTP address, off to disable (env GEYSERSIM_ADMIN)")
	f.Uint64Var(&cfg.Seed, "seed", 0, "geysersim market seed; 0 picks a fresh one so runs do not repeat (env GEYSERSIM_SEED)")
	f.Float64Var(&cfg.Rate, "rate", 0, "geysersim pace: 0 real time, N updates/s, <0 unpaced (env GEYSERSIM_RATE)")
	f.BoolVarP(&cfg.Verbose, "verbose", "v", false, "debug logs")
	c.PreRunE = func(cmd *cobra.Command, _ []string) error {
		if err := fillFromEnv(cmd.Flags(), map[string]string{
			"data": "GEYSERJET_DATA", "nats-port": "NATS_PORT", "http-addr": "GEYSERJET_HTTP_ADDR",
			"endpoint": "YELLOWSTONE_ENDPOINT", "x-token": "YELLOWSTONE_X_TOKEN", "monitors": "GEYSERJET_MONITORS",
			"sim-listen": "GEYSERSIM_LISTEN", "sim-admin": "GEYSERSIM_ADMIN", "seed": "GEYSERSIM_SEED", "rate": "GEYSERSIM_RATE",
		}); err != nil {
			return usageError{err}
		}
		return nil
	}
	return c
}

// runDev runs the whole system until ctx ends, then stops it in order and returns nil.
func runDev(ctx context.Context, cfg devConfig, out, errOut io.Writer) error {
	level := slog.LevelInfo
	if cfg.Verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(errOut, &slog.HandlerOptions{Level: level}))

	ms, source, err := devMonitors(cfg.MonitorsFile)
	if err != nil {
		return err
	}
	shares := splitMonitors(ms)

	// NATS first: everything else talks through it. It stops last, after the services drained.
	natsCtx, stopNATS := context.WithCancel(context.WithoutCancel(ctx))
	defer stopNATS()
	srv, natsURL, err := bus.StartEmbedded(natsCtx, bus.EmbeddedConfig{Port: cfg.NATSPort, StoreDir: cfg.DataDir,
		PortFlag: "nats-port", Logger: log.With("service", "nats")})
	if err != nil {
		return fmt.Errorf("dev: %w", err)
	}
	defer srv.WaitForShutdown()
	defer stopNATS()

	info := devInfo{NATSURL: natsURL}
	endpoint, insecure := cfg.Endpoint, cfg.Insecure
	var sim *geysersim.Server
	if endpoint == "" {
		seed, start := devMarketStart(cfg.Seed, time.Now())
		sim, err = geysersim.New(geysersim.Config{Listen: cfg.SimListen, Admin: cfg.SimAdmin, Rate: cfg.Rate,
			Source: geysersim.NewMarket(geysersim.MarketConfig{Seed: seed, StartSlot: start, StartTime: time.Now()}),
			Logger: log.With("service", "geysersim")})
		if err != nil {
			return fmt.Errorf("dev: %w (change it with --sim-listen / --sim-admin)", err)
		}
		endpoint, insecure = "http://"+sim.Addr().String(), true
		info.SimAddr = sim.Addr().String()
		if a := sim.AdminAddr(); a != nil {
			info.SimAdmin = a.String()
		}
		log.Info("geysersim market", "seed", seed, "start_slot", start)
	}

	// One HTTP server for every service: they mount on mux and register in reg.
	mux, reg, checks := http.NewServeMux(), prometheus.NewRegistry(), new(health.Checks)
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	listening := make(chan net.Addr, 1)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		return health.Serve(gctx, cfg.HTTPAddr, reg, health.WithMux(mux), health.WithChecks(checks),
			health.WithAddrFlag("http-addr"), health.WithLogger(log.With("service", "http")),
			health.WithOnListen(func(a net.Addr) { listening <- a }))
	})
	if sim != nil {
		g.Go(func() error { return sim.Serve(gctx) })
	}
	for i, share := range shares {
		id := fmt.Sprintf("ingestor-%d", i+1)
		icfg := ingestor.Config{ID: id, NATSURL: natsURL, Endpoint: endpoint, XToken: cfg.XToken, Insecure: insecure,
			Monitors: share, AllMonitors: ms, Mux: mux, Checks: checks, Registry: reg, Logger: log.With("service", "ingestor")}
		g.Go(func() error { return ingestor.Run(gctx, icfg) })
	}
	g.Go(func() error { return lifecycle.Run(gctx, lifecycle.Config{Logger: log.With("service", "lifecycle")}) })
	g.Go(func() error { return trading.Run(gctx, trading.Config{Logger: log.With("service", "trading")}) })
	g.Go(func() error { return liquidity.Run(gctx, liquidity.Config{Logger: log.With("service", "liquidity")}) })

	select {
	case a := <-listening:
		info.HTTPAddr = a.String()
		printBanner(out, info, source, len(ms), shares)
		if cfg.ready != nil {
			cfg.ready(info)
		}
	case <-gctx.Done():
	}
	err = g.Wait()
	log.Info("stopped; NATS stopping", "store", cfg.DataDir)
	return err
}

// devMonitors loads the monitors: the file given, else deploy/monitors.yaml in the working
// directory, else the built-in copy of it.
func devMonitors(path string) ([]monitors.Monitor, string, error) {
	if path == "" {
		if _, err := os.Stat(filepath.Join("deploy", "monitors.yaml")); err == nil {
			path = filepath.Join("deploy", "monitors.yaml")
		} else {
			return monitors.Default(), "built-in (deploy/monitors.yaml)", nil
		}
	}
	ms, err := monitors.LoadFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("dev: %w", err)
	}
	return ms, path, nil
}

// splitMonitors shares the monitors between the two ingestors until the coordinator assigns
// them: the high group (trades and prices) to the first, the rest to the second.
func splitMonitors(ms []monitors.Monitor) [][]monitors.Monitor {
	var high, rest []monitors.Monitor
	for _, m := range ms {
		if m.Group == subjects.High {
			high = append(high, m)
		} else {
			rest = append(rest, m)
		}
	}
	var shares [][]monitors.Monitor
	for _, s := range [][]monitors.Monitor{high, rest} {
		if len(s) > 0 {
			shares = append(shares, s)
		}
	}
	return shares
}

// devMarketStart returns the market's seed and first slot. Without a seed both come from the
// clock (about mainnet's slot for now), so a second run generates new transactions instead of
// the first run's again.
func devMarketStart(seed uint64, now time.Time) (uint64, uint64) {
	const genesis = 1584368940 // mainnet-beta's first slot, 2020-03-16T14:29:00Z
	slot := uint64(now.Unix()-genesis) * 5 / 2
	if seed == 0 {
		seed = uint64(now.UnixNano())
	}
	return seed, slot
}

func printBanner(w io.Writer, info devInfo, source string, n int, shares [][]monitors.Monitor) {
	var b strings.Builder
	fmt.Fprintf(&b, "\nGeyserJet dev is running. Ctrl-C stops it.\n\n")
	fmt.Fprintf(&b, "  NATS        %s   (JetStream; streams SOL_HIGH, SOL_MEDIUM, SOL_LOW, DLQ)\n", info.NATSURL)
	if info.SimAddr != "" {
		fmt.Fprintf(&b, "  geysersim   %s   (admin http://%s/stats)\n", info.SimAddr, info.SimAdmin)
	}
	fmt.Fprintf(&b, "  HTTP        http://%s/metrics  http://%s/healthz\n", hostPort(info.HTTPAddr), hostPort(info.HTTPAddr))
	fmt.Fprintf(&b, "  monitors    %d from %s, shared by %d ingestors\n\n", n, source, len(shares))
	fmt.Fprintf(&b, "Tap it with the nats CLI (GOSUMDB=off go install github.com/nats-io/natscli/nats@v0.2.4):\n")
	fmt.Fprintf(&b, "  nats -s %s sub 'sol.high.>'\n", info.NATSURL)
	fmt.Fprintf(&b, "  nats -s %s stream ls\n", info.NATSURL)
	fmt.Fprintf(&b, "  nats -s %s sub 'dlq.>'\n\n", info.NATSURL)
	_, _ = io.WriteString(w, b.String())
}

// hostPort turns ":8080" and "[::]:8080" into "localhost:8080" for printing.
func hostPort(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host == "" || host == "::" || host == "0.0.0.0" {
		return "localhost:" + port
	}
	return addr
}

// secretFlag gives envflag's secret flag.Value the Type cobra's flags want; its String never
// shows the secret, so neither does --help.
type secretFlag struct{ flag.Value }

func (secretFlag) Type() string { return "token" }

// fillFromEnv sets every flag in env that was not given on the command line from its environment
// variable (the command line wins). Errors name the variable, never a secret's value.
func fillFromEnv(fs *pflag.FlagSet, env map[string]string) error {
	var errs []error
	for name, key := range env {
		f := fs.Lookup(name)
		if f == nil || f.Changed {
			continue
		}
		v, ok := os.LookupEnv(key)
		if !ok {
			continue
		}
		if err := f.Value.Set(v); err != nil {
			if _, secret := f.Value.(secretFlag); secret {
				err = errors.New("invalid value")
			}
			errs = append(errs, fmt.Errorf("environment %s (for --%s): %w", key, name, err))
		}
	}
	return errors.Join(errs...)
}
