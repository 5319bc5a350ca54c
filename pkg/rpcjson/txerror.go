package rpcjson

import (
	"encoding/binary"
	"encoding/json"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
)

// transactionErrors are the variants of Solana's TransactionError in declaration order: the
// bincode tag of a variant is its index.
var transactionErrors = []string{
	"AccountInUse", "AccountLoadedTwice", "AccountNotFound", "ProgramAccountNotFound",
	"InsufficientFundsForFee", "InvalidAccountForFee", "AlreadyProcessed", "BlockhashNotFound",
	"InstructionError", "CallChainTooDeep", "MissingSignatureForFee", "InvalidAccountIndex",
	"SignatureFailure", "InvalidProgramForExecution", "SanitizeFailure", "ClusterMaintenance",
	"AccountBorrowOutstanding", "WouldExceedMaxBlockCostLimit", "UnsupportedVersion",
	"InvalidWritableAccount", "WouldExceedMaxAccountCostLimit", "WouldExceedAccountDataBlockLimit",
	"TooManyAccountLocks", "AddressLookupTableNotFound", "InvalidAddressLookupTableOwner",
	"InvalidAddressLookupTableData", "InvalidAddressLookupTableIndex", "InvalidRentPayingAccount",
	"WouldExceedMaxVoteCostLimit", "WouldExceedAccountDataTotalLimit", "DuplicateInstruction",
	"InsufficientFundsForRent", "MaxLoadedAccountsDataSizeExceeded", "InvalidLoadedAccountsDataSizeLimit",
	"ResanitizationNeeded", "ProgramExecutionTemporarilyRestricted", "UnbalancedTransaction",
	"ProgramCacheHitMaxLimit", "CommitCancelled",
}

// instructionErrors are the variants of Solana's InstructionError in declaration order.
var instructionErrors = []string{
	"GenericError", "InvalidArgument", "InvalidInstructionData", "InvalidAccountData",
	"AccountDataTooSmall", "InsufficientFunds", "IncorrectProgramId", "MissingRequiredSignature",
	"AccountAlreadyInitialized", "UninitializedAccount", "UnbalancedInstruction", "ModifiedProgramId",
	"ExternalAccountLamportSpend", "ExternalAccountDataModified", "ReadonlyLamportChange",
	"ReadonlyDataModified", "DuplicateAccountIndex", "ExecutableModified", "RentEpochModified",
	"NotEnoughAccountKeys", "AccountDataSizeChanged", "AccountNotExecutable", "AccountBorrowFailed",
	"AccountBorrowOutstanding", "DuplicateAccountOutOfSync", "Custom", "InvalidError",
	"ExecutableDataModified", "ExecutableLamportChange", "ExecutableAccountNotRentExempt",
	"UnsupportedProgramId", "CallDepth", "MissingAccount", "ReentrancyNotAllowed",
	"MaxSeedLengthExceeded", "InvalidSeeds", "InvalidRealloc", "ComputationalBudgetExceeded",
	"PrivilegeEscalation", "ProgramEnvironmentSetupFailure", "ProgramFailedToComplete",
	"ProgramFailedToCompile", "Immutable", "IncorrectAuthority", "BorshIoError",
	"AccountNotRentExempt", "InvalidAccountOwner", "ArithmeticOverflow", "UnsupportedSysvar",
	"IllegalOwner", "MaxAccountsDataAllocationsExceeded", "MaxAccountsExceeded",
	"MaxInstructionTraceLengthExceeded", "BuiltinProgramsMustConsumeComputeUnits",
}

func tag(names []string, name string) (uint32, bool) {
	for i, n := range names {
		if n == name {
			return uint32(i), true
		}
	}
	return 0, false
}

