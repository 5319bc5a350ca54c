package wire

import (
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// The parsers below decode one message each from b into m, which they first reset, keeping
// what m holds for reuse. Each returns false, leaving m partly set, on anything it does not take
// exactly as proto.Unmarshal would: a malformed or unknown field, a known field with another
// wire type, a singular message field seen twice (proto merges the two), invalid UTF-8.

// update decodes a geyser.SubscribeUpdate.
func (d *decoder) update(b []byte, m *pb.SubscribeUpdate) bool {
	oneof, createdAt := m.UpdateOneof, m.CreatedAt
	*m = pb.SubscribeUpdate{Filters: m.Filters[:0]}
	for len(b) > 0 {
		tag, _, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		if tag>>3 >= 2 && tag>>3 <= 10 && m.UpdateOneof != nil {
			return false // a second member of the oneof: proto merges or replaces
		}
		switch tag {
		case 1<<3 | bytesType:
			s, ok := d.string(p)
			if !ok {
				return false
			}
			m.Filters = append(m.Filters, s)
		case 2<<3 | bytesType:
			w, _ := oneof.(*pb.SubscribeUpdate_Account)
			w = reuse(w)
			w.Account = reuse(w.Account)
			if !d.updateAccount(p, w.Account) {
				return false
			}
			m.UpdateOneof = w
		case 3<<3 | bytesType:
			w, _ := oneof.(*pb.SubscribeUpdate_Slot)
			w = reuse(w)
			w.Slot = reuse(w.Slot)
			if !d.updateSlot(p, w.Slot) {
				return false
			}
			m.UpdateOneof = w
		case 4<<3 | bytesType:
			w, _ := oneof.(*pb.SubscribeUpdate_Transaction)
			w = reuse(w)
			w.Transaction = reuse(w.Transaction)
			if !d.updateTransaction(p, w.Transaction) {
				return false
			}
			m.UpdateOneof = w
		case 5<<3 | bytesType:
			w, _ := oneof.(*pb.SubscribeUpdate_Block)
			w = reuse(w)
			w.Block = reuse(w.Block)
			if !d.block(p, w.Block) {
				return false
			}
			m.UpdateOneof = w
		case 6<<3 | bytesType:
			w, _ := oneof.(*pb.SubscribeUpdate_Ping)
			w = reuse(w)
			w.Ping = reuse(w.Ping)
			*w.Ping = pb.SubscribeUpdatePing{}
			if len(p) != 0 {
				return false // SubscribeUpdatePing has no fields
			}
			m.UpdateOneof = w
		case 7<<3 | bytesType:
			w, _ := oneof.(*pb.SubscribeUpdate_BlockMeta)
			w = reuse(w)
			w.BlockMeta = reuse(w.BlockMeta)
			if !d.blockMeta(p, w.BlockMeta) {
				return false
			}
			m.UpdateOneof = w
		case 8<<3 | bytesType:
			w, _ := oneof.(*pb.SubscribeUpdate_Entry)
			w = reuse(w)
			w.Entry = reuse(w.Entry)
			if !d.entry(p, w.Entry) {
				return false
			}
			m.UpdateOneof = w
		case 9<<3 | bytesType:
			w, _ := oneof.(*pb.SubscribeUpdate_Pong)
			w = reuse(w)
			w.Pong = reuse(w.Pong)
			if !d.pong(p, w.Pong) {
				return false
			}
			m.UpdateOneof = w
		case 10<<3 | bytesType:
			w, _ := oneof.(*pb.SubscribeUpdate_TransactionStatus)
			w = reuse(w)
			w.TransactionStatus = reuse(w.TransactionStatus)
			if !d.transactionStatus(p, w.TransactionStatus) {
				return false
			}
			m.UpdateOneof = w
		case 11<<3 | bytesType:
			if m.CreatedAt != nil {
				return false
			}
			createdAt = reuse(createdAt)
			if !d.timestamp(p, createdAt) {
				return false
			}
			m.CreatedAt = createdAt
		default:
			return false
		}
	}
	return true
}

// timestamp decodes a google.protobuf.Timestamp.
func (d *decoder) timestamp(b []byte, m *timestamppb.Timestamp) bool {
	*m = timestamppb.Timestamp{}
	for len(b) > 0 {
		tag, v, _, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | varintType:
			m.Seconds = int64(v)
		case 2<<3 | varintType:
			m.Nanos = int32(v)
		default:
			return false
		}
	}
	return true
}

