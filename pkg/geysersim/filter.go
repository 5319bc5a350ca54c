package geysersim

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"

	"github.com/mr-tron/base58"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
)

// filter is a compiled SubscribeRequest, following the Yellowstone plugin's semantics: within a
// named filter the fields are ANDed and the values of a list ORed; an update goes out once, naming
// every filter it matched. It is immutable once compiled.
type filter struct {
	accounts   []accountFilter
	slots      []slotFilter
	txs        []txFilter
	txStatus   []txFilter
	blocksMeta []string
	commitment pb.CommitmentLevel
	slices     []dataSlice
	ping       *int32
}

type accountFilter struct {
	name     string
	account  map[[32]byte]struct{} // empty: any
	owner    map[[32]byte]struct{} // empty: any
	nonempty *bool                 // nonempty_txn_signature
	memcmp   []memcmp
	datasize *uint64
	tokenAcc bool
	lamports []*pb.SubscribeRequestFilterAccountsFilterLamports
}

type memcmp struct {
	off  uint64
	data []byte
}

type slotFilter struct {
	name         string
	byCommitment bool
}

type txFilter struct {
	name     string
	vote     *bool
	failed   *bool
	sig      []byte
	include  map[[32]byte]struct{}
	exclude  map[[32]byte]struct{}
	required map[[32]byte]struct{}
}

type dataSlice struct{ start, end uint64 }

var emptyFilter = &filter{commitment: pb.CommitmentLevel_PROCESSED}

// errFilter prefixes every filter error, as the plugin's "failed to create filter: …".
var errFilter = errors.New("failed to create filter")

func filterErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errFilter, fmt.Sprintf(format, a...))
}

