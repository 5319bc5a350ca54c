#!/usr/bin/env bash
# Issue 5's ingest benchmarks, in one run on one machine:
#   1. one ingestor's sustained events/s from geysersim to acknowledged JetStream publishes, and
#      the average size of its messages' payload;
#   2. nats bench js pub --dedup against a nats-server with JetStream file storage, for 512-byte
#      messages and for messages of the ingestor's average payload (the yardstick);
#   3. p50/p99 from geysersim's created_at to the JetStream ack at 5,000 updates/s.
# Needs the nats CLI: GOSUMDB=off go install github.com/nats-io/natscli/nats@v0.2.4
set -euo pipefail
cd "$(dirname "$0")/.."
NATS=${NATS:-$(command -v nats || echo "$(go env GOPATH)/bin/nats")}
[ -x "$NATS" ] || { echo "bench-ingest: the nats CLI is missing: GOSUMDB=off go install github.com/nats-io/natscli/nats@v0.2.4" >&2; exit 1; }
MSGS=${MSGS:-300000}
PORT=${PORT:-14999}
store=$(mktemp -d)
server=
trap '[ -z "$server" ] || { kill $server 2>/dev/null; wait $server 2>/dev/null; } || true; rm -rf "$store"' EXIT

echo "== ingestor (services/ingestor: BenchmarkIngestorThroughput, BenchmarkIngestorLatency5k)"
(cd services/ingestor && go test -run '^$' -bench 'IngestorThroughput' -benchtime "${MSGS}x" -count 3 . | grep -E '^Bench') | tee "$store/throughput.txt"
# The yardstick's message size: the ingestor's average payload (event JSON), unless SIZE is set.
SIZE=${SIZE:-$(awk '{for (i = 2; i <= NF; i++) if ($i == "payload-bytes/msg") { s += $(i-1); n++ }} END { if (n) printf "%d", s / n }' "$store/throughput.txt")}
SIZE=${SIZE:-1400}
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
(cd services/ingestor && go test -run '^$' -bench 'IngestorLatency5k' -benchtime 50000x -count 3 . | grep -E '^Bench')
