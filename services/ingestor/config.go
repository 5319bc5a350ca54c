package ingestor

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/health"
	"github.com/geyserjet/geyserjet/pkg/monitors"
	"github.com/geyserjet/geyserjet/pkg/secret"
	"github.com/geyserjet/geyserjet/pkg/yellowstone"
)

// Defaults of Config.
const (
	DefaultHTTPAddr        = ":8081"
	DefaultMaxInFlight     = 4096
	DefaultBuffer          = 1024
	DefaultDialRate        = 60 // dials per minute
	DefaultPublishTimeout  = 5 * time.Second
	DefaultStreamDownAfter = 2 * time.Minute
	// ShutdownTimeout bounds the wait for unacknowledged publishes once ctx ends.
	ShutdownTimeout = 10 * time.Second
)

// Config configures the ingestor service. A zero field means its documented default.
type Config struct {
	ID string // ingestor id in events, metrics and logs; default "ingestor-<hostname>"

	NATSURL       string       // NATS server URL(s); required; user info in it is never logged
	NATSUser      string       // with NATSPassword
	NATSPassword  secret.Value // never logged
	NATSToken     secret.Value // never logged
	NATSCredsFile string       // NATS credentials file (JWT and nkey seed)

	Endpoint string       // Yellowstone endpoint ("host:port", "https://…", "http://…"); required
	XToken   secret.Value // Yellowstone x-token; never logged
	Insecure bool         // plaintext gRPC even without an http:// scheme
	Gzip     bool         // ask the provider for gzip-compressed responses

	// Monitors are the monitors to run; when empty they are read from MonitorsFile. One of the
	// two is required.
	Monitors     []monitors.Monitor
	MonitorsFile string
	// AllMonitors are every monitor the deployment runs, this ingestor's and others': an event
	// carries all of them that asked for it (the same set from every stream and ingestor that
	// publishes it, so deduplication keeps a complete copy). Default: this ingestor's monitors.
	AllMonitors []monitors.Monitor

	Streams bus.StreamsConfig // limits of SOL_HIGH, SOL_MEDIUM, SOL_LOW and DLQ; zero: bus defaults

	MaxInFlight    int           // unacknowledged publishes at once, all streams together; default 4096
	Buffer         int           // updates read ahead of decoding, per stream; default 1024
	PublishTimeout time.Duration // a publish not acknowledged within this is sent again; default 5s

	DialRate        int              // dials of the provider per minute (local token bucket); default 60
	Gate            yellowstone.Gate // admits dials instead of the local token bucket (the budget)
	StallTimeout    time.Duration    // a stream silent this long is re-established; default: the client's (30s)
	StreamDownAfter time.Duration    // /healthz fails for a stream without updates this long; default 2m

	// HTTPAddr is where /metrics and /healthz are served; default ":8081". Ignored when Mux is
	// set: then the process serves Mux (`geyserjet dev`) with /metrics from Registry and /healthz
	// from Checks, and the ingestor listens on nothing itself.
	HTTPAddr string
	Mux      *http.ServeMux
	Checks   *health.Checks // the ingestor adds its health checks here; default: its own

	Logger   *slog.Logger         // default: discard
	Registry *prometheus.Registry // default: a new registry with the Go runtime and process collectors
	Now      func() time.Time     // receive time of updates; default time.Now
}

func (c Config) withDefaults() Config {
	if c.ID == "" {
		host, err := os.Hostname()
		if err != nil || host == "" {
			host = "unknown"
		}
		c.ID = "ingestor-" + host
	}
	if c.MaxInFlight == 0 {
		c.MaxInFlight = DefaultMaxInFlight
	}
	if c.Buffer == 0 {
		c.Buffer = DefaultBuffer
	}
	if c.PublishTimeout == 0 {
		c.PublishTimeout = DefaultPublishTimeout
	}
	if c.DialRate == 0 {
		c.DialRate = DefaultDialRate
	}
	if c.StreamDownAfter == 0 {
		c.StreamDownAfter = DefaultStreamDownAfter
	}
	if c.HTTPAddr == "" {
		c.HTTPAddr = DefaultHTTPAddr
	}
	if c.Checks == nil {
		c.Checks = new(health.Checks)
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Registry == nil { // a process of its own: with the Go runtime's and the process's metrics
		c.Registry = prometheus.NewRegistry()
		c.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

func (c Config) validate() error {
	var errs []error
	if c.NATSURL == "" {
		errs = append(errs, errors.New("NATS URL required"))
	}
	if c.Endpoint == "" {
		errs = append(errs, errors.New("Yellowstone endpoint required"))
	}
	if len(c.Monitors) == 0 && c.MonitorsFile == "" {
		errs = append(errs, errors.New("monitors required: give Monitors or MonitorsFile"))
	}
	if c.MaxInFlight < 1 || c.Buffer < 0 || c.DialRate < 1 {
		errs = append(errs, fmt.Errorf("max in flight %d, buffer %d, dial rate %d: need max in flight >= 1, buffer >= 0, dial rate >= 1",
			c.MaxInFlight, c.Buffer, c.DialRate))
	}
	if c.PublishTimeout < 0 || c.StallTimeout < 0 || c.StreamDownAfter < 0 {
		errs = append(errs, errors.New("timeouts must not be negative"))
	}
	return errors.Join(errs...)
}

// LogValue summarises the configuration for the start-up log line; it holds no credential.
func (c Config) LogValue() slog.Value {
	monitorsFrom := c.MonitorsFile
	if len(c.Monitors) > 0 {
		monitorsFrom = fmt.Sprintf("%d given", len(c.Monitors))
	}
	http := c.HTTPAddr
	if c.Mux != nil {
		http = "shared mux"
	}
	return slog.GroupValue(
		slog.String("id", c.ID),
		slog.String("nats_url", bus.Redact(c.NATSURL)),
		slog.Bool("nats_auth", c.NATSUser != "" || !c.NATSPassword.IsZero() || !c.NATSToken.IsZero() || c.NATSCredsFile != ""),
		slog.String("endpoint", bus.Redact(c.Endpoint)),
		slog.Bool("x_token", !c.XToken.IsZero()),
		slog.Bool("insecure", c.Insecure),
		slog.String("monitors", monitorsFrom),
		slog.Int("max_in_flight", c.MaxInFlight),
		slog.Int("buffer", c.Buffer),
		slog.String("publish_timeout", c.PublishTimeout.String()),
		slog.Int("dial_rate_per_min", c.DialRate),
		slog.String("http", http),
	)
}
