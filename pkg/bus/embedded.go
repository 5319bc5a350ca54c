package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// EmbeddedConfig configures StartEmbedded. A zero field means its documented default.
type EmbeddedConfig struct {
	Host     string // client listen address; default "127.0.0.1"
	Port     int    // client port; default 4222, -1 for a random free one
	StoreDir string // JetStream's store (a "jetstream" folder inside); default "./data"
	// PortFlag names the flag that sets Port, for the error when the port is in use; default
	// "nats-port".
	PortFlag string
	// MonitorPort serves nats-server's monitoring endpoints (/varz, /jsz) on Host; 0 (default)
	// serves none.
	MonitorPort int
	MaxMemory   int64        // JetStream memory-storage limit; default: the server's (75% of RAM)
	MaxStore    int64        // JetStream file-storage limit; default: the server's (1 TB, or the disk)
	ServerName  string       // default "geyserjet-dev"
	Logger      *slog.Logger // the server's notices and warnings; default discard
	// ReadyTimeout bounds the wait for the server to accept connections; default 10 s.
	ReadyTimeout time.Duration
}

func (c EmbeddedConfig) withDefaults() EmbeddedConfig {
	if c.Host == "" {
		c.Host = "127.0.0.1"
	}
	if c.Port == 0 {
		c.Port = 4222
	}
	if c.StoreDir == "" {
		c.StoreDir = "./data"
	}
	if c.PortFlag == "" {
		c.PortFlag = "nats-port"
	}
	if c.ServerName == "" {
		c.ServerName = "geyserjet-dev"
	}
	if c.ReadyTimeout == 0 {
		c.ReadyTimeout = 10 * time.Second
	}
	return c
}

// ErrPortInUse means another process listens on the port StartEmbedded was to use.
var ErrPortInUse = errors.New("port in use")

// StartEmbedded starts a nats-server with JetStream in this process, for `geyserjet dev`: the
// streams and KV buckets live under cfg.StoreDir, so a second run resumes where the first
// stopped. It returns the running server and the URL clients connect to. When ctx ends the
// server shuts down (clients are disconnected, the store is flushed); server.WaitForShutdown
// waits for that.
//
// A port in use is an error wrapping ErrPortInUse that names the address and cfg.PortFlag.
// StartEmbedded does not install signal handlers or touch other process-wide state.
func StartEmbedded(ctx context.Context, cfg EmbeddedConfig) (*server.Server, string, error) {
	cfg = cfg.withDefaults()
	storeDir, err := filepath.Abs(cfg.StoreDir)
	if err != nil {
		return nil, "", fmt.Errorf("bus: embedded nats-server: store %s: %w", cfg.StoreDir, err)
	}
	if cfg.Port > 0 { // nats-server reports a busy port only in its log: look first
		if err := portFree(cfg.Host, cfg.Port); err != nil {
			return nil, "", fmt.Errorf("bus: embedded nats-server: listen on %s (change it with --%s): %w",
				net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)), cfg.PortFlag, err)
		}
	}
	opts := &server.Options{
		ServerName:         cfg.ServerName,
		Host:               cfg.Host,
		Port:               cfg.Port,
		JetStream:          true,
		StoreDir:           storeDir,
		JetStreamMaxMemory: cfg.MaxMemory,
		JetStreamMaxStore:  cfg.MaxStore,
		NoSigs:             true,
		NoLog:              cfg.Logger == nil,
	}
	if cfg.MonitorPort != 0 {
		opts.HTTPHost, opts.HTTPPort = cfg.Host, cfg.MonitorPort
	}
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, "", fmt.Errorf("bus: embedded nats-server: %w", err)
	}
	if cfg.Logger != nil {
		s.SetLoggerV2(&serverLogger{cfg.Logger.With("component", "nats-server")}, false, false, false)
	}
	s.Start()
	if !s.ReadyForConnections(cfg.ReadyTimeout) {
		s.Shutdown()
		s.WaitForShutdown()
		return nil, "", fmt.Errorf("bus: embedded nats-server on %s not ready after %v (is the port of --%s in use?)",
			net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)), cfg.ReadyTimeout, cfg.PortFlag)
	}
	if !s.JetStreamEnabled() {
		s.Shutdown()
		s.WaitForShutdown()
		return nil, "", fmt.Errorf("bus: embedded nats-server: JetStream did not start (store %s)", storeDir)
	}
	go func() { // exits when ctx ends or the server stops otherwise
		select {
		case <-ctx.Done():
			s.Shutdown()
		case <-shutdownDone(s):
		}
	}()
	return s, s.ClientURL(), nil
}

// shutdownDone returns a channel closed when s has shut down.
func shutdownDone(s *server.Server) <-chan struct{} {
	ch := make(chan struct{})
	go func() { s.WaitForShutdown(); close(ch) }()
	return ch
}

// portFree checks that host:port can be listened on, wrapping ErrPortInUse when it cannot for
// that reason.
func portFree(host string, port int) error {
	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("%w: %w", ErrPortInUse, err)
		}
		return err
	}
	return ln.Close()
}

// serverLogger sends nats-server's log to slog. Fatalf logs an error; it never exits the process.
type serverLogger struct{ l *slog.Logger }

func (s *serverLogger) Noticef(format string, v ...any) { s.l.Info(fmt.Sprintf(format, v...)) }
func (s *serverLogger) Warnf(format string, v ...any)   { s.l.Warn(fmt.Sprintf(format, v...)) }
func (s *serverLogger) Fatalf(format string, v ...any)  { s.l.Error(fmt.Sprintf(format, v...)) }
func (s *serverLogger) Errorf(format string, v ...any)  { s.l.Error(fmt.Sprintf(format, v...)) }
func (s *serverLogger) Debugf(format string, v ...any)  { s.l.Debug(fmt.Sprintf(format, v...)) }
func (s *serverLogger) Tracef(format string, v ...any)  { s.l.Debug(fmt.Sprintf(format, v...)) }
