package events

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gagliardetto/solana-go"
)

// fill sets every field of the struct v points to from rng, recursively, so that the JSON
// equivalence test covers every field of every body with awkward values.
func fill(t *testing.T, rng *rand.Rand, v reflect.Value) {
	t.Helper()
	strs := []string{"", "PEPE", "a\"b\\c", "<tag>&", "héllo 🚀", "\x00\x1f", "bad\xffutf8", "\u2028"}
	floats := []float64{0, 1, 2.7958993476234855e-8, 410.9, 1e21, 123456789.125, 1e-7, 5e-324}
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Unix(rng.Int63n(2e9), rng.Int63n(1e9)).UTC()))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			fill(t, rng, v.Field(i))
		}
	case reflect.Array: // solana.PublicKey, signatures
		for i := 0; i < v.Len(); i++ {
			fill(t, rng, v.Index(i))
		}
	case reflect.Slice:
		n := rng.Intn(3)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			fill(t, rng, s.Index(i))
		}
		v.Set(s)
	case reflect.Pointer:
		if rng.Intn(2) == 0 {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		p := reflect.New(v.Type().Elem())
		fill(t, rng, p.Elem())
		v.Set(p)
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		x := rng.Uint64()
		if rng.Intn(4) == 0 {
			x = math.MaxUint64
		}
		v.SetUint(x)
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		v.SetInt(rng.Int63() - rng.Int63())
	case reflect.Bool:
		v.SetBool(rng.Intn(2) == 1)
	case reflect.String:
		v.SetString(strs[rng.Intn(len(strs))])
	case reflect.Float64:
		f := floats[rng.Intn(len(floats))]
		if rng.Intn(2) == 0 {
			f = rng.Float64() * math.Pow(10, float64(rng.Intn(40)-20))
		}
		v.SetFloat(f)
	default:
		t.Fatalf("fill: unsupported kind %s (%s)", v.Kind(), v.Type())
	}
}

// TestBodyJSONMatchesEncodingJSON pins every body's hand-written encoding to encoding/json's,
// so that there is exactly one JSON encoding of each event.
func TestBodyJSONMatchesEncodingJSON(t *testing.T) {
	bodies := Bodies()
	if len(bodies) == 0 {
		t.Fatal("no bodies registered")
	}
	rng := rand.New(rand.NewSource(1))
	for _, proto := range bodies {
		name := string(proto.Program()) + "." + string(proto.Kind())
		t.Run(name, func(t *testing.T) {
			for i := 0; i < 200; i++ {
				b := reflect.New(reflect.TypeOf(proto).Elem())
				fill(t, rng, b.Elem())
				body := b.Interface().(Body)
				want, err := json.Marshal(body)
				if err != nil {
					t.Fatalf("json.Marshal: %v", err)
				}
				got := body.AppendJSON(nil)
				got = append(append([]byte{'{'}, bytes.TrimPrefix(got, []byte{','})...), '}')
				if !bytes.Equal(got, want) {
					t.Fatalf("AppendJSON differs from encoding/json\n got: %s\nwant: %s", got, want)
				}
				back := reflect.New(reflect.TypeOf(proto).Elem()).Interface()
				if err := json.Unmarshal(got, back); err != nil {
					t.Fatalf("json.Unmarshal(AppendJSON): %v", err)
				}
			}
		})
	}
}

func testEvent() Event {
	sig := solana.MustSignatureFromBase58("2ghHZXwyU6K1Q8KMJbLJg37ktmyctKmdzzZKGDvHk1MR865dDYyo8SfrKvmvijT43P6hdu6ozPtATiMeg2STszhc")
	return Event{
		Slot: 356410419, Signature: sig, Path: Path{Outer: 3, Inner: 1}, BlockTime: 1753000000,
		Monitors: []string{"pumpfun-price", "pumpfun-tx"}, Ingestor: "ingestor-1",
		ReceivedAt: time.Date(2026, 11, 23, 4, 5, 6, 7, time.UTC),
		Body:       &ChainSlot{Parent: 1, Status: "processed"},
	}
}

