package monitors

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"github.com/mr-tron/base58"

	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/subjects"
)

// ErrInvalid means a monitor definition is malformed or inconsistent. Load, LoadFile, Validate
// and Plan wrap it; the message names the monitor and the field.
var ErrInvalid = errors.New("invalid monitor")

// MaxIDLen is the longest monitor id accepted.
const MaxIDLen = 64

// Commitment is the commitment level a monitor streams at.
type Commitment string

// The commitment levels; an empty Commitment means Processed.
const (
	Processed Commitment = "processed"
	Confirmed Commitment = "confirmed"
	Finalized Commitment = "finalized"
)

// Commitments lists every commitment level, in the order streams are planned.
var Commitments = []Commitment{Processed, Confirmed, Finalized}

// A Monitor is one thing a user watches.
type Monitor struct {
	// ID names the monitor in filter names, event "monitors" fields and metrics: 1 to MaxIDLen
	// characters of [a-z0-9-], starting and ending with a letter or digit; unique.
	ID          string `yaml:"id"`
	Description string `yaml:"description,omitempty"`
	// Group is the connection-budget group and the priority class of the monitor's events.
	Group subjects.Priority `yaml:"group"`
	// Commitment is the commitment of the monitor's stream; empty means Processed.
	Commitment Commitment `yaml:"commitment,omitempty"`
	// Kinds are the event kinds the monitor wants; empty means every kind its filter brings.
	Kinds []events.Kind `yaml:"kinds,omitempty"`
	// Programs are the programs whose events the monitor wants; empty means any.
	Programs []events.Program `yaml:"programs,omitempty"`
	// Filter is what the provider streams for the monitor; at least one part is set.
	Filter Filter `yaml:"filter"`
}

// Filter is a monitor's Yellowstone filter. Each set part becomes one named filter in the
// corresponding map of the SubscribeRequest; an update matching any part names the monitor.
type Filter struct {
	Transactions *TransactionFilter `yaml:"transactions,omitempty"`
	Accounts     *AccountFilter     `yaml:"accounts,omitempty"`
	Slots        *SlotFilter        `yaml:"slots,omitempty"`
	BlocksMeta   *BlocksMetaFilter  `yaml:"blocks_meta,omitempty"`
}

// TransactionFilter selects transactions, with Yellowstone's semantics: a transaction matches
// when it mentions any AccountInclude address (if given), none of AccountExclude, and all of
// AccountRequired. Vote and Failed, when set, keep only (true) or drop (false) vote and failed
// transactions; unset means both. At least one of AccountInclude and AccountRequired is
// required: without them the filter would stream every transaction on the chain.
type TransactionFilter struct {
	AccountInclude  []string `yaml:"account_include,omitempty"`
	AccountExclude  []string `yaml:"account_exclude,omitempty"`
	AccountRequired []string `yaml:"account_required,omitempty"`
	Vote            *bool    `yaml:"vote,omitempty"`
	Failed          *bool    `yaml:"failed,omitempty"`
}

// AccountFilter selects account updates: the account is one of Account (if given), is owned by
// one of Owner (if given), and passes every Memcmp and the Datasize (if given). At least one of
// Account and Owner is required. Yellowstone allows at most four data filters (memcmps and the
// datasize together) and 128 bytes of memcmp data.
type AccountFilter struct {
	Account  []string `yaml:"account,omitempty"`
	Owner    []string `yaml:"owner,omitempty"`
	Memcmp   []Memcmp `yaml:"memcmp,omitempty"`
	Datasize *uint64  `yaml:"datasize,omitempty"`
}

// Memcmp matches account data at Offset against bytes given in exactly one of Hex, Base58 and
// Base64.
type Memcmp struct {
	Offset uint64 `yaml:"offset"`
	Hex    string `yaml:"hex,omitempty"`
	Base58 string `yaml:"base58,omitempty"`
	Base64 string `yaml:"base64,omitempty"`
}

// SlotFilter subscribes to slot updates. FilterByCommitment, when true, sends only the updates of
// the stream's commitment; otherwise every status change. InterslotUpdates adds the
// intermediate statuses (first shred received, completed, …).
type SlotFilter struct {
	FilterByCommitment *bool `yaml:"filter_by_commitment,omitempty"`
	InterslotUpdates   *bool `yaml:"interslot_updates,omitempty"`
}

// BlocksMetaFilter subscribes to block metadata; it has no fields (write `blocks_meta: {}`).
type BlocksMetaFilter struct{}

