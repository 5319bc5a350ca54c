package rpcjson

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gagliardetto/solana-go"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
)

// jsonMessage is a message in the json, jsonParsed or Yellowstone JSON encodings.
type jsonMessage struct {
	Header *struct {
		NumRequiredSignatures       uint32 `json:"numRequiredSignatures"`
		NumReadonlySignedAccounts   uint32 `json:"numReadonlySignedAccounts"`
		NumReadonlyUnsignedAccounts uint32 `json:"numReadonlyUnsignedAccounts"`
	} `json:"header"`
	AccountKeys         []json.RawMessage `json:"accountKeys"`
	RecentBlockhash     json.RawMessage   `json:"recentBlockhash"`
	Instructions        []json.RawMessage `json:"instructions"`
	AddressTableLookups *[]struct {
		AccountKey      json.RawMessage `json:"accountKey"`
		WritableIndexes json.RawMessage `json:"writableIndexes"`
		ReadonlyIndexes json.RawMessage `json:"readonlyIndexes"`
	} `json:"addressTableLookups"`
	Versioned *bool `json:"versioned"` // Yellowstone JSON only
}

type jsonTransaction struct {
	Signatures []json.RawMessage `json:"signatures"`
	Message    json.RawMessage   `json:"message"`
}

// parsedKey is an account key of a jsonParsed message.
type parsedKey struct {
	Pubkey   string `json:"pubkey"`
	Signer   bool   `json:"signer"`
	Writable bool   `json:"writable"`
	Source   string `json:"source"` // "transaction" or "lookupTable"; absent on old nodes
}

type metaDoc struct {
	Err               json.RawMessage `json:"err"`
	Fee               uint64          `json:"fee"`
	PreBalances       []uint64        `json:"preBalances"`
	PostBalances      []uint64        `json:"postBalances"`
	InnerInstructions json.RawMessage `json:"innerInstructions"`
	LogMessages       *[]string       `json:"logMessages"`
	PreTokenBalances  []tokenBalance  `json:"preTokenBalances"`
	PostTokenBalances []tokenBalance  `json:"postTokenBalances"`
	LoadedAddresses   *struct {
		Writable json.RawMessage `json:"writable"`
		Readonly json.RawMessage `json:"readonly"`
	} `json:"loadedAddresses"`
	LoadedWritableAddresses json.RawMessage `json:"loadedWritableAddresses"` // Yellowstone JSON
	LoadedReadonlyAddresses json.RawMessage `json:"loadedReadonlyAddresses"` // Yellowstone JSON
	ReturnData              json.RawMessage `json:"returnData"`
	ComputeUnitsConsumed    *uint64         `json:"computeUnitsConsumed"`
}

type tokenBalance struct {
	AccountIndex  uint32 `json:"accountIndex"`
	Mint          string `json:"mint"`
	Owner         string `json:"owner"`
	ProgramID     string `json:"programId"`
	UITokenAmount *struct {
		UIAmount       *float64 `json:"uiAmount"`
		Decimals       uint32   `json:"decimals"`
		Amount         string   `json:"amount"`
		UIAmountString string   `json:"uiAmountString"`
	} `json:"uiTokenAmount"`
}

// txBuild is one transaction being converted.
type txBuild struct {
	im       *importer
	path     string // of the document
	msg      *pb.Message
	sigs     [][]byte
	loadedW  [][]byte
	loadedR  [][]byte
	byKey    map[solana.PublicKey]int // every key (static, loaded) -> its first index; for jsonParsed
	lost     []string                 // jsonParsed instructions that could not be recovered
	rebuilt  int                      // jsonParsed instructions re-encoded from their parsed form
	parsed   bool                     // jsonParsed encoding
	versionQ string                   // "0", "legacy" or "" (unknown) from the document's version field
}

