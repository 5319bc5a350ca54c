package raydiumcpmm

import (
	"fmt"

	"github.com/geyserjet/geyserjet/pkg/borsh"
)

// Instruction discriminators: sha256("global:<name>")[:8] (PROGRAMS.md 5.1). initialize, deposit
// and withdraw collide with other programs' instructions; routing is by program id.
var (
	DiscInitialize               = [8]byte{0xaf, 0xaf, 0x6d, 0x1f, 0x0d, 0x98, 0x9b, 0xed}
	DiscInitializeWithPermission = [8]byte{0x3f, 0x37, 0xfe, 0x41, 0x31, 0xb2, 0x59, 0x79}
	DiscSwapBaseInput            = [8]byte{0x8f, 0xbe, 0x5a, 0xda, 0xc4, 0x1e, 0x33, 0xde}
	DiscSwapBaseOutput           = [8]byte{0x37, 0xd9, 0x62, 0x56, 0xa3, 0x4a, 0xb4, 0xad}
	DiscDeposit                  = [8]byte{0xf2, 0x23, 0xc6, 0x89, 0x52, 0xe1, 0xf2, 0xb6}
	DiscWithdraw                 = [8]byte{0xb7, 0x12, 0x46, 0x9c, 0x94, 0x6d, 0xa1, 0x22}
	// Admin and fee-collection instructions: known, no event.
	DiscCreateAmmConfig     = [8]byte{0x89, 0x34, 0xed, 0xd4, 0xd7, 0x75, 0x6c, 0x68}
	DiscUpdateAmmConfig     = [8]byte{0x31, 0x3c, 0xae, 0x88, 0x9a, 0x1c, 0x74, 0xc8}
	DiscUpdatePoolStatus    = [8]byte{0x82, 0x57, 0x6c, 0x06, 0x2e, 0xe0, 0x75, 0x7b}
	DiscCollectProtocolFee  = [8]byte{0x88, 0x88, 0xfc, 0xdd, 0xc2, 0x42, 0x7e, 0x59}
	DiscCollectFundFee      = [8]byte{0xa7, 0x8a, 0x4e, 0x95, 0xdf, 0xc2, 0x06, 0x7e}
	DiscCollectCreatorFee   = [8]byte{0x14, 0x16, 0x56, 0x7b, 0xc6, 0x1c, 0xdb, 0x84}
	DiscCreatePermissionPda = [8]byte{0x87, 0x88, 0x02, 0xd8, 0x89, 0xa9, 0xb5, 0xca}
	DiscClosePermissionPda  = [8]byte{0x9c, 0x54, 0x20, 0x76, 0x45, 0x87, 0x46, 0x7b}
)

// Event discriminators: sha256("event:<Name>")[:8]. SwapEvent collides with other programs'
// SwapEvent (CLMM, Jupiter, …): only events of the CPMM instruction's own frame are read.
var (
	DiscSwapEvent     = [8]byte{0x40, 0xc6, 0xcd, 0xe8, 0x26, 0x08, 0x71, 0xe2}
	DiscLpChangeEvent = [8]byte{0x79, 0xa3, 0xcd, 0xc9, 0x39, 0xda, 0x75, 0x3c}
)

// Account discriminators: sha256("account:<Name>")[:8]. PoolState collides with LaunchLab's.
var (
	DiscPoolState        = [8]byte{0xf7, 0xed, 0xe3, 0xf5, 0xd7, 0xc3, 0xde, 0x46}
	DiscAmmConfig        = [8]byte{0xda, 0xf4, 0x21, 0x68, 0xcb, 0xcb, 0x2b, 0x6f}
	DiscObservationState = [8]byte{0x7a, 0xae, 0xc5, 0x35, 0x81, 0x09, 0xa5, 0x84}
	DiscPermission       = [8]byte{0xe0, 0x53, 0x1c, 0x4f, 0x0a, 0xfd, 0xa1, 0x1c}
)

// SwapEvent body sizes: v1 before the 2025-08 creator-fee upgrade, v2 after.
const (
	SwapEventV1Len = 81
	SwapEventV2Len = 162
)