// Limits Yellowstone applies to account data filters.
const (
	maxAccountDataFilters = 4
	maxMemcmpLen          = 128
)

// source is the part of a filter an event kind comes from.
type source int

const (
	fromTransactions source = iota
	fromAccounts
	fromSlots
)

func (s source) String() string {
	return [...]string{"transactions", "accounts", "slots"}[s]
}

// kindSource says which filter part brings each event kind; a kind missing here is unknown.
var kindSource = map[events.Kind]source{
	events.Create:       fromTransactions,
	events.Trade:        fromTransactions,
	events.Complete:     fromTransactions,
	events.Migrate:      fromTransactions,
	events.PoolCreate:   fromTransactions,
	events.Deposit:      fromTransactions,
	events.Withdraw:     fromTransactions,
	events.Swap:         fromTransactions,
	events.BondingCurve: fromAccounts,
	events.Global:       fromAccounts,
	events.Pool:         fromAccounts,
	events.Slot:         fromSlots,
}

var knownPrograms = []events.Program{events.Pumpfun, events.PumpSwap, events.LaunchLab,
	events.RaydiumAMM, events.RaydiumCPMM, events.Chain}

// commitment returns m's commitment with the default applied.
func (m *Monitor) commitment() Commitment {
	if m.Commitment == "" {
		return Processed
	}
	return m.Commitment
}

// Validate checks every monitor (see Monitor.Validate) and that ids are unique. It returns
// all problems found, joined, each wrapping ErrInvalid.
func Validate(ms []Monitor) error {
	var errs []error
	seen := make(map[string]int, len(ms))
	for i := range ms {
		if err := ms[i].Validate(); err != nil {
			errs = append(errs, relabel(err, i))
		}
		if ms[i].ID == "" {
			continue
		}
		if j, dup := seen[ms[i].ID]; dup {
			errs = append(errs, fmt.Errorf("monitors: monitor %q (#%d): id: duplicate of monitor #%d: %w",
				ms[i].ID, i+1, j+1, ErrInvalid))
			continue
		}
		seen[ms[i].ID] = i
	}
	return errors.Join(errs...)
}

// relabel adds the monitor's position to the errors of a monitor without an id.
func relabel(err error, i int) error {
	var me *monitorError
	if errors.As(err, &me) && me.id == "" {
		me.index = i + 1
	}
	return err
}

// monitorError collects the problems of one monitor.
type monitorError struct {
	id    string
	index int // 1-based position in a list, 0 when unknown
	errs  []error
}