// rpcTx converts a getTransaction result or a blockSubscribe entry.
func (im *importer) rpcTx(m map[string]json.RawMessage, path string, blk *block) error {
	slot, err := im.slotOf(m, path, blk)
	if err != nil {
		return err
	}
	bt, err := im.blockTimeOf(m, path, blk)
	if err != nil {
		return err
	}
	b := &txBuild{im: im, path: path}
	if b.versionQ, err = version(m["version"], join(path, "version")); err != nil {
		return err
	}
	mpath := join(path, "meta")
	if isNull(m["meta"]) {
		return errorf(mpath, "missing: a transaction without its status meta cannot be imported")
	}
	var meta metaDoc
	if err := json.Unmarshal(m["meta"], &meta); err != nil {
		return wrapf(mpath, err)
	}
	if meta.LoadedAddresses != nil {
		lp := join(mpath, "loadedAddresses")
		if b.loadedW, err = pubkeys(meta.LoadedAddresses.Writable, join(lp, "writable")); err != nil {
			return err
		}
		if b.loadedR, err = pubkeys(meta.LoadedAddresses.Readonly, join(lp, "readonly")); err != nil {
			return err
		}
	}

	tpath := join(path, "transaction")
	switch kind(m["transaction"]) {
	case '[', '"':
		err = b.wire(m["transaction"], tpath, meta.LoadedAddresses != nil)
	case '{':
		err = b.jsonTx(m["transaction"], tpath, meta.LoadedAddresses != nil)
	default:
		err = errorf(tpath, "want an object or [data, encoding], have %s", describe(m["transaction"]))
	}
	if err != nil {
		return err
	}
	var txIndex uint64
	if raw := m["transactionIndex"]; !isNull(raw) {
		if err := json.Unmarshal(raw, &txIndex); err != nil {
			return wrapf(join(path, "transactionIndex"), err)
		}
	}
	pmeta, err := b.meta(&meta, mpath)
	if err != nil {
		return err
	}
	info := &pb.SubscribeUpdateTransactionInfo{
		Signature:   b.sigs[0],
		IsVote:      b.isVote(),
		Transaction: &pb.Transaction{Signatures: b.sigs, Message: b.msg},
		Meta:        pmeta,
		Index:       txIndex,
	}
	b.finish()
	im.emit(slot, bt, &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Transaction{
		Transaction: &pb.SubscribeUpdateTransaction{Transaction: info, Slot: slot}}})
	return nil
}

// yellowstoneTx converts a SubscribeUpdateTransaction serialised as JSON.
func (im *importer) yellowstoneTx(m map[string]json.RawMessage, path string) error {
	slot, err := im.slotOf(m, path, nil)
	if err != nil {
		return err
	}
	bt, err := im.blockTimeOf(m, path, nil)
	if err != nil {
		return err
	}
	ipath := join(path, "transaction")
	var info struct {
		Signature   json.RawMessage `json:"signature"`
		IsVote      bool            `json:"isVote"`
		Transaction json.RawMessage `json:"transaction"`
		Meta        json.RawMessage `json:"meta"`
		Index       uint64          `json:"index"`
	}
	if err := json.Unmarshal(m["transaction"], &info); err != nil {
		return wrapf(ipath, err)
	}
	b := &txBuild{im: im, path: path}
	mpath := join(ipath, "meta")
	if isNull(info.Meta) {
		return errorf(mpath, "missing: a transaction without its status meta cannot be imported")
	}
	var meta metaDoc
	if err := json.Unmarshal(info.Meta, &meta); err != nil {
		return wrapf(mpath, err)
	}
	if b.loadedW, err = pubkeys(meta.LoadedWritableAddresses, join(mpath, "loadedWritableAddresses")); err != nil {
		return err
	}
	if b.loadedR, err = pubkeys(meta.LoadedReadonlyAddresses, join(mpath, "loadedReadonlyAddresses")); err != nil {
		return err
	}
	if err := b.jsonTx(info.Transaction, join(ipath, "transaction"), true); err != nil {
		return err
	}
	if !isNull(info.Signature) {
		sig, err := fixed(info.Signature, 64, "signature", join(ipath, "signature"))
		if err != nil {
			return err
		}
		if string(sig) != string(b.sigs[0]) {
			return errorf(join(ipath, "signature"), "differs from the transaction's first signature")
		}
	}
	pmeta, err := b.meta(&meta, mpath)
	if err != nil {
		return err
	}
	pinfo := &pb.SubscribeUpdateTransactionInfo{
		Signature:   b.sigs[0],
		IsVote:      info.IsVote,
		Transaction: &pb.Transaction{Signatures: b.sigs, Message: b.msg},
		Meta:        pmeta,
		Index:       info.Index,
	}
	b.finish()
	im.emit(slot, bt, &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Transaction{
		Transaction: &pb.SubscribeUpdateTransaction{Transaction: pinfo, Slot: slot}}})
	return nil
}

