package monitors

import (
	"bytes"
	"fmt"
	"slices"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/events"
)

// Matcher tells, for an update and an event decoded from it, every monitor that asked for that
// event: its filter matches the update (Yellowstone's filter semantics, evaluated locally) and it
// wants the event's program and kind. Streams use it so that an event wanted by monitors of
// several streams carries the same monitors — all of them — whichever stream publishes it
// first; the id and the content then depend only on chain data. Slot and block-meta filters
// match slot updates only. A Matcher is immutable and safe for concurrent use.
type Matcher struct {
	ms []compiled
}

type compiled struct {
	id       string
	kinds    []events.Kind
	programs []events.Program
	tx       *txFilter
	acct     *acctFilter
	slots    bool
}

type txFilter struct {
	vote, failed              *bool
	include, exclude, require [][32]byte
}

type acctFilter struct {
	account, owner [][32]byte
	memcmp         []memcmp
	datasize       *uint64
}

type memcmp struct {
	offset uint64
	data   []byte
}

// NewMatcher compiles ms, which must be valid (Validate). It returns an error for an address or
// memcmp that does not decode.
func NewMatcher(ms []Monitor) (*Matcher, error) {
	x := &Matcher{}
	for i := range ms {
		m := &ms[i]
		c := compiled{id: m.ID, kinds: m.Kinds, programs: m.Programs, slots: m.Filter.Slots != nil}
		var err error
		addrs := func(list []string) [][32]byte {
			out := make([][32]byte, 0, len(list))
			for _, s := range list {
				k, e := parseAddress(s)
				if e != nil && err == nil {
					err = fmt.Errorf("monitors: matcher: monitor %q: %w", m.ID, e)
				}
				out = append(out, k)
			}
			return out
		}
		if f := m.Filter.Transactions; f != nil {
			c.tx = &txFilter{vote: f.Vote, failed: f.Failed, include: addrs(f.AccountInclude),
				exclude: addrs(f.AccountExclude), require: addrs(f.AccountRequired)}
		}
		if f := m.Filter.Accounts; f != nil {
			c.acct = &acctFilter{account: addrs(f.Account), owner: addrs(f.Owner), datasize: f.Datasize}
			for j := range f.Memcmp {
				b, e := f.Memcmp[j].bytes()
				if e != nil && err == nil {
					err = fmt.Errorf("monitors: matcher: monitor %q: memcmp %d: %w", m.ID, j, e)
				}
				c.acct.memcmp = append(c.acct.memcmp, memcmp{offset: f.Memcmp[j].Offset, data: b})
			}
		}
		if err != nil {
			return nil, err
		}
		x.ms = append(x.ms, c)
	}
	return x, nil
}

// Match returns in dst (reused) the indices of the monitors whose filter matches u, whatever
// they want; MonitorsFor then picks those that want an event. Match once per update.
func (x *Matcher) Match(dst []int, u *pb.SubscribeUpdate) []int {
	dst = dst[:0]
	for i := range x.ms {
		if x.ms[i].matches(u) {
			dst = append(dst, i)
		}
	}
	return dst
}

// MonitorsFor appends to dst the ids, sorted, of the monitors among matched (a Match result)
// that want events of program p and kind k.
func (x *Matcher) MonitorsFor(dst []string, matched []int, p events.Program, k events.Kind) []string {
	dst = dst[:0]
	for _, i := range matched {
		c := &x.ms[i]
		if (len(c.kinds) == 0 || slices.Contains(c.kinds, k)) && (len(c.programs) == 0 || slices.Contains(c.programs, p)) {
			dst = append(dst, c.id)
		}
	}
	slices.Sort(dst)
	return dst
}

func (c *compiled) matches(u *pb.SubscribeUpdate) bool {
	switch {
	case u.GetTransaction() != nil:
		return c.tx != nil && c.tx.matches(u.GetTransaction().GetTransaction())
	case u.GetAccount() != nil:
		return c.acct != nil && c.acct.matches(u.GetAccount().GetAccount())
	case u.GetSlot() != nil:
		return c.slots
	}
	return false
}

// matches follows the plugin: vote and failed when set, then account_include (any of),
// account_exclude (none of) and account_required (all of) over the static keys and the loaded
// lookup-table addresses.
func (f *txFilter) matches(info *pb.SubscribeUpdateTransactionInfo) bool {
	if info == nil {
		return false
	}
	if f.vote != nil && *f.vote != info.IsVote {
		return false
	}
	if f.failed != nil && *f.failed != (info.GetMeta().GetErr() != nil) {
		return false
	}
	has := func(k [32]byte) bool {
		for _, group := range [3][][]byte{info.GetTransaction().GetMessage().GetAccountKeys(),
			info.GetMeta().GetLoadedWritableAddresses(), info.GetMeta().GetLoadedReadonlyAddresses()} {
			for _, key := range group {
				if bytes.Equal(key, k[:]) {
					return true
				}
			}
		}
		return false
	}
	if len(f.include) > 0 && !slices.ContainsFunc(f.include, has) {
		return false
	}
	if slices.ContainsFunc(f.exclude, has) {
		return false
	}
	for _, k := range f.require {
		if !has(k) {
			return false
		}
	}
	return true
}

func (f *acctFilter) matches(a *pb.SubscribeUpdateAccountInfo) bool {
	if a == nil {
		return false
	}
	if len(f.account) > 0 && !slices.ContainsFunc(f.account, func(k [32]byte) bool { return bytes.Equal(a.Pubkey, k[:]) }) {
		return false
	}
	if len(f.owner) > 0 && !slices.ContainsFunc(f.owner, func(k [32]byte) bool { return bytes.Equal(a.Owner, k[:]) }) {
		return false
	}
	if f.datasize != nil && uint64(len(a.Data)) != *f.datasize {
		return false
	}
	for _, mc := range f.memcmp {
		end := mc.offset + uint64(len(mc.data))
		if end < mc.offset || uint64(len(a.Data)) < end || !bytes.Equal(a.Data[mc.offset:end], mc.data) {
			return false
		}
	}
	return true
}