func TestEventEnvelope(t *testing.T) {
	e := testEvent()
	got := string(e.AppendJSON(nil))
	want := `{"v":1,"program":"chain","kind":"slot","slot":356410419,` +
		`"signature":"2ghHZXwyU6K1Q8KMJbLJg37ktmyctKmdzzZKGDvHk1MR865dDYyo8SfrKvmvijT43P6hdu6ozPtATiMeg2STszhc",` +
		`"index":"3.1","block_time":1753000000,"monitors":["pumpfun-price","pumpfun-tx"],"ingestor":"ingestor-1",` +
		`"received_at":"2026-11-23T04:05:06.000000007Z","parent":1,"status":"processed"}`
	if got != want {
		t.Errorf("AppendJSON =\n%s\nwant\n%s", got, want)
	}
	h, body, err := Decode([]byte(got))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if h.Index != "3.1" || h.Slot != 356410419 || !h.ReceivedAt.Equal(e.ReceivedAt) || len(h.Monitors) != 2 {
		t.Errorf("Decode header = %+v", h)
	}
	if s, ok := body.(*ChainSlot); !ok || *s != (ChainSlot{Parent: 1, Status: "processed"}) {
		t.Errorf("Decode body = %#v", body)
	}
	if got, want := e.MsgID(), e.Signature.String()+":3.1:slot"; got != want {
		t.Errorf("MsgID = %q, want %q", got, want)
	}
	e.Seq = 2
	if got, want := e.MsgID(), e.Signature.String()+":3.1:slot:2"; got != want {
		t.Errorf("MsgID with Seq = %q, want %q", got, want)
	}
	if got, want := e.Subject(), "sol.low.chain.slot.11111111111111111111111111111111"; got != want {
		t.Errorf("Subject = %q, want %q", got, want)
	}
}

func TestAccountEventIDs(t *testing.T) {
	e := testEvent()
	e.Signature = solana.Signature{}
	e.Account = solana.MustPublicKeyFromBase58("4wTV1YmiEkRvAtNtsSGPtUrqRYQMe5SKy2uB4Jjaxnjf")
	e.WriteVersion = 42
	e.Body = &PumpfunGlobal{Global: e.Account}
	if got, want := e.MsgID(), "4wTV1YmiEkRvAtNtsSGPtUrqRYQMe5SKy2uB4Jjaxnjf:356410419:42"; got != want {
		t.Errorf("MsgID = %q, want %q", got, want)
	}
	h, _, err := Decode(e.AppendJSON(nil))
	if err != nil || h.Signature != "" || h.Account != e.Account.String() || h.WriteVersion != 42 {
		t.Errorf("Decode = %+v, %v", h, err)
	}
}

func TestDecodeUnknown(t *testing.T) {
	if _, _, err := Decode([]byte(`{"v":1,"program":"orca","kind":"swap"}`)); err == nil {
		t.Error("Decode(unknown program) = nil error")
	}
	if _, _, err := Decode([]byte(`{"v":1,`)); err == nil {
		t.Error("Decode(truncated) = nil error")
	}
}

func TestPath(t *testing.T) {
	for _, s := range []string{"0", "3", "3.0", "12.7"} {
		p, err := ParsePath(s)
		if err != nil || p.String() != s {
			t.Errorf("ParsePath(%q) = %v, %v", s, p, err)
		}
	}
	for _, s := range []string{"", "a", "3.", "-1", "3.-2", "3.1.2"} {
		if _, err := ParsePath(s); err == nil {
			t.Errorf("ParsePath(%q) = nil error", s)
		}
	}
}

func TestEventAppendJSONAllocs(t *testing.T) {
	e := testEvent()
	buf := make([]byte, 0, 1024)
	if n := testing.AllocsPerRun(100, func() { buf = e.AppendJSON(buf[:0]) }); n != 0 {
		t.Errorf("allocs = %v, want 0", n)
	}
}

// Each commitment status of a slot is its own message; JetStream must not drop the confirmed
// update as a duplicate of the processed one.
func TestSlotMsgIDs(t *testing.T) {
	e := Event{Slot: 7, Body: &ChainSlot{Status: "processed"}}
	c := Event{Slot: 7, Body: &ChainSlot{Status: "confirmed"}}
	if e.MsgID() != "11111111111111111111111111111111:7:processed" || e.MsgID() == c.MsgID() {
		t.Errorf("slot msg ids %q and %q", e.MsgID(), c.MsgID())
	}
}

// No body may have a field whose JSON name is an envelope field: the object would hold the key
// twice and consumers could not read the envelope (events.Decode).
func TestBodiesDoNotShadowTheEnvelope(t *testing.T) {
	envelope := map[string]bool{}
	for _, f := range reflect.VisibleFields(reflect.TypeOf(Header{})) {
		envelope[strings.Split(f.Tag.Get("json"), ",")[0]] = true
	}
	for _, b := range Bodies() {
		typ := reflect.TypeOf(b).Elem()
		for _, f := range reflect.VisibleFields(typ) {
			if name := strings.Split(f.Tag.Get("json"), ",")[0]; envelope[name] {
				t.Errorf("%s.%s has JSON name %q, an envelope field", typ.Name(), f.Name, name)
			}
		}
	}
}
