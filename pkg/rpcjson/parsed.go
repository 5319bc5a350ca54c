package rpcjson

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/gagliardetto/solana-go"
)

// ixOut is one converted instruction.
type ixOut struct {
	prog     uint32
	accounts []byte
	data     []byte
}

// rawInstruction is an instruction in any JSON encoding: compiled (programIdIndex, account
// indexes), jsonParsed raw (programId, account pubkeys) or jsonParsed parsed (program,
// programId, parsed).
type rawInstruction struct {
	ProgramIDIndex *uint32           `json:"programIdIndex"`
	ProgramID      *string           `json:"programId"`
	Program        string            `json:"program"`
	Accounts       []json.RawMessage `json:"accounts"`
	Data           json.RawMessage   `json:"data"`
	Parsed         json.RawMessage   `json:"parsed"`
	StackHeight    *uint32           `json:"stackHeight"`
}

// instruction converts one instruction at path; it returns its stack height when known.
func (b *txBuild) instruction(raw json.RawMessage, path string, inner bool) (ixOut, *uint32, error) {
	var r rawInstruction
	if kind(raw) != '{' {
		return ixOut{}, nil, errorf(path, "want an instruction object, have %s", describe(raw))
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return ixOut{}, nil, wrapf(path, err)
	}
	var out ixOut
	n := b.numKeys()
	switch {
	case r.ProgramIDIndex != nil:
		if int(*r.ProgramIDIndex) >= n {
			return ixOut{}, nil, errorf(join(path, "programIdIndex"), "%d of %d account keys", *r.ProgramIDIndex, n)
		}
		out.prog = *r.ProgramIDIndex
	case r.ProgramID != nil:
		i, err := b.resolve(*r.ProgramID, join(path, "programId"))
		if err != nil {
			return ixOut{}, nil, err
		}
		out.prog = uint32(i)
	default:
		return ixOut{}, nil, errorf(path, "neither programIdIndex nor programId")
	}
	var sh *uint32
	if inner {
		sh = r.StackHeight
	}
	if !isNull(r.Parsed) {
		b.rebuildParsed(&out, &r, path)
		return out, sh, nil
	}

	apath := join(path, "accounts")
	out.accounts = make([]byte, len(r.Accounts))
	for j, a := range r.Accounts {
		ap := index(apath, j)
		switch kind(a) {
		case '"':
			var s string
			if err := json.Unmarshal(a, &s); err != nil {
				return ixOut{}, nil, wrapf(ap, err)
			}
			k, err := b.resolve(s, ap)
			if err != nil {
				return ixOut{}, nil, err
			}
			out.accounts[j] = byte(k)
		default:
			v, err := strconv.ParseUint(string(a), 10, 8)
			if err != nil {
				return ixOut{}, nil, errorf(ap, "want an account index or pubkey, have %s", compact(a))
			}
			if int(v) >= n {
				return ixOut{}, nil, errorf(ap, "index %d of %d account keys", v, n)
			}
			out.accounts[j] = byte(v)
		}
	}
	dpath := join(path, "data")
	if isNull(r.Data) {
		return ixOut{}, nil, errorf(dpath, "missing")
	}
	data, err := bytesOf(r.Data, dpath)
	if err != nil {
		return ixOut{}, nil, err
	}
	out.data = data
	return out, sh, nil
}

// resolve returns the index of a base58 key among the transaction's keys.
func (b *txBuild) resolve(s, path string) (int, error) {
	k, err := pubkeyString(s, path)
	if err != nil {
		return 0, err
	}
	i, ok := b.byKey[solana.PublicKey(k)]
	if !ok {
		return 0, errorf(path, "%s is not among the transaction's %d account keys", s, b.numKeys())
	}
	if i > 255 {
		return 0, errorf(path, "%s has index %d, past 255", s, i)
	}
	return i, nil
}