// txError converts meta.err. Like Yellowstone, the result holds the bincode encoding of the
// Rust TransactionError (u32 little-endian variant tags, u8 indexes, u32 custom codes). The
// Yellowstone JSON form {"err": [bytes]} is taken as is. A variant not known here is kept as
// its JSON text, with a note: the error stays non-empty, so the transaction counts as failed.
func (im *importer) txError(raw json.RawMessage, path string) (*pb.TransactionError, error) {
	if isNull(raw) {
		return nil, nil
	}
	if kind(raw) == '{' {
		var y map[string]json.RawMessage
		if err := json.Unmarshal(raw, &y); err == nil && len(y) == 1 && kind(y["err"]) == '[' {
			b, err := byteArray(y["err"], join(path, "err"))
			if err != nil {
				return nil, err
			}
			return &pb.TransactionError{Err: b}, nil
		}
	}
	if b, ok := encodeTxError(raw); ok {
		return &pb.TransactionError{Err: b}, nil
	}
	if !json.Valid(raw) {
		return nil, errorf(path, "not valid JSON")
	}
	c := compact(raw)
	im.notef(path, "unknown error variant %s: kept as its JSON text, not bincode", c)
	return &pb.TransactionError{Err: []byte(c)}, nil
}

// encodeTxError returns the bincode of a TransactionError in its RPC JSON form: "Name",
// {"InstructionError": [index, "Name" | {"Custom": n} | {"BorshIoError": "text"}]},
// {"DuplicateInstruction": index}, {"InsufficientFundsForRent": {"account_index": n}}, ….
func encodeTxError(raw json.RawMessage) ([]byte, bool) {
	name, arg, ok := variant(raw)
	if !ok {
		return nil, false
	}
	t, ok := tag(transactionErrors, name)
	if !ok {
		return nil, false
	}
	out := binary.LittleEndian.AppendUint32(nil, t)
	switch name {
	case "InstructionError":
		var pair []json.RawMessage
		if json.Unmarshal(arg, &pair) != nil || len(pair) != 2 {
			return nil, false
		}
		var idx uint8
		if json.Unmarshal(pair[0], &idx) != nil {
			return nil, false
		}
		ie, ok := encodeInstructionError(pair[1])
		if !ok {
			return nil, false
		}
		return append(append(out, idx), ie...), true
	case "DuplicateInstruction":
		var idx uint8
		if json.Unmarshal(arg, &idx) != nil {
			return nil, false
		}
		return append(out, idx), true
	case "InsufficientFundsForRent", "ProgramExecutionTemporarilyRestricted":
		var f struct {
			AccountIndex *uint8 `json:"account_index"`
		}
		if json.Unmarshal(arg, &f) != nil || f.AccountIndex == nil {
			return nil, false
		}
		return append(out, *f.AccountIndex), true
	}
	if arg != nil {
		return nil, false // a unit variant with a payload: not a form we know
	}
	return out, true
}

func encodeInstructionError(raw json.RawMessage) ([]byte, bool) {
	name, arg, ok := variant(raw)
	if !ok {
		return nil, false
	}
	t, ok := tag(instructionErrors, name)
	if !ok {
		return nil, false
	}
	out := binary.LittleEndian.AppendUint32(nil, t)
	switch {
	case name == "Custom":
		var code uint32
		if json.Unmarshal(arg, &code) != nil {
			return nil, false
		}
		return binary.LittleEndian.AppendUint32(out, code), true
	case name == "BorshIoError" && arg != nil: // older nodes: BorshIoError(String)
		var s string
		if json.Unmarshal(arg, &s) != nil {
			return nil, false
		}
		return append(binary.LittleEndian.AppendUint64(out, uint64(len(s))), s...), true
	case arg != nil:
		return nil, false
	}
	return out, true
}

// variant splits a serde enum in JSON: "Name" (arg nil) or {"Name": arg}.
func variant(raw json.RawMessage) (name string, arg json.RawMessage, ok bool) {
	switch kind(raw) {
	case '"':
		if json.Unmarshal(raw, &name) != nil {
			return "", nil, false
		}
		return name, nil, true
	case '{':
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil || len(m) != 1 {
			return "", nil, false
		}
		for k, v := range m {
			return k, v, true
		}
	}
	return "", nil, false
}
