package wire

import (
	"math"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
)

// Parsers of the solana.storage.ConfirmedBlock messages; see geyser.go.

// transaction decodes a solana.storage.ConfirmedBlock.Transaction.
func (d *decoder) transaction(b []byte, m *pb.Transaction) bool {
	msg := m.Message
	*m = pb.Transaction{Signatures: m.Signatures[:0]}
	for len(b) > 0 {
		tag, _, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | bytesType:
			m.Signatures = append(m.Signatures, elem(p))
		case 2<<3 | bytesType:
			if m.Message != nil {
				return false
			}
			msg = reuse(msg)
			if !d.message(p, msg) {
				return false
			}
			m.Message = msg
		default:
			return false
		}
	}
	return true
}

// message decodes a solana.storage.ConfirmedBlock.Message.
func (d *decoder) message(b []byte, m *pb.Message) bool {
	header := m.Header
	*m = pb.Message{
		AccountKeys:         m.AccountKeys[:0],
		Instructions:        m.Instructions[:0],
		AddressTableLookups: m.AddressTableLookups[:0],
	}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | bytesType:
			if m.Header != nil {
				return false
			}
			header = reuse(header)
			if !d.header(p, header) {
				return false
			}
			m.Header = header
		case 2<<3 | bytesType:
			m.AccountKeys = append(m.AccountKeys, elem(p))
		case 3<<3 | bytesType:
			m.RecentBlockhash = blob(p)
		case 4<<3 | bytesType:
			var ix *pb.CompiledInstruction
			m.Instructions, ix = add(m.Instructions)
			if !d.instruction(p, ix) {
				return false
			}
		case 5<<3 | varintType:
			m.Versioned = v != 0
		case 6<<3 | bytesType:
			var l *pb.MessageAddressTableLookup
			m.AddressTableLookups, l = add(m.AddressTableLookups)
			if !d.lookup(p, l) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// header decodes a solana.storage.ConfirmedBlock.MessageHeader.
func (d *decoder) header(b []byte, m *pb.MessageHeader) bool {
	*m = pb.MessageHeader{}
	for len(b) > 0 {
		tag, v, _, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | varintType:
			m.NumRequiredSignatures = uint32(v)
		case 2<<3 | varintType:
			m.NumReadonlySignedAccounts = uint32(v)
		case 3<<3 | varintType:
			m.NumReadonlyUnsignedAccounts = uint32(v)
		default:
			return false
		}
	}
	return true
}

// instruction decodes a solana.storage.ConfirmedBlock.CompiledInstruction.
func (d *decoder) instruction(b []byte, m *pb.CompiledInstruction) bool {
	*m = pb.CompiledInstruction{}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | varintType:
			m.ProgramIdIndex = uint32(v)
		case 2<<3 | bytesType:
			m.Accounts = blob(p)
		case 3<<3 | bytesType:
			m.Data = blob(p)
		default:
			return false
		}
	}
	return true
}

// lookup decodes a solana.storage.ConfirmedBlock.MessageAddressTableLookup.
func (d *decoder) lookup(b []byte, m *pb.MessageAddressTableLookup) bool {
	*m = pb.MessageAddressTableLookup{}
	for len(b) > 0 {
		tag, _, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | bytesType:
			m.AccountKey = blob(p)
		case 2<<3 | bytesType:
			m.WritableIndexes = blob(p)
		case 3<<3 | bytesType:
			m.ReadonlyIndexes = blob(p)
		default:
			return false
		}
	}
	return true
}