// rebuildParsed re-encodes a jsonParsed instruction when its parsed form determines its bytes
// and accounts; otherwise it leaves accounts and data empty (or the accounts only) and records it.
func (b *txBuild) rebuildParsed(out *ixOut, r *rawInstruction, path string) {
	out.accounts, out.data = []byte{}, []byte{}
	var p struct {
		Type string                     `json:"type"`
		Info map[string]json.RawMessage `json:"info"`
	}
	name := r.Program
	if err := json.Unmarshal(r.Parsed, &p); err != nil || p.Info == nil {
		b.lost = append(b.lost, fmt.Sprintf("%s (%s)", path, name))
		return
	}
	name += " " + p.Type
	e := encoder{info: p.Info}
	keys, data, exact := e.encode(r.Program, p.Type)
	if e.err != nil || keys == nil {
		b.lost = append(b.lost, fmt.Sprintf("%s (%s)", path, name))
		return
	}
	accts := make([]byte, len(keys))
	for i, k := range keys {
		j, err := b.resolve(k, path)
		if err != nil {
			b.lost = append(b.lost, fmt.Sprintf("%s (%s)", path, name))
			return
		}
		accts[i] = byte(j)
	}
	out.accounts = accts
	if !exact {
		b.lost = append(b.lost, fmt.Sprintf("%s (%s: accounts recovered, data ambiguous, left empty)", path, name))
		return
	}
	out.data = data
	b.rebuilt++
}

// encoder re-encodes parsed instructions; the first failure sticks in err.
type encoder struct {
	info map[string]json.RawMessage
	err  error
}

func (e *encoder) str(k string) string {
	var s string
	if err := json.Unmarshal(e.info[k], &s); err != nil && e.err == nil {
		e.err = fmt.Errorf("%s: %w", k, err)
	}
	return s
}

func (e *encoder) has(k string) bool { return !isNull(e.info[k]) }

