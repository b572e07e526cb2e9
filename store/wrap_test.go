package store

import (
	"errors"
	"strings"
	"syscall"
	"testing"
)

// TestKeyFileErrorKeepsOSCause: an operating-system error reading a key
// file reaches the caller (cli's export/import bundle) wrapped, so
// errors.Is finds it and --verbose can name it; the sentence stays the one
// the user read before.
func TestKeyFileErrorKeepsOSCause(t *testing.T) {
	dir := t.TempDir() // a folder where the key file should be
	_, err := ReadRecipients(dir)
	if !errors.Is(err, syscall.EISDIR) {
		t.Fatalf("errors.Is does not find EISDIR in %v", err)
	}
	if want := "Die Schlüsseldatei " + dir + " ist nicht lesbar: "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("%q, want it to start with %q", err, want)
	}
}