// PoolStateLen is the size of a PoolState account, discriminator included.
const PoolStateLen = 637

// SwapEvent is the event of swap_base_input and swap_base_output (states/events.rs). Version is
// 1 for the 81-byte body (no mints, fees or creator fee), 2 for the 162-byte one.
type SwapEvent struct {
	PoolID            [32]byte
	InputVaultBefore  uint64
	OutputVaultBefore uint64
	InputAmount       uint64
	OutputAmount      uint64
	InputTransferFee  uint64
	OutputTransferFee uint64
	BaseInput         bool
	InputMint         [32]byte
	OutputMint        [32]byte
	TradeFee          uint64
	CreatorFee        uint64
	CreatorFeeOnInput bool
	Version           uint8
}

// DecodeSwapEvent decodes a SwapEvent body, the bytes after its discriminator: 81 bytes (v1)
// or at least 162 (v2; longer bodies keep their unknown tail). Errors wrap borsh.ErrShortData or
// borsh.ErrInvalid (a bool that is not 0 or 1).
func DecodeSwapEvent(b []byte) (SwapEvent, error) {
	e, err := swapEvent(b)
	if err != nil {
		return SwapEvent{}, fmt.Errorf("raydium_cpmm: decode SwapEvent: %w", err)
	}
	return e, nil
}

// swapEvent decodes a SwapEvent body; its errors do not name the program.
func swapEvent(b []byte) (SwapEvent, error) {
	r := borsh.NewReader(b)
	var e SwapEvent
	e.PoolID = r.Pubkey("pool_id")
	e.InputVaultBefore = r.U64("input_vault_before")
	e.OutputVaultBefore = r.U64("output_vault_before")
	e.InputAmount = r.U64("input_amount")
	e.OutputAmount = r.U64("output_amount")
	e.InputTransferFee = r.U64("input_transfer_fee")
	e.OutputTransferFee = r.U64("output_transfer_fee")
	e.BaseInput = r.Bool("base_input")
	e.Version = 1
	if r.Len() > 0 {
		e.InputMint = r.Pubkey("input_mint")
		e.OutputMint = r.Pubkey("output_mint")
		e.TradeFee = r.U64("trade_fee")
		e.CreatorFee = r.U64("creator_fee")
		e.CreatorFeeOnInput = r.Bool("creator_fee_on_input")
		e.Version = 2
	}
	if err := r.Err(); err != nil {
		return SwapEvent{}, err
	}
	return e, nil
}

// LpChangeEvent is the event of deposit and withdraw (89 bytes). ChangeType is 0 for a
// deposit, 1 for a withdrawal.
type LpChangeEvent struct {
	PoolID            [32]byte
	LpAmountBefore    uint64
	Token0VaultBefore uint64
	Token1VaultBefore uint64
	Token0Amount      uint64
	Token1Amount      uint64
	Token0TransferFee uint64
	Token1TransferFee uint64
	ChangeType        uint8
}

// DecodeLpChangeEvent decodes an LpChangeEvent body. Errors wrap borsh.ErrShortData, or
// borsh.ErrInvalid for a change_type other than 0 or 1.
func DecodeLpChangeEvent(b []byte) (LpChangeEvent, error) {
	e, err := lpChangeEvent(b)
	if err != nil {
		return LpChangeEvent{}, fmt.Errorf("raydium_cpmm: decode LpChangeEvent: %w", err)
	}
	return e, nil
}

// lpChangeEvent decodes an LpChangeEvent body; its errors do not name the program.
func lpChangeEvent(b []byte) (LpChangeEvent, error) {
	r := borsh.NewReader(b)
	var e LpChangeEvent
	e.PoolID = r.Pubkey("pool_id")
	e.LpAmountBefore = r.U64("lp_amount_before")
	e.Token0VaultBefore = r.U64("token_0_vault_before")
	e.Token1VaultBefore = r.U64("token_1_vault_before")
	e.Token0Amount = r.U64("token_0_amount")
	e.Token1Amount = r.U64("token_1_amount")
	e.Token0TransferFee = r.U64("token_0_transfer_fee")
	e.Token1TransferFee = r.U64("token_1_transfer_fee")
	e.ChangeType = r.U8("change_type")
	if r.Err() == nil && e.ChangeType > 1 {
		return LpChangeEvent{}, &borsh.FieldError{Field: "change_type", Offset: 88, Value: uint64(e.ChangeType), Err: borsh.ErrInvalid}
	}
	if err := r.Err(); err != nil {
		return LpChangeEvent{}, err
	}
	return e, nil
}