// version reads the version field: 0, "legacy", or absent.
func version(raw json.RawMessage, path string) (string, error) {
	if isNull(raw) {
		return "", nil
	}
	switch strings.TrimSpace(string(raw)) {
	case "0":
		return "0", nil
	case `"legacy"`:
		return "legacy", nil
	}
	return "", errorf(path, "unsupported transaction version %s (want 0 or \"legacy\")", compact(raw))
}

// wire converts a transaction in the base64 or base58 encoding.
func (b *txBuild) wire(raw json.RawMessage, path string, haveLoaded bool) error {
	data, _, err := encodedData(raw, path, decodeBase58)
	if err != nil {
		return err
	}
	tx, err := decodeWire(data)
	if err != nil {
		return errorf(path, "decode transaction: %v", err)
	}
	msg := &tx.Message
	if len(tx.Signatures) == 0 {
		return errorf(path, "transaction without signatures")
	}
	for _, s := range tx.Signatures {
		b.sigs = append(b.sigs, append([]byte(nil), s[:]...))
	}
	pm := &pb.Message{
		Header: &pb.MessageHeader{
			NumRequiredSignatures:       uint32(msg.Header.NumRequiredSignatures),
			NumReadonlySignedAccounts:   uint32(msg.Header.NumReadonlySignedAccounts),
			NumReadonlyUnsignedAccounts: uint32(msg.Header.NumReadonlyUnsignedAccounts),
		},
		RecentBlockhash: append([]byte(nil), msg.RecentBlockhash[:]...),
		Versioned:       msg.IsVersioned(),
	}
	for _, k := range msg.AccountKeys {
		pm.AccountKeys = append(pm.AccountKeys, append([]byte(nil), k[:]...))
	}
	for i, ci := range msg.Instructions {
		ip := index(join(path, "message.instructions"), i)
		if ci.ProgramIDIndex > 255 {
			return errorf(ip, "program index %d", ci.ProgramIDIndex)
		}
		accts := make([]byte, len(ci.Accounts))
		for j, a := range ci.Accounts {
			if a > 255 {
				return errorf(index(join(ip, "accounts"), j), "account index %d", a)
			}
			accts[j] = byte(a)
		}
		pm.Instructions = append(pm.Instructions, &pb.CompiledInstruction{
			ProgramIdIndex: uint32(ci.ProgramIDIndex), Accounts: accts, Data: append([]byte{}, ci.Data...)})
	}
	for _, l := range msg.AddressTableLookups {
		pm.AddressTableLookups = append(pm.AddressTableLookups, &pb.MessageAddressTableLookup{
			AccountKey:      append([]byte(nil), l.AccountKey[:]...),
			WritableIndexes: append([]byte{}, l.WritableIndexes...),
			ReadonlyIndexes: append([]byte{}, l.ReadonlyIndexes...),
		})
	}
	if q := b.versionQ; q != "" && (q == "0") != pm.Versioned {
		b.im.notef(b.path, "version field says %s but the encoded message is %s", q, map[bool]string{true: "v0", false: "legacy"}[pm.Versioned])
	}
	b.msg = pm
	return b.checkLookups(path, haveLoaded)
}

