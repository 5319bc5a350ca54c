package rpcjson_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gagliardetto/solana-go"
	"github.com/mr-tron/base58"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/proto"

	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/rpcjson"
)

const dir = "../testdata/mainnet"

func fixtures(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s (%v)", dir, err)
	}
	return files
}

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// doc is the fixture's transaction or account object, found without the importer.
func doc(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if a, ok := v.([]any); ok {
		v = a[0]
	}
	m := v.(map[string]any)
	if r, ok := m["result"]; ok {
		m = r.(map[string]any)
	}
	return m
}

func obj(v any, path ...string) map[string]any {
	m, _ := v.(map[string]any)
	for _, p := range path {
		m, _ = m[p].(map[string]any)
	}
	return m
}

func length(v any) int { a, _ := v.([]any); return len(a) }

// want holds what a fixture should import to, counted from its JSON.
type want struct {
	encoding  string // json, jsonParsed, base64, yellowstone, account
	keys      int    // static + loaded
	top       int
	inner     int
	blockTime int64 // 0: none in the file
	failed    bool
}

func expect(t *testing.T, data []byte) want {
	t.Helper()
	m := doc(t, data)
	var w want
	if bt, ok := m["blockTime"].(float64); ok {
		w.blockTime = int64(bt)
	}
	tx, ok := m["transaction"]
	if !ok {
		w.encoding = "account"
		return w
	}
	meta := obj(m, "meta")
	if info := obj(tx); info["meta"] != nil { // Yellowstone JSON
		w.encoding = "yellowstone"
		meta = obj(info, "meta")
		msg := obj(info, "transaction", "message")
		w.keys = length(msg["accountKeys"]) + length(meta["loadedWritableAddresses"]) + length(meta["loadedReadonlyAddresses"])
		w.top = length(msg["instructions"])
	} else if arr, ok := tx.([]any); ok {
		w.encoding = arr[1].(string)
		raw, err := base64.StdEncoding.DecodeString(arr[0].(string))
		if err != nil {
			t.Fatal(err)
		}
		stx, err := solana.TransactionFromBytes(raw)
		if err != nil {
			t.Fatal(err)
		}
		la := obj(meta, "loadedAddresses")
		w.keys = len(stx.Message.AccountKeys) + length(la["writable"]) + length(la["readonly"])
		w.top = len(stx.Message.Instructions)
	} else {
		msg := obj(tx, "message")
		keys := msg["accountKeys"].([]any)
		w.top = length(msg["instructions"])
		if _, parsed := keys[0].(map[string]any); parsed {
			w.encoding = "jsonParsed"
			w.keys = len(keys)
		} else {
			w.encoding = "json"
			la := obj(meta, "loadedAddresses")
			w.keys = len(keys) + length(la["writable"]) + length(la["readonly"])
		}
	}
	for _, g := range meta["innerInstructions"].([]any) {
		w.inner += length(obj(g)["instructions"])
	}
	w.failed = meta["err"] != nil
	return w
}

func TestImportFixtures(t *testing.T) {
	for _, f := range fixtures(t) {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			data := read(t, name)
			w := expect(t, data)
			res, err := rpcjson.Import(data, rpcjson.Options{})
			if err != nil {
				t.Fatalf("Import(%s) = %v", name, err)
			}
			if w.encoding == "account" {
				if len(res.Updates) != 1 || res.Updates[0].GetAccount() == nil {
					t.Fatalf("Import(%s) = %d updates, want one account", name, len(res.Updates))
				}
				var a chain.Account
				if err := a.Fill(res.Updates[0].GetAccount()); err != nil {
					t.Fatalf("chain.Account.Fill: %v", err)
				}
				return
			}
			ups := res.Updates
			if w.blockTime != 0 {
				if len(ups) != 2 || ups[0].GetBlockMeta() == nil {
					t.Fatalf("Import(%s): want a block meta then the transaction, have %d updates", name, len(ups))
				}
				bm := ups[0].GetBlockMeta()
				if bm.BlockTime.GetTimestamp() != w.blockTime || bm.Slot != ups[1].GetTransaction().GetSlot() {
					t.Errorf("block meta = slot %d time %d, want slot %d time %d", bm.Slot, bm.BlockTime.GetTimestamp(), ups[1].GetTransaction().GetSlot(), w.blockTime)
				}
				ups = ups[1:]
			}
			if len(ups) != 1 || ups[0].GetTransaction() == nil {
				t.Fatalf("Import(%s): want one transaction update, have %d updates", name, len(ups))
			}
			var tx chain.Tx
			if err := tx.Fill(ups[0].GetTransaction()); err != nil {
				t.Fatalf("chain.Tx.Fill: %v", err)
			}
			// <program>_<kind>_<first 8 chars of the signature>.json
			base := strings.TrimSuffix(name, ".json")
			prefix := base[strings.LastIndexByte(base, '_')+1:]
			if sig := tx.Signature.String(); !strings.HasPrefix(sig, prefix) {
				t.Errorf("signature = %s, want prefix %s", sig, prefix)
			}
			if len(tx.Accounts) != w.keys {
				t.Errorf("account keys = %d, want %d", len(tx.Accounts), w.keys)
			}
			if n := len(tx.Instructions); n != w.top+w.inner {
				t.Errorf("instructions = %d, want %d top-level + %d inner", n, w.top, w.inner)
			}
			if tx.Failed != w.failed {
				t.Errorf("failed = %t, want %t", tx.Failed, w.failed)
			}
		})
	}
}

