package ingestor

import (
	"github.com/prometheus/client_golang/prometheus"
)

const namespace = "geyserjet_ingestor"

// metrics are the ingestor's Prometheus metrics, each labelled with the ingestor id (a constant
// label) so that several ingestors can share one registry in `geyserjet dev`.
type metrics struct {
	updates         *prometheus.CounterVec // stream
	monitorUpdates  *prometheus.CounterVec // monitor
	published       *prometheus.CounterVec // program, kind
	duplicates      *prometheus.CounterVec // program, kind
	dropped         *prometheus.CounterVec // stream
	decodeErrors    *prometheus.CounterVec // program
	deadLetters     *prometheus.CounterVec // program
	retries         *prometheus.CounterVec // reason
	sourceToAck     prometheus.Histogram
	publishLatency  prometheus.Histogram
	windowWaits     *prometheus.CounterVec // priority
	collectors      []prometheus.Collector
	reg             *prometheus.Registry
	registeredFuncs []prometheus.Collector
}

func newMetrics(reg *prometheus.Registry, id string) (*metrics, error) {
	labels := prometheus.Labels{"ingestor": id}
	counter := func(name, help string, lv ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: name, Help: help, ConstLabels: labels}, lv)
	}
	m := &metrics{
		reg:            reg,
		updates:        counter("updates_received_total", "Updates received from Yellowstone, by stream.", "stream"),
		monitorUpdates: counter("monitor_updates_received_total", "Updates received from Yellowstone, by monitor whose filter matched.", "monitor"),
		published:      counter("events_published_total", "Events acknowledged by JetStream, by subject family (program and kind).", "program", "kind"),
		duplicates:     counter("events_duplicate_total", "Acknowledged events JetStream had already stored (same Nats-Msg-Id), by subject family.", "program", "kind"),
		dropped:        counter("events_dropped_total", "Decoded events no monitor of the stream asked for, not published.", "stream"),
		decodeErrors:   counter("decode_errors_total", "Instructions, accounts or updates that failed to decode, by program (\"unknown\" when the update itself is malformed).", "program"),
		deadLetters:    counter("dead_letters_total", "Updates sent to dlq.ingestor.<program>, by program.", "program"),
		retries:        counter("publish_retries_total", "Publishes sent again after a failure or a missing acknowledgement, by reason.", "reason"),
		windowWaits:    counter("window_waits_total", "Publishes that waited for room in the full in-flight window, by stream priority.", "priority"),
		publishLatency: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: namespace, Name: "publish_latency_seconds",
			Help:        "Time from sending a publish to its JetStream acknowledgement, retries included.",
			ConstLabels: labels, Buckets: prometheus.ExponentialBuckets(0.0001, 2, 18)}),
		sourceToAck: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: namespace, Name: "source_to_ack_seconds",
			Help: "Time from the provider's created_at on an update to the JetStream acknowledgement of an event from it " +
				"(provider clock to ours: skew shows here).",
			ConstLabels: labels, Buckets: prometheus.ExponentialBuckets(0.0001, 1.25, 56)}),
	}
	m.collectors = []prometheus.Collector{m.updates, m.monitorUpdates, m.published, m.duplicates, m.dropped, m.decodeErrors,
		m.deadLetters, m.retries, m.windowWaits, m.publishLatency, m.sourceToAck}
	for i, c := range m.collectors {
		if err := reg.Register(c); err != nil {
			for _, done := range m.collectors[:i] {
				reg.Unregister(done)
			}
			return nil, err
		}
	}
	return m, nil
}

// gaugeFunc registers a gauge computed at scrape time; labels must include the ingestor id.
func (m *metrics) gaugeFunc(name, help string, labels prometheus.Labels, f func() float64) error {
	return m.register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: namespace, Name: name, Help: help, ConstLabels: labels}, f))
}

// counterFunc registers a counter read at scrape time; labels must include the ingestor id.
func (m *metrics) counterFunc(name, help string, labels prometheus.Labels, f func() float64) error {
	return m.register(prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: namespace, Name: name, Help: help, ConstLabels: labels}, f))
}

func (m *metrics) register(g prometheus.Collector) error {
	if err := m.reg.Register(g); err != nil {
		return err
	}
	m.registeredFuncs = append(m.registeredFuncs, g)
	return nil
}

// unregister removes every metric from the registry, so that a later Run with the same registry
// and id can register again.
func (m *metrics) unregister() {
	for _, c := range m.collectors {
		m.reg.Unregister(c)
	}
	for _, c := range m.registeredFuncs {
		m.reg.Unregister(c)
	}
}
