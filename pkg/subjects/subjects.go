// Package subjects builds and parses the NATS subjects GeyserJet publishes decoded events on:
//
//	sol.<priority>.<program>.<kind>.<key>
//
// priority is high, medium or low; program is one of pumpfun, pumpswap, launchlab, raydium_amm,
// raydium_cpmm or chain; kind is a lower-case word such as trade or pool_create; key is a base58
// address (the token mint for token events, the pool or account address otherwise). This
// package is the one place that grammar lives; it knows nothing about NATS connections.
package subjects

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mr-tron/base58"
)

// Prefix is the first token of every event subject.
const Prefix = "sol"

// Priority is the first partition of the subject space; each has its own JetStream stream.
type Priority string

// The three priorities, highest first.
const (
	High   Priority = "high"
	Medium Priority = "medium"
	Low    Priority = "low"
)

// Priorities lists every priority, highest first.
var Priorities = []Priority{High, Medium, Low}

// Programs lists every program token a subject may carry.
var Programs = []string{"pumpfun", "pumpswap", "launchlab", "raydium_amm", "raydium_cpmm", "chain"}

// Errors returned by Build and Parse; callers branch on them with errors.Is.
var (
	ErrInvalidSubject  = errors.New("invalid subject")
	ErrInvalidPriority = errors.New("invalid priority")
	ErrInvalidProgram  = errors.New("invalid program")
	ErrInvalidKind     = errors.New("invalid kind")
	ErrInvalidKey      = errors.New("invalid key: not a base58 address")
)

// Subject is a parsed event subject.
type Subject struct {
	Priority Priority
	Program  string
	Kind     string
	Key      string // base58 address
}

// String returns the subject as published.
func (s Subject) String() string {
	return Prefix + "." + string(s.Priority) + "." + s.Program + "." + s.Kind + "." + s.Key
}

// Build returns the subject for an event, checking every token. It returns an error wrapping
// ErrInvalidPriority, ErrInvalidProgram, ErrInvalidKind or ErrInvalidKey.
func Build(p Priority, program, kind, key string) (string, error) {
	s := Subject{Priority: p, Program: program, Kind: kind, Key: key}
	if err := s.validate(); err != nil {
		return "", err
	}
	return s.String(), nil
}

// Parse splits and checks a subject. It returns an error wrapping ErrInvalidSubject (wrong shape)
// or one of the token errors of Build.
func Parse(subject string) (Subject, error) {
	parts := strings.Split(subject, ".")
	if len(parts) != 5 || parts[0] != Prefix {
		return Subject{}, fmt.Errorf("subjects: parse %q: want sol.<priority>.<program>.<kind>.<key>: %w", subject, ErrInvalidSubject)
	}
	s := Subject{Priority: Priority(parts[1]), Program: parts[2], Kind: parts[3], Key: parts[4]}
	if err := s.validate(); err != nil {
		return Subject{}, err
	}
	return s, nil
}

// Filter returns the wildcard subject that matches every event of one priority, for stream
// configuration and subscriptions: "sol.high.>".
func Filter(p Priority) string { return Prefix + "." + string(p) + ".>" }

func (s Subject) validate() error {
	switch s.Priority {
	case High, Medium, Low:
	default:
		return fmt.Errorf("subjects: priority %q: %w", s.Priority, ErrInvalidPriority)
	}
	if !validProgram(s.Program) {
		return fmt.Errorf("subjects: program %q: %w", s.Program, ErrInvalidProgram)
	}
	if !validKind(s.Kind) {
		return fmt.Errorf("subjects: kind %q: want lower-case letters and _: %w", s.Kind, ErrInvalidKind)
	}
	if err := ValidateKey(s.Key); err != nil {
		return err
	}
	return nil
}

func validProgram(p string) bool {
	for _, q := range Programs {
		if p == q {
			return true
		}
	}
	return false
}

func validKind(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return true
}

// ValidateKey checks that key is the base58 form of a 32-byte address. It returns an error
// wrapping ErrInvalidKey.
func ValidateKey(key string) error {
	if len(key) < 32 || len(key) > 44 {
		return fmt.Errorf("subjects: key %q: length %d: %w", key, len(key), ErrInvalidKey)
	}
	b, err := base58.Decode(key)
	if err != nil || len(b) != 32 {
		return fmt.Errorf("subjects: key %q: %w", key, ErrInvalidKey)
	}
	return nil
}

// Append appends the subject for already-valid tokens to dst without checking them; key is the
// 32-byte address. It is the allocation-free form of Build for the publish path, whose tokens
// come from constants and decoded addresses.
func Append(dst []byte, p Priority, program, kind string, key [32]byte) []byte {
	dst = append(dst, Prefix...)
	dst = append(dst, '.')
	dst = append(dst, p...)
	dst = append(dst, '.')
	dst = append(dst, program...)
	dst = append(dst, '.')
	dst = append(dst, kind...)
	dst = append(dst, '.')
	return AppendBase58(dst, key[:])
}