// meta decodes a solana.storage.ConfirmedBlock.TransactionStatusMeta.
func (d *decoder) meta(b []byte, m *pb.TransactionStatusMeta) bool {
	txErr, returnData, units := m.Err, m.ReturnData, m.ComputeUnitsConsumed
	*m = pb.TransactionStatusMeta{
		PreBalances:             m.PreBalances[:0],
		PostBalances:            m.PostBalances[:0],
		InnerInstructions:       m.InnerInstructions[:0],
		LogMessages:             m.LogMessages[:0],
		PreTokenBalances:        m.PreTokenBalances[:0],
		PostTokenBalances:       m.PostTokenBalances[:0],
		Rewards:                 m.Rewards[:0],
		LoadedWritableAddresses: m.LoadedWritableAddresses[:0],
		LoadedReadonlyAddresses: m.LoadedReadonlyAddresses[:0],
	}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		ok := true
		switch tag {
		case 1<<3 | bytesType:
			if m.Err != nil {
				return false
			}
			txErr = reuse(txErr)
			if !d.transactionError(p, txErr) {
				return false
			}
			m.Err = txErr
		case 2<<3 | varintType:
			m.Fee = v
		case 3<<3 | bytesType: // packed, as encoders write it
			m.PreBalances, ok = packed(m.PreBalances, p)
		case 3<<3 | varintType: // unpacked, which parsers must accept too
			m.PreBalances = append(m.PreBalances, v)
		case 4<<3 | bytesType:
			m.PostBalances, ok = packed(m.PostBalances, p)
		case 4<<3 | varintType:
			m.PostBalances = append(m.PostBalances, v)
		case 5<<3 | bytesType:
			var ii *pb.InnerInstructions
			m.InnerInstructions, ii = add(m.InnerInstructions)
			ok = d.innerInstructions(p, ii)
		case 6<<3 | bytesType:
			var s string
			s, ok = d.string(p)
			m.LogMessages = append(m.LogMessages, s)
		case 7<<3 | bytesType:
			var tb *pb.TokenBalance
			m.PreTokenBalances, tb = add(m.PreTokenBalances)
			ok = d.tokenBalance(p, tb)
		case 8<<3 | bytesType:
			var tb *pb.TokenBalance
			m.PostTokenBalances, tb = add(m.PostTokenBalances)
			ok = d.tokenBalance(p, tb)
		case 9<<3 | bytesType:
			var r *pb.Reward
			m.Rewards, r = add(m.Rewards)
			ok = d.reward(p, r)
		case 10<<3 | varintType:
			m.InnerInstructionsNone = v != 0
		case 11<<3 | varintType:
			m.LogMessagesNone = v != 0
		case 12<<3 | bytesType:
			m.LoadedWritableAddresses = append(m.LoadedWritableAddresses, elem(p))
		case 13<<3 | bytesType:
			m.LoadedReadonlyAddresses = append(m.LoadedReadonlyAddresses, elem(p))
		case 14<<3 | bytesType:
			if m.ReturnData != nil {
				return false
			}
			returnData = reuse(returnData)
			if !d.returnData(p, returnData) {
				return false
			}
			m.ReturnData = returnData
		case 15<<3 | varintType:
			m.ReturnDataNone = v != 0
		case 16<<3 | varintType:
			units = reuse(units)
			*units = v
			m.ComputeUnitsConsumed = units
		default:
			return false
		}
		if !ok {
			return false
		}
	}
	return true
}

// transactionError decodes a solana.storage.ConfirmedBlock.TransactionError.
func (d *decoder) transactionError(b []byte, m *pb.TransactionError) bool {
	*m = pb.TransactionError{}
	for len(b) > 0 {
		tag, _, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | bytesType:
			m.Err = blob(p)
		default:
			return false
		}
	}
	return true
}

// innerInstructions decodes a solana.storage.ConfirmedBlock.InnerInstructions.
func (d *decoder) innerInstructions(b []byte, m *pb.InnerInstructions) bool {
	*m = pb.InnerInstructions{Instructions: m.Instructions[:0]}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | varintType:
			m.Index = uint32(v)
		case 2<<3 | bytesType:
			var ix *pb.InnerInstruction
			m.Instructions, ix = add(m.Instructions)
			if !d.innerInstruction(p, ix) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// innerInstruction decodes a solana.storage.ConfirmedBlock.InnerInstruction.
func (d *decoder) innerInstruction(b []byte, m *pb.InnerInstruction) bool {
	height := m.StackHeight
	*m = pb.InnerInstruction{}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | varintType:
			m.ProgramIdIndex = uint32(v)
		case 2<<3 | bytesType:
			m.Accounts = blob(p)
		case 3<<3 | bytesType:
			m.Data = blob(p)
		case 4<<3 | varintType:
			height = reuse(height)
			*height = uint32(v)
			m.StackHeight = height
		default:
			return false
		}
	}
	return true
}

