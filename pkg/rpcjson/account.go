package rpcjson

import (
	"encoding/json"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
)

// accountDoc is an account in RPC form (camelCase) or carbon's form (snake_case).
type accountDoc struct {
	Data           json.RawMessage `json:"data"`
	Owner          json.RawMessage `json:"owner"`
	Lamports       uint64          `json:"lamports"`
	Executable     bool            `json:"executable"`
	RentEpoch      *uint64         `json:"rentEpoch"`
	RentEpochSnake *uint64         `json:"rent_epoch"`
	Space          *uint64         `json:"space"`
	WriteVersion   *uint64         `json:"writeVersion"`
}

// keyedAccount converts {pubkey, account} (getProgramAccounts).
func (im *importer) keyedAccount(m map[string]json.RawMessage, path string, slot *uint64) error {
	key, err := pubkey(m["pubkey"], join(path, "pubkey"))
	if err != nil {
		return err
	}
	am, err := object(m["account"], join(path, "account"))
	if err != nil {
		return err
	}
	return im.account(am, join(path, "account"), key, slot)
}

// account converts one account; key is nil when the shape has no pubkey, slot nil when it has
// no slot.
func (im *importer) account(m map[string]json.RawMessage, path string, key []byte, slot *uint64) error {
	raw, err := json.Marshal(m)
	if err != nil {
		return wrapf(path, err)
	}
	var a accountDoc
	if err := json.Unmarshal(raw, &a); err != nil {
		return wrapf(path, err)
	}
	if m["pubkey"] != nil && key == nil {
		if key, err = pubkey(m["pubkey"], join(path, "pubkey")); err != nil {
			return err
		}
	}
	if key == nil {
		key = make([]byte, 32)
		im.notef(path, "account without a pubkey: used the all-zero pubkey 11111111111111111111111111111111")
	}
	owner, err := pubkey(a.Owner, join(path, "owner"))
	if err != nil {
		return err
	}
	dpath := join(path, "data")
	var data []byte
	switch {
	case kind(a.Data) == '"' && slot == nil && a.RentEpochSnake != nil:
		// carbon's fixtures write the data as a bare base64 string
		var s string
		if err := json.Unmarshal(a.Data, &s); err != nil {
			return wrapf(dpath, err)
		}
		if data, err = decodeBase64(s, dpath); err != nil {
			return err
		}
	case kind(a.Data) == '{':
		return errorf(dpath, "jsonParsed account data cannot be converted to bytes; fetch it with encoding base64")
	default:
		if data, _, err = encodedData(a.Data, dpath, decodeBase58); err != nil {
			return err
		}
	}
	if a.Space != nil && *a.Space != uint64(len(data)) {
		im.notef(path, "space is %d but the data has %d bytes (a data slice?)", *a.Space, len(data))
	}
	var rent uint64
	switch {
	case a.RentEpoch != nil:
		rent = *a.RentEpoch
	case a.RentEpochSnake != nil:
		rent = *a.RentEpochSnake
	}
	var wv uint64
	if a.WriteVersion != nil {
		wv = *a.WriteVersion
	} else {
		im.notef(path, "write_version unknown: 0")
	}
	var s uint64
	if slot != nil {
		s = *slot
	} else {
		s = im.opts.Slot
		im.notef(path, "no slot: used %d (Options.Slot)", s)
	}
	var bt *int64
	if im.opts.BlockTime != 0 {
		t := im.opts.BlockTime
		bt = &t
	}
	im.emit(s, bt, &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Account{Account: &pb.SubscribeUpdateAccount{
		Slot: s,
		Account: &pb.SubscribeUpdateAccountInfo{Pubkey: key, Lamports: a.Lamports, Owner: owner,
			Executable: a.Executable, RentEpoch: rent, Data: data, WriteVersion: wv},
	}}})
	return nil
}
