package secret_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/geyserjet/geyserjet/pkg/secret"
)

const token = "hunter2-x-token-0123456789"

// config keeps Values the ways code does: exported, unexported, by pointer, in a map.
type config struct {
	Token   secret.Value
	Ptr     *secret.Value
	ByName  map[string]secret.Value
	private secret.Value
}

func newConfig() config {
	v := secret.New(token)
	return config{Token: v, Ptr: &v, ByName: map[string]secret.Value{"x": v}, private: v}
}

func TestFmtNeverShows(t *testing.T) {
	v := secret.New(token)
	c := newConfig()
	cases := []struct {
		name   string
		format string
		arg    any
	}{
		{"v", "%v", v},
		{"+v", "%+v", v},
		{"#v", "%#v", v},
		{"s", "%s", v},
		{"q", "%q", v},
		{"x", "%x", v},
		{"X", "%X", v},
		{"d", "%d", v},
		{"width", "%40s", v},
		{"pointer v", "%v", &v},
		{"pointer s", "%s", &v},
		{"struct v", "%v", c},
		{"struct +v", "%+v", c},
		{"struct #v", "%#v", c},
		{"struct pointer +v", "%+v", &c},
		{"slice", "%v", []secret.Value{v}},
		{"error", "%v", fmt.Errorf("dial: token %v: %w", v, errors.New("refused"))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := fmt.Sprintf(tc.format, tc.arg)
			if strings.Contains(got, token) || strings.Contains(got, fmt.Sprintf("%x", token)) {
				t.Fatalf("Sprintf(%q) = %q, shows the secret", tc.format, got)
			}
		})
	}
	if got := fmt.Sprint(v); got != secret.Redacted {
		t.Errorf("Sprint(v) = %q, want %q", got, secret.Redacted)
	}
	if got := fmt.Sprintf("%q", v); got != `"[redacted]"` {
		t.Errorf(`Sprintf("%%q", v) = %s, want "[redacted]"`, got)
	}
}

func TestSlogNeverShows(t *testing.T) {
	v := secret.New(token)
	c := newConfig()
	for _, h := range []struct {
		name string
		new  func(*bytes.Buffer) slog.Handler
	}{
		{"json", func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) }},
		{"text", func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) }},
	} {
		t.Run(h.name, func(t *testing.T) {
			var buf bytes.Buffer
			log := slog.New(h.new(&buf))
			log.Info("connect", "token", v, "ptr", &v, "config", c, "any", any(v))
			log.With("token", v).Info("with")
			log.Info("group", slog.Group("auth", "token", v))
			log.LogAttrs(t.Context(), slog.LevelInfo, "attrs", slog.Any("token", v))
			out := buf.String()
			if strings.Contains(out, token) {
				t.Fatalf("%s handler output shows the secret:\n%s", h.name, out)
			}
			if !strings.Contains(out, secret.Redacted) {
				t.Fatalf("%s handler output lacks %q:\n%s", h.name, secret.Redacted, out)
			}
		})
	}
}

func TestJSONNeverShows(t *testing.T) {
	c := newConfig()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	if strings.Contains(string(b), token) {
		t.Fatalf("json.Marshal = %s, shows the secret", b)
	}
	want := `{"Token":"[redacted]","Ptr":"[redacted]","ByName":{"x":"[redacted]"}}`
	if string(b) != want {
		t.Errorf("json.Marshal = %s, want %s", b, want)
	}
	keyed, err := json.Marshal(map[secret.Value]int{secret.New(token): 1})
	if err != nil {
		t.Fatalf("json.Marshal(map key): %v", err)
	}
	if strings.Contains(string(keyed), token) {
		t.Fatalf("json.Marshal(map key) = %s, shows the secret", keyed)
	}
}

func TestReveal(t *testing.T) {
	v := secret.New(token)
	if got := v.Reveal(); got != token {
		t.Errorf("Reveal() = %q, want %q", got, token)
	}
	if v.IsZero() {
		t.Error("IsZero() = true for a set Value")
	}
	var zero secret.Value
	if !zero.IsZero() || zero.Reveal() != "" {
		t.Errorf("zero Value: IsZero() = %v, Reveal() = %q, want true, \"\"", zero.IsZero(), zero.Reveal())
	}
	if !secret.New("").IsZero() {
		t.Error(`New("").IsZero() = false, want true`)
	}
	if got := fmt.Sprint(zero); got != secret.Redacted {
		t.Errorf("Sprint(zero) = %q, want %q", got, secret.Redacted)
	}
	if !v.Equal(token) || v.Equal(token+"x") || v.Equal("") || zero.Equal("x") || !zero.Equal("") {
		t.Error("Equal gives a wrong answer")
	}
}