// compileFilter compiles r. Its errors wrap errFilter and read like the plugin's.
func compileFilter(r *pb.SubscribeRequest) (*filter, error) {
	f := &filter{commitment: pb.CommitmentLevel_PROCESSED}
	if r.Commitment != nil {
		switch *r.Commitment {
		case pb.CommitmentLevel_PROCESSED, pb.CommitmentLevel_CONFIRMED, pb.CommitmentLevel_FINALIZED:
			f.commitment = *r.Commitment
		default:
			return nil, filterErr("failed to create CommitmentLevel from %d", int32(*r.Commitment))
		}
	}
	if len(r.Blocks) > 0 {
		return nil, filterErr("blocks subscriptions are not supported by geysersim")
	}
	if len(r.Entry) > 0 {
		return nil, filterErr("entry subscriptions are not supported by geysersim")
	}
	for _, name := range sortedKeys(r.Accounts) {
		af, err := compileAccountFilter(name, r.Accounts[name])
		if err != nil {
			return nil, err
		}
		f.accounts = append(f.accounts, af)
	}
	for _, name := range sortedKeys(r.Slots) {
		f.slots = append(f.slots, slotFilter{name: name, byCommitment: r.Slots[name].GetFilterByCommitment()})
	}
	for _, name := range sortedKeys(r.Transactions) {
		tf, err := compileTxFilter(name, r.Transactions[name])
		if err != nil {
			return nil, err
		}
		f.txs = append(f.txs, tf)
	}
	for _, name := range sortedKeys(r.TransactionsStatus) {
		tf, err := compileTxFilter(name, r.TransactionsStatus[name])
		if err != nil {
			return nil, err
		}
		f.txStatus = append(f.txStatus, tf)
	}
	f.blocksMeta = sortedKeys(r.BlocksMeta)
	for i, s := range r.AccountsDataSlice {
		ds := dataSlice{start: s.Offset, end: s.Offset + s.Length}
		for _, later := range r.AccountsDataSlice[i+1:] {
			if ds.start > later.Offset {
				return nil, filterErr("data slices out of order")
			}
		}
		for _, prev := range f.slices {
			if ds.start < prev.end {
				return nil, filterErr("data slices overlapped")
			}
		}
		f.slices = append(f.slices, ds)
	}
	if r.Ping != nil {
		id := r.Ping.Id
		f.ping = &id
	}
	return f, nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func decodeKeys(vals []string) (map[[32]byte]struct{}, error) {
	m := make(map[[32]byte]struct{}, len(vals))
	for _, v := range vals {
		b, err := base58.Decode(v)
		if err != nil {
			return nil, filterErr("Invalid Base58 string: %q", v)
		}
		if len(b) != 32 {
			return nil, filterErr("String is the wrong size: %q", v)
		}
		m[[32]byte(b)] = struct{}{}
	}
	return m, nil
}

func compileTxFilter(name string, r *pb.SubscribeRequestFilterTransactions) (txFilter, error) {
	tf := txFilter{name: name, vote: r.Vote, failed: r.Failed}
	if r.Signature != nil {
		b, err := base58.Decode(*r.Signature)
		if err != nil || len(b) != 64 {
			return tf, filterErr("invalid signature %q", *r.Signature)
		}
		tf.sig = b
	}
	var err error
	if tf.include, err = decodeKeys(r.AccountInclude); err != nil {
		return tf, err
	}
	if tf.exclude, err = decodeKeys(r.AccountExclude); err != nil {
		return tf, err
	}
	if tf.required, err = decodeKeys(r.AccountRequired); err != nil {
		return tf, err
	}
	return tf, nil
}

func compileAccountFilter(name string, r *pb.SubscribeRequestFilterAccounts) (accountFilter, error) {
	af := accountFilter{name: name, nonempty: r.NonemptyTxnSignature}
	var err error
	if af.account, err = decodeKeys(r.Account); err != nil {
		return af, err
	}
	if af.owner, err = decodeKeys(r.Owner); err != nil {
		return af, err
	}
	if len(r.Filters) > 4 {
		return af, filterErr("Too many filters provided; max 4")
	}
	for _, fl := range r.Filters {
		switch v := fl.Filter.(type) {
		case *pb.SubscribeRequestFilterAccountsFilter_Memcmp:
			var data []byte
			switch d := v.Memcmp.Data.(type) {
			case *pb.SubscribeRequestFilterAccountsFilterMemcmp_Bytes:
				data = d.Bytes
			case *pb.SubscribeRequestFilterAccountsFilterMemcmp_Base58:
				if len(d.Base58) > 175 {
					return af, filterErr("data too large")
				}
				if data, err = base58.Decode(d.Base58); err != nil {
					return af, filterErr("invalid base58")
				}
			case *pb.SubscribeRequestFilterAccountsFilterMemcmp_Base64:
				if len(d.Base64) > 172 {
					return af, filterErr("data too large")
				}
				if data, err = base64.StdEncoding.DecodeString(d.Base64); err != nil {
					return af, filterErr("invalid base64")
				}
			default:
				return af, filterErr("data for memcmp should be defined")
			}
			if len(data) > 128 {
				return af, filterErr("data too large")
			}
			af.memcmp = append(af.memcmp, memcmp{off: v.Memcmp.Offset, data: data})
		case *pb.SubscribeRequestFilterAccountsFilter_Datasize:
			if af.datasize != nil {
				return af, filterErr("datasize used more than once")
			}
			n := v.Datasize
			af.datasize = &n
		case *pb.SubscribeRequestFilterAccountsFilter_TokenAccountState:
			if !v.TokenAccountState {
				return af, filterErr("token_account_state only allowed to be true")
			}
			af.tokenAcc = true
		case *pb.SubscribeRequestFilterAccountsFilter_Lamports:
			if v.Lamports.GetCmp() == nil {
				return af, filterErr("cmp for lamports should be defined")
			}
			af.lamports = append(af.lamports, v.Lamports)
		default:
			return af, filterErr("filter should be defined")
		}
	}
	return af, nil
}

// match appends to names the filters e matches, and to status the transactions_status filters.
func (f *filter) match(e *entry, names, status []string) ([]string, []string) {
	switch e.kind {
	case kindTransaction:
		for i := range f.txs {
			if f.txs[i].match(e) {
				names = append(names, f.txs[i].name)
			}
		}
		for i := range f.txStatus {
			if f.txStatus[i].match(e) {
				status = append(status, f.txStatus[i].name)
			}
		}
	case kindAccount:
		for i := range f.accounts {
			if f.accounts[i].match(e) {
				names = append(names, f.accounts[i].name)
			}
		}
	case kindSlot:
		for _, s := range f.slots {
			if !s.byCommitment || e.status == f.commitment {
				names = append(names, s.name)
			}
		}
	case kindBlockMeta:
		names = append(names, f.blocksMeta...)
	}
	return names, status
}

func (t *txFilter) match(e *entry) bool {
	if t.vote != nil && *t.vote != e.vote {
		return false
	}
	if t.failed != nil && *t.failed != e.failed {
		return false
	}
	if t.sig != nil && !bytes.Equal(t.sig, e.sig) {
		return false
	}
	if len(t.include) > 0 && !anyIn(e.keys, t.include) {
		return false
	}
	if len(t.exclude) > 0 && anyIn(e.keys, t.exclude) {
		return false
	}
	if len(t.required) > 0 {
		found := 0
		for k := range t.required {
			for i := range e.keys {
				if e.keys[i] == k {
					found++
					break
				}
			}
		}
		if found != len(t.required) {
			return false
		}
	}
	return true
}

func anyIn(keys [][32]byte, set map[[32]byte]struct{}) bool {
	for i := range keys {
		if _, ok := set[keys[i]]; ok {
			return true
		}
	}
	return false
}

func (a *accountFilter) match(e *entry) bool {
	if a.nonempty != nil && *a.nonempty != e.txnSig {
		return false
	}
	if len(a.account) > 0 {
		if _, ok := a.account[e.pubkey]; !ok {
			return false
		}
	}
	if len(a.owner) > 0 {
		if _, ok := a.owner[e.owner]; !ok {
			return false
		}
	}
	if a.datasize != nil && uint64(len(e.data)) != *a.datasize {
		return false
	}
	if a.tokenAcc && !validTokenAccount(e.data) {
		return false
	}
	for _, l := range a.lamports {
		var ok bool
		switch c := l.Cmp.(type) {
		case *pb.SubscribeRequestFilterAccountsFilterLamports_Eq:
			ok = e.lamports == c.Eq
		case *pb.SubscribeRequestFilterAccountsFilterLamports_Ne:
			ok = e.lamports != c.Ne
		case *pb.SubscribeRequestFilterAccountsFilterLamports_Lt:
			ok = e.lamports < c.Lt
		case *pb.SubscribeRequestFilterAccountsFilterLamports_Gt:
			ok = e.lamports > c.Gt
		}
		if !ok {
			return false
		}
	}
	for _, m := range a.memcmp {
		if uint64(len(e.data)) < m.off+uint64(len(m.data)) || !bytes.Equal(e.data[m.off:m.off+uint64(len(m.data))], m.data) {
			return false
		}
	}
	return true
}

// validTokenAccount is SPL Token's check: a 165-byte initialized account, or a Token-2022
// account (longer, account type 2 at byte 165) that is initialized.
func validTokenAccount(d []byte) bool {
	const stateOff, size = 108, 165
	if len(d) == size {
		return d[stateOff] != 0
	}
	return len(d) > size && d[size] == 2 && d[stateOff] != 0
}

// slice applies the data slices to data: the concatenation of every slice data is long enough for.
func (f *filter) slice(data []byte) []byte {
	out := make([]byte, 0, 64)
	for _, s := range f.slices {
		if uint64(len(data)) >= s.end {
			out = append(out, data[s.start:s.end]...)
		}
	}
	return out
}