// decodeWire decodes a wire transaction with solana-go, turning a panic on malformed bytes into
// an error.
func decodeWire(data []byte) (tx *solana.Transaction, err error) {
	defer func() {
		if r := recover(); r != nil {
			tx, err = nil, fmt.Errorf("malformed transaction: %v", r)
		}
	}()
	return solana.TransactionFromBytes(data)
}

// jsonTx converts a transaction in the json, jsonParsed or Yellowstone JSON encodings.
func (b *txBuild) jsonTx(raw json.RawMessage, path string, haveLoaded bool) error {
	var t jsonTransaction
	if kind(raw) != '{' {
		return errorf(path, "want an object, have %s", describe(raw))
	}
	if err := json.Unmarshal(raw, &t); err != nil {
		return wrapf(path, err)
	}
	spath := join(path, "signatures")
	if len(t.Signatures) == 0 {
		return errorf(spath, "no signatures")
	}
	for i, s := range t.Signatures {
		sig, err := fixed(s, 64, "signature", index(spath, i))
		if err != nil {
			return err
		}
		b.sigs = append(b.sigs, sig)
	}
	mpath := join(path, "message")
	var jm jsonMessage
	if kind(t.Message) != '{' {
		return errorf(mpath, "want an object, have %s", describe(t.Message))
	}
	if err := json.Unmarshal(t.Message, &jm); err != nil {
		return wrapf(mpath, err)
	}
	pm := &pb.Message{Header: &pb.MessageHeader{}}
	b.msg = pm
	var err error
	if pm.RecentBlockhash, err = fixed(jm.RecentBlockhash, 32, "blockhash", join(mpath, "recentBlockhash")); err != nil {
		return err
	}
	kpath := join(mpath, "accountKeys")
	if len(jm.AccountKeys) == 0 {
		return errorf(kpath, "no account keys")
	}
	if kind(jm.AccountKeys[0]) == '{' {
		b.parsed = true
		if err := b.parsedKeys(jm.AccountKeys, kpath, haveLoaded); err != nil {
			return err
		}
	} else {
		if jm.Header == nil {
			return errorf(join(mpath, "header"), "missing")
		}
		pm.Header.NumRequiredSignatures = jm.Header.NumRequiredSignatures
		pm.Header.NumReadonlySignedAccounts = jm.Header.NumReadonlySignedAccounts
		pm.Header.NumReadonlyUnsignedAccounts = jm.Header.NumReadonlyUnsignedAccounts
		for i, k := range jm.AccountKeys {
			key, err := pubkey(k, index(kpath, i))
			if err != nil {
				return err
			}
			pm.AccountKeys = append(pm.AccountKeys, key)
		}
	}

	if jm.AddressTableLookups != nil {
		lpath := join(mpath, "addressTableLookups")
		for i, l := range *jm.AddressTableLookups {
			p := index(lpath, i)
			key, err := pubkey(l.AccountKey, join(p, "accountKey"))
			if err != nil {
				return err
			}
			w, err := indexes(l.WritableIndexes, join(p, "writableIndexes"))
			if err != nil {
				return err
			}
			r, err := indexes(l.ReadonlyIndexes, join(p, "readonlyIndexes"))
			if err != nil {
				return err
			}
			pm.AddressTableLookups = append(pm.AddressTableLookups, &pb.MessageAddressTableLookup{
				AccountKey: key, WritableIndexes: w, ReadonlyIndexes: r})
		}
	}

	switch {
	case jm.Versioned != nil: // Yellowstone JSON
		pm.Versioned = *jm.Versioned
		if !pm.Versioned && len(b.loadedW)+len(b.loadedR) > 0 {
			pm.Versioned = true
			b.im.notef(b.path, "Yellowstone JSON: versioned was false but the transaction loads addresses, so it is a v0 message: marked versioned; its address table lookups were not recorded and stay empty")
		} else if len(pm.AddressTableLookups) == 0 {
			b.im.notef(b.path, "Yellowstone JSON: the versioned flag and address table lookups of this format are lossy (kept as found: versioned=%t, no lookups)", pm.Versioned)
		}
	case b.versionQ != "":
		pm.Versioned = b.versionQ == "0"
	default:
		pm.Versioned = jm.AddressTableLookups != nil
		b.im.notef(b.path, "no version field: message taken as %s (addressTableLookups %s)",
			map[bool]string{true: "v0", false: "legacy"}[pm.Versioned], map[bool]string{true: "present", false: "absent"}[pm.Versioned])
	}
	if err := b.checkLookups(mpath, haveLoaded || b.parsed); err != nil {
		return err
	}
	b.indexKeys()

	ipath := join(mpath, "instructions")
	for i, raw := range jm.Instructions {
		ix, _, err := b.instruction(raw, index(ipath, i), false)
		if err != nil {
			return err
		}
		pm.Instructions = append(pm.Instructions, &pb.CompiledInstruction{ProgramIdIndex: ix.prog, Accounts: ix.accounts, Data: ix.data})
	}
	return nil
}

