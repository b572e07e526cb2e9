package netzwerk

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"stabsstelle/store"
)

// M on an event writes the bundle for the team's keys; an existing file is
// only overwritten after asking.
func TestTakeOutWritesTheBundleAndAsksBeforeOverwriting(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	key, _ := age.GenerateX25519Identity()
	if err := os.MkdirAll(filepath.Join(home, ".ssh"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".ssh", "authorized_keys"), []byte("# Team\n"+key.Recipient().String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	seed, ev := seedEvent(0, "Anna Becker", "Bilal Hassan")
	f := newFixture(t, true, 80, 24, seed)
	out := filepath.Join(home, ev.Number+".stb")

	f.press(t, "enter", "M")
	if v := f.view(t); !strings.Contains(v, "Für Außentermin mitnehmen") || !strings.Contains(v, ev.Number+".stb") {
		t.Fatalf("form:\n%s", v)
	}
	f.press(t, "enter", "enter", "enter") // file, protection (team keys), key file
	if !strings.Contains(f.lastStatus.Text, "Paket geschrieben: "+out) {
		t.Fatalf("status %+v\n%s", f.lastStatus, f.view(t))
	}
	b, err := store.OpenBundle(out, store.Unlock{Identities: func() ([]age.Identity, error) { return []age.Identity{key}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	if b.Manifest.Label != ev.Number {
		t.Errorf("bundle of %q", b.Manifest.Label)
	}
	b.Close()
	before, _ := os.ReadFile(out)

	// Again: the file exists; "n" keeps it and gives the form back.
	f.press(t, "M", "enter", "enter", "enter")
	if v := f.view(t); !strings.Contains(v, "gibt es schon") {
		t.Fatalf("no question before overwriting:\n%s", v)
	}
	f.press(t, "n")
	if v := f.view(t); !strings.Contains(v, "Nichts geschrieben") {
		t.Fatalf("after n:\n%s", v)
	}
	if now, _ := os.ReadFile(out); string(now) != string(before) {
		t.Fatal("the file changed although the user said no")
	}
	f.press(t, "esc")
	if f.tab.confirm != nil { // the form asks before dropping what was typed
		f.press(t, "j")
	}
	if f.tab.frm != nil {
		t.Fatal("the form stays open after esc")
	}
}
