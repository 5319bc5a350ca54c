package geysersim

import (
	"slices"
	"testing"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
)

func mustEntry(t *testing.T, u *pb.SubscribeUpdate) *entry {
	t.Helper()
	e, err := newEntry(u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestTransactionFilter(t *testing.T) {
	// keys: 1 payer, 2 and 3 other accounts, 9 the program; 7 loaded writable, 8 loaded readonly.
	plain := mkTx(txSpec{slot: 10, sig: 1, keys: []int{1, 2, 9}, loadedW: []int{7}, loadedR: []int{8}})
	vote := mkTx(txSpec{slot: 10, sig: 2, keys: []int{1, 9}, vote: true})
	failed := mkTx(txSpec{slot: 10, sig: 3, keys: []int{1, 3, 9}, failed: true})
	sig1 := "" + b58(testSig(1))
	cases := []struct {
		name string
		f    *pb.SubscribeRequestFilterTransactions
		want []bool // plain, vote, failed
	}{
		{"empty matches everything", &pb.SubscribeRequestFilterTransactions{}, []bool{true, true, true}},
		{"vote=false", &pb.SubscribeRequestFilterTransactions{Vote: bptr(false)}, []bool{true, false, true}},
		{"vote=true", &pb.SubscribeRequestFilterTransactions{Vote: bptr(true)}, []bool{false, true, false}},
		{"failed=false", &pb.SubscribeRequestFilterTransactions{Failed: bptr(false)}, []bool{true, true, false}},
		{"failed=true", &pb.SubscribeRequestFilterTransactions{Failed: bptr(true)}, []bool{false, false, true}},
		{"include any of", &pb.SubscribeRequestFilterTransactions{AccountInclude: []string{testKeyStr(2), testKeyStr(3)}}, []bool{true, false, true}},
		{"include a loaded writable address", &pb.SubscribeRequestFilterTransactions{AccountInclude: []string{testKeyStr(7)}}, []bool{true, false, false}},
		{"include a loaded readonly address", &pb.SubscribeRequestFilterTransactions{AccountInclude: []string{testKeyStr(8)}}, []bool{true, false, false}},
		{"include the program", &pb.SubscribeRequestFilterTransactions{AccountInclude: []string{testKeyStr(9)}}, []bool{true, true, true}},
		{"exclude any of", &pb.SubscribeRequestFilterTransactions{AccountExclude: []string{testKeyStr(3), testKeyStr(8)}}, []bool{false, true, false}},
		{"required all of", &pb.SubscribeRequestFilterTransactions{AccountRequired: []string{testKeyStr(1), testKeyStr(8)}}, []bool{true, false, false}},
		{"required one missing", &pb.SubscribeRequestFilterTransactions{AccountRequired: []string{testKeyStr(2), testKeyStr(3)}}, []bool{false, false, false}},
		{"include and exclude", &pb.SubscribeRequestFilterTransactions{AccountInclude: []string{testKeyStr(9)}, AccountExclude: []string{testKeyStr(2)}}, []bool{false, true, true}},
		{"include and vote=false and failed=false", &pb.SubscribeRequestFilterTransactions{AccountInclude: []string{testKeyStr(1)}, Vote: bptr(false), Failed: bptr(false)}, []bool{true, false, false}},
		{"signature", &pb.SubscribeRequestFilterTransactions{Signature: &sig1}, []bool{true, false, false}},
	}
	entries := []*entry{mustEntry(t, plain), mustEntry(t, vote), mustEntry(t, failed)}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := compileFilter(&pb.SubscribeRequest{Transactions: map[string]*pb.SubscribeRequestFilterTransactions{"t": c.f}})
			if err != nil {
				t.Fatal(err)
			}
			for i, e := range entries {
				names, _ := f.match(e, nil, nil)
				if got := len(names) == 1; got != c.want[i] {
					t.Errorf("match(tx %d) = %v, want %v", i, got, c.want[i])
				}
			}
		})
	}
}