func (e *monitorError) add(field, format string, args ...any) {
	e.errs = append(e.errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
}

func (e *monitorError) Error() string {
	label := fmt.Sprintf("monitor %q", e.id)
	if e.id == "" {
		label = "monitor without id"
		if e.index > 0 {
			label = fmt.Sprintf("monitor #%d", e.index)
		}
	}
	s := ""
	for i, err := range e.errs {
		if i > 0 {
			s += "\n"
		}
		s += "monitors: " + label + ": " + err.Error() + ": " + ErrInvalid.Error()
	}
	return s
}

func (e *monitorError) Unwrap() error { return ErrInvalid }

// Validate checks m: the id, group, commitment, kinds and programs are known values, the filter
// has at least one part, addresses are base58 public keys, memcmp data decodes and fits
// Yellowstone's limits, and every wanted kind can come from a part the filter has. The error
// wraps ErrInvalid and names the monitor and each offending field.
func (m *Monitor) Validate() error {
	e := &monitorError{id: m.ID}
	if err := validID(m.ID); err != nil {
		e.add("id", "%v", err)
	}
	switch m.Group {
	case subjects.High, subjects.Medium, subjects.Low:
	case "":
		e.add("group", "required (high, medium or low)")
	default:
		e.add("group", "%q: want high, medium or low", m.Group)
	}
	if !slices.Contains(Commitments, m.commitment()) {
		e.add("commitment", "%q: want processed, confirmed or finalized", m.Commitment)
	}
	f := &m.Filter
	if f.Transactions == nil && f.Accounts == nil && f.Slots == nil && f.BlocksMeta == nil {
		e.add("filter", "empty: give transactions, accounts, slots or blocks_meta")
	}
	for i, k := range m.Kinds {
		field := fmt.Sprintf("kinds[%d]", i)
		src, ok := kindSource[k]
		switch {
		case !ok:
			e.add(field, "unknown kind %q", k)
		case slices.Contains(m.Kinds[:i], k):
			e.add(field, "duplicate kind %q", k)
		case !f.has(src):
			e.add(field, "kind %q comes from %s updates, but the filter has no %s part", k, src, src)
		}
	}
	for i, p := range m.Programs {
		field := fmt.Sprintf("programs[%d]", i)
		switch {
		case !slices.Contains(knownPrograms, p):
			e.add(field, "unknown program %q", p)
		case slices.Contains(m.Programs[:i], p):
			e.add(field, "duplicate program %q", p)
		}
	}
	if t := f.Transactions; t != nil {
		addresses(e, "filter.transactions.account_include", t.AccountInclude)
		addresses(e, "filter.transactions.account_exclude", t.AccountExclude)
		addresses(e, "filter.transactions.account_required", t.AccountRequired)
		if len(t.AccountInclude) == 0 && len(t.AccountRequired) == 0 {
			e.add("filter.transactions", "matches every transaction on the chain: give account_include or account_required")
		}
	}
	if a := f.Accounts; a != nil {
		addresses(e, "filter.accounts.account", a.Account)
		addresses(e, "filter.accounts.owner", a.Owner)
		if len(a.Account) == 0 && len(a.Owner) == 0 {
			e.add("filter.accounts", "matches every account on the chain: give account or owner")
		}
		n := len(a.Memcmp)
		if a.Datasize != nil {
			n++
		}
		if n > maxAccountDataFilters {
			e.add("filter.accounts", "%d data filters (memcmp and datasize): at most %d", n, maxAccountDataFilters)
		}
		for i, mc := range a.Memcmp {
			if _, err := mc.bytes(); err != nil {
				e.add(fmt.Sprintf("filter.accounts.memcmp[%d]", i), "%v", err)
			}
		}
	}
	if len(e.errs) > 0 {
		return e
	}
	return nil
}

// has reports whether f has the part that src names.
func (f *Filter) has(src source) bool {
	switch src {
	case fromTransactions:
		return f.Transactions != nil
	case fromAccounts:
		return f.Accounts != nil
	default:
		return f.Slots != nil
	}
}

func validID(id string) error {
	if id == "" {
		return errors.New("required")
	}
	if len(id) > MaxIDLen {
		return fmt.Errorf("%q: longer than %d characters", id, MaxIDLen)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		alnum := c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		if !alnum && (c != '-' || i == 0 || i == len(id)-1) {
			return fmt.Errorf("%q: want lower-case letters, digits and inner hyphens", id)
		}
	}
	return nil
}

// addresses checks that every entry of list is a base58 public key and none repeats.
func addresses(e *monitorError, field string, list []string) {
	for i, s := range list {
		if _, err := parseAddress(s); err != nil {
			e.add(fmt.Sprintf("%s[%d]", field, i), "%v", err)
		} else if slices.Contains(list[:i], s) {
			e.add(fmt.Sprintf("%s[%d]", field, i), "duplicate address %s", s)
		}
	}
}

func parseAddress(s string) ([32]byte, error) {
	var a [32]byte
	b, err := base58.Decode(s)
	if err != nil || s == "" {
		return a, fmt.Errorf("invalid base58 address %q", s)
	}
	if len(b) != 32 {
		return a, fmt.Errorf("address %q: %d bytes, want 32", s, len(b))
	}
	copy(a[:], b)
	return a, nil
}

// bytes returns the data the memcmp compares.
func (mc *Memcmp) bytes() ([]byte, error) {
	var (
		b   []byte
		err error
		n   int
	)
	if mc.Hex != "" {
		n++
		if b, err = hex.DecodeString(mc.Hex); err != nil {
			return nil, fmt.Errorf("hex %q: %v", mc.Hex, err)
		}
	}
	if mc.Base58 != "" {
		n++
		if b, err = base58.Decode(mc.Base58); err != nil {
			return nil, fmt.Errorf("base58 %q: %v", mc.Base58, err)
		}
	}
	if mc.Base64 != "" {
		n++
		if b, err = base64.StdEncoding.DecodeString(mc.Base64); err != nil {
			return nil, fmt.Errorf("base64 %q: %v", mc.Base64, err)
		}
	}
	switch {
	case n != 1:
		return nil, errors.New("give exactly one of hex, base58 and base64")
	case len(b) == 0:
		return nil, errors.New("empty data")
	case len(b) > maxMemcmpLen:
		return nil, fmt.Errorf("%d bytes of data: at most %d", len(b), maxMemcmpLen)
	}
	return b, nil
}