// TestWireKeysMatchSolanaGo checks the base64 fixtures against solana-go's own decoding.
func TestWireKeysMatchSolanaGo(t *testing.T) {
	n := 0
	for _, f := range fixtures(t) {
		name := filepath.Base(f)
		data := read(t, name)
		m := doc(t, data)
		arr, ok := m["transaction"].([]any)
		if !ok {
			continue
		}
		n++
		raw, _ := base64.StdEncoding.DecodeString(arr[0].(string))
		stx, err := solana.TransactionFromBytes(raw)
		if err != nil {
			t.Fatal(err)
		}
		res, err := rpcjson.Import(data, rpcjson.Options{})
		if err != nil {
			t.Fatalf("Import(%s) = %v", name, err)
		}
		msg := txOf(t, res).GetTransaction().GetMessage()
		if len(msg.AccountKeys) != len(stx.Message.AccountKeys) {
			t.Fatalf("%s: %d static keys, solana-go %d", name, len(msg.AccountKeys), len(stx.Message.AccountKeys))
		}
		for i, k := range msg.AccountKeys {
			if solana.PublicKey(k) != stx.Message.AccountKeys[i] {
				t.Errorf("%s: key %d = %s, solana-go %s", name, i, solana.PublicKey(k), stx.Message.AccountKeys[i])
			}
		}
		if msg.Versioned != stx.Message.IsVersioned() || len(msg.AddressTableLookups) != len(stx.Message.AddressTableLookups) {
			t.Errorf("%s: versioned %t with %d lookups, solana-go %t with %d", name, msg.Versioned, len(msg.AddressTableLookups),
				stx.Message.IsVersioned(), len(stx.Message.AddressTableLookups))
		}
		if got := messageBytes(msg); !bytes.Equal(got, raw[1+64*len(stx.Signatures):]) {
			t.Errorf("%s: re-encoded message differs from the wire message", name)
		}
	}
	if n == 0 {
		t.Fatal("no base64 fixtures")
	}
}

// TestSignaturesVerify re-encodes each converted message and checks the fee payer's signature:
// the message was reconstructed byte for byte. Yellowstone JSON loses the lookups, and
// jsonParsed instructions that could not be recovered change the bytes: those are skipped.
func TestSignaturesVerify(t *testing.T) {
	verified := 0
	for _, f := range fixtures(t) {
		name := filepath.Base(f)
		data := read(t, name)
		res, err := rpcjson.Import(data, rpcjson.Options{})
		if err != nil {
			t.Fatalf("Import(%s) = %v", name, err)
		}
		u := txOf(t, res)
		if u == nil {
			continue
		}
		lossy := false
		for _, n := range res.Notes {
			if strings.Contains(n, "Yellowstone JSON") && len(u.GetMeta().GetLoadedReadonlyAddresses())+len(u.GetMeta().GetLoadedWritableAddresses()) > 0 ||
				strings.Contains(n, "transaction.message.instructions[") {
				lossy = true
			}
		}
		msg := u.GetTransaction().GetMessage()
		ok := ed25519.Verify(msg.AccountKeys[0], messageBytes(msg), u.Signature)
		if !ok && strings.Contains(strings.Join(res.Notes, "\n"), "Yellowstone JSON") {
			// The lossy versioned flag: try the other message version.
			alt := &pb.Message{Header: msg.Header, AccountKeys: msg.AccountKeys, RecentBlockhash: msg.RecentBlockhash,
				Instructions: msg.Instructions, Versioned: !msg.Versioned, AddressTableLookups: msg.AddressTableLookups}
			ok = ed25519.Verify(msg.AccountKeys[0], messageBytes(alt), u.Signature)
		}
		switch {
		case ok:
			verified++
		case !lossy:
			t.Errorf("%s: signature does not verify over the re-encoded message", name)
		}
	}
	t.Logf("%d transactions verified", verified)
}

