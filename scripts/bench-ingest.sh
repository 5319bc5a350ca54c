#!/usr/bin/env bash
# Issue 5's ingest benchmarks, in one run on one machine:
#   1. nats bench js pub --dedup against a nats-server with JetStream file storage, for 512-byte
#      messages and for messages the size of an average event (the yardstick);
#   2. one ingestor's sustained events/s from geysersim to acknowledged JetStream publishes;
#   3. p50/p99 from geysersim's created_at to the JetStream ack at 5,000 updates/s.
# Needs the nats CLI: GOSUMDB=off go install github.com/nats-io/natscli/nats@v0.2.4
set -euo pipefail
cd "$(dirname "$0")/.."
NATS=${NATS:-$(command -v nats || echo "$(go env GOPATH)/bin/nats")}
[ -x "$NATS" ] || { echo "bench-ingest: the nats CLI is missing: GOSUMDB=off go install github.com/nats-io/natscli/nats@v0.2.4" >&2; exit 1; }
SIZE=${SIZE:-1400}   # bytes: an average published event (JSON body) is about this long
MSGS=${MSGS:-200000}
PORT=${PORT:-14999}
store=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$store"' EXIT
(cd pkg && go build -o "$store/nats-server" github.com/nats-io/nats-server/v2)
"$store/nats-server" -js -sd "$store/js" -a 127.0.0.1 -p "$PORT" >"$store/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do "$NATS" -s "nats://127.0.0.1:$PORT" account info >/dev/null 2>&1 && break; sleep 0.1; done
for size in 512 "$SIZE"; do
	"$NATS" -s "nats://127.0.0.1:$PORT" stream rm -f benchstream >/dev/null 2>&1 || true
	echo "== nats bench js pub --dedup --storage=file --size=$size --msgs=$MSGS"
	"$NATS" -s "nats://127.0.0.1:$PORT" bench js pub sol.bench --create --storage=file --dedup \
		--size="$size" --msgs="$MSGS" --clients=1 2>&1 | grep -E "stats"
done
kill $server; wait $server 2>/dev/null || true
echo "== ingestor (services/ingestor: BenchmarkIngestorThroughput, BenchmarkIngestorLatency5k)"
cd services/ingestor
go test -run '^$' -bench 'IngestorThroughput' -benchtime "${MSGS}x" -count 3 . | grep -E '^Bench'
go test -run '^$' -bench 'IngestorLatency5k' -benchtime 50000x -count 3 . | grep -E '^Bench'
