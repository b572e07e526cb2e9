package sprachmittlung

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"stabsstelle/store"
)

// TestPersonPageAuskunftAndErase: on Amanuel's page A writes the
// Auskunft (Markdown and JSON, with his Einsatz), L asks with what goes and
// what stays, n changes nothing, j erases him and leaves the page.
func TestPersonPageAuskunftAndErase(t *testing.T) {
	f := newFixture(t, true, 80, 21)
	dir := t.TempDir()
	ExportDir = dir
	defer func() { ExportDir = "" }()
	f.openByNumber(t, "E-2026-0001")
	f.press(t, "i")
	if f.tab.screen != scrPerson {
		t.Fatalf("not on the person page:\n%s", f.view(t))
	}
	id := f.tab.person.id
	f.press(t, "A")
	md, err := os.ReadFile(filepath.Join(dir, "Auskunft_Amanuel_Tesfay.md"))
	if err != nil || !strings.Contains(string(md), "E-2026-0001") || !strings.Contains(string(md), "Art. 15") {
		t.Fatalf("Auskunft: %v\n%s", err, md)
	}
	if _, err := os.Stat(filepath.Join(dir, "Auskunft_Amanuel_Tesfay.md.json")); err != nil {
		t.Fatal(err)
	}
	f.press(t, "A") // never over the first one
	if _, err := os.Stat(filepath.Join(dir, "Auskunft_Amanuel_Tesfay-2.md")); err != nil {
		t.Errorf("second Auskunft: %v", err)
	}
	f.press(t, "L")
	v := f.view(t)
	if !strings.Contains(v, "endgültig löschen?") || !strings.Contains(v, "Es bleibt") || !strings.Contains(v, " Nein ") {
		t.Fatalf("question:\n%s", v)
	}
	f.press(t, "n")
	if err := f.st.View(func(tx *store.Tx) error { _, err := store.People.Get(tx, id); return err }); err != nil {
		t.Fatalf("n erased the person: %v", err)
	}
	f.press(t, "L", "j")
	err = f.st.View(func(tx *store.Tx) error { _, err := store.People.Get(tx, id); return err })
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("j did not erase: %v", err)
	}
	if f.tab.screen == scrPerson || !strings.Contains(f.lastStatus.Text, "gelöscht") {
		t.Errorf("after the erasure: screen %v, status %+v", f.tab.screen, f.lastStatus)
	}
}
