package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// export ics says what it wrote; it used to end silently, which looks like
// nothing happened.
func TestExportICSSaysWhatItWrote(t *testing.T) {
	db, ev := netDB(t)
	out := filepath.Join(t.TempDir(), "einladung.ics")
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"--db", db, "export", "ics", "--event", ev.Number, "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if got := stdout.String(); !strings.Contains(got, "1 Termin nach "+out+" geschrieben") {
		t.Errorf("stdout %q", got)
	}
}
