package store

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"filippo.io/age/agessh"

	"stabsstelle/model"
)

// What a bundle must withstand: the wrong key, a wrong passphrase, a
// flipped byte, a cut-off file, a bundle of another office, a bundle that
// reaches beyond its copy. In every case nothing is applied.

func TestWrongKeyAndPassphraseAreRefused(t *testing.T) {
	tr := newTrip(t)
	// An SSH key of the team (ed25519), as in authorized_keys.
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	id, err := agessh.NewEd25519Identity(priv)
	if err != nil {
		t.Fatal(err)
	}
	_ = pub
	out := filepath.Join(tr.dir, "ssh.stb")
	if _, err := tr.office.ExportCopy("buero", ExportOptions{Events: []string{tr.ev.Number}, Out: out,
		Protection: Protection{Recipients: []age.Recipient{id.Recipient()}}}); err != nil {
		t.Fatal(err)
	}
	other, _ := age.GenerateX25519Identity()
	_, err = OpenBundle(out, Unlock{Identities: func() ([]age.Identity, error) { return []age.Identity{other}, nil }})
	var wrong *ErrWrongKey
	if !errors.As(err, &wrong) || wrong.Passphrase {
		t.Fatalf("wrong key: %v", err)
	}
	b, err := OpenBundle(out, Unlock{Identities: func() ([]age.Identity, error) { return []age.Identity{id}, nil }})
	if err != nil {
		t.Fatalf("the right SSH key: %v", err)
	}
	b.Close()

	pw := filepath.Join(tr.dir, "pw.stb")
	if _, err := tr.office.ExportCopy("buero", ExportOptions{Events: []string{tr.ev.Number}, Out: pw,
		Protection: Protection{Passphrase: "Kreishaus-2026"}}); err != nil {
		t.Fatal(err)
	}
	_, err = OpenBundle(pw, Unlock{Passphrase: func() (string, error) { return "kreishaus-2026", nil }})
	if !errors.As(err, &wrong) || !wrong.Passphrase {
		t.Fatalf("wrong passphrase: %v", err)
	}
	b, err = OpenBundle(pw, Unlock{Passphrase: func() (string, error) { return "Kreishaus-2026", nil }})
	if err != nil {
		t.Fatalf("the right passphrase: %v", err)
	}
	b.Close()
}

func TestScryptWorkFactorIsCapped(t *testing.T) {
	dir := t.TempDir()
	old := ScryptWorkFactor
	ScryptWorkFactor = maxScryptWorkFactor + 1
	w, err := createBundle(filepath.Join(dir, "teuer.stb"), Protection{Passphrase: "x"})
	ScryptWorkFactor = old
	if err != nil {
		t.Fatal(err)
	}
	if err := w.line(Manifest{Format: bundleFormat}); err != nil {
		t.Fatal(err)
	}
	if err := w.commit(false); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = OpenBundle(filepath.Join(dir, "teuer.stb"), Unlock{Passphrase: func() (string, error) { return "x", nil }})
	var be *ErrBundle
	if !errors.As(err, &be) {
		t.Fatalf("a bundle asking for 2^%d: %v", maxScryptWorkFactor+1, err)
	}
	_ = start
}

