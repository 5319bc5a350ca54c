package monitors

import (
	"bytes"
	_ "embed"
)

// defaultYAML is a copy of deploy/monitors.yaml, the fifteen shipped monitors; a test keeps the
// two identical.
//
//go:embed default.yaml
var defaultYAML []byte

// DefaultYAML returns the shipped monitors file, for services started without one.
func DefaultYAML() []byte { return bytes.Clone(defaultYAML) }

// Default returns the fifteen shipped monitors (deploy/monitors.yaml).
func Default() []Monitor {
	ms, err := Load(bytes.NewReader(defaultYAML))
	if err != nil {
		panic("monitors: the embedded default.yaml does not load: " + err.Error()) // a test keeps it valid
	}
	return ms
}
