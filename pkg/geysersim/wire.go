package geysersim

import "google.golang.org/protobuf/encoding/protowire"

// The encoding of a replayed update in a later loop is assembled from the first loop's bytes:
// wireShift.message copies every field as it is but those its ops name, which it rewrites as
// ReplaySource.shift changes them, descending only into the messages on the way to them. What
// it returns is what proto.Marshal gives for the shifted update: Marshal writes fields in number
// order, omits zero proto3 scalars and keeps explicit-presence ones, and so does message.

// wireOpKind is what wireShift.message does with a field.
type wireOpKind uint8

const (
	opSlot    wireOpKind = iota // varint plus wireShift.slot; proto3 implicit presence
	opOptSlot                   // varint plus wireShift.slot; explicit presence (optional)
	opWV                        // varint plus wireShift.wv; implicit presence
	opSig                       // bytes through xorLoop, every occurrence (repeated too)
	opMsg                       // a message rewritten by sub
)

// wireOp names one field of a message and what to do with it.
type wireOp struct {
	num  protowire.Number
	kind wireOpKind
	sub  []wireOp // opMsg
}

// updateOps follows shift: ops of each message sorted by field number.
var updateOps = []wireOp{
	{num: 2, kind: opMsg, sub: []wireOp{ // SubscribeUpdate.account
		{num: 1, kind: opMsg, sub: []wireOp{ // SubscribeUpdateAccount.account
			{num: 7, kind: opWV},  // write_version
			{num: 8, kind: opSig}, // txn_signature
		}},
		{num: 2, kind: opSlot},
	}},
	{num: 3, kind: opMsg, sub: []wireOp{ // SubscribeUpdate.slot
		{num: 1, kind: opSlot},
		{num: 2, kind: opOptSlot}, // parent
	}},
	{num: 4, kind: opMsg, sub: []wireOp{ // SubscribeUpdate.transaction
		{num: 1, kind: opMsg, sub: []wireOp{ // SubscribeUpdateTransaction.transaction
			{num: 1, kind: opSig}, // signature
			{num: 3, kind: opMsg, sub: []wireOp{ // transaction
				{num: 1, kind: opSig}, // signatures
			}},
		}},
		{num: 2, kind: opSlot},
	}},
	{num: 7, kind: opMsg, sub: []wireOp{ // SubscribeUpdate.block_meta
		{num: 1, kind: opSlot},
		{num: 6, kind: opSlot}, // parent_slot
	}},
}

// wireShift is one loop's change: slots plus slot, write versions plus wv, signatures of loop k.
type wireShift struct {
	slot, wv, k uint64
}

// message appends to dst the message encoded in src with the fields of ops changed. ok is false
// when src is malformed or a field of ops has another wire type.
func (sh wireShift) message(dst, src []byte, ops []wireOp) (_ []byte, ok bool) {
	j, seen := 0, false // ops[j] is the next op; seen: its field occurred
	for len(src) > 0 {
		num, typ, n := protowire.ConsumeTag(src)
		if n < 0 {
			return dst, false
		}
		m := protowire.ConsumeFieldValue(num, typ, src[n:])
		if m < 0 {
			return dst, false
		}
		for ; j < len(ops) && ops[j].num < num; j, seen = j+1, false {
			if !seen {
				dst = sh.absent(dst, ops[j])
			}
		}
		field := src[:n+m]
		src = src[n+m:]
		if j == len(ops) || ops[j].num != num {
			dst = append(dst, field...)
			continue
		}
		seen = true
		op := ops[j]
		switch op.kind {
		case opSlot, opOptSlot, opWV:
			if typ != protowire.VarintType {
				return dst, false
			}
			v, _ := protowire.ConsumeVarint(field[n:])
			v += sh.delta(op.kind)
			if v == 0 && op.kind != opOptSlot {
				continue // proto3 omits a zero
			}
			dst = protowire.AppendTag(dst, num, typ)
			dst = protowire.AppendVarint(dst, v)
		case opSig:
			if typ != protowire.BytesType {
				return dst, false
			}
			start := len(dst)
			dst = append(dst, field...) // same length: only the bytes change
			v, l := protowire.ConsumeBytes(field[n:])
			xorLoop(dst[start+n+l-len(v):], sh.k)
		case opMsg:
			if typ != protowire.BytesType {
				return dst, false
			}
			v, _ := protowire.ConsumeBytes(field[n:])
			dst = protowire.AppendTag(dst, num, typ)
			at := len(dst)
			dst = protowire.AppendVarint(dst, uint64(len(v))) // the length if unchanged
			body := len(dst)
			if dst, ok = sh.message(dst, v, op.sub); !ok {
				return dst, false
			}
			dst = fixLength(dst, at, body)
		}
	}
	for ; j < len(ops); j, seen = j+1, false {
		if !seen {
			dst = sh.absent(dst, ops[j])
		}
	}
	return dst, true
}

// delta is what a varint op adds.
func (sh wireShift) delta(k wireOpKind) uint64 {
	if k == opWV {
		return sh.wv
	}
	return sh.slot
}

// absent appends what op's field becomes when the original has none: an implicit-presence
// varint that was zero, now the delta; nothing otherwise.
func (sh wireShift) absent(dst []byte, op wireOp) []byte {
	if op.kind != opSlot && op.kind != opWV {
		return dst
	}
	if v := sh.delta(op.kind); v != 0 {
		dst = protowire.AppendTag(dst, op.num, protowire.VarintType)
		dst = protowire.AppendVarint(dst, v)
	}
	return dst
}

// fixLength rewrites the length varint at dst[at:body] to len(dst)-body, moving the body when
// the varint's size changes.
func fixLength(dst []byte, at, body int) []byte {
	var b [10]byte // the longest varint
	l := protowire.AppendVarint(b[:0], uint64(len(dst)-body))
	if len(l) == body-at {
		copy(dst[at:], l)
		return dst
	}
	tail := append([]byte(nil), dst[body:]...) // rare: the length crossed a power of 128
	return append(append(dst[:at], l...), tail...)
}