// u64 reads a number written as a JSON number or a decimal string.
func (e *encoder) u64(raw json.RawMessage, k string) uint64 {
	var s string
	if kind(raw) == '"' {
		_ = json.Unmarshal(raw, &s)
	} else {
		s = string(raw)
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil && e.err == nil {
		e.err = fmt.Errorf("%s: %w", k, err)
	}
	return v
}

func (e *encoder) num(k string) uint64 { return e.u64(e.info[k], k) }

// tokenAmount reads {amount, decimals} of checked token instructions.
func (e *encoder) tokenAmount() (uint64, uint8) {
	var ta struct {
		Amount   json.RawMessage `json:"amount"`
		Decimals uint8           `json:"decimals"`
	}
	if err := json.Unmarshal(e.info["tokenAmount"], &ta); err != nil && e.err == nil {
		e.err = fmt.Errorf("tokenAmount: %w", err)
	}
	return e.u64(ta.Amount, "tokenAmount.amount"), ta.Decimals
}

func (e *encoder) pubkey(k string) []byte {
	b, err := pubkeyString(e.str(k), k)
	if err != nil && e.err == nil {
		e.err = err
	}
	return b
}

// authority returns the (single or multisig) authority and the multisig signers.
func (e *encoder) authority(single, multi string) []string {
	if e.has(multi) {
		keys := []string{e.str(multi)}
		var signers []string
		if err := json.Unmarshal(e.info["signers"], &signers); err != nil && e.err == nil {
			e.err = fmt.Errorf("signers: %w", err)
		}
		return append(keys, signers...)
	}
	return []string{e.str(single)}
}

func u32le(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

func le64(dst []byte, v uint64) []byte { return binary.LittleEndian.AppendUint64(dst, v) }

// coption appends spl-token's 1-byte-tag option of a pubkey.
func (e *encoder) coption(dst []byte, k string) []byte {
	if !e.has(k) {
		return append(dst, 0)
	}
	return append(append(dst, 1), e.pubkey(k)...)
}

// encode returns the accounts (base58) and data of a parsed instruction, with exact false when
// the data cannot be told apart (accounts only); keys is nil when the type is not supported.
func (e *encoder) encode(program, typ string) (keys []string, data []byte, exact bool) {
	switch program + " " + typ {
	case "system transfer":
		return []string{e.str("source"), e.str("destination")}, le64(u32le(2), e.num("lamports")), true
	case "system createAccount":
		d := le64(le64(u32le(0), e.num("lamports")), e.num("space"))
		return []string{e.str("source"), e.str("newAccount")}, append(d, e.pubkey("owner")...), true
	case "system assign":
		return []string{e.str("account")}, append(u32le(1), e.pubkey("owner")...), true
	case "system allocate":
		return []string{e.str("account")}, le64(u32le(8), e.num("space")), true

	case "spl-token transfer":
		keys = append([]string{e.str("source"), e.str("destination")}, e.authority("authority", "multisigAuthority")...)
		return keys, le64([]byte{3}, e.num("amount")), true
	case "spl-token transferChecked":
		amt, dec := e.tokenAmount()
		keys = append([]string{e.str("source"), e.str("mint"), e.str("destination")}, e.authority("authority", "multisigAuthority")...)
		return keys, append(le64([]byte{12}, amt), dec), true
	case "spl-token mintTo":
		keys = append([]string{e.str("mint"), e.str("account")}, e.authority("mintAuthority", "multisigMintAuthority")...)
		return keys, le64([]byte{7}, e.num("amount")), true
	case "spl-token mintToChecked":
		amt, dec := e.tokenAmount()
		keys = append([]string{e.str("mint"), e.str("account")}, e.authority("mintAuthority", "multisigMintAuthority")...)
		return keys, append(le64([]byte{14}, amt), dec), true
	case "spl-token burn":
		keys = append([]string{e.str("account"), e.str("mint")}, e.authority("authority", "multisigAuthority")...)
		return keys, le64([]byte{8}, e.num("amount")), true
	case "spl-token burnChecked":
		amt, dec := e.tokenAmount()
		keys = append([]string{e.str("account"), e.str("mint")}, e.authority("authority", "multisigAuthority")...)
		return keys, append(le64([]byte{15}, amt), dec), true
	case "spl-token closeAccount":
		keys = append([]string{e.str("account"), e.str("destination")}, e.authority("owner", "multisigOwner")...)
		return keys, []byte{9}, true
	case "spl-token syncNative":
		return []string{e.str("account")}, []byte{17}, true
	case "spl-token initializeAccount":
		return []string{e.str("account"), e.str("mint"), e.str("owner"), e.str("rentSysvar")}, []byte{1}, true
	case "spl-token initializeAccount2":
		return []string{e.str("account"), e.str("mint"), e.str("rentSysvar")}, append([]byte{16}, e.pubkey("owner")...), true
	case "spl-token initializeAccount3":
		return []string{e.str("account"), e.str("mint")}, append([]byte{18}, e.pubkey("owner")...), true
	case "spl-token initializeImmutableOwner":
		return []string{e.str("account")}, []byte{22}, true
	case "spl-token initializeMint":
		d := append([]byte{0, uint8(e.num("decimals"))}, e.pubkey("mintAuthority")...)
		return []string{e.str("mint"), e.str("rentSysvar")}, e.coption(d, "freezeAuthority"), true
	case "spl-token initializeMint2":
		d := append([]byte{20, uint8(e.num("decimals"))}, e.pubkey("mintAuthority")...)
		return []string{e.str("mint")}, e.coption(d, "freezeAuthority"), true

	case "spl-associated-token-account createIdempotent":
		return []string{e.str("source"), e.str("account"), e.str("wallet"), e.str("mint"), e.str("systemProgram"), e.str("tokenProgram")}, []byte{1}, true
	case "spl-associated-token-account create":
		// Both empty data and [0] parse as "create".
		return []string{e.str("source"), e.str("account"), e.str("wallet"), e.str("mint"), e.str("systemProgram"), e.str("tokenProgram")}, nil, false
	}
	return nil, nil, false
}