func TestAccountFilter(t *testing.T) {
	data := []byte("0123456789abcdef")
	tok := make([]byte, 165)
	tok[108] = 1 // initialized
	ups := []*entry{
		mustEntry(t, mkAcct(acctSpec{slot: 5, key: 1, owner: 10, data: data, lamports: 100, wv: 1, txnSig: true})),
		mustEntry(t, mkAcct(acctSpec{slot: 5, key: 2, owner: 11, data: data[:8], lamports: 200, wv: 2})),
		mustEntry(t, mkAcct(acctSpec{slot: 5, key: 3, owner: 10, data: tok, lamports: 300, wv: 3})),
	}
	memcmp := func(off uint64, b []byte) *pb.SubscribeRequestFilterAccountsFilter {
		return &pb.SubscribeRequestFilterAccountsFilter{Filter: &pb.SubscribeRequestFilterAccountsFilter_Memcmp{Memcmp: &pb.SubscribeRequestFilterAccountsFilterMemcmp{Offset: off,
			Data: &pb.SubscribeRequestFilterAccountsFilterMemcmp_Bytes{Bytes: b}}}}
	}
	memcmp58 := func(off uint64, b []byte) *pb.SubscribeRequestFilterAccountsFilter {
		return &pb.SubscribeRequestFilterAccountsFilter{Filter: &pb.SubscribeRequestFilterAccountsFilter_Memcmp{Memcmp: &pb.SubscribeRequestFilterAccountsFilterMemcmp{Offset: off,
			Data: &pb.SubscribeRequestFilterAccountsFilterMemcmp_Base58{Base58: b58(b)}}}}
	}
	size := func(n uint64) *pb.SubscribeRequestFilterAccountsFilter {
		return &pb.SubscribeRequestFilterAccountsFilter{Filter: &pb.SubscribeRequestFilterAccountsFilter_Datasize{Datasize: n}}
	}
	lamportsGt := func(n uint64) *pb.SubscribeRequestFilterAccountsFilter {
		return &pb.SubscribeRequestFilterAccountsFilter{Filter: &pb.SubscribeRequestFilterAccountsFilter_Lamports{Lamports: &pb.SubscribeRequestFilterAccountsFilterLamports{
			Cmp: &pb.SubscribeRequestFilterAccountsFilterLamports_Gt{Gt: n}}}}
	}
	tokenState := &pb.SubscribeRequestFilterAccountsFilter{Filter: &pb.SubscribeRequestFilterAccountsFilter_TokenAccountState{TokenAccountState: true}}
	cases := []struct {
		name string
		f    *pb.SubscribeRequestFilterAccounts
		want []bool
	}{
		{"empty matches everything", &pb.SubscribeRequestFilterAccounts{}, []bool{true, true, true}},
		{"account any of", &pb.SubscribeRequestFilterAccounts{Account: []string{testKeyStr(1), testKeyStr(3)}}, []bool{true, false, true}},
		{"owner", &pb.SubscribeRequestFilterAccounts{Owner: []string{testKeyStr(11)}}, []bool{false, true, false}},
		{"account and owner", &pb.SubscribeRequestFilterAccounts{Account: []string{testKeyStr(1), testKeyStr(2)}, Owner: []string{testKeyStr(10)}}, []bool{true, false, false}},
		{"datasize", &pb.SubscribeRequestFilterAccounts{Filters: []*pb.SubscribeRequestFilterAccountsFilter{size(8)}}, []bool{false, true, false}},
		{"memcmp bytes", &pb.SubscribeRequestFilterAccounts{Filters: []*pb.SubscribeRequestFilterAccountsFilter{memcmp(10, []byte("abc"))}}, []bool{true, false, false}},
		{"memcmp base58 at 0", &pb.SubscribeRequestFilterAccounts{Filters: []*pb.SubscribeRequestFilterAccountsFilter{memcmp58(0, []byte("0123"))}}, []bool{true, true, false}},
		{"memcmp past the end", &pb.SubscribeRequestFilterAccounts{Filters: []*pb.SubscribeRequestFilterAccountsFilter{memcmp(6, []byte("6789"))}}, []bool{true, false, false}},
		{"memcmp and datasize", &pb.SubscribeRequestFilterAccounts{Filters: []*pb.SubscribeRequestFilterAccountsFilter{memcmp(0, []byte("01")), size(16)}}, []bool{true, false, false}},
		{"lamports gt", &pb.SubscribeRequestFilterAccounts{Filters: []*pb.SubscribeRequestFilterAccountsFilter{lamportsGt(150)}}, []bool{false, true, true}},
		{"token account state", &pb.SubscribeRequestFilterAccounts{Filters: []*pb.SubscribeRequestFilterAccountsFilter{tokenState}}, []bool{false, false, true}},
		{"nonempty txn signature", &pb.SubscribeRequestFilterAccounts{NonemptyTxnSignature: bptr(true)}, []bool{true, false, false}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := compileFilter(&pb.SubscribeRequest{Accounts: map[string]*pb.SubscribeRequestFilterAccounts{"a": c.f}})
			if err != nil {
				t.Fatal(err)
			}
			for i, e := range ups {
				names, _ := f.match(e, nil, nil)
				if got := len(names) == 1; got != c.want[i] {
					t.Errorf("match(account %d) = %v, want %v", i, got, c.want[i])
				}
			}
		})
	}
}

