package capture_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/encoding/protodelim"
	"google.golang.org/protobuf/proto"

	"github.com/geyserjet/geyserjet/pkg/capture"
	"github.com/geyserjet/geyserjet/pkg/rpcjson"
)

// mainnet imports a few fixtures into updates.
func mainnet(t testing.TB) []*pb.SubscribeUpdate {
	t.Helper()
	var out []*pb.SubscribeUpdate
	for _, name := range []string{"pumpfun_buy_4U8kypMu.json", "pumpswap_buy_4pCgZ28W.json", "pumpfun_account-bondingcurve_slot435946373.json"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "mainnet", name))
		if err != nil {
			t.Fatal(err)
		}
		res, err := rpcjson.Import(data, rpcjson.Options{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res.Updates...)
	}
	return out
}

// write returns the capture of us, and the offset of each record.
func write(t testing.TB, us []*pb.SubscribeUpdate) ([]byte, []int64) {
	t.Helper()
	var buf bytes.Buffer
	w := capture.NewWriter(&buf)
	var offs []int64
	for _, u := range us {
		offs = append(offs, w.Offset())
		if err := w.Write(u); err != nil {
			t.Fatal(err)
		}
	}
	if w.Records() != len(us) || w.Offset() != int64(buf.Len()) {
		t.Fatalf("writer: %d records, offset %d; want %d, %d", w.Records(), w.Offset(), len(us), buf.Len())
	}
	return buf.Bytes(), offs
}

func readAll(data []byte) ([]*pb.SubscribeUpdate, error) {
	r := capture.NewReader(bytes.NewReader(data))
	var out []*pb.SubscribeUpdate
	for {
		u, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, u)
	}
}

func TestRoundTrip(t *testing.T) {
	us := mainnet(t)
	data, _ := write(t, us)
	got, err := readAll(data)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if len(got) != len(us) {
		t.Fatalf("read %d updates, want %d", len(got), len(us))
	}
	for i := range us {
		if !proto.Equal(got[i], us[i]) {
			t.Errorf("update %d differs after a round trip", i)
		}
	}
	again, _ := write(t, got)
	if !bytes.Equal(again, data) {
		t.Error("writing the read updates again gives different bytes (marshaling not deterministic)")
	}
}

// TestProtodelimCompatible: the files are protodelim streams, both ways.
func TestProtodelimCompatible(t *testing.T) {
	us := mainnet(t)
	data, _ := write(t, us)
	br := bufio.NewReader(bytes.NewReader(data))
	for i := range us {
		u := new(pb.SubscribeUpdate)
		if err := (protodelim.UnmarshalOptions{MaxSize: -1}).UnmarshalFrom(br, u); err != nil {
			t.Fatalf("protodelim: record %d: %v", i+1, err)
		}
		if !proto.Equal(u, us[i]) {
			t.Errorf("protodelim: record %d differs", i+1)
		}
	}
	var buf bytes.Buffer
	for _, u := range us {
		if _, err := protodelim.MarshalTo(&buf, u); err != nil {
			t.Fatal(err)
		}
	}
	got, err := readAll(buf.Bytes())
	if err != nil || len(got) != len(us) {
		t.Fatalf("reading protodelim output: %d updates, %v", len(got), err)
	}
}

func TestEmpty(t *testing.T) {
	got, err := readAll(nil)
	if err != nil || len(got) != 0 {
		t.Errorf("empty file: %d updates, %v; want 0, nil", len(got), err)
	}
}

