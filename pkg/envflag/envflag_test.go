package envflag

import (
	"bytes"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/geyserjet/geyserjet/pkg/secret"
)

const token = "s3cr3t-x-token-value"

type flags struct {
	fs      *flag.FlagSet
	url     *string
	workers *int
	timeout *time.Duration
	token   secret.Value
}

func newFlags() *flags {
	f := &flags{fs: flag.NewFlagSet("svc", flag.ContinueOnError)}
	f.fs.SetOutput(new(bytes.Buffer))
	f.url = f.fs.String("nats-url", "nats://127.0.0.1:4222", "NATS server URL (env NATS_URL)")
	f.workers = f.fs.Int("workers", 4, "workers (env WORKERS)")
	f.timeout = f.fs.Duration("timeout", time.Second, "timeout (env TIMEOUT)")
	SecretVar(f.fs, &f.token, "x-token", "Yellowstone x-token (env YELLOWSTONE_X_TOKEN)")
	return f
}

var envNames = map[string]string{
	"nats-url": "NATS_URL",
	"workers":  "WORKERS",
	"timeout":  "TIMEOUT",
	"x-token":  "YELLOWSTONE_X_TOKEN",
}

func lookupIn(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

func TestFill(t *testing.T) {
	cases := []struct {
		name        string
		args        []string
		env         map[string]string
		wantURL     string
		wantWorkers int
		wantTimeout time.Duration
		wantToken   string
	}{
		{"defaults", nil, nil, "nats://127.0.0.1:4222", 4, time.Second, ""},
		{"env fills", nil,
			map[string]string{"NATS_URL": "nats://n:4222", "WORKERS": "8", "TIMEOUT": "5s", "YELLOWSTONE_X_TOKEN": token},
			"nats://n:4222", 8, 5 * time.Second, token},
		{"command line wins", []string{"-nats-url", "nats://cli:4222", "-workers=2", "-x-token", "cli-token"},
			map[string]string{"NATS_URL": "nats://env:4222", "WORKERS": "8", "YELLOWSTONE_X_TOKEN": token},
			"nats://cli:4222", 2, time.Second, "cli-token"},
		{"empty env sets empty", nil, map[string]string{"NATS_URL": ""}, "", 4, time.Second, ""},
		{"unrelated env ignored", nil, map[string]string{"OTHER": "x"}, "nats://127.0.0.1:4222", 4, time.Second, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFlags()
			if err := f.fs.Parse(tc.args); err != nil {
				t.Fatalf("Parse(%q): %v", tc.args, err)
			}
			if err := fill(f.fs, envNames, lookupIn(tc.env)); err != nil {
				t.Fatalf("fill: %v", err)
			}
			if *f.url != tc.wantURL || *f.workers != tc.wantWorkers || *f.timeout != tc.wantTimeout || f.token.Reveal() != tc.wantToken {
				t.Errorf("got url %q workers %d timeout %v token %q, want %q %d %v %q",
					*f.url, *f.workers, *f.timeout, f.token.Reveal(), tc.wantURL, tc.wantWorkers, tc.wantTimeout, tc.wantToken)
			}
		})
	}
}

func TestFillFromEnvironment(t *testing.T) {
	t.Setenv("NATS_URL", "nats://from-env:4222")
	f := newFlags()
	if err := f.fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if err := Fill(f.fs, map[string]string{"nats-url": "NATS_URL"}); err != nil {
		t.Fatalf("Fill: %v", err)
	}
	if *f.url != "nats://from-env:4222" {
		t.Errorf("nats-url = %q, want nats://from-env:4222", *f.url)
	}
}

func TestFillErrors(t *testing.T) {
	cases := []struct {
		name  string
		env   map[string]string
		names map[string]string
		want  []string
	}{
		{"bad int names env and flag", map[string]string{"WORKERS": "many"}, envNames,
			[]string{"WORKERS", "-workers", `"many"`}},
		{"bad duration", map[string]string{"TIMEOUT": "soon"}, envNames,
			[]string{"TIMEOUT", "-timeout"}},
		{"unknown flag", nil, map[string]string{"nope": "NOPE"},
			[]string{"NOPE", "-nope"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFlags()
			if err := f.fs.Parse(nil); err != nil {
				t.Fatal(err)
			}
			err := fill(f.fs, tc.names, lookupIn(tc.env))
			if err == nil {
				t.Fatal("fill: no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// rejectingSecret is a secret flag whose Set fails and whose error text holds the value, as a
// careless parser's would.
type rejectingSecret struct{ v secret.Value }

func (r *rejectingSecret) String() string     { return "" }
func (r *rejectingSecret) Get() any           { return r.v }
func (r *rejectingSecret) Set(s string) error { return fmt.Errorf("bad token %q", s) }

func TestFillSecretErrorHidesValue(t *testing.T) {
	fs := flag.NewFlagSet("svc", flag.ContinueOnError)
	fs.Var(&rejectingSecret{}, "admin-token", "admin token")
	err := fill(fs, map[string]string{"admin-token": "ADMIN_TOKEN"}, lookupIn(map[string]string{"ADMIN_TOKEN": token}))
	if err == nil {
		t.Fatal("fill: no error")
	}
	if strings.Contains(err.Error(), token) {
		t.Fatalf("error %q shows the secret", err)
	}
	if !strings.Contains(err.Error(), "ADMIN_TOKEN") || !strings.Contains(err.Error(), "-admin-token") {
		t.Errorf("error %q does not name the env var and flag", err)
	}
}

func TestHelpNeverShowsSecret(t *testing.T) {
	for _, tc := range []struct {
		name, dflt string
	}{{"unset", ""}, {"default set", token}} {
		t.Run(tc.name, func(t *testing.T) {
			v := secret.New(tc.dflt)
			fs := flag.NewFlagSet("svc", flag.ContinueOnError)
			var out bytes.Buffer
			fs.SetOutput(&out)
			SecretVar(fs, &v, "x-token", "Yellowstone x-token (env YELLOWSTONE_X_TOKEN)")
			fs.String("nats-url", "nats://127.0.0.1:4222", "NATS server URL")
			if err := fs.Parse([]string{"-x-token", token + "-cli"}); err != nil {
				t.Fatal(err)
			}
			fs.PrintDefaults()
			if strings.Contains(out.String(), token) {
				t.Fatalf("-h shows the secret:\n%s", out.String())
			}
			if !strings.Contains(out.String(), "x-token") {
				t.Fatalf("-h lacks the flag:\n%s", out.String())
			}
			if tc.dflt == "" && strings.Contains(out.String(), "redacted") {
				t.Errorf("-h shows a default for an unset secret:\n%s", out.String())
			}
			if got := fs.Lookup("x-token").Value.String(); got != secret.Redacted {
				t.Errorf("Value.String() after Set = %q, want %q", got, secret.Redacted)
			}
			if v.Reveal() != token+"-cli" {
				t.Errorf("token = %q, want %q", v.Reveal(), token+"-cli")
			}
		})
	}
}

func TestIsSecret(t *testing.T) {
	var v secret.Value
	fs := flag.NewFlagSet("svc", flag.ContinueOnError)
	fs.String("plain", "", "")
	fs.Var(Secret(&v), "tok", "")
	if IsSecret(fs.Lookup("plain").Value) {
		t.Error("IsSecret(string flag) = true")
	}
	if !IsSecret(fs.Lookup("tok").Value) || !IsSecret(&rejectingSecret{}) {
		t.Error("IsSecret(secret flag) = false")
	}
}