func txOf(t *testing.T, res *rpcjson.Result) *pb.SubscribeUpdateTransactionInfo {
	t.Helper()
	for _, u := range res.Updates {
		if tx := u.GetTransaction(); tx != nil {
			return tx.Transaction
		}
	}
	return nil
}

// messageBytes encodes a message in the wire format (legacy or v0).
func messageBytes(m *pb.Message) []byte {
	var b []byte
	compact := func(n int) {
		for {
			c := byte(n & 0x7f)
			n >>= 7
			if n == 0 {
				b = append(b, c)
				return
			}
			b = append(b, c|0x80)
		}
	}
	if m.Versioned {
		b = append(b, 0x80)
	}
	h := m.Header
	b = append(b, byte(h.NumRequiredSignatures), byte(h.NumReadonlySignedAccounts), byte(h.NumReadonlyUnsignedAccounts))
	compact(len(m.AccountKeys))
	for _, k := range m.AccountKeys {
		b = append(b, k...)
	}
	b = append(b, m.RecentBlockhash...)
	compact(len(m.Instructions))
	for _, ix := range m.Instructions {
		b = append(b, byte(ix.ProgramIdIndex))
		compact(len(ix.Accounts))
		b = append(b, ix.Accounts...)
		compact(len(ix.Data))
		b = append(b, ix.Data...)
	}
	if m.Versioned {
		compact(len(m.AddressTableLookups))
		for _, l := range m.AddressTableLookups {
			b = append(b, l.AccountKey...)
			compact(len(l.WritableIndexes))
			b = append(b, l.WritableIndexes...)
			compact(len(l.ReadonlyIndexes))
			b = append(b, l.ReadonlyIndexes...)
		}
	}
	return b
}

func TestFailedTransactionError(t *testing.T) {
	res, err := rpcjson.Import(read(t, "pumpfun_create_failed_3LQK2JHV.json"), rpcjson.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := txOf(t, res).GetMeta().GetErr().GetErr()
	// InstructionError(2, Custom(0)): tag 8, index 2, tag 25, code 0.
	if want := "08000000" + "02" + "19000000" + "00000000"; hex.EncodeToString(got) != want {
		t.Errorf("meta.err = %x, want %s", got, want)
	}
}

func TestTxErrorEncodings(t *testing.T) {
	tests := []struct {
		name, err, want string
		note            bool
	}{
		{"unit", `"AccountInUse"`, "00000000", false},
		{"blockhash", `"BlockhashNotFound"`, "07000000", false},
		{"instruction unit", `{"InstructionError":[1,"InvalidArgument"]}`, "080000000101000000", false},
		{"instruction custom", `{"InstructionError":[3,{"Custom":6001}]}`, "080000000319000000" + "71170000", false},
		{"borsh io string", `{"InstructionError":[0,{"BorshIoError":"ab"}]}`, "08000000002c000000" + "0200000000000000" + "6162", false},
		{"duplicate", `{"DuplicateInstruction":4}`, "1e00000004", false},
		{"rent", `{"InsufficientFundsForRent":{"account_index":7}}`, "1f00000007", false},
		{"yellowstone bytes", `{"err":[8,0,0,0,1,2,0,0,0]}`, "080000000102000000", false},
		{"unknown", `"SomethingNew"`, hex.EncodeToString([]byte(`"SomethingNew"`)), true},
	}
	base := read(t, "pumpfun_create_failed_3LQK2JHV.json")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(base, &m); err != nil {
				t.Fatal(err)
			}
			var meta map[string]json.RawMessage
			if err := json.Unmarshal(m["meta"], &meta); err != nil {
				t.Fatal(err)
			}
			meta["err"] = json.RawMessage(tt.err)
			m["meta"], _ = json.Marshal(meta)
			data, _ := json.Marshal(m)
			res, err := rpcjson.Import(data, rpcjson.Options{})
			if err != nil {
				t.Fatalf("Import = %v", err)
			}
			if got := hex.EncodeToString(txOf(t, res).GetMeta().GetErr().GetErr()); got != tt.want {
				t.Errorf("meta.err %s = %s, want %s", tt.err, got, tt.want)
			}
			if noted := strings.Contains(strings.Join(res.Notes, "\n"), "unknown error variant"); noted != tt.note {
				t.Errorf("noted = %t, want %t (notes %q)", noted, tt.note, res.Notes)
			}
		})
	}
}

