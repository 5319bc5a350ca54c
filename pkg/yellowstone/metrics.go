package yellowstone

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are a Client's Prometheus metrics, labeled with the Client's name ("client") and, per
// stream, the stream's name ("stream"). Without a registry they are created but not registered.
type metrics struct {
	dials      prometheus.Counter
	dialErrors prometheus.Counter
	gateWait   prometheus.Observer

	reconnects *prometheus.CounterVec // client, stream, cause
	updates    *prometheus.CounterVec // client, stream
	lastSlot   *prometheus.GaugeVec   // client, stream
	up         *prometheus.GaugeVec   // client, stream
	gaps       *prometheus.CounterVec // client, stream
	client     string
}

func newMetrics(reg *prometheus.Registry, client string) (*metrics, error) {
	dials := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "yellowstone_dials_total",
		Help: "TCP dials of the provider admitted by the gate, first and reconnects."}, []string{"client"})
	dialErrors := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "yellowstone_dial_errors_total",
		Help: "Dials the gate did not admit or that failed to connect."}, []string{"client"})
	gateWait := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "yellowstone_gate_wait_seconds",
		Help:    "Time a dial waited in the gate.",
		Buckets: []float64{0.001, 0.01, 0.1, 0.5, 1, 5, 15, 30, 60}}, []string{"client"})
	reconnects := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "yellowstone_reconnects_total",
		Help: "Stream resubscribes, by cause: rate_limited, unauthenticated, not_whitelisted, stalled, stream_error, eof, connection, out_of_range."},
		[]string{"client", "stream", "cause"})
	updates := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "yellowstone_updates_received_total",
		Help: "Updates received, pings and pongs excluded."}, []string{"client", "stream"})
	lastSlot := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "yellowstone_last_slot",
		Help: "The highest slot received on the stream."}, []string{"client", "stream"})
	up := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "yellowstone_stream_up",
		Help: "1 while the stream is subscribed, 0 while it is down or backing off."}, []string{"client", "stream"})
	gaps := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "yellowstone_gaps_total",
		Help: "Resubscribes whose from_slot the provider no longer had: data was missed."}, []string{"client", "stream"})
	if reg != nil {
		var errs []error
		dials = register(reg, dials, &errs)
		dialErrors = register(reg, dialErrors, &errs)
		gateWait = register(reg, gateWait, &errs)
		reconnects = register(reg, reconnects, &errs)
		updates = register(reg, updates, &errs)
		lastSlot = register(reg, lastSlot, &errs)
		up = register(reg, up, &errs)
		gaps = register(reg, gaps, &errs)
		if err := errors.Join(errs...); err != nil {
			return nil, fmt.Errorf("register metrics: %w", err)
		}
	}
	return &metrics{dials: dials.WithLabelValues(client), dialErrors: dialErrors.WithLabelValues(client),
		gateWait: gateWait.WithLabelValues(client), reconnects: reconnects, updates: updates,
		lastSlot: lastSlot, up: up, gaps: gaps, client: client}, nil
}

// register registers c, or returns the collector already registered under its name, so that
// several Clients can share a registry. Other failures are appended to errs.
func register[C prometheus.Collector](reg *prometheus.Registry, c C, errs *[]error) C {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if old, ok := are.ExistingCollector.(C); ok {
				return old
			}
		}
		*errs = append(*errs, err)
	}
	return c
}

// streamMetrics are one stream's series.
type streamMetrics struct {
	updates  prometheus.Counter
	lastSlot prometheus.Gauge
	up       prometheus.Gauge
	gaps     prometheus.Counter
	m        *metrics
	stream   string
}

func (m *metrics) stream(name string) *streamMetrics {
	for _, c := range causes { // every cause shows, at 0, from the start
		m.reconnects.WithLabelValues(m.client, name, c)
	}
	return &streamMetrics{updates: m.updates.WithLabelValues(m.client, name),
		lastSlot: m.lastSlot.WithLabelValues(m.client, name), up: m.up.WithLabelValues(m.client, name),
		gaps: m.gaps.WithLabelValues(m.client, name), m: m, stream: name}
}

func (s *streamMetrics) reconnect(cause string) {
	s.m.reconnects.WithLabelValues(s.m.client, s.stream, cause).Inc()
}
