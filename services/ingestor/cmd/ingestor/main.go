// Command ingestor runs the ingestor service until SIGINT or SIGTERM: it streams the monitors of
// a monitors file from a Yellowstone provider into the NATS JetStream streams.
//
// Every flag has an environment fallback (see -h); the command line wins.
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/envflag"
	"github.com/geyserjet/geyserjet/pkg/monitors"
	"github.com/geyserjet/geyserjet/services/ingestor"
)

func main() {
	cfg := ingestor.Config{Logger: slog.New(slog.NewJSONHandler(os.Stderr, nil)).With("service", "ingestor")}
	fs := flag.NewFlagSet("ingestor", flag.ExitOnError)
	fs.StringVar(&cfg.NATSURL, "nats-url", "nats://127.0.0.1:4222", "NATS server URL(s), comma-separated (env NATS_URL)")
	fs.StringVar(&cfg.NATSUser, "nats-user", "", "NATS user, with -nats-password (env NATS_USER)")
	envflag.SecretVar(fs, &cfg.NATSPassword, "nats-password", "NATS password (env NATS_PASSWORD)")
	envflag.SecretVar(fs, &cfg.NATSToken, "nats-token", "NATS token (env NATS_TOKEN)")
	fs.StringVar(&cfg.NATSCredsFile, "nats-creds", "", "NATS credentials file (env NATS_CREDS)")
	fs.StringVar(&cfg.Endpoint, "endpoint", "http://127.0.0.1:10000", "Yellowstone gRPC endpoint: host:port, https://host[:port] or http://host:port (env YELLOWSTONE_ENDPOINT)")
	envflag.SecretVar(fs, &cfg.XToken, "x-token", "Yellowstone x-token (env YELLOWSTONE_X_TOKEN)")
	fs.BoolVar(&cfg.Insecure, "insecure", false, "plaintext gRPC even without an http:// scheme (env YELLOWSTONE_INSECURE)")
	fs.BoolVar(&cfg.Gzip, "gzip", false, "ask the provider for gzip-compressed responses (env YELLOWSTONE_GZIP)")
	fs.StringVar(&cfg.MonitorsFile, "monitors", "", "monitors file (env GEYSERJET_MONITORS); default deploy/monitors.yaml if present, else the built-in fifteen")
	fs.StringVar(&cfg.ID, "id", "", "ingestor id; default ingestor-<hostname> (env INGESTOR_ID)")
	fs.StringVar(&cfg.HTTPAddr, "http-addr", ingestor.DefaultHTTPAddr, "address of /metrics and /healthz (env INGESTOR_HTTP_ADDR)")
	fs.IntVar(&cfg.MaxInFlight, "max-in-flight", ingestor.DefaultMaxInFlight, "unacknowledged publishes at once (env INGESTOR_MAX_IN_FLIGHT)")
	fs.IntVar(&cfg.Buffer, "buffer", ingestor.DefaultBuffer, "updates read ahead of decoding, per stream (env INGESTOR_BUFFER)")
	fs.DurationVar(&cfg.PublishTimeout, "publish-timeout", ingestor.DefaultPublishTimeout, "resend a publish not acknowledged within this (env INGESTOR_PUBLISH_TIMEOUT)")
	fs.IntVar(&cfg.DialRate, "dial-rate", ingestor.DefaultDialRate, "dials of the provider per minute (env INGESTOR_DIAL_RATE)")
	fs.DurationVar(&cfg.StallTimeout, "stall-timeout", 0, "re-establish a stream silent this long; 0: the client's default, 30s (env INGESTOR_STALL_TIMEOUT)")
	fs.DurationVar(&cfg.StreamDownAfter, "stream-down-after", ingestor.DefaultStreamDownAfter, "/healthz fails for a stream without updates this long (env INGESTOR_STREAM_DOWN_AFTER)")
	var dupWindow, maxAge time.Duration
	var maxBytes, lowPerSubject int64
	fs.DurationVar(&dupWindow, "dup-window", 0, "duplicate window of SOL_HIGH/MEDIUM/LOW; server memory ≈ 190 B × msgs/s × window; 0: 2m (env INGESTOR_DUP_WINDOW)")
	fs.DurationVar(&maxAge, "max-age", 0, "how long SOL_HIGH/MEDIUM/LOW keep messages; 0: 24h, 7d (medium), 24h (env INGESTOR_MAX_AGE)")
	fs.Int64Var(&maxBytes, "max-bytes", 0, "size limit of each of SOL_HIGH/MEDIUM/LOW in bytes; 0: 1 GiB, 512 MiB, 512 MiB (env INGESTOR_MAX_BYTES)")
	fs.Int64Var(&lowPerSubject, "low-per-subject", 0, "messages SOL_LOW keeps per subject (account state: the latest); 0: 100, -1: all (env INGESTOR_LOW_PER_SUBJECT)")
	_ = fs.Parse(os.Args[1:])
	envflag.Fill(fs, map[string]string{
		"nats-url":          "NATS_URL",
		"nats-user":         "NATS_USER",
		"nats-password":     "NATS_PASSWORD",
		"nats-token":        "NATS_TOKEN",
		"nats-creds":        "NATS_CREDS",
		"endpoint":          "YELLOWSTONE_ENDPOINT",
		"x-token":           "YELLOWSTONE_X_TOKEN",
		"insecure":          "YELLOWSTONE_INSECURE",
		"gzip":              "YELLOWSTONE_GZIP",
		"monitors":          "GEYSERJET_MONITORS",
		"id":                "INGESTOR_ID",
		"http-addr":         "INGESTOR_HTTP_ADDR",
		"max-in-flight":     "INGESTOR_MAX_IN_FLIGHT",
		"buffer":            "INGESTOR_BUFFER",
		"publish-timeout":   "INGESTOR_PUBLISH_TIMEOUT",
		"dial-rate":         "INGESTOR_DIAL_RATE",
		"stall-timeout":     "INGESTOR_STALL_TIMEOUT",
		"stream-down-after": "INGESTOR_STREAM_DOWN_AFTER",
		"dup-window":        "INGESTOR_DUP_WINDOW",
		"max-age":           "INGESTOR_MAX_AGE",
		"max-bytes":         "INGESTOR_MAX_BYTES",
		"low-per-subject":   "INGESTOR_LOW_PER_SUBJECT",
	})
	for _, l := range []*bus.StreamLimits{&cfg.Streams.High, &cfg.Streams.Medium, &cfg.Streams.Low} {
		l.Duplicates, l.MaxAge, l.MaxBytes = dupWindow, maxAge, maxBytes
	}
	cfg.Streams.Low.MaxMsgsPerSubject = lowPerSubject
	if cfg.MonitorsFile == "" {
		if _, err := os.Stat("deploy/monitors.yaml"); err == nil {
			cfg.MonitorsFile = "deploy/monitors.yaml"
		} else {
			cfg.Monitors = monitors.Default()
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := ingestor.Run(ctx, cfg); err != nil {
		cfg.Logger.Error("ingestor stopped", "err", err)
		os.Exit(1)
	}
}
