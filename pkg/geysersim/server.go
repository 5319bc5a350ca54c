package geysersim

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mr-tron/base58"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"golang.org/x/sync/errgroup"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/status"
)

// Version is what GetVersion reports as the package version.
const Version = "geysersim-0.1.0"

// Server is a Yellowstone-compatible gRPC server. Create it with New, run it with Serve. Its
// methods are safe for concurrent use.
type Server struct {
	pb.UnimplementedGeyserServer

	cfg   Config
	hub   *hub
	lim   *limits
	lis   *listener
	admin net.Listener
	grpc  *grpc.Server
	met   *simMetrics

	shutdown chan struct{} // closed when Serve begins to stop
	recvWG   sync.WaitGroup
	inject   chan *pb.SubscribeUpdate // updates the faults add, published by the pacer

	nextStream atomic.Uint64
	published  atomic.Uint64
	sent       [numPrograms][numKinds]atomic.Uint64

	chainMu    sync.Mutex
	slot       uint64 // the last processed slot; 0 before the first
	recent     []uint64
	blockhash  map[string]uint64 // recent blockhashes, for IsBlockhashValid
	hashOrder  []string
	txsInSlot  uint64
	lastSlotAt time.Time

	faults     faultState
	sentLedger sentLedger

	served atomic.Bool
}

// New validates cfg, listens, and returns a Server ready to Serve. It returns an error when cfg
// is invalid or an address cannot be listened on.
func New(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("geysersim: config: %w", err)
	}
	s := &Server{cfg: cfg, hub: newHub(cfg.QueueSize, cfg.ReplaySlots, cfg.Block), shutdown: make(chan struct{}),
		inject: make(chan *pb.SubscribeUpdate, 64), blockhash: make(map[string]uint64)}
	s.sentLedger.max = cfg.LedgerMax
	s.met = newSimMetrics(s, cfg.Registry)
	s.lim = &limits{token: cfg.XToken, dialLimit: cfg.DialLimit, dialWindow: cfg.DialWindow, maxConns: cfg.MaxConns,
		maxStreams: cfg.MaxStreams, now: cfg.Now, windows: make(map[string][]time.Time), onDial: s.met.dial}
	gl := cfg.Listener
	if gl == nil {
		var err error
		if gl, err = net.Listen("tcp", cfg.Listen); err != nil {
			return nil, fmt.Errorf("geysersim: listen %s: %w", cfg.Listen, err)
		}
	}
	s.lis = &listener{Listener: gl, refuse: s.faults.refusing, lim: s.lim, conns: make(map[*trackedConn]struct{})}
	s.admin = cfg.AdminListener
	if s.admin == nil && cfg.Admin != "off" {
		var err error
		if s.admin, err = net.Listen("tcp", cfg.Admin); err != nil {
			gl.Close()
			return nil, fmt.Errorf("geysersim: listen admin %s: %w", cfg.Admin, err)
		}
	}
	s.grpc = grpc.NewServer(
		grpc.ForceServerCodecV2(newCodec()),
		grpc.StatsHandler(s.lim),
		grpc.ChainUnaryInterceptor(s.unaryAdmit),
		grpc.ChainStreamInterceptor(s.streamAdmit),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: 5 * time.Second, PermitWithoutStream: true}),
		grpc.KeepaliveParams(keepalive.ServerParameters{Time: 30 * time.Second, Timeout: 10 * time.Second}),
		grpc.MaxRecvMsgSize(16<<20),
	)
	pb.RegisterGeyserServer(s.grpc, s)
	return s, nil
}

// Addr returns the gRPC listener's address.
func (s *Server) Addr() net.Addr { return s.lis.Addr() }

// AdminAddr returns the admin HTTP listener's address, nil when it is off.
func (s *Server) AdminAddr() net.Addr {
	if s.admin == nil {
		return nil
	}
	return s.admin.Addr()
}

// Run serves cfg until ctx is canceled, then shuts down and returns nil; or returns the error that
// kept it from starting or stopped it.
func Run(ctx context.Context, cfg Config) error {
	s, err := New(cfg)
	if err != nil {
		return err
	}
	return s.Serve(ctx)
}

