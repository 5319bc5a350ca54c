package geysersim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mr-tron/base58"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/grpc/status"
)

// SentTx is a published transaction.
type SentTx struct {
	Signature string `json:"signature"`
	Slot      uint64 `json:"slot"`
}

// SentAccount is a published account write.
type SentAccount struct {
	Pubkey       string `json:"pubkey"`
	Slot         uint64 `json:"slot"`
	WriteVersion uint64 `json:"write_version"`
}

// SentLedger is what the server published, in order, for exactly-once checks: every transaction and
// account update once, whatever the streams did with them.
type SentLedger struct {
	Transactions []SentTx      `json:"transactions"`
	Accounts     []SentAccount `json:"accounts"`
	Dropped      uint64        `json:"dropped"` // records not kept beyond Config.LedgerMax
}

type sentLedger struct {
	max int

	mu   sync.Mutex
	txs  []SentTx
	accs []SentAccount
	drop uint64
}

func (l *sentLedger) add(batch []*entry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range batch {
		if e.kind != kindTransaction && e.kind != kindAccount {
			continue
		}
		if len(l.txs)+len(l.accs) >= l.max {
			l.drop++
			continue
		}
		if e.kind == kindTransaction {
			l.txs = append(l.txs, SentTx{Signature: base58.Encode(e.sig), Slot: e.slot})
		} else {
			l.accs = append(l.accs, SentAccount{Pubkey: base58.Encode(e.pubkey[:]), Slot: e.slot, WriteVersion: e.wv})
		}
	}
}

func (l *sentLedger) snapshot() SentLedger {
	l.mu.Lock()
	defer l.mu.Unlock()
	return SentLedger{Transactions: append([]SentTx{}, l.txs...), Accounts: append([]SentAccount{}, l.accs...), Dropped: l.drop}
}

// StreamStats describes one open stream.
type StreamStats struct {
	ID      uint64    `json:"id"`
	Conn    uint64    `json:"conn"`
	Remote  string    `json:"remote"`
	Opened  time.Time `json:"opened"`
	Sent    uint64    `json:"sent"`    // messages sent, pings and pongs included
	Lag     uint64    `json:"lag"`     // updates published but not yet read
	Stalled bool      `json:"stalled"` // stalled by a fault and sending nothing
	Filters []string  `json:"filters"` // "kind/name" of every filter
}

// DialStats counts connection attempts.
type DialStats struct {
	Accepted    int    `json:"accepted"`
	Refused     int    `json:"refused"`
	MaxInWindow int    `json:"max_in_window"` // the most accepted dials of one token in any rolling window
	Limit       int    `json:"limit"`
	Window      string `json:"window"`
	Log         []Dial `json:"log"` // every dial, oldest first (the last 100,000)
}

// Stats is the server's state, as GET /stats returns it.
type Stats struct {
	Dials       DialStats                    `json:"dials"`
	OpenConns   int                          `json:"open_connections"`
	OpenStreams int                          `json:"open_streams"`
	Streams     []StreamStats                `json:"streams"`
	Slot        uint64                       `json:"slot"`
	Published   uint64                       `json:"published"`
	Sent        map[string]map[string]uint64 `json:"sent"` // program -> kind -> updates sent to streams
	Ledger      *SentLedger                  `json:"ledger,omitempty"`
}

// Stats returns the server's state; the ledger only when withLedger.
func (s *Server) Stats(withLedger bool) Stats {
	st := Stats{Slot: s.currentSlot(), Published: s.published.Load(), Sent: map[string]map[string]uint64{}}
	s.lim.mu.Lock()
	st.Dials = DialStats{Accepted: s.lim.accepted, Refused: s.lim.refused, MaxInWindow: s.lim.maxInWindow,
		Limit: s.lim.dialLimit, Window: s.lim.dialWindow.String(), Log: append([]Dial{}, s.lim.dials...)}
	st.OpenConns = s.lim.open
	s.lim.mu.Unlock()
	head := s.hub.headSeq()
	for _, x := range s.hub.list() {
		f := x.filters.Load()
		ss := StreamStats{ID: x.id, Conn: x.conn, Remote: x.remote, Opened: x.opened, Sent: x.sent.Load(),
			Lag: head - min(head, x.cursor.Load()), Stalled: x.parked.Load(), Filters: f.names()}
		st.Streams = append(st.Streams, ss)
	}
	sort.Slice(st.Streams, func(a, b int) bool { return st.Streams[a].ID < st.Streams[b].ID })
	st.OpenStreams = len(st.Streams)
	for p := range numPrograms {
		for k := range numKinds {
			if n := s.sent[p][k].Load(); n > 0 {
				m := st.Sent[programNames[p]]
				if m == nil {
					m = map[string]uint64{}
					st.Sent[programNames[p]] = m
				}
				m[kindNames[k]] = n
			}
		}
	}
	if withLedger {
		l := s.sentLedger.snapshot()
		st.Ledger = &l
	}
	return st
}