// setPath replaces the JSON value at a dotted path ("transaction.message.instructions.3.data").
func setPath(t *testing.T, data []byte, path string, value any) []byte {
	t.Helper()
	var v any
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(path, ".")
	cur := v
	for i, p := range parts {
		last := i == len(parts)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				c[p] = value
			} else {
				cur = c[p]
			}
		case []any:
			var k int
			for _, ch := range p {
				k = k*10 + int(ch-'0')
			}
			if last {
				c[k] = value
			} else {
				cur = c[k]
			}
		default:
			t.Fatalf("setPath %s: %s is not a container", path, p)
		}
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImportErrors(t *testing.T) {
	jsonTx := read(t, "launchlab_sell_exact_in_uzuSemMh.json")         // G, json
	parsed := read(t, "pumpfun_sell_3tJczs8y.json")                    // G, jsonParsed
	wire := read(t, "pumpfun_buy_2ghHZXwy.json")                       // G, base64
	arr := read(t, "pumpfun_buy_4U8kypMu.json")                        // A, json
	ys := read(t, "pumpswap_buy_4pCgZ28W.json")                        // Y
	acct := read(t, "pumpfun_account-bondingcurve_slot285247740.json") // R account
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "rpcjson: document: empty"},
		{"not json", []byte("{nope"), "rpcjson: document:"},
		{"number", []byte("42"), "want a JSON object or array, have a number"},
		{"empty array", []byte("[]"), "rpcjson: document: empty array"},
		{"unknown shape", []byte(`{"foo":1}`), "unknown shape: an object with keys [foo]"},
		{"rpc error", []byte(`{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid param"},"id":1}`), "rpcjson: error: JSON-RPC error response: {\"code\":-32602"},
		{"rpc null result", []byte(`{"jsonrpc":"2.0","result":null,"id":1}`), "rpcjson: result: null (transaction or account not found)"},
		{"bad base58 data", setPath(t, jsonTx, "transaction.message.instructions.3.data", "0OIl"), "rpcjson: transaction.message.instructions[3].data: invalid base58"},
		{"bad base58 in array", setPath(t, arr, "0.transaction.message.instructions.2.data", "0"), "rpcjson: [0].transaction.message.instructions[2].data: invalid base58"},
		{"account index out of range", setPath(t, jsonTx, "transaction.message.instructions.2.accounts.0", 200), "rpcjson: transaction.message.instructions[2].accounts[0]: index 200 of 23 account keys"},
		{"program index out of range", setPath(t, jsonTx, "meta.innerInstructions.0.instructions.0.programIdIndex", 99), "rpcjson: meta.innerInstructions[0].instructions[0].programIdIndex: 99 of 23 account keys"},
		{"short key", setPath(t, jsonTx, "transaction.message.accountKeys.2", "abc"), "rpcjson: transaction.message.accountKeys[2]: not a public key: 3 bytes, want 32"},
		{"bad signature", setPath(t, jsonTx, "transaction.signatures.0", "abc"), "rpcjson: transaction.signatures[0]: not a signature"},
		{"no meta", setPath(t, jsonTx, "meta", nil), "rpcjson: meta: missing"},
		{"bad version", setPath(t, jsonTx, "version", 1), "rpcjson: version: unsupported transaction version 1"},
		{"parsed unknown key", setPath(t, parsed, "transaction.message.instructions.3.accounts.0", "So11111111111111111111111111111111111111112"),
			"rpcjson: transaction.message.instructions[3].accounts[0]: So11111111111111111111111111111111111111112 is not among the transaction's 14 account keys"},
		{"bad base64", setPath(t, wire, "transaction.0", "!!!"), "rpcjson: transaction[0]: invalid base64"},
		{"bad encoding", setPath(t, wire, "transaction.1", "base64+zstd"), `rpcjson: transaction[1]: unsupported encoding "base64+zstd"`},
		{"truncated wire", setPath(t, wire, "transaction.0", base64.StdEncoding.EncodeToString([]byte{1, 2, 3})), "rpcjson: transaction: decode transaction:"},
		{"yellowstone byte", setPath(t, ys, "transaction.transaction.message.instructions.0.data.1", 300), "rpcjson: transaction.transaction.message.instructions[0].data[1]: 300 is not a byte"},
		{"yellowstone signature mismatch", setPath(t, ys, "transaction.signature", "5gtu6ARVv16QjWi2QR3CZwwPJAEL3TNqvX5HKBz39uB9ky53E2Q7MBjxLqW1a3BFUoXkEEgfmAdsedSeHjpCEau3"), "differs from the transaction's first signature"},
		{"inner group index", setPath(t, jsonTx, "meta.innerInstructions.0.index", 40), "rpcjson: meta.innerInstructions[0].index: 40, but the message has"},
		{"token balance index", setPath(t, jsonTx, "meta.preTokenBalances.0.accountIndex", 77), "rpcjson: meta.preTokenBalances[0].accountIndex: 77 of 23 account keys"},
		{"account null", setPath(t, acct, "result.value", nil), "rpcjson: result.value: null (account not found)"},
		{"account owner", setPath(t, acct, "result.value.owner", "xyz"), "rpcjson: result.value.owner: not a public key"},
		{"account parsed data", setPath(t, acct, "result.value.data", map[string]any{"parsed": 1}), "rpcjson: result.value.data: jsonParsed account data"},
		{"lookups mismatch", setPath(t, read(t, "pumpfun_buy_628Q5CDN.json"), "0.meta.loadedAddresses.writable", []any{}),
			"rpcjson: [0].transaction.message: address table lookups select 1 writable and 3 readonly accounts, meta.loadedAddresses has 0 and 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := rpcjson.Import(tt.data, rpcjson.Options{})
			if err == nil {
				t.Fatalf("Import = %d updates, nil error; want error containing %q", len(res.Updates), tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Import error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestBlockSubscribeEntryUsesOptions(t *testing.T) {
	data := read(t, "pumpfun_create_3sWBncNG.json") // B: no slot, no blockTime
	res, err := rpcjson.Import(data, rpcjson.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Updates) != 1 || res.Updates[0].GetTransaction().GetSlot() != 0 {
		t.Fatalf("without options: %d updates, want one transaction at slot 0", len(res.Updates))
	}
	notes := strings.Join(res.Notes, "\n")
	if !strings.Contains(notes, "no slot: used 0") || !strings.Contains(notes, "no blockTime") {
		t.Errorf("notes = %q, want the slot and block time defaults noted", res.Notes)
	}

	res, err = rpcjson.Import(data, rpcjson.Options{Slot: 1234, BlockTime: 1700000000})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Updates) != 2 {
		t.Fatalf("with options: %d updates, want block meta + transaction", len(res.Updates))
	}
	bm, tx := res.Updates[0].GetBlockMeta(), res.Updates[1].GetTransaction()
	if bm.GetSlot() != 1234 || bm.GetBlockTime().GetTimestamp() != 1700000000 || tx.GetSlot() != 1234 {
		t.Errorf("block meta slot %d time %d, tx slot %d; want 1234, 1700000000, 1234", bm.GetSlot(), bm.GetBlockTime().GetTimestamp(), tx.GetSlot())
	}
}

func TestArrayAndBlock(t *testing.T) {
	one := doc(t, read(t, "pumpfun_buy_4U8kypMu.json"))
	two := doc(t, read(t, "pumpfun_sell_3bYXWjjN.json"))
	data, _ := json.Marshal([]any{one, two})
	res, err := rpcjson.Import(data, rpcjson.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Updates) != 4 {
		t.Fatalf("array of two: %d updates, want 4", len(res.Updates))
	}

	// A blockSubscribe notification holding both entries.
	delete(one, "slot")
	delete(one, "blockTime")
	delete(two, "slot")
	delete(two, "blockTime")
	note := map[string]any{"jsonrpc": "2.0", "method": "blockNotification", "params": map[string]any{
		"result": map[string]any{"context": map[string]any{"slot": 9}, "value": map[string]any{
			"slot": 9, "block": map[string]any{"blockTime": 77, "blockhash": "x", "transactions": []any{one, two}}}},
		"subscription": 1}}
	data, _ = json.Marshal(note)
	res, err = rpcjson.Import(data, rpcjson.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Updates) != 4 {
		t.Fatalf("block of two: %d updates, want 4", len(res.Updates))
	}
	for _, u := range res.Updates {
		if bm := u.GetBlockMeta(); bm != nil && (bm.Slot != 9 || bm.BlockTime.GetTimestamp() != 77) {
			t.Errorf("block meta = %d/%d, want 9/77", bm.Slot, bm.BlockTime.GetTimestamp())
		}
		if tx := u.GetTransaction(); tx != nil && tx.Slot != 9 {
			t.Errorf("tx slot = %d, want 9", tx.Slot)
		}
	}
}

func TestAccounts(t *testing.T) {
	pump := solana.MustPublicKeyFromBase58("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P")
	tests := []struct {
		file     string
		slot     uint64
		lamports uint64
		size     int
	}{
		{"pumpfun_account-bondingcurve_slot285247740.json", 285247740, 73551852, 49},
		{"pumpfun_account-bondingcurve_slot435946373.json", 435946373, 790949926, 151},
		{"pumpfun_account-bondingcurve_carbon.json", 0, 4420310, 150},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res, err := rpcjson.Import(read(t, tt.file), rpcjson.Options{})
			if err != nil {
				t.Fatal(err)
			}
			u := res.Updates[0].GetAccount()
			a := u.GetAccount()
			if u.Slot != tt.slot || a.Lamports != tt.lamports || len(a.Data) != tt.size || solana.PublicKey(a.Owner) != pump ||
				a.RentEpoch != 18446744073709551615 || !bytes.Equal(a.Pubkey, make([]byte, 32)) || a.WriteVersion != 0 {
				t.Errorf("account = slot %d lamports %d %d bytes owner %s rent %d pubkey %x wv %d", u.Slot, a.Lamports, len(a.Data),
					solana.PublicKey(a.Owner), a.RentEpoch, a.Pubkey, a.WriteVersion)
			}
			notes := strings.Join(res.Notes, "\n")
			if !strings.Contains(notes, "all-zero pubkey") || !strings.Contains(notes, "write_version unknown") {
				t.Errorf("notes = %q", res.Notes)
			}
		})
	}

	// getProgramAccounts element: the pubkey is known.
	key := "4wTV1YmiEkRvAtNtsSGPtUrqRYQMe5SKy2uB4Jjaxnjf"
	data := []byte(`{"pubkey":"` + key + `","account":{"data":["AQID","base64"],"owner":"6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P","lamports":5,"executable":false,"rentEpoch":3,"space":3}}`)
	res, err := rpcjson.Import(data, rpcjson.Options{Slot: 8})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Updates[0].GetAccount()
	if solana.PublicKey(a.Account.Pubkey).String() != key || a.Slot != 8 || !bytes.Equal(a.Account.Data, []byte{1, 2, 3}) {
		t.Errorf("keyed account = %s slot %d data %x", solana.PublicKey(a.Account.Pubkey), a.Slot, a.Account.Data)
	}
}