// Serve publishes the source and serves gRPC and admin HTTP until ctx is canceled, then stops
// every stream with Unavailable, stops the servers within 10 s and returns nil. It returns an
// error when the source or a server fails. Serve may be called once.
func (s *Server) Serve(ctx context.Context) error {
	if !s.served.CompareAndSwap(false, true) {
		return errors.New("geysersim: Serve called twice")
	}
	log := s.cfg.Logger
	auth := "on"
	if s.cfg.XToken == "" {
		auth = "off (no x-token configured)"
	}
	log.Info("geysersim listening", "grpc", s.lis.Addr().String(), "admin", addrString(s.admin), "auth", auth,
		"dial_limit", fmt.Sprintf("%d/%s", s.cfg.DialLimit, s.cfg.DialWindow), "max_conns", s.cfg.MaxConns,
		"max_streams", s.cfg.MaxStreams, "rate", s.cfg.Rate, "source", s.cfg.Source != nil)
	for _, f := range s.cfg.Faults {
		name, p, _ := parseFaultSpec(f)
		if _, err := s.Fault(name, p); err != nil {
			return fmt.Errorf("geysersim: fault %q: %w", f, err)
		}
	}

	g, gctx := errgroup.WithContext(ctx)
	entries := make(chan *entry, 4096)
	g.Go(func() error { return s.read(gctx, entries) })
	g.Go(func() error { return s.pace(gctx, entries) })
	g.Go(func() error {
		if err := s.grpc.Serve(s.lis); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
			return fmt.Errorf("geysersim: serve grpc: %w", err)
		}
		return nil
	})
	var hs *http.Server
	if s.admin != nil {
		hs = &http.Server{Handler: s.AdminHandler(), ReadHeaderTimeout: 10 * time.Second}
		g.Go(func() error {
			if err := hs.Serve(s.admin); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("geysersim: serve admin: %w", err)
			}
			return nil
		})
	}
	g.Go(func() error {
		<-gctx.Done()
		close(s.shutdown)
		for _, st := range s.hub.list() {
			st.kill(errShutdown)
		}
		stopped := make(chan struct{})
		go func() { s.grpc.GracefulStop(); close(stopped) }()
		t := time.NewTimer(10 * time.Second)
		select {
		case <-stopped:
		case <-t.C:
			s.grpc.Stop()
			<-stopped
		}
		t.Stop()
		if hs != nil {
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			if err := hs.Shutdown(sctx); err != nil {
				hs.Close()
			}
		}
		return nil
	})
	err := g.Wait()
	s.recvWG.Wait()
	log.Info("geysersim stopped")
	return err
}

func addrString(l net.Listener) string {
	if l == nil {
		return "off"
	}
	return l.Addr().String()
}

// read turns the source's items into entries, ahead of the pacer. It closes out when the source
// ends or ctx does.
func (s *Server) read(ctx context.Context, out chan<- *entry) error {
	defer close(out)
	if s.cfg.Source == nil {
		return nil
	}
	for {
		it, err := s.cfg.Source.Next(ctx)
		if err == io.EOF {
			s.cfg.Logger.Info("source ended")
			return nil
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("geysersim: source: %w", err)
		}
		if it.Update == nil {
			continue
		}
		e, err := newEntry(it.Update, it.Raw)
		if err != nil {
			return fmt.Errorf("geysersim: marshal update: %w", err)
		}
		e.at = it.At
		select {
		case out <- e:
		case <-ctx.Done():
			return nil
		}
	}
}

// pace publishes entries at the configured rate, synthesizing slot and block-meta updates when
// the source has none, until ctx ends.
func (s *Server) pace(ctx context.Context, in <-chan *entry) error {
	start := time.Now()
	s.chainMu.Lock()
	s.lastSlotAt = start
	s.chainMu.Unlock()
	srcSlots := false // the source publishes its own slot updates
	var n uint64      // entries published from the source
	var batch []*entry
	var next *entry
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	flush := func() {
		if len(batch) > 0 {
			s.publish(batch)
			batch = batch[:0]
			s.hub.enforce(ctx, s.cfg.Block)
		}
	}
	for {
		if next == nil && in != nil {
			select {
			case e, ok := <-in:
				if !ok {
					in = nil
				} else {
					next = e
				}
			default: // nothing ready: flush and wait below
			}
		}
		now := time.Now()
		var due time.Time
		if next != nil {
			switch {
			case s.cfg.Rate > 0:
				due = start.Add(time.Duration(float64(n) / s.cfg.Rate * float64(time.Second)))
			case s.cfg.Rate == 0:
				due = start.Add(next.at)
			default:
				due = now
			}
			if !due.After(now) {
				if next.kind == kindSlot {
					srcSlots = true
				}
				if next.slot > s.currentSlot() {
					// A source with its own processed slot updates and block metas (the market)
					// still needs the server's confirmed and finalized statuses.
					batch = s.advance(batch, next.slot, now, !srcSlots)
				}
				if next.kind == kindTransaction {
					s.chainMu.Lock()
					s.txsInSlot++
					s.chainMu.Unlock()
				}
				batch = append(batch, next)
				next = nil
				n++
				if len(batch) >= 256 {
					flush()
				}
				continue
			}
		}
		flush()
		// Wait for the next item, the next synthesized slot, an injected update, or the end.
		tickDue := s.lastSlot().Add(s.cfg.SlotInterval)
		wait := time.Hour
		if next != nil {
			wait = time.Until(due)
		}
		if !srcSlots {
			wait = min(wait, time.Until(tickDue))
		}
		timer.Reset(wait)
		var inCh <-chan *entry
		if next == nil {
			inCh = in
		}
		select {
		case <-ctx.Done():
			return nil
		case u := <-s.inject:
			e, err := newEntry(u, nil)
			if err != nil {
				return fmt.Errorf("geysersim: marshal injected update: %w", err)
			}
			batch = append(batch, e)
		case e, ok := <-inCh:
			if !ok {
				in = nil
			} else {
				next = e
			}
		case <-timer.C:
			if !srcSlots && !time.Now().Before(tickDue) {
				cur := s.currentSlot()
				if cur == 0 {
					cur = s.cfg.StartSlot - 1
				}
				batch = s.advance(batch, cur+1, time.Now(), true)
			}
		}
	}
}