// parsedKeys fills the static keys, the loaded addresses and the header of a jsonParsed message.
func (b *txBuild) parsedKeys(raws []json.RawMessage, path string, haveLoaded bool) error {
	pm := b.msg
	var loadedW, loadedR [][]byte
	const (
		signedW = iota
		signedR
		unsignedW
		unsignedR
	)
	keys := make([]parsedKey, len(raws))
	sourced := false
	for i, raw := range raws {
		p := index(path, i)
		if kind(raw) != '{' {
			return errorf(p, "want an object {pubkey, signer, writable, source}, have %s", describe(raw))
		}
		if err := json.Unmarshal(raw, &keys[i]); err != nil {
			return wrapf(p, err)
		}
		sourced = sourced || keys[i].Source != ""
	}
	if !sourced && haveLoaded {
		// Old nodes give no source: the keys end with meta.loadedAddresses.
		n := len(keys) - len(b.loadedW) - len(b.loadedR)
		if n < 1 {
			return errorf(path, "%d keys, fewer than meta.loadedAddresses holds", len(keys))
		}
		for i := n; i < len(keys); i++ {
			keys[i].Source = "lookupTable"
		}
	}
	last, ordered := signedW, true
	for i, k := range keys {
		p := index(path, i)
		key, err := pubkeyString(k.Pubkey, join(p, "pubkey"))
		if err != nil {
			return err
		}
		switch k.Source {
		case "lookupTable":
			if k.Writable {
				if len(loadedR) > 0 {
					return errorf(p, "writable looked-up key after a readonly one")
				}
				loadedW = append(loadedW, key)
			} else {
				loadedR = append(loadedR, key)
			}
			continue
		case "", "transaction":
		default:
			return errorf(join(p, "source"), "unknown source %q", k.Source)
		}
		if len(loadedW)+len(loadedR) > 0 {
			return errorf(p, "static key after looked-up keys")
		}
		pm.AccountKeys = append(pm.AccountKeys, key)
		class := unsignedR
		switch {
		case k.Signer && k.Writable:
			class = signedW
		case k.Signer:
			class = signedR
		case k.Writable:
			class = unsignedW
		}
		if class < last {
			ordered = false
		}
		last = max(last, class)
		if k.Signer {
			pm.Header.NumRequiredSignatures++
			if !k.Writable {
				pm.Header.NumReadonlySignedAccounts++
			}
		} else if !k.Writable {
			pm.Header.NumReadonlyUnsignedAccounts++
		}
	}
	if !ordered {
		b.im.notef(b.path, "jsonParsed: the signer/writable flags of the keys are not in message order (a key demoted to readonly at run time?): the derived header may differ from the signed one")
	}
	if haveLoaded {
		// meta.loadedAddresses is authoritative; the keys must agree with it.
		if !sameKeys(loadedW, b.loadedW) || !sameKeys(loadedR, b.loadedR) {
			return errorf(path, "looked-up keys differ from meta.loadedAddresses")
		}
	}
	b.loadedW, b.loadedR = loadedW, loadedR
	return nil
}

