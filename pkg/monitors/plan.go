package monitors

import (
	"bytes"
	"cmp"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"

	"google.golang.org/protobuf/proto"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/subjects"
)

// MaxFilterNameLen is the longest filter name Plan puts on the wire: the default
// filter_name_size_limit of the Yellowstone gRPC plugin.
const MaxFilterNameLen = 128

// A StreamPlan is one Subscribe stream: the monitors of one group and commitment, their filters
// merged into one SubscribeRequest.
type StreamPlan struct {
	Name       string            // "<group>-<commitment>", e.g. "high-processed"
	Group      subjects.Priority // the monitors' group
	Commitment Commitment        // the monitors' commitment
	Monitors   []string          // ids of the stream's monitors, sorted
	// Request is the SubscribeRequest to send; FromSlot is left for the client to set when it
	// resubscribes. Callers that change it should send a clone (proto.Clone).
	Request *pb.SubscribeRequest
	// Router maps the filter names of the stream's updates back to monitor ids.
	Router *Router
}

// Plan validates ms (see Validate) and plans one stream per group and commitment that has
// monitors, sorted by group (high, medium, low) then commitment (processed, confirmed,
// finalized). Within a stream, monitors whose transactions (accounts, slots, blocks_meta)
// filters are identical share one wire filter, named by their sorted ids joined with "+" (see
// the package documentation for the rule and its fallback for long names). The error wraps
// ErrInvalid.
func Plan(ms []Monitor) ([]StreamPlan, error) {
	if err := Validate(ms); err != nil {
		return nil, err
	}
	type key struct {
		g subjects.Priority
		c Commitment
	}
	byStream := make(map[key][]*Monitor)
	for i := range ms {
		k := key{ms[i].Group, ms[i].commitment()}
		byStream[k] = append(byStream[k], &ms[i])
	}
	var plans []StreamPlan
	for _, g := range subjects.Priorities {
		for _, c := range Commitments {
			group := byStream[key{g, c}]
			if len(group) == 0 {
				continue
			}
			slices.SortFunc(group, func(a, b *Monitor) int { return strings.Compare(a.ID, b.ID) })
			p, err := planStream(g, c, group)
			if err != nil {
				return nil, err
			}
			plans = append(plans, p)
		}
	}
	return plans, nil
}

// wire is one filter on the wire being assembled: its canonical message and its monitors.
type wire struct {
	msg proto.Message
	enc []byte   // deterministic encoding of msg: equal encodings are identical filters
	ids []string // sorted, since monitors are visited in id order
}

// planStream merges the filters of group, sorted by id, into one request.
func planStream(g subjects.Priority, c Commitment, group []*Monitor) (StreamPlan, error) {
	req := &pb.SubscribeRequest{
		Accounts:     map[string]*pb.SubscribeRequestFilterAccounts{},
		Slots:        map[string]*pb.SubscribeRequestFilterSlots{},
		Transactions: map[string]*pb.SubscribeRequestFilterTransactions{},
		BlocksMeta:   map[string]*pb.SubscribeRequestFilterBlocksMeta{},
		Commitment:   c.level().Enum(),
	}
	// One list of distinct filters per map, keyed by their deterministic encoding.
	var txs, accts, slots, metas []*wire
	add := func(list *[]*wire, msg proto.Message, id string) {
		enc, err := proto.MarshalOptions{Deterministic: true}.Marshal(msg)
		if err != nil { // cannot happen for these messages
			panic(fmt.Sprintf("monitors: marshal filter: %v", err))
		}
		for _, w := range *list {
			if bytes.Equal(w.enc, enc) {
				w.ids = append(w.ids, id)
				return
			}
		}
		*list = append(*list, &wire{msg: msg, enc: enc, ids: []string{id}})
	}
	r := newRouter(group)
	ids := make([]string, len(group))
	for i, m := range group {
		ids[i] = m.ID
		f := &m.Filter
		if f.Transactions != nil {
			add(&txs, f.Transactions.wire(), m.ID)
		}
		if f.Accounts != nil {
			add(&accts, f.Accounts.wire(), m.ID)
		}
		if f.Slots != nil {
			add(&slots, f.Slots.wire(), m.ID)
		}
		if f.BlocksMeta != nil {
			add(&metas, &pb.SubscribeRequestFilterBlocksMeta{}, m.ID)
		}
	}
	names := make(map[string]string) // wire name -> joined ids, to prove names are unambiguous
	name := func(w *wire) (string, error) {
		joined := strings.Join(w.ids, "+")
		n := filterName(w.ids)
		if prev, ok := names[n]; ok && prev != joined {
			return "", fmt.Errorf("monitors: stream %s-%s: filter name %q stands for both %s and %s: shorten the monitor ids: %w",
				g, c, n, prev, joined, ErrInvalid)
		}
		names[n] = joined
		r.addFilter(n, w.ids)
		return n, nil
	}
	for _, w := range txs {
		n, err := name(w)
		if err != nil {
			return StreamPlan{}, err
		}
		req.Transactions[n] = w.msg.(*pb.SubscribeRequestFilterTransactions)
	}
	for _, w := range accts {
		n, err := name(w)
		if err != nil {
			return StreamPlan{}, err
		}
		req.Accounts[n] = w.msg.(*pb.SubscribeRequestFilterAccounts)
	}
	for _, w := range slots {
		n, err := name(w)
		if err != nil {
			return StreamPlan{}, err
		}
		req.Slots[n] = w.msg.(*pb.SubscribeRequestFilterSlots)
	}
	for _, w := range metas {
		n, err := name(w)
		if err != nil {
			return StreamPlan{}, err
		}
		req.BlocksMeta[n] = w.msg.(*pb.SubscribeRequestFilterBlocksMeta)
	}
	return StreamPlan{
		Name:       string(g) + "-" + string(c),
		Group:      g,
		Commitment: c,
		Monitors:   ids,
		Request:    req,
		Router:     r,
	}, nil
}