// tokenBalance decodes a solana.storage.ConfirmedBlock.TokenBalance.
func (d *decoder) tokenBalance(b []byte, m *pb.TokenBalance) bool {
	amount := m.UiTokenAmount
	*m = pb.TokenBalance{}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		ok := true
		switch tag {
		case 1<<3 | varintType:
			m.AccountIndex = uint32(v)
		case 2<<3 | bytesType:
			m.Mint, ok = d.string(p)
		case 3<<3 | bytesType:
			if m.UiTokenAmount != nil {
				return false
			}
			amount = reuse(amount)
			ok = d.uiTokenAmount(p, amount)
			m.UiTokenAmount = amount
		case 4<<3 | bytesType:
			m.Owner, ok = d.string(p)
		case 5<<3 | bytesType:
			m.ProgramId, ok = d.string(p)
		default:
			return false
		}
		if !ok {
			return false
		}
	}
	return true
}

// uiTokenAmount decodes a solana.storage.ConfirmedBlock.UiTokenAmount.
func (d *decoder) uiTokenAmount(b []byte, m *pb.UiTokenAmount) bool {
	*m = pb.UiTokenAmount{}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		ok := true
		switch tag {
		case 1<<3 | fixed64Type:
			m.UiAmount = math.Float64frombits(v)
		case 2<<3 | varintType:
			m.Decimals = uint32(v)
		case 3<<3 | bytesType:
			m.Amount, ok = d.string(p)
		case 4<<3 | bytesType:
			m.UiAmountString, ok = d.string(p)
		default:
			return false
		}
		if !ok {
			return false
		}
	}
	return true
}

// returnData decodes a solana.storage.ConfirmedBlock.ReturnData.
func (d *decoder) returnData(b []byte, m *pb.ReturnData) bool {
	*m = pb.ReturnData{}
	for len(b) > 0 {
		tag, _, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | bytesType:
			m.ProgramId = blob(p)
		case 2<<3 | bytesType:
			m.Data = blob(p)
		default:
			return false
		}
	}
	return true
}

// reward decodes a solana.storage.ConfirmedBlock.Reward.
func (d *decoder) reward(b []byte, m *pb.Reward) bool {
	*m = pb.Reward{}
	for len(b) > 0 {
		tag, v, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		ok := true
		switch tag {
		case 1<<3 | bytesType:
			m.Pubkey, ok = d.string(p)
		case 2<<3 | varintType:
			m.Lamports = int64(v)
		case 3<<3 | varintType:
			m.PostBalance = v
		case 4<<3 | varintType:
			m.RewardType = pb.RewardType(int32(v))
		case 5<<3 | bytesType:
			m.Commission, ok = d.string(p)
		default:
			return false
		}
		if !ok {
			return false
		}
	}
	return true
}

// rewards decodes a solana.storage.ConfirmedBlock.Rewards.
func (d *decoder) rewards(b []byte, m *pb.Rewards) bool {
	partitions := m.NumPartitions
	*m = pb.Rewards{Rewards: m.Rewards[:0]}
	for len(b) > 0 {
		tag, _, p, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | bytesType:
			var r *pb.Reward
			m.Rewards, r = add(m.Rewards)
			if !d.reward(p, r) {
				return false
			}
		case 2<<3 | bytesType:
			if m.NumPartitions != nil {
				return false
			}
			partitions = reuse(partitions)
			if !d.numPartitions(p, partitions) {
				return false
			}
			m.NumPartitions = partitions
		default:
			return false
		}
	}
	return true
}

// unixTimestamp decodes a solana.storage.ConfirmedBlock.UnixTimestamp.
func (d *decoder) unixTimestamp(b []byte, m *pb.UnixTimestamp) bool {
	*m = pb.UnixTimestamp{}
	for len(b) > 0 {
		tag, v, _, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | varintType:
			m.Timestamp = int64(v)
		default:
			return false
		}
	}
	return true
}

// blockHeight decodes a solana.storage.ConfirmedBlock.BlockHeight.
func (d *decoder) blockHeight(b []byte, m *pb.BlockHeight) bool {
	*m = pb.BlockHeight{}
	for len(b) > 0 {
		tag, v, _, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | varintType:
			m.BlockHeight = v
		default:
			return false
		}
	}
	return true
}

// numPartitions decodes a solana.storage.ConfirmedBlock.NumPartitions.
func (d *decoder) numPartitions(b []byte, m *pb.NumPartitions) bool {
	*m = pb.NumPartitions{}
	for len(b) > 0 {
		tag, v, _, n := field(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch tag {
		case 1<<3 | varintType:
			m.NumPartitions = v
		default:
			return false
		}
	}
	return true
}