// PoolState is a CPMM PoolState account (states/pool.rs, repr(C, packed), PROGRAMS.md 5.3).
type PoolState struct {
	AmmConfig          [32]byte
	PoolCreator        [32]byte
	Token0Vault        [32]byte
	Token1Vault        [32]byte
	LpMint             [32]byte
	Token0Mint         [32]byte
	Token1Mint         [32]byte
	Token0Program      [32]byte
	Token1Program      [32]byte
	ObservationKey     [32]byte
	AuthBump           uint8
	Status             uint8
	LpMintDecimals     uint8
	Mint0Decimals      uint8
	Mint1Decimals      uint8
	LpSupply           uint64
	ProtocolFeesToken0 uint64
	ProtocolFeesToken1 uint64
	FundFeesToken0     uint64
	FundFeesToken1     uint64
	OpenTime           uint64
	RecentEpoch        uint64
	CreatorFeeOn       uint8
	EnableCreatorFee   bool
	CreatorFeesToken0  uint64
	CreatorFeesToken1  uint64
}

// DecodePoolState decodes a PoolState account's data, discriminator included (637 bytes). A
// pre-2025-08 account has zero padding where the creator-fee fields are, which decode as 0.
// Errors wrap borsh.ErrShortData, or
// borsh.ErrInvalid for a wrong discriminator or an enable_creator_fee that is not 0 or 1.
func DecodePoolState(b []byte) (PoolState, error) {
	r := borsh.NewReader(b)
	var p PoolState
	if d := r.Bytes("discriminator", 8); d != nil && [8]byte(d) != DiscPoolState {
		return PoolState{}, fmt.Errorf("raydium_cpmm: decode PoolState: %w",
			&borsh.FieldError{Field: "discriminator", Offset: 0, Err: borsh.ErrInvalid})
	}
	p.AmmConfig = r.Pubkey("amm_config")
	p.PoolCreator = r.Pubkey("pool_creator")
	p.Token0Vault = r.Pubkey("token_0_vault")
	p.Token1Vault = r.Pubkey("token_1_vault")
	p.LpMint = r.Pubkey("lp_mint")
	p.Token0Mint = r.Pubkey("token_0_mint")
	p.Token1Mint = r.Pubkey("token_1_mint")
	p.Token0Program = r.Pubkey("token_0_program")
	p.Token1Program = r.Pubkey("token_1_program")
	p.ObservationKey = r.Pubkey("observation_key")
	p.AuthBump = r.U8("auth_bump")
	p.Status = r.U8("status")
	p.LpMintDecimals = r.U8("lp_mint_decimals")
	p.Mint0Decimals = r.U8("mint_0_decimals")
	p.Mint1Decimals = r.U8("mint_1_decimals")
	p.LpSupply = r.U64("lp_supply")
	p.ProtocolFeesToken0 = r.U64("protocol_fees_token_0")
	p.ProtocolFeesToken1 = r.U64("protocol_fees_token_1")
	p.FundFeesToken0 = r.U64("fund_fees_token_0")
	p.FundFeesToken1 = r.U64("fund_fees_token_1")
	p.OpenTime = r.U64("open_time")
	p.RecentEpoch = r.U64("recent_epoch")
	p.CreatorFeeOn = r.U8("creator_fee_on")
	p.EnableCreatorFee = r.Bool("enable_creator_fee")
	r.Skip("padding1", 6)
	p.CreatorFeesToken0 = r.U64("creator_fees_token_0")
	p.CreatorFeesToken1 = r.U64("creator_fees_token_1")
	r.Skip("padding", 28*8)
	if err := r.Err(); err != nil {
		return PoolState{}, fmt.Errorf("raydium_cpmm: decode PoolState: %w", err)
	}
	return p, nil
}