// TestTruncated cuts the file at every byte: a cut at a record boundary is a clean end,
// anywhere else an error wrapping ErrTruncated with the offset of the cut record.
func TestTruncated(t *testing.T) {
	us := mainnet(t)
	data, offs := write(t, us)
	boundary := map[int]int{len(data): len(us)} // offset -> records before it
	for i, o := range offs {
		boundary[int(o)] = i
	}
	for cut := 0; cut <= len(data); cut++ {
		got, err := readAll(data[:cut])
		if n, ok := boundary[cut]; ok {
			if err != nil || len(got) != n {
				t.Fatalf("cut at %d (boundary): %d updates, %v; want %d, nil", cut, len(got), err, n)
			}
			continue
		}
		var ce *capture.Error
		if !errors.As(err, &ce) || !errors.Is(err, capture.ErrTruncated) {
			t.Fatalf("cut at %d: error %v, want a *capture.Error wrapping ErrTruncated", cut, err)
		}
		rec := len(got) // records read before the failing one
		if ce.Record != rec+1 || ce.Offset != offs[rec] {
			t.Fatalf("cut at %d: record %d at offset %d, want record %d at offset %d", cut, ce.Record, ce.Offset, rec+1, offs[rec])
		}
		if !strings.Contains(err.Error(), "offset") || !strings.Contains(err.Error(), "truncated") {
			t.Fatalf("cut at %d: error %q lacks the offset or the cause", cut, err)
		}
	}
}

func TestCorrupt(t *testing.T) {
	us := mainnet(t)
	good, offs := write(t, us[:2])
	tests := []struct {
		name   string
		data   []byte
		record int
		offset int64
		want   error
	}{
		// a tag with wire type 7, which does not exist
		{"bad message", append(append([]byte{}, good...), 1, 0x0f), 3, int64(len(good)), capture.ErrCorrupt},
		{"bad message first", []byte{3, 0xff, 0xff, 0xff}, 1, 0, capture.ErrCorrupt},
		{"huge length", append(append([]byte{}, good...), 0xff, 0xff, 0xff, 0xff, 0x0f), 3, int64(len(good)), capture.ErrCorrupt},
		{"varint overflow", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, 1, 0, capture.ErrCorrupt},
		{"second record cut", good[:offs[1]+5], 2, offs[1], capture.ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(tt.data)
			var ce *capture.Error
			if !errors.As(err, &ce) || !errors.Is(err, tt.want) {
				t.Fatalf("read = %v, want a *capture.Error wrapping %v", err, tt.want)
			}
			if ce.Record != tt.record || ce.Offset != tt.offset {
				t.Errorf("error at record %d offset %d, want record %d offset %d (%v)", ce.Record, ce.Offset, tt.record, tt.offset, err)
			}
		})
	}
}

func TestErrorSticks(t *testing.T) {
	r := capture.NewReader(bytes.NewReader([]byte{5, 1}))
	_, err1 := r.Next()
	_, err2 := r.Next()
	if err1 == nil || err1 != err2 {
		t.Errorf("Next after an error = %v, then %v; want the same error", err1, err2)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	w := capture.NewWriter(failWriter{})
	err := w.Write(&pb.SubscribeUpdate{Filters: []string{"x"}})
	if err == nil || !strings.Contains(err.Error(), "capture: write record 1") || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Write = %v, want the record and the cause", err)
	}
}

// FuzzRead: random bytes never panic; every error but io.EOF is a *capture.Error with an
// offset inside the data.
func FuzzRead(f *testing.F) {
	// Small seeds: the fuzzing engine slows to a crawl on inputs of tens of kilobytes.
	us := mainnet(f)
	for _, u := range us {
		if u.GetTransaction() == nil { // block metas and the account
			data, _ := write(f, []*pb.SubscribeUpdate{u, u})
			f.Add(data)
			f.Add(data[:len(data)*3/4])
		}
	}
	f.Add([]byte{0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		r := capture.NewReader(bytes.NewReader(b))
		for {
			_, err := r.Next()
			if err == io.EOF {
				if r.Offset() != int64(len(b)) {
					t.Fatalf("clean end at offset %d of %d", r.Offset(), len(b))
				}
				return
			}
			if err != nil {
				var ce *capture.Error
				if !errors.As(err, &ce) || ce.Offset < 0 || ce.Offset >= int64(len(b)) {
					t.Fatalf("error %v: want a *capture.Error with an offset in [0, %d)", err, len(b))
				}
				if !errors.Is(err, capture.ErrTruncated) && !errors.Is(err, capture.ErrCorrupt) {
					t.Fatalf("error %v wraps neither ErrTruncated nor ErrCorrupt", err)
				}
				return
			}
		}
	})
}

func BenchmarkRead(b *testing.B) {
	data, _ := write(b, mainnet(b))
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := readAll(data); err != nil {
			b.Fatal(err)
		}
	}
}
