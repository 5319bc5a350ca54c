package pumpswap

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"testing"
)

type sample struct {
	Name, Kind, Source string
	Len                int
	Data               []byte
}

// samples returns the real payloads in testdata/samples.json (discriminator included).
func samples(t testing.TB) []sample {
	t.Helper()
	raw, err := os.ReadFile("testdata/samples.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Samples []struct {
			Name, Kind, Source, Base64 string
			Len                        int
		}
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	var out []sample
	for _, s := range f.Samples {
		b, err := base64.StdEncoding.DecodeString(s.Base64)
		if err != nil || len(b) != s.Len {
			t.Fatalf("sample %s: %d bytes, %v", s.Name, len(b), err)
		}
		out = append(out, sample{Name: s.Name, Kind: s.Kind, Source: s.Source, Len: s.Len, Data: b})
	}
	return out
}

// samplesOf returns the samples of one kind.
func samplesOf(t testing.TB, kind string) []sample {
	t.Helper()
	var out []sample
	for _, s := range samples(t) {
		if s.Kind == kind {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s samples", kind)
	}
	return out
}

// sampleNamed returns one sample's bytes.
func sampleNamed(t testing.TB, name string) []byte {
	t.Helper()
	for _, s := range samples(t) {
		if s.Name == name {
			return s.Data
		}
	}
	t.Fatalf("no sample %s", name)
	return nil
}