func (f *filter) names() []string {
	var out []string
	for _, a := range f.accounts {
		out = append(out, "accounts/"+a.name)
	}
	for _, x := range f.slots {
		out = append(out, "slots/"+x.name)
	}
	for _, x := range f.txs {
		out = append(out, "transactions/"+x.name)
	}
	for _, x := range f.txStatus {
		out = append(out, "transactions_status/"+x.name)
	}
	for _, x := range f.blocksMeta {
		out = append(out, "blocks_meta/"+x)
	}
	return out
}

// AdminHandler returns the admin HTTP API: GET /stats (?ledger=0 leaves the ledger out),
// POST /faults/<name> (parameters in the query or a JSON object), GET /metrics, GET /healthz.
func (s *Server) AdminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Stats(r.URL.Query().Get("ledger") != "0"))
	})
	mux.HandleFunc("POST /faults/{name}", func(w http.ResponseWriter, r *http.Request) {
		m := map[string]string{}
		for k, v := range r.URL.Query() {
			m[k] = v[0]
		}
		if r.Body != nil {
			body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			if err != nil {
				writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
				return
			}
			if len(strings.TrimSpace(string(body))) > 0 {
				var raw map[string]any
				if err := json.Unmarshal(body, &raw); err != nil {
					writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body: " + err.Error()})
					return
				}
				for k, v := range raw {
					m[k] = fmt.Sprint(v)
				}
			}
		}
		p, err := ParseFaultParams(m)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		res, err := s.Fault(r.PathValue("name"), p)
		switch {
		case errors.Is(err, ErrUnknownFault):
			writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
		case errors.Is(err, ErrNoStream):
			writeJSON(w, http.StatusConflict, map[string]string{"error": err.Error()})
		case err != nil:
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		default:
			writeJSON(w, http.StatusOK, res)
		}
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.cfg.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "ok\n")
	})
	return mux
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// simMetrics are the server's Prometheus metrics, in Config.Registry.
type simMetrics struct {
	dials   *prometheus.CounterVec
	streams prometheus.Gauge
	ended   *prometheus.CounterVec
	faults  *prometheus.CounterVec
}

func newSimMetrics(s *Server, reg *prometheus.Registry) *simMetrics {
	m := &simMetrics{
		dials: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "geysersim_dials_total",
			Help: "Connection attempts by result (accepted, or the refusal's gRPC code)."}, []string{"result"}),
		streams: prometheus.NewGauge(prometheus.GaugeOpts{Name: "geysersim_open_streams", Help: "Open Subscribe streams."}),
		ended: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "geysersim_streams_ended_total",
			Help: "Subscribe streams ended, by the gRPC code they ended with."}, []string{"code"}),
		faults: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "geysersim_faults_total", Help: "Faults applied."}, []string{"fault"}),
	}
	reg.MustRegister(m.dials, m.streams, m.ended, m.faults, &sentCollector{s: s},
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "geysersim_updates_published_total", Help: "Updates published to the log."},
			func() float64 { return float64(s.published.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "geysersim_open_connections", Help: "Accepted connections open."},
			func() float64 { s.lim.mu.Lock(); defer s.lim.mu.Unlock(); return float64(s.lim.open) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "geysersim_slot", Help: "The last processed slot."},
			func() float64 { return float64(s.currentSlot()) }))
	return m
}

func (m *simMetrics) dial(d Dial) {
	if d.Accepted {
		m.dials.WithLabelValues("accepted").Inc()
	} else {
		m.dials.WithLabelValues(d.Code).Inc()
	}
}

func (m *simMetrics) streamOpened() { m.streams.Inc() }

func (m *simMetrics) streamClosed(err error) {
	m.streams.Dec()
	m.ended.WithLabelValues(status.Code(err).String()).Inc()
}

func (m *simMetrics) fault(name string) { m.faults.WithLabelValues(name).Inc() }

// sentCollector exports the per-program, per-kind counts of updates sent to streams.
type sentCollector struct{ s *Server }

var sentDesc = prometheus.NewDesc("geysersim_updates_sent_total", "Updates sent to streams, by program and kind.", []string{"program", "kind"}, nil)

func (c *sentCollector) Describe(ch chan<- *prometheus.Desc) { ch <- sentDesc }

func (c *sentCollector) Collect(ch chan<- prometheus.Metric) {
	for p := range numPrograms {
		for k := range numKinds {
			ch <- prometheus.MustNewConstMetric(sentDesc, prometheus.CounterValue, float64(c.s.sent[p][k].Load()), programNames[p], kindNames[k])
		}
	}
}