// updateAccount decodes a geyser.SubscribeUpdateAccount.
func (d *decoder) updateAccount(b []byte, m *pb.SubscribeUpdateAccount) bool {
	info := m.Account
	*m = pb.SubscribeUpdateAccount{}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | bytesType:
			if m.Account != nil {
				return false
			}
			info = reuse(info)
			if !d.accountInfo(p, info) {
				return false
			}
			m.Account = info
		case 2<<3 | varintType:
			m.Slot = v
		case 3<<3 | varintType:
			m.IsStartup = v != 0
		default:
			return false
		}
	}
	return true
}

// accountInfo decodes a geyser.SubscribeUpdateAccountInfo.
func (d *decoder) accountInfo(b []byte, m *pb.SubscribeUpdateAccountInfo) bool {
	*m = pb.SubscribeUpdateAccountInfo{}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | bytesType:
			m.Pubkey = blob(p)
		case 2<<3 | varintType:
			m.Lamports = v
		case 3<<3 | bytesType:
			m.Owner = blob(p)
		case 4<<3 | varintType:
			m.Executable = v != 0
		case 5<<3 | varintType:
			m.RentEpoch = v
		case 6<<3 | bytesType:
			m.Data = blob(p)
		case 7<<3 | varintType:
			m.WriteVersion = v
		case 8<<3 | bytesType:
			m.TxnSignature = elem(p) // optional: present even when empty
		default:
			return false
		}
	}
	return true
}

// updateSlot decodes a geyser.SubscribeUpdateSlot.
func (d *decoder) updateSlot(b []byte, m *pb.SubscribeUpdateSlot) bool {
	parent, deadError := m.Parent, m.DeadError
	*m = pb.SubscribeUpdateSlot{}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | varintType:
			m.Slot = v
		case 2<<3 | varintType:
			parent = reuse(parent)
			*parent = v
			m.Parent = parent
		case 3<<3 | varintType:
			m.Status = pb.CommitmentLevel(int32(v))
		case 4<<3 | bytesType:
			s, ok := d.string(p)
			if !ok {
				return false
			}
			deadError = reuse(deadError)
			*deadError = s
			m.DeadError = deadError
		default:
			return false
		}
	}
	return true
}

// updateTransaction decodes a geyser.SubscribeUpdateTransaction.
func (d *decoder) updateTransaction(b []byte, m *pb.SubscribeUpdateTransaction) bool {
	info := m.Transaction
	*m = pb.SubscribeUpdateTransaction{}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | bytesType:
			if m.Transaction != nil {
				return false
			}
			info = reuse(info)
			if !d.transactionInfo(p, info) {
				return false
			}
			m.Transaction = info
		case 2<<3 | varintType:
			m.Slot = v
		default:
			return false
		}
	}
	return true
}

// transactionInfo decodes a geyser.SubscribeUpdateTransactionInfo.
func (d *decoder) transactionInfo(b []byte, m *pb.SubscribeUpdateTransactionInfo) bool {
	tx, meta := m.Transaction, m.Meta
	*m = pb.SubscribeUpdateTransactionInfo{}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | bytesType:
			m.Signature = blob(p)
		case 2<<3 | varintType:
			m.IsVote = v != 0
		case 3<<3 | bytesType:
			if m.Transaction != nil {
				return false
			}
			tx = reuse(tx)
			if !d.transaction(p, tx) {
				return false
			}
			m.Transaction = tx
		case 4<<3 | bytesType:
			if m.Meta != nil {
				return false
			}
			meta = reuse(meta)
			if !d.meta(p, meta) {
				return false
			}
			m.Meta = meta
		case 5<<3 | varintType:
			m.Index = v
		default:
			return false
		}
	}
	return true
}

// transactionStatus decodes a geyser.SubscribeUpdateTransactionStatus.
func (d *decoder) transactionStatus(b []byte, m *pb.SubscribeUpdateTransactionStatus) bool {
	txErr := m.Err
	*m = pb.SubscribeUpdateTransactionStatus{}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | varintType:
			m.Slot = v
		case 2<<3 | bytesType:
			m.Signature = blob(p)
		case 3<<3 | varintType:
			m.IsVote = v != 0
		case 4<<3 | varintType:
			m.Index = v
		case 5<<3 | bytesType:
			if m.Err != nil {
				return false
			}
			txErr = reuse(txErr)
			if !d.transactionError(p, txErr) {
				return false
			}
			m.Err = txErr
		default:
			return false
		}
	}
	return true
}