func TestFilterNamesEveryMatch(t *testing.T) {
	f, err := compileFilter(&pb.SubscribeRequest{Transactions: map[string]*pb.SubscribeRequestFilterTransactions{
		"b-program": {AccountInclude: []string{testKeyStr(9)}},
		"a-payer":   {AccountInclude: []string{testKeyStr(1)}},
		"c-other":   {AccountInclude: []string{testKeyStr(4)}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	names, _ := f.match(mustEntry(t, mkTx(txSpec{slot: 1, sig: 1, keys: []int{1, 9}})), nil, nil)
	if want := []string{"a-payer", "b-program"}; !slices.Equal(names, want) {
		t.Errorf("match = %v, want %v", names, want)
	}
}

func TestDataSlice(t *testing.T) {
	data := []byte("0123456789")
	cases := []struct {
		name   string
		slices []*pb.SubscribeRequestAccountsDataSlice
		want   string
		err    bool
	}{
		{"one", []*pb.SubscribeRequestAccountsDataSlice{{Offset: 2, Length: 3}}, "234", false},
		{"two", []*pb.SubscribeRequestAccountsDataSlice{{Offset: 0, Length: 2}, {Offset: 5, Length: 2}}, "0156", false},
		{"past the end is skipped", []*pb.SubscribeRequestAccountsDataSlice{{Offset: 0, Length: 1}, {Offset: 8, Length: 5}}, "0", false},
		{"out of order", []*pb.SubscribeRequestAccountsDataSlice{{Offset: 5, Length: 1}, {Offset: 0, Length: 1}}, "", true},
		{"overlapped", []*pb.SubscribeRequestAccountsDataSlice{{Offset: 0, Length: 5}, {Offset: 3, Length: 1}}, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := compileFilter(&pb.SubscribeRequest{AccountsDataSlice: c.slices})
			if c.err {
				if err == nil {
					t.Fatal("compileFilter succeeded, want an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := string(f.slice(data)); got != c.want {
				t.Errorf("slice(%q) = %q, want %q", data, got, c.want)
			}
		})
	}
}

func TestSlotFilterByCommitment(t *testing.T) {
	confirmed := pb.CommitmentLevel_CONFIRMED
	f, err := compileFilter(&pb.SubscribeRequest{Commitment: &confirmed, Slots: map[string]*pb.SubscribeRequestFilterSlots{
		"all": {}, "mine": {FilterByCommitment: bptr(true)}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		status pb.CommitmentLevel
		want   []string
	}{{pb.CommitmentLevel_PROCESSED, []string{"all"}}, {pb.CommitmentLevel_CONFIRMED, []string{"all", "mine"}}} {
		e := mustEntry(t, &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: &pb.SubscribeUpdateSlot{Slot: 1, Status: c.status}}})
		if got, _ := f.match(e, nil, nil); !slices.Equal(got, c.want) {
			t.Errorf("match(slot %v) = %v, want %v", c.status, got, c.want)
		}
	}
}

func TestCompileFilterErrors(t *testing.T) {
	bad := "not-base58-0OIl"
	cases := map[string]*pb.SubscribeRequest{
		"bad include key":  {Transactions: map[string]*pb.SubscribeRequestFilterTransactions{"t": {AccountInclude: []string{bad}}}},
		"short owner key":  {Accounts: map[string]*pb.SubscribeRequestFilterAccounts{"a": {Owner: []string{"abc"}}}},
		"bad signature":    {Transactions: map[string]*pb.SubscribeRequestFilterTransactions{"t": {Signature: &bad}}},
		"blocks":           {Blocks: map[string]*pb.SubscribeRequestFilterBlocks{"b": {}}},
		"bad commitment":   {Commitment: pb.CommitmentLevel(7).Enum()},
		"datasize twice":   {Accounts: map[string]*pb.SubscribeRequestFilterAccounts{"a": {Filters: []*pb.SubscribeRequestFilterAccountsFilter{{Filter: &pb.SubscribeRequestFilterAccountsFilter_Datasize{Datasize: 1}}, {Filter: &pb.SubscribeRequestFilterAccountsFilter_Datasize{Datasize: 2}}}}}},
		"memcmp too large": {Accounts: map[string]*pb.SubscribeRequestFilterAccounts{"a": {Filters: []*pb.SubscribeRequestFilterAccountsFilter{{Filter: &pb.SubscribeRequestFilterAccountsFilter_Memcmp{Memcmp: &pb.SubscribeRequestFilterAccountsFilterMemcmp{Data: &pb.SubscribeRequestFilterAccountsFilterMemcmp_Bytes{Bytes: make([]byte, 129)}}}}}}}},
	}
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := compileFilter(r); err == nil {
				t.Errorf("compileFilter(%s) succeeded, want an error", name)
			}
		})
	}
}
