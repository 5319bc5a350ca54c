package monitors

import (
	"bytes"
	"os"
	"testing"
)

// The embedded default must be byte-for-byte deploy/monitors.yaml: edit that file, then copy
// it here (cp deploy/monitors.yaml pkg/monitors/default.yaml).
func TestDefaultIsDeployMonitors(t *testing.T) {
	deploy, err := os.ReadFile("../../deploy/monitors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(deploy, DefaultYAML()) {
		t.Fatal("pkg/monitors/default.yaml differs from deploy/monitors.yaml: cp deploy/monitors.yaml pkg/monitors/default.yaml")
	}
	if n := len(Default()); n != 15 {
		t.Errorf("Default() has %d monitors, want 15", n)
	}
}
