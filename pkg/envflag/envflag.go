// Package envflag lets the environment fill the flags that the command line did not give, so
// every service binary takes both `-nats-url` and `NATS_URL`, and the command line wins. It also
// provides a flag.Value for secret.Value, whose -h output and errors never show the secret.
//
// It touches no process-wide state: it reads os.Getenv and the FlagSet it is given.
package envflag

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"

	"github.com/geyserjet/geyserjet/pkg/secret"
)

// Fill sets each flag named in env that the command line did not set from the environment
// variable env maps it to, when that variable is set (even to ""). Call it after fs.Parse.
//
// A variable whose value the flag rejects is an error that names the variable and the flag, and
// the value unless the flag holds a secret (see Secret); so is a name in env that fs lacks. On
// an error Fill acts as fs.Parse does for its ErrorHandling: ContinueOnError returns it,
// ExitOnError prints it with the usage and exits with status 2, PanicOnError panics.
// Fill is as safe for concurrent use as fs is (not at all).
func Fill(fs *flag.FlagSet, env map[string]string) error {
	err := fill(fs, env, os.LookupEnv)
	if err == nil {
		return nil
	}
	switch fs.ErrorHandling() {
	case flag.ExitOnError:
		fmt.Fprintln(fs.Output(), err)
		fs.Usage()
		os.Exit(2)
	case flag.PanicOnError:
		panic(err)
	}
	return err
}

func fill(fs *flag.FlagSet, env map[string]string, lookup func(string) (string, bool)) error {
	given := make(map[string]bool)
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	names := make([]string, 0, len(env))
	for name := range env {
		names = append(names, name)
	}
	slices.Sort(names) // the same error first on every run
	var errs []error
	for _, name := range names {
		key := env[name]
		f := fs.Lookup(name)
		if f == nil {
			errs = append(errs, fmt.Errorf("envflag: env %s: no flag -%s", key, name))
			continue
		}
		if given[name] {
			continue
		}
		val, ok := lookup(key)
		if !ok {
			continue
		}
		if err := fs.Set(name, val); err != nil {
			if IsSecret(f.Value) {
				errs = append(errs, fmt.Errorf("envflag: env %s for flag -%s: invalid value", key, name))
				continue
			}
			errs = append(errs, fmt.Errorf("envflag: env %s=%q for flag -%s: %w", key, val, name, err))
		}
	}
	return errors.Join(errs...)
}

// IsSecret reports whether a flag's value holds a secret: a Value from Secret or SecretVar, or any
// flag.Getter whose Get returns a secret.Value.
func IsSecret(v flag.Value) bool {
	if _, ok := v.(*secretFlag); ok {
		return true
	}
	if g, ok := v.(flag.Getter); ok {
		_, ok := g.Get().(secret.Value)
		return ok
	}
	return false
}

// Secret returns a flag.Value that sets *p. Its String is "" when *p is zero and "[redacted]"
// otherwise, so -h shows no default for an unset secret and never shows a set one.
func Secret(p *secret.Value) flag.Value { return &secretFlag{p: p} }

// SecretVar defines a flag on fs that sets *p, like fs.StringVar for a secret.
func SecretVar(fs *flag.FlagSet, p *secret.Value, name, usage string) {
	fs.Var(Secret(p), name, usage)
}

// secretFlag is the flag.Value behind Secret.
type secretFlag struct {
	p *secret.Value
}

func (f *secretFlag) String() string {
	if f == nil || f.p == nil || f.p.IsZero() { // flag.isZeroValue calls String on a new zero value
		return ""
	}
	return secret.Redacted
}

func (f *secretFlag) Set(s string) error {
	*f.p = secret.New(s)
	return nil
}

func (f *secretFlag) Get() any { return *f.p }