func TestJSONParsed(t *testing.T) {
	res, err := rpcjson.Import(read(t, "pumpfun_buy_4XQZckrF.json"), rpcjson.Options{})
	if err != nil {
		t.Fatal(err)
	}
	info := txOf(t, res)
	msg := info.GetTransaction().GetMessage()
	if h := msg.Header; h.NumRequiredSignatures != 1 || h.NumReadonlySignedAccounts != 0 {
		t.Errorf("header = %v, want 1 signer", h)
	}
	if !msg.Versioned {
		t.Error("versioned = false, want true (version 0)")
	}
	notes := strings.Join(res.Notes, "\n")
	for _, want := range []string{"re-encoded from their parsed form", "could not be recovered", "spl-token getAccountDataSize"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes = %q, want %q", res.Notes, want)
		}
	}
	// A system transfer re-encoded: tag 2, then the lamports.
	found := false
	for _, ix := range msg.Instructions {
		if solana.PublicKey(msg.AccountKeys[ix.ProgramIdIndex]) == solana.SystemProgramID && len(ix.Data) == 12 && ix.Data[0] == 2 && len(ix.Accounts) == 2 {
			found = true
		}
	}
	if !found {
		t.Error("no re-encoded system transfer among the top-level instructions")
	}
}

func TestYellowstoneNotes(t *testing.T) {
	res, err := rpcjson.Import(read(t, "pumpfun_buy_22K6ixTV.json"), rpcjson.Options{})
	if err != nil {
		t.Fatal(err)
	}
	msg := txOf(t, res).GetTransaction().GetMessage()
	if !msg.Versioned {
		t.Error("versioned = false, want true for a transaction with loaded addresses")
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "Yellowstone JSON") {
		t.Errorf("notes = %q, want the lossy format noted", res.Notes)
	}
}

