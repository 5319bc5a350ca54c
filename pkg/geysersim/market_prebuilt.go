package geysersim

import (
	"context"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
)

// PrebuiltSource generates at least n updates of a Market once (rounded up to a whole slot) and
// returns a looping ReplaySource over them: every pass after the first has fresh slots, write
// versions and signatures (patched, never re-signed or re-encoded), so a Server can publish
// hundreds of thousands of updates per second and benchmarks measure the ingestor, not the
// generator. The decoded events of a later pass equal the first pass's but for those fields.
func PrebuiltSource(cfg MarketConfig, n int) *ReplaySource {
	cfg.Record = false
	m := NewMarket(cfg)
	us := make([]*pb.SubscribeUpdate, 0, n+256)
	ctx := context.Background()
	var last uint64
	for {
		it, _ := m.Next(ctx) // a Market never fails with a live context
		s := updateSlot(it.Update)
		if len(us) >= n && s != last {
			break // the first update of the next slot is dropped: the pass ends on a whole slot
		}
		us = append(us, it.Update)
		last = s
	}
	return NewReplaySource(us, true, SlotDuration)
}
