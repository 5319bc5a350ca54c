// Package pumpswap decodes the PumpSwap AMM (pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA):
// its buy, buy_exact_quote_in, sell, create_pool, deposit and withdraw instructions into trade,
// pool_create, deposit and withdraw events, and its Pool accounts into pool events.
//
// Amounts come from the events the program emitted for the instruction (anchor.Events: the
// self-CPI copy, else the "Program data:" log line), never from instruction arguments, which are
// only limits. Events only grow by appending fields: every known length decodes (PROGRAMS.md
// §3.2), and bytes past the newest known layout are kept as a count (EventExtra), never an error.
// The instruction's accounts supply what events lack (the mints) and are checked against what
// the event says (pool, user), so a layout drift shows up as an error rather than a wrong event.
//
// Derived values (prices) are computed in one place, price.go. Decimals come from the
// transaction's token balances of the pool vaults (or the user's token accounts); when neither
// list has them the base defaults to 6 (every pump.fun mint) and the quote to 9 (wSOL).
//
// The decode functions are pure, allocate nothing on success and never panic; they are safe for
// concurrent use. DecodeInstruction and DecodeAccount allocate the event body only.
package pumpswap