// block decodes a geyser.SubscribeUpdateBlock.
func (d *decoder) block(b []byte, m *pb.SubscribeUpdateBlock) bool {
	rewards, blockTime, blockHeight := m.Rewards, m.BlockTime, m.BlockHeight
	*m = pb.SubscribeUpdateBlock{
		Transactions: m.Transactions[:0],
		Accounts:     m.Accounts[:0],
		Entries:      m.Entries[:0],
	}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | varintType:
			m.Slot = v
		case 2<<3 | bytesType:
			s, ok := d.string(p)
			if !ok {
				return false
			}
			m.Blockhash = s
		case 3<<3 | bytesType:
			if m.Rewards != nil {
				return false
			}
			rewards = reuse(rewards)
			if !d.rewards(p, rewards) {
				return false
			}
			m.Rewards = rewards
		case 4<<3 | bytesType:
			if m.BlockTime != nil {
				return false
			}
			blockTime = reuse(blockTime)
			if !d.unixTimestamp(p, blockTime) {
				return false
			}
			m.BlockTime = blockTime
		case 5<<3 | bytesType:
			if m.BlockHeight != nil {
				return false
			}
			blockHeight = reuse(blockHeight)
			if !d.blockHeight(p, blockHeight) {
				return false
			}
			m.BlockHeight = blockHeight
		case 6<<3 | bytesType:
			var tx *pb.SubscribeUpdateTransactionInfo
			m.Transactions, tx = add(m.Transactions)
			if !d.transactionInfo(p, tx) {
				return false
			}
		case 7<<3 | varintType:
			m.ParentSlot = v
		case 8<<3 | bytesType:
			s, ok := d.string(p)
			if !ok {
				return false
			}
			m.ParentBlockhash = s
		case 9<<3 | varintType:
			m.ExecutedTransactionCount = v
		case 10<<3 | varintType:
			m.UpdatedAccountCount = v
		case 11<<3 | bytesType:
			var acc *pb.SubscribeUpdateAccountInfo
			m.Accounts, acc = add(m.Accounts)
			if !d.accountInfo(p, acc) {
				return false
			}
		case 12<<3 | varintType:
			m.EntriesCount = v
		case 13<<3 | bytesType:
			var e *pb.SubscribeUpdateEntry
			m.Entries, e = add(m.Entries)
			if !d.entry(p, e) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// blockMeta decodes a geyser.SubscribeUpdateBlockMeta.
func (d *decoder) blockMeta(b []byte, m *pb.SubscribeUpdateBlockMeta) bool {
	rewards, blockTime, blockHeight := m.Rewards, m.BlockTime, m.BlockHeight
	*m = pb.SubscribeUpdateBlockMeta{}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | varintType:
			m.Slot = v
		case 2<<3 | bytesType:
			s, ok := d.string(p)
			if !ok {
				return false
			}
			m.Blockhash = s
		case 3<<3 | bytesType:
			if m.Rewards != nil {
				return false
			}
			rewards = reuse(rewards)
			if !d.rewards(p, rewards) {
				return false
			}
			m.Rewards = rewards
		case 4<<3 | bytesType:
			if m.BlockTime != nil {
				return false
			}
			blockTime = reuse(blockTime)
			if !d.unixTimestamp(p, blockTime) {
				return false
			}
			m.BlockTime = blockTime
		case 5<<3 | bytesType:
			if m.BlockHeight != nil {
				return false
			}
			blockHeight = reuse(blockHeight)
			if !d.blockHeight(p, blockHeight) {
				return false
			}
			m.BlockHeight = blockHeight
		case 6<<3 | varintType:
			m.ParentSlot = v
		case 7<<3 | bytesType:
			s, ok := d.string(p)
			if !ok {
				return false
			}
			m.ParentBlockhash = s
		case 8<<3 | varintType:
			m.ExecutedTransactionCount = v
		case 9<<3 | varintType:
			m.EntriesCount = v
		default:
			return false
		}
	}
	return true
}

// entry decodes a geyser.SubscribeUpdateEntry.
func (d *decoder) entry(b []byte, m *pb.SubscribeUpdateEntry) bool {
	*m = pb.SubscribeUpdateEntry{}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | varintType:
			m.Slot = v
		case 2<<3 | varintType:
			m.Index = v
		case 3<<3 | varintType:
			m.NumHashes = v
		case 4<<3 | bytesType:
			m.Hash = blob(p)
		case 5<<3 | varintType:
			m.ExecutedTransactionCount = v
		case 6<<3 | varintType:
			m.StartingTransactionIndex = v
		default:
			return false
		}
	}
	return true
}

// pong decodes a geyser.SubscribeUpdatePong.
func (d *decoder) pong(b []byte, m *pb.SubscribeUpdatePong) bool {
	*m = pb.SubscribeUpdatePong{}
	for len(b) > 0 {
		tag, v, _, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | varintType:
			m.Id = int32(v)
		default:
			return false
		}
	}
	return true
}