func sameKeys(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if string(a[i]) != string(b[i]) {
			return false
		}
	}
	return true
}

// checkLookups checks that the loaded addresses match the message's lookups.
func (b *txBuild) checkLookups(path string, haveLoaded bool) error {
	var w, r int
	for _, l := range b.msg.AddressTableLookups {
		w += len(l.WritableIndexes)
		r += len(l.ReadonlyIndexes)
	}
	if w+r == 0 {
		return nil
	}
	if !haveLoaded {
		b.im.notef(b.path, "meta.loadedAddresses missing: the %d looked-up accounts are unknown", w+r)
		return nil
	}
	if w != len(b.loadedW) || r != len(b.loadedR) {
		return errorf(path, "address table lookups select %d writable and %d readonly accounts, meta.loadedAddresses has %d and %d",
			w, r, len(b.loadedW), len(b.loadedR))
	}
	return nil
}

// indexKeys builds the key -> index map used to resolve jsonParsed instructions.
func (b *txBuild) indexKeys() {
	b.byKey = make(map[solana.PublicKey]int)
	n := 0
	for _, group := range [3][][]byte{b.msg.AccountKeys, b.loadedW, b.loadedR} {
		for _, k := range group {
			pk := solana.PublicKey(k)
			if _, ok := b.byKey[pk]; !ok {
				b.byKey[pk] = n
			}
			n++
		}
	}
}

func (b *txBuild) numKeys() int { return len(b.msg.AccountKeys) + len(b.loadedW) + len(b.loadedR) }

// isVote reports whether the transaction invokes the vote program at top level.
func (b *txBuild) isVote() bool {
	for _, ix := range b.msg.Instructions {
		if k := b.key(int(ix.ProgramIdIndex)); k != nil && solana.PublicKey(k) == solana.VoteProgramID {
			return true
		}
	}
	return false
}

func (b *txBuild) key(i int) []byte {
	for _, group := range [3][][]byte{b.msg.AccountKeys, b.loadedW, b.loadedR} {
		if i < len(group) {
			return group[i]
		}
		i -= len(group)
	}
	return nil
}

// finish adds the notes about jsonParsed instructions.
func (b *txBuild) finish() {
	if b.rebuilt > 0 {
		b.im.notef(b.path, "jsonParsed: %d parsed instruction(s) re-encoded from their parsed form", b.rebuilt)
	}
	if len(b.lost) > 0 {
		b.im.notef(b.path, "jsonParsed: %d parsed instruction(s) could not be recovered (program id kept, no accounts, empty data): %s",
			len(b.lost), strings.Join(b.lost, "; "))
	}
}