// publish stamps a batch's created_at, appends it to the log and records it in the ledger.
func (s *Server) publish(batch []*entry) {
	now := time.Now()
	for _, e := range batch {
		e.stampCreatedAt(now)
	}
	s.hub.append(batch)
	s.published.Add(uint64(len(batch)))
	s.sentLedger.add(batch)
}

func (s *Server) currentSlot() uint64 {
	s.chainMu.Lock()
	defer s.chainMu.Unlock()
	return s.slot
}

func (s *Server) lastSlot() time.Time {
	s.chainMu.Lock()
	defer s.chainMu.Unlock()
	return s.lastSlotAt
}

// advance appends to batch the block meta of the current slot and the slot updates of slot:
// processed, and confirmed and finalized for the slots that many slots back. With own false the
// source sends its own processed slot updates and block metas, and advance adds only the
// confirmed and finalized statuses.
func (s *Server) advance(batch []*entry, slot uint64, now time.Time, own bool) []*entry {
	s.chainMu.Lock()
	defer s.chainMu.Unlock()
	parent := s.slot
	if own && parent != 0 {
		meta := &pb.SubscribeUpdateBlockMeta{Slot: parent, Blockhash: slotBlockhash(parent), ParentSlot: s.parentOf(parent),
			ParentBlockhash: slotBlockhash(s.parentOf(parent)), BlockHeight: &pb.BlockHeight{BlockHeight: slotBlockHeight(parent)},
			BlockTime: &pb.UnixTimestamp{Timestamp: now.Unix()}, ExecutedTransactionCount: s.txsInSlot}
		batch = appendEntry(batch, &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_BlockMeta{BlockMeta: meta}})
	}
	s.slot, s.txsInSlot, s.lastSlotAt = slot, 0, now
	s.recent = append(s.recent, slot)
	if len(s.recent) > 1024 {
		s.recent = append(s.recent[:0], s.recent[len(s.recent)-600:]...)
	}
	h := slotBlockhash(slot)
	s.blockhash[h] = slot
	s.hashOrder = append(s.hashOrder, h)
	if len(s.hashOrder) > 300 {
		delete(s.blockhash, s.hashOrder[0])
		s.hashOrder = s.hashOrder[1:]
	}
	su := &pb.SubscribeUpdateSlot{Slot: slot, Status: pb.CommitmentLevel_PROCESSED}
	if parent != 0 {
		su.Parent = &parent
	}
	if own {
		batch = appendEntry(batch, &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: su}})
	}
	for _, c := range []struct {
		depth  int
		status pb.CommitmentLevel
	}{{s.cfg.ConfirmedDepth, pb.CommitmentLevel_CONFIRMED}, {s.cfg.FinalizedDepth, pb.CommitmentLevel_FINALIZED}} {
		if i := len(s.recent) - 1 - c.depth; i >= 0 {
			cs := s.recent[i]
			u := &pb.SubscribeUpdateSlot{Slot: cs, Status: c.status}
			if p := s.parentOf(cs); p != 0 {
				u.Parent = &p
			}
			batch = appendEntry(batch, &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: u}})
		}
	}
	return batch
}

// parentOf returns the slot processed before slot, 0 when unknown. Callers hold chainMu.
func (s *Server) parentOf(slot uint64) uint64 {
	for i := len(s.recent) - 1; i > 0; i-- {
		if s.recent[i] == slot {
			return s.recent[i-1]
		}
	}
	return 0
}

