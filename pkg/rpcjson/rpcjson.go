package rpcjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
)

// Options fill what a shape lacks.
type Options struct {
	Slot      uint64 // slot for shapes without one (blockSubscribe entries, bare accounts); default 0
	BlockTime int64  // block time for shapes without one; default 0 (unknown)
}

// Result is what Import made of one JSON document.
type Result struct {
	Updates []*pb.SubscribeUpdate // per transaction: a BlockMeta update when the block time is known, then the transaction
	Notes   []string              // what could not be recovered exactly, and the defaults filled in
}

// Import converts one JSON document (see the package doc for the shapes and encodings) into
// SubscribeUpdates in document order. It returns an error, naming the JSON path, when data is
// not JSON, not a known shape, or holds a value that does not convert (bad base58 or base64, an
// account index out of range, a JSON-RPC error response). Import is safe for concurrent use.
func Import(data []byte, opts Options) (*Result, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, errorf("", "empty")
	}
	im := &importer{opts: opts}
	if err := im.document(data, "", nil); err != nil {
		return nil, err
	}
	if len(im.updates) == 0 {
		return nil, fmt.Errorf("rpcjson: document holds no transaction or account")
	}
	return &Result{Updates: im.updates, Notes: im.notes}, nil
}

// importer collects the updates and notes of one document.
type importer struct {
	opts    Options
	updates []*pb.SubscribeUpdate
	notes   []string
}

// block is what an enclosing block tells its transactions.
type block struct {
	slot      *uint64
	blockTime *int64
}

func (im *importer) notef(path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	im.notes = append(im.notes, msg)
}

// errorf returns an error for the value at path.
func errorf(path, format string, args ...any) error {
	if path == "" {
		path = "document"
	}
	return fmt.Errorf("rpcjson: %s: %s", path, fmt.Sprintf(format, args...))
}

// wrapf wraps err (typically from encoding/json) for the value at path.
func wrapf(path string, err error) error {
	if path == "" {
		path = "document"
	}
	return fmt.Errorf("rpcjson: %s: %w", path, err)
}

// join appends a field name or an index ("[3]") to a JSON path.
func join(path, field string) string {
	switch {
	case path == "":
		return field
	case strings.HasPrefix(field, "["):
		return path + field
	default:
		return path + "." + field
	}
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// isNull reports whether raw is absent or JSON null.
func isNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null"
}

// kind returns the first byte of a JSON value: '{', '[', '"', a digit, 't', 'f', 'n', or 0.
func kind(raw json.RawMessage) byte {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return 0
	}
	return raw[0]
}

func object(raw json.RawMessage, path string) (map[string]json.RawMessage, error) {
	if kind(raw) != '{' {
		return nil, errorf(path, "want a JSON object, have %s", describe(raw))
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, wrapf(path, err)
	}
	return m, nil
}

func array(raw json.RawMessage, path string) ([]json.RawMessage, error) {
	if kind(raw) != '[' {
		return nil, errorf(path, "want a JSON array, have %s", describe(raw))
	}
	var a []json.RawMessage
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, wrapf(path, err)
	}
	return a, nil
}