// filterName returns the wire name of a filter shared by the monitors ids (sorted): the ids
// joined with "+", or, when that is longer than MaxFilterNameLen, "<ids[0]>+<n>more-<fnv32a>".
func filterName(ids []string) string {
	joined := strings.Join(ids, "+")
	if len(joined) <= MaxFilterNameLen {
		return joined
	}
	h := fnv.New32a()
	h.Write([]byte(joined))
	return fmt.Sprintf("%s+%dmore-%08x", ids[0], len(ids)-1, h.Sum32())
}

// level returns the protobuf commitment level of c.
func (c Commitment) level() pb.CommitmentLevel {
	switch c {
	case Confirmed:
		return pb.CommitmentLevel_CONFIRMED
	case Finalized:
		return pb.CommitmentLevel_FINALIZED
	default:
		return pb.CommitmentLevel_PROCESSED
	}
}

// sortedSet returns list sorted and without repeats, or nil when it is empty.
func sortedSet(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	return slices.Compact(slices.Sorted(slices.Values(list)))
}

func cloneBool(b *bool) *bool {
	if b == nil {
		return nil
	}
	v := *b
	return &v
}

// wire returns the canonical protobuf form of t: address lists sorted.
func (t *TransactionFilter) wire() *pb.SubscribeRequestFilterTransactions {
	return &pb.SubscribeRequestFilterTransactions{
		Vote:            cloneBool(t.Vote),
		Failed:          cloneBool(t.Failed),
		AccountInclude:  sortedSet(t.AccountInclude),
		AccountExclude:  sortedSet(t.AccountExclude),
		AccountRequired: sortedSet(t.AccountRequired),
	}
}

// wire returns the canonical protobuf form of a: address lists sorted, the datasize first, then
// the memcmps as bytes ordered by offset and data. a must be valid.
func (a *AccountFilter) wire() *pb.SubscribeRequestFilterAccounts {
	out := &pb.SubscribeRequestFilterAccounts{
		Account: sortedSet(a.Account),
		Owner:   sortedSet(a.Owner),
	}
	if a.Datasize != nil {
		out.Filters = append(out.Filters, &pb.SubscribeRequestFilterAccountsFilter{
			Filter: &pb.SubscribeRequestFilterAccountsFilter_Datasize{Datasize: *a.Datasize},
		})
	}
	type memcmp struct {
		off  uint64
		data []byte
	}
	cmps := make([]memcmp, 0, len(a.Memcmp))
	for _, mc := range a.Memcmp {
		b, _ := mc.bytes() // validated
		cmps = append(cmps, memcmp{mc.Offset, b})
	}
	slices.SortFunc(cmps, func(x, y memcmp) int {
		if c := cmp.Compare(x.off, y.off); c != 0 {
			return c
		}
		return bytes.Compare(x.data, y.data)
	})
	cmps = slices.CompactFunc(cmps, func(x, y memcmp) bool { return x.off == y.off && bytes.Equal(x.data, y.data) })
	for _, c := range cmps {
		out.Filters = append(out.Filters, &pb.SubscribeRequestFilterAccountsFilter{
			Filter: &pb.SubscribeRequestFilterAccountsFilter_Memcmp{Memcmp: &pb.SubscribeRequestFilterAccountsFilterMemcmp{
				Offset: c.off,
				Data:   &pb.SubscribeRequestFilterAccountsFilterMemcmp_Bytes{Bytes: c.data},
			}},
		})
	}
	return out
}

// wire returns the protobuf form of s.
func (s *SlotFilter) wire() *pb.SubscribeRequestFilterSlots {
	return &pb.SubscribeRequestFilterSlots{
		FilterByCommitment: cloneBool(s.FilterByCommitment),
		InterslotUpdates:   cloneBool(s.InterslotUpdates),
	}
}