// damaged writes a copy of src changed by fn.
func damaged(t *testing.T, src, name string, fn func([]byte) []byte) string {
	t.Helper()
	raw, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(filepath.Dir(src), name)
	if err := os.WriteFile(out, fn(append([]byte(nil), raw...)), 0o600); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTamperedAndTruncatedBundlesApplyNothing(t *testing.T) {
	tr := newTrip(t)
	snap := filepath.Join(tr.dir, "einlass.stb")
	if _, err := tr.office.ExportCopy("buero", ExportOptions{Events: []string{tr.ev.Number}, Out: snap, Protection: tr.prot()}); err != nil {
		t.Fatal(err)
	}
	laptop, _ := tr.makeCopy(snap, "laptop.db")
	noise := make([]byte, 1500)
	for i := 0; i < 60; i++ { // a change bundle of more than one age chunk
		_, _ = rand.Read(noise)
		walkIn(t, laptop, tr.ev.ID, &model.Person{Name: "Gast " + string(rune('A'+i%26)) + string(rune('a'+i/26)), Notes: fmt.Sprintf("%x", noise)})
	}
	checkIn(t, laptop, tr.regs["Anna Alt"].ID)
	z := tr.giveBack(laptop, "z.stb")
	size := func(p string) int { fi, _ := os.Stat(p); return int(fi.Size()) }
	if size(z) < 70<<10 {
		t.Fatalf("change bundle of %d bytes: want more than one 64 KiB chunk", size(z))
	}
	cases := map[string]func([]byte) []byte{
		"byte in the header":     func(b []byte) []byte { b[40] ^= 1; return b },
		"byte in the first part": func(b []byte) []byte { b[len(b)/4] ^= 0x20; return b },
		"last byte":              func(b []byte) []byte { b[len(b)-1] ^= 1; return b },
		"cut in the middle":      func(b []byte) []byte { return b[:len(b)/2] },
		"cut at a chunk":         func(b []byte) []byte { return b[:len(b)-200] },
		"data appended":          func(b []byte) []byte { return append(b, "mehr"...) },
		"empty":                  func(b []byte) []byte { return nil },
	}
	before := journalLen(tr.office)
	for name, fn := range cases {
		bad := damaged(t, z, "bad.stb", fn)
		if _, err := tr.mergeErr(bad); err == nil {
			t.Errorf("%s: merged", name)
		} else if !isBundleError(err) {
			t.Errorf("%s: %v, want a German sentence about the bundle", name, err)
		}
		if journalLen(tr.office) != before {
			t.Fatalf("%s: the office changed", name)
		}
		// The same damage to a snapshot: no laptop copy appears.
		bad = damaged(t, snap, "bad-snap.stb", fn)
		target := filepath.Join(tr.dir, "neu-"+name+".db")
		if b, err := OpenBundle(bad, tr.unlock()); err == nil {
			_, err = b.CreateCopy(target, "tuer", nil)
			b.Close()
			if err == nil {
				t.Errorf("%s: a copy was made from a damaged snapshot", name)
			}
		}
		if _, err := os.Stat(target); err == nil {
			t.Errorf("%s: %s exists", name, target)
		}
	}
	if rep := tr.merge(z); rep.Applied == 0 {
		t.Error("the sound bundle did not merge after the damaged ones")
	}
}

func isBundleError(err error) bool {
	var be *ErrBundle
	var wk *ErrWrongKey
	return errors.As(err, &be) || errors.As(err, &wk)
}

func TestBundleOfAnotherOfficeIsRefused(t *testing.T) {
	tr := newTrip(t)
	other := newTrip(t)
	other.key = tr.key // the same team key: only the database tells them apart
	laptop, _ := other.takeOut()
	checkIn(t, laptop, other.regs["Anna Alt"].ID)
	z := other.giveBack(laptop, "z.stb")
	before := journalLen(tr.office)
	_, err := tr.mergeErr(z)
	if err == nil || journalLen(tr.office) != before {
		t.Fatalf("a bundle of another office: %v", err)
	}
	// A laptop copy cannot take change bundles either.
	b, _ := OpenBundle(z, tr.unlock())
	defer b.Close()
	if _, err := laptop.Merge("tuer", b); err == nil {
		t.Error("a laptop copy merged a change bundle")
	}
}

func TestCopyExistsAndTargetsAreNotOverwritten(t *testing.T) {
	tr := newTrip(t)
	snap := filepath.Join(tr.dir, "einlass.stb")
	if _, err := tr.office.ExportCopy("buero", ExportOptions{Events: []string{tr.ev.Number}, Out: snap, Protection: tr.prot()}); err != nil {
		t.Fatal(err)
	}
	laptop, _ := tr.makeCopy(snap, "laptop.db")
	laptop.Close()
	b, _ := OpenBundle(snap, tr.unlock())
	res, err := b.CreateCopy(filepath.Join(tr.dir, "laptop.db"), "tuer", nil)
	b.Close()
	if err != nil || !res.Already {
		t.Errorf("the same bundle again: %+v %v", res, err)
	}
	// A database with data is never overwritten.
	full := filepath.Join(tr.dir, "andere.db")
	o, err := Open(full, Options{})
	if err != nil {
		t.Fatal(err)
	}
	newPeople(t, o, "Jemand")
	o.Close()
	b, _ = OpenBundle(snap, tr.unlock())
	_, err = b.CreateCopy(full, "tuer", nil)
	b.Close()
	var inUse *ErrTargetInUse
	if !errors.As(err, &inUse) {
		t.Errorf("copy onto the office database: %v", err)
	}
	// A copy is not the source of another copy.
	l2, err := Open(filepath.Join(tr.dir, "laptop.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Close()
	if _, err := l2.ExportCopy("tuer", ExportOptions{All: true, Out: filepath.Join(tr.dir, "x.stb"), Protection: tr.prot()}); !errors.Is(err, ErrIsCopy) {
		t.Errorf("export from a copy: %v", err)
	}
}

// A hand-made change bundle of the right office and copy that changes a
// record the copy never held is refused whole.
func TestChangesBeyondTheCopyAreRefused(t *testing.T) {
	tr := newTrip(t)
	outsider := newPeople(t, tr.office, "Otto Außen")[0]
	laptop, _ := tr.takeOut()
	checkIn(t, laptop, tr.regs["Anna Alt"].ID)
	z := tr.giveBack(laptop, "z.stb")
	b, err := OpenBundle(z, tr.unlock())
	if err != nil {
		t.Fatal(err)
	}
	m := b.Manifest
	lines, err := b.readChanges()
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	var base, after []byte
	_ = tr.office.View(func(tx *Tx) (err error) { base, err = People.stateOf(tx, outsider.ID); return })
	after, _ = setPath(base, []string{"name"}, []byte(`"Otto Überschrieben"`))
	lines = append(lines, changeLine{Kind: KindPerson, ID: outsider.ID, Base: base, Steps: []changeStep{{Seq: m.Upto, State: after}}})
	m.Bundle = newID()
	forged := filepath.Join(tr.dir, "forged.stb")
	w, err := createBundle(forged, tr.prot())
	if err != nil {
		t.Fatal(err)
	}
	_ = w.line(m)
	for _, l := range lines {
		_ = w.record(l)
	}
	if err := w.commit(false); err != nil {
		t.Fatal(err)
	}
	before := journalLen(tr.office)
	if _, err := tr.mergeErr(forged); err == nil || journalLen(tr.office) != before {
		t.Fatalf("a change beyond the copy: %v", err)
	}
	if r := getReg(t, tr.office, tr.regs["Anna Alt"].ID); r.Status != model.RegAngemeldet {
		t.Error("part of the refused bundle was applied")
	}
}

// TestCheckWarnsAboutCopiesOutTooLong: `check` on the laptop names a copy
// older than 14 days; in the office it names a copy that has been out for
// 14 days without coming back, and stops once it came back.
func TestCheckWarnsAboutCopiesOutTooLong(t *testing.T) {
	tr := newTrip(t)
	l, lc := tr.takeOut()
	warns := func(s *Store) []string { return s.check(true, true).Warnings }
	if w := warns(l); len(w) != 0 {
		t.Fatalf("a fresh copy: %v", w)
	}
	if w := warns(tr.office); len(w) != 0 {
		t.Fatalf("the office right after the take-out: %v", w)
	}
	lc.add(15 * 24 * time.Hour)
	tr.clock.add(15 * 24 * time.Hour)
	w := warns(l)
	if len(w) != 1 || !strings.Contains(w[0], "Außenkopie ("+tr.ev.Number+")") || !strings.Contains(w[0], "15 Tage alt") {
		t.Fatalf("a copy of 15 days on the laptop: %v", w)
	}
	w = warns(tr.office)
	if len(w) != 1 || !strings.Contains(w[0], tr.ev.Number) || !strings.Contains(w[0], "noch nicht zurückgegeben") {
		t.Fatalf("a copy out for 15 days, seen in the office: %v", w)
	}
	if rep := l.check(true, true); !rep.OK() {
		t.Fatalf("a warning is no problem: %v", rep.Problems)
	}
	tr.merge(tr.giveBack(l, "zurueck.stb"))
	if w := warns(tr.office); len(w) != 0 {
		t.Fatalf("after the merge the office still warns: %v", w)
	}
}

// TestBundleRoles: reading alone (lesen) takes nothing out and merges
// nothing; Sachbearbeitung takes an event, but the whole file only with
// every area's roles.
func TestBundleRoles(t *testing.T) {
	tr := newTrip(t)
	snap := tr.file("einlass.stb")
	if _, err := tr.office.ExportCopy("buero", ExportOptions{Events: []string{tr.ev.Number}, Out: snap, Protection: tr.prot()}); err != nil {
		t.Fatal(err)
	}
	l, _ := tr.makeCopy(snap, "laptop.db")
	walkIn(t, l, tr.ev.ID, &model.Person{Name: "Neu Gast"})
	back := tr.giveBack(l, "zurueck.stb")
	list := model.TeamRoleList{{Name: "buero", Roles: model.TeamRolesOf(model.TeamVerwaltung)}, {Name: "test", Roles: model.TeamRolesOf(model.TeamVerwaltung)},
		{Name: "lea", Roles: model.TeamRolesOf(model.TeamLesen)}, {Name: "sam", Roles: model.TeamRolesOf(model.TeamSachbearbeitung)}}
	write(t, tr.office, func(tx *Tx) error { return SaveRoleList(tx, list) })

	var forbidden *ErrForbidden
	if _, err := tr.office.ExportCopy("lea", ExportOptions{Events: []string{tr.ev.Number}, Out: tr.file("lea.stb"), Protection: tr.prot()}); !errors.As(err, &forbidden) {
		t.Errorf("lesen takes an event out: %v", err)
	}
	if _, err := os.Stat(tr.file("lea.stb")); err == nil {
		t.Error("a refused export left a file")
	}
	if _, err := tr.office.ExportCopy("sam", ExportOptions{All: true, Out: tr.file("sam-all.stb"), Protection: tr.prot()}); !errors.As(err, &forbidden) {
		t.Errorf("Sachbearbeitung takes the whole file out: %v", err)
	}
	if _, err := tr.office.ExportCopy("sam", ExportOptions{Events: []string{tr.ev.Number}, Out: tr.file("sam.stb"), Protection: tr.prot()}); err != nil {
		t.Errorf("Sachbearbeitung takes an event out: %v", err)
	}
	b, err := OpenBundle(back, tr.unlock())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	before := journalLen(tr.office)
	if _, err := tr.office.Merge("lea", b); !errors.As(err, &forbidden) {
		t.Errorf("lesen merges: %v", err)
	}
	if journalLen(tr.office) != before {
		t.Error("a refused merge changed the office")
	}
}