func appendEntry(batch []*entry, u *pb.SubscribeUpdate) []*entry {
	e, err := newEntry(u, nil)
	if err != nil {
		panic(fmt.Sprintf("geysersim: marshal synthesized update: %v", err)) // our own messages always marshal
	}
	return append(batch, e)
}

// blockhash is the deterministic blockhash of a slot.
func slotBlockhash(slot uint64) string {
	var b [8 + 9]byte
	copy(b[:], "geysersim")
	binary.LittleEndian.PutUint64(b[9:], slot)
	h := sha256.Sum256(b[:])
	return base58.Encode(h[:])
}

// blockHeight is the block height of a slot: every slot has a block.
func slotBlockHeight(slot uint64) uint64 { return slot - slot/10 }

// commitmentSlot returns the last slot at the commitment level c.
func (s *Server) commitmentSlot(c *pb.CommitmentLevel) (uint64, error) {
	s.chainMu.Lock()
	defer s.chainMu.Unlock()
	depth := 0
	if c != nil {
		switch *c {
		case pb.CommitmentLevel_CONFIRMED:
			depth = s.cfg.ConfirmedDepth
		case pb.CommitmentLevel_FINALIZED:
			depth = s.cfg.FinalizedDepth
		}
	}
	i := len(s.recent) - 1 - depth
	if i < 0 {
		return 0, status.Error(codes.Internal, "block is not available yet")
	}
	return s.recent[i], nil
}

// Ping answers with the count it was sent.
func (s *Server) Ping(_ context.Context, r *pb.PingRequest) (*pb.PongResponse, error) {
	return &pb.PongResponse{Count: r.Count}, nil
}

// GetSlot returns the last slot at the requested commitment.
func (s *Server) GetSlot(_ context.Context, r *pb.GetSlotRequest) (*pb.GetSlotResponse, error) {
	slot, err := s.commitmentSlot(r.Commitment)
	if err != nil {
		return nil, err
	}
	return &pb.GetSlotResponse{Slot: slot}, nil
}

// GetBlockHeight returns the block height at the requested commitment.
func (s *Server) GetBlockHeight(_ context.Context, r *pb.GetBlockHeightRequest) (*pb.GetBlockHeightResponse, error) {
	slot, err := s.commitmentSlot(r.Commitment)
	if err != nil {
		return nil, err
	}
	return &pb.GetBlockHeightResponse{BlockHeight: slotBlockHeight(slot)}, nil
}

// GetLatestBlockhash returns the blockhash of the last slot at the requested commitment, valid
// for 150 more blocks, as on Solana.
func (s *Server) GetLatestBlockhash(_ context.Context, r *pb.GetLatestBlockhashRequest) (*pb.GetLatestBlockhashResponse, error) {
	slot, err := s.commitmentSlot(r.Commitment)
	if err != nil {
		return nil, err
	}
	return &pb.GetLatestBlockhashResponse{Slot: slot, Blockhash: slotBlockhash(slot), LastValidBlockHeight: slotBlockHeight(slot) + 150}, nil
}

// IsBlockhashValid reports whether the blockhash is one of the last 300 slots' (150 blocks is
// Solana's validity; geysersim keeps a little more).
func (s *Server) IsBlockhashValid(_ context.Context, r *pb.IsBlockhashValidRequest) (*pb.IsBlockhashValidResponse, error) {
	cur, err := s.commitmentSlot(r.Commitment)
	if err != nil {
		return nil, err
	}
	s.chainMu.Lock()
	slot, ok := s.blockhash[r.Blockhash]
	s.chainMu.Unlock()
	return &pb.IsBlockhashValidResponse{Slot: cur, Valid: ok && slot <= cur && slotBlockHeight(cur)-slotBlockHeight(slot) <= 150}, nil
}

// GetVersion returns a JSON version like the plugin's.
func (s *Server) GetVersion(context.Context, *pb.GetVersionRequest) (*pb.GetVersionResponse, error) {
	b, _ := json.Marshal(map[string]any{
		"version": map[string]string{"package": "geysersim", "version": Version, "proto": "yellowstone-grpc examples/golang v0.0.0-20250409203454-bb3a44a2f723"},
		"extra":   map[string]string{"hostname": "geysersim"},
	})
	return &pb.GetVersionResponse{Version: string(b)}, nil
}

func (s *Server) unaryAdmit(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	if _, err := s.lim.admit(ctx); err != nil {
		return nil, err
	}
	return h(ctx, req)
}

func (s *Server) streamAdmit(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
	cs, err := s.lim.admit(ss.Context())
	if err != nil {
		return err
	}
	if err := s.lim.openStream(cs); err != nil {
		return err
	}
	defer s.lim.closeStream(cs)
	return h(srv, ss)
}