// meta converts the status meta.
func (b *txBuild) meta(m *metaDoc, path string) (*pb.TransactionStatusMeta, error) {
	pm := &pb.TransactionStatusMeta{
		Fee:                     m.Fee,
		PreBalances:             m.PreBalances,
		PostBalances:            m.PostBalances,
		LoadedWritableAddresses: b.loadedW,
		LoadedReadonlyAddresses: b.loadedR,
		ComputeUnitsConsumed:    m.ComputeUnitsConsumed,
	}
	var err error
	if pm.Err, err = b.im.txError(m.Err, join(path, "err")); err != nil {
		return nil, err
	}
	if m.LogMessages == nil {
		pm.LogMessagesNone = true
	} else {
		pm.LogMessages = *m.LogMessages
	}
	if isNull(m.InnerInstructions) {
		pm.InnerInstructionsNone = true
	} else {
		ipath := join(path, "innerInstructions")
		var groups []struct {
			Index        *uint32           `json:"index"`
			Instructions []json.RawMessage `json:"instructions"`
		}
		if err := json.Unmarshal(m.InnerInstructions, &groups); err != nil {
			return nil, wrapf(ipath, err)
		}
		for g, group := range groups {
			gp := index(ipath, g)
			if group.Index == nil {
				return nil, errorf(join(gp, "index"), "missing")
			}
			if int(*group.Index) >= len(b.msg.Instructions) {
				return nil, errorf(join(gp, "index"), "%d, but the message has %d instructions", *group.Index, len(b.msg.Instructions))
			}
			pg := &pb.InnerInstructions{Index: *group.Index, Instructions: []*pb.InnerInstruction{}}
			for i, raw := range group.Instructions {
				ix, sh, err := b.instruction(raw, index(join(gp, "instructions"), i), true)
				if err != nil {
					return nil, err
				}
				pg.Instructions = append(pg.Instructions, &pb.InnerInstruction{
					ProgramIdIndex: ix.prog, Accounts: ix.accounts, Data: ix.data, StackHeight: sh})
			}
			pm.InnerInstructions = append(pm.InnerInstructions, pg)
		}
	}
	for _, tb := range []struct {
		src  []tokenBalance
		dst  *[]*pb.TokenBalance
		name string
	}{{m.PreTokenBalances, &pm.PreTokenBalances, "preTokenBalances"}, {m.PostTokenBalances, &pm.PostTokenBalances, "postTokenBalances"}} {
		for i, t := range tb.src {
			if int(t.AccountIndex) >= b.numKeys() {
				return nil, errorf(join(index(join(path, tb.name), i), "accountIndex"), "%d of %d account keys", t.AccountIndex, b.numKeys())
			}
			ptb := &pb.TokenBalance{AccountIndex: t.AccountIndex, Mint: t.Mint, Owner: t.Owner, ProgramId: t.ProgramID}
			if a := t.UITokenAmount; a != nil {
				ptb.UiTokenAmount = &pb.UiTokenAmount{Decimals: a.Decimals, Amount: a.Amount, UiAmountString: a.UIAmountString}
				if a.UIAmount != nil {
					ptb.UiTokenAmount.UiAmount = *a.UIAmount
				}
			}
			*tb.dst = append(*tb.dst, ptb)
		}
	}
	if isNull(m.ReturnData) {
		pm.ReturnDataNone = true
	} else if pm.ReturnData, err = returnData(m.ReturnData, join(path, "returnData")); err != nil {
		return nil, err
	}
	return pm, nil
}

func returnData(raw json.RawMessage, path string) (*pb.ReturnData, error) {
	var rd struct {
		ProgramID json.RawMessage `json:"programId"`
		Data      json.RawMessage `json:"data"`
	}
	if kind(raw) != '{' {
		return nil, errorf(path, "want an object, have %s", describe(raw))
	}
	if err := json.Unmarshal(raw, &rd); err != nil {
		return nil, wrapf(path, err)
	}
	prog, err := pubkey(rd.ProgramID, join(path, "programId"))
	if err != nil {
		return nil, err
	}
	dpath := join(path, "data")
	var data []byte
	var pair []string
	if kind(rd.Data) == '[' && json.Unmarshal(rd.Data, &pair) == nil {
		data, _, err = encodedData(rd.Data, dpath, decodeBase64)
	} else if !isNull(rd.Data) {
		data, err = byteArray(rd.Data, dpath)
	}
	if err != nil {
		return nil, err
	}
	return &pb.ReturnData{ProgramId: prog, Data: data}, nil
}