// describe names the JSON type of raw for error messages.
func describe(raw json.RawMessage) string {
	switch kind(raw) {
	case 0:
		return "nothing"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

func keysOf(m map[string]json.RawMessage) string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}

// document converts any supported shape at path.
func (im *importer) document(raw json.RawMessage, path string, blk *block) error {
	switch kind(raw) {
	case '[':
		elems, err := array(raw, path)
		if err != nil {
			return err
		}
		if len(elems) == 0 {
			return errorf(path, "empty array")
		}
		for i, e := range elems {
			if err := im.document(e, index(path, i), blk); err != nil {
				return err
			}
		}
		return nil
	case '{':
	default:
		if !json.Valid(raw) {
			return errorf(path, "not valid JSON")
		}
		return errorf(path, "want a JSON object or array, have %s", describe(raw))
	}
	m, err := object(raw, path)
	if err != nil {
		return err
	}
	hasData := m["data"] != nil
	switch {
	case m["error"] != nil && !isNull(m["error"]):
		return errorf(join(path, "error"), "JSON-RPC error response: %s", compact(m["error"]))
	case m["jsonrpc"] != nil || m["result"] != nil || m["params"] != nil:
		if p := m["params"]; p != nil { // a subscription notification
			pm, err := object(p, join(path, "params"))
			if err != nil {
				return err
			}
			return im.result(pm["result"], join(path, "params.result"))
		}
		return im.result(m["result"], join(path, "result"))
	case m["context"] != nil && m["value"] != nil:
		return im.contextValue(m, path)
	case m["block"] != nil:
		return im.block(m, path)
	case m["transactions"] != nil && m["blockhash"] != nil:
		return im.blockBody(m, path, blk)
	case m["transaction"] != nil:
		if tm, err := object(m["transaction"], join(path, "transaction")); err == nil && tm["meta"] != nil && tm["transaction"] != nil {
			return im.yellowstoneTx(m, path)
		}
		return im.rpcTx(m, path, blk)
	case m["pubkey"] != nil && m["account"] != nil:
		return im.keyedAccount(m, path, nil)
	case hasData && m["owner"] != nil && m["lamports"] != nil:
		return im.account(m, path, nil, nil)
	}
	return errorf(path, "unknown shape: an object with keys [%s]; want a getTransaction result, a JSON-RPC response, a blockSubscribe entry, a Yellowstone transaction update or an account", keysOf(m))
}

// result converts the result of a JSON-RPC response.
func (im *importer) result(raw json.RawMessage, path string) error {
	if isNull(raw) {
		return errorf(path, "null (transaction or account not found)")
	}
	return im.document(raw, path, nil)
}

// contextValue converts {context: {slot}, value} (getAccountInfo, getMultipleAccounts,
// getProgramAccounts with context, blockSubscribe notifications).
func (im *importer) contextValue(m map[string]json.RawMessage, path string) error {
	var ctx struct {
		Slot *uint64 `json:"slot"`
	}
	if err := json.Unmarshal(m["context"], &ctx); err != nil {
		return wrapf(join(path, "context"), err)
	}
	vpath := join(path, "value")
	v := m["value"]
	switch kind(v) {
	case 'n':
		return errorf(vpath, "null (account not found)")
	case '[':
		elems, err := array(v, vpath)
		if err != nil {
			return err
		}
		if len(elems) == 0 {
			return errorf(vpath, "empty array")
		}
		for i, e := range elems {
			ep := index(vpath, i)
			em, err := object(e, ep)
			if err != nil {
				return err
			}
			if em["pubkey"] != nil && em["account"] != nil {
				err = im.keyedAccount(em, ep, ctx.Slot)
			} else {
				err = im.account(em, ep, nil, ctx.Slot)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	vm, err := object(v, vpath)
	if err != nil {
		return err
	}
	if vm["block"] != nil {
		return im.block(vm, vpath)
	}
	if vm["pubkey"] != nil && vm["account"] != nil {
		return im.keyedAccount(vm, vpath, ctx.Slot)
	}
	return im.account(vm, vpath, nil, ctx.Slot)
}

// block converts {slot, block: {blockTime, transactions, …}} (a blockSubscribe value).
func (im *importer) block(m map[string]json.RawMessage, path string) error {
	var b block
	if err := json.Unmarshal(m["slot"], &b.slot); m["slot"] != nil && err != nil {
		return wrapf(join(path, "slot"), err)
	}
	bpath := join(path, "block")
	bm, err := object(m["block"], bpath)
	if err != nil {
		return err
	}
	return im.blockBody(bm, bpath, &b)
}

// blockBody converts a block {blockTime, transactions, …} (getBlock result, or the block of a
// blockSubscribe value).
func (im *importer) blockBody(m map[string]json.RawMessage, path string, outer *block) error {
	var b block
	if outer != nil {
		b = *outer
	}
	if err := json.Unmarshal(m["blockTime"], &b.blockTime); m["blockTime"] != nil && err != nil {
		return wrapf(join(path, "blockTime"), err)
	}
	tpath := join(path, "transactions")
	txs, err := array(m["transactions"], tpath)
	if err != nil {
		return err
	}
	for i, t := range txs {
		if err := im.document(t, index(tpath, i), &b); err != nil {
			return err
		}
	}
	return nil
}

// emit appends u, preceded by a BlockMeta update when the block time is known.
func (im *importer) emit(slot uint64, blockTime *int64, u *pb.SubscribeUpdate) {
	if blockTime != nil {
		im.updates = append(im.updates, &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_BlockMeta{
			BlockMeta: &pb.SubscribeUpdateBlockMeta{Slot: slot, BlockTime: &pb.UnixTimestamp{Timestamp: *blockTime}},
		}})
	}
	im.updates = append(im.updates, u)
}

// slotOf returns the slot of a document: its own, the enclosing block's, or Options.Slot (noted).
func (im *importer) slotOf(m map[string]json.RawMessage, path string, blk *block) (uint64, error) {
	if raw := m["slot"]; !isNull(raw) {
		var s uint64
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, wrapf(join(path, "slot"), err)
		}
		return s, nil
	}
	if blk != nil && blk.slot != nil {
		return *blk.slot, nil
	}
	im.notef(path, "no slot: used %d (Options.Slot)", im.opts.Slot)
	return im.opts.Slot, nil
}

// blockTimeOf returns the block time of a document, or nil when unknown.
func (im *importer) blockTimeOf(m map[string]json.RawMessage, path string, blk *block) (*int64, error) {
	if raw := m["blockTime"]; !isNull(raw) {
		var t int64
		if err := json.Unmarshal(raw, &t); err != nil {
			return nil, wrapf(join(path, "blockTime"), err)
		}
		return &t, nil
	}
	if blk != nil && blk.blockTime != nil {
		return blk.blockTime, nil
	}
	if im.opts.BlockTime != 0 {
		t := im.opts.BlockTime
		return &t, nil
	}
	im.notef(path, "no blockTime: no block meta update, events carry block_time 0")
	return nil, nil
}

func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	return b.String()
}