// FuzzImport starts from every fixture; Import must never panic, and what it returns must be
// usable.
func FuzzImport(f *testing.F) {
	for _, file := range fixtures(f) {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := rpcjson.Import(data, rpcjson.Options{})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "rpcjson: ") {
				t.Fatalf("error without the package prefix: %v", err)
			}
			return
		}
		if len(res.Updates) == 0 {
			t.Fatal("nil error and no updates")
		}
		for _, u := range res.Updates {
			if u.GetTransaction() == nil && u.GetAccount() == nil && u.GetBlockMeta() == nil {
				t.Fatalf("unexpected update %v", u)
			}
		}
	})
}

// TestBase58Encoding: the same wire transaction in base58 imports to the same updates.
func TestBase58Encoding(t *testing.T) {
	data := read(t, "pumpfun_buy_2ghHZXwy.json")
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var pair []string
	if err := json.Unmarshal(m["transaction"], &pair); err != nil {
		t.Fatal(err)
	}
	raw, err := base64.StdEncoding.DecodeString(pair[0])
	if err != nil {
		t.Fatal(err)
	}
	want, err := rpcjson.Import(data, rpcjson.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tx := range []any{[]string{base58.Encode(raw), "base58"}, base58.Encode(raw)} { // [data, "base58"], legacy bare
		m["transaction"], _ = json.Marshal(tx)
		b, _ := json.Marshal(m)
		got, err := rpcjson.Import(b, rpcjson.Options{})
		if err != nil {
			t.Fatalf("Import(base58) = %v", err)
		}
		if len(got.Updates) != len(want.Updates) {
			t.Fatalf("base58: %d updates, base64 %d", len(got.Updates), len(want.Updates))
		}
		for i := range got.Updates {
			if !proto.Equal(got.Updates[i], want.Updates[i]) {
				t.Errorf("base58 update %d differs from the base64 one", i)
			}
		}
	}
}

// TestJSONParsedWithoutSource: old nodes give no key source; meta.loadedAddresses tells which
// keys were looked up.
func TestJSONParsedWithoutSource(t *testing.T) {
	data := read(t, "pumpfun_buy_v2_2m5nWLnD.json") // jsonParsed with lookups
	want, err := rpcjson.Import(data, rpcjson.Options{})
	if err != nil {
		t.Fatal(err)
	}
	meta := txOf(t, want).GetMeta()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	res := obj(doc, "result")
	var w, r []string
	for _, k := range obj(res, "transaction", "message")["accountKeys"].([]any) {
		km := k.(map[string]any)
		if km["source"] == "lookupTable" {
			if km["writable"] == true {
				w = append(w, km["pubkey"].(string))
			} else {
				r = append(r, km["pubkey"].(string))
			}
		}
		delete(km, "source")
	}
	obj(res, "meta")["loadedAddresses"] = map[string]any{"writable": w, "readonly": r}
	b, _ := json.Marshal(doc)
	got, err := rpcjson.Import(b, rpcjson.Options{})
	if err != nil {
		t.Fatalf("Import without sources = %v", err)
	}
	gm := txOf(t, got).GetMeta()
	if len(gm.LoadedWritableAddresses) != len(meta.LoadedWritableAddresses) || len(gm.LoadedReadonlyAddresses) != len(meta.LoadedReadonlyAddresses) ||
		len(txOf(t, got).GetTransaction().GetMessage().AccountKeys) != len(txOf(t, want).GetTransaction().GetMessage().AccountKeys) {
		t.Errorf("without sources: %d/%d loaded, want %d/%d", len(gm.LoadedWritableAddresses), len(gm.LoadedReadonlyAddresses),
			len(meta.LoadedWritableAddresses), len(meta.LoadedReadonlyAddresses))
	}
}
