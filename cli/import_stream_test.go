package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"stabsstelle/store"
)

// volunteerList writes a list of n volunteers; every 1000th row has a bad
// IBAN.
func volunteerList(t testing.TB, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("\xef\xbb\xbfName;E-Mail;Telefon;IBAN;Straße;PLZ;Ort\r\n")
	for i := 1; i <= n; i++ {
		iban := ""
		if i%1000 == 0 {
			iban = "DE00 1234"
		}
		fmt.Fprintf(&b, "Lotsin %06d;l%d@example.org;0151 %07d;%s;Steinweg %d;38518;Gifhorn\r\n", i, i, i, iban, i%90+1)
	}
	path := filepath.Join(dir, "lotsen.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportStreamsInBatches: a list longer than one batch goes in whole,
// bad rows are reported by their line, a person of the same name gets the
// role (found through the name index), and the check is clean.
func TestImportStreamsInBatches(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	n := importFirstBatch + 2*importBatch + 500
	csv := volunteerList(t, dir, n)
	var out, errb bytes.Buffer
	// One of the list's people exists already, without a role.
	if code := Run([]string{"--db", db, "--user", "meier", "import", "engagierte", csv, "--dry-run"}, &out, &errb); code != 1 {
		t.Fatalf("dry run: exit %d %s", code, errb.String())
	}
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.View(func(tx *store.Tx) error {
		if n := store.People.Count(tx); n != 0 {
			t.Errorf("dry run stored %d people", n)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out.Reset()
	errb.Reset()
	code := Run([]string{"--db", db, "--user", "meier", "import", "engagierte", csv}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (bad rows)\n%s\n%s", code, out.String(), errb.String())
	}
	bad := n / 1000
	if !strings.Contains(out.String(), fmt.Sprintf("%d Engagierte importiert", n-bad)) {
		t.Errorf("stdout: %s", out.String())
	}
	// Row i is on line i+1 (after the header).
	if !strings.Contains(errb.String(), "Zeile 1001:") || !strings.Contains(errb.String(), fmt.Sprintf("Zeile %d:", bad*1000+1)) {
		t.Errorf("stderr: %s", errb.String())
	}
	st, err = store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.View(func(tx *store.Tx) error {
		if c := store.People.Count(tx); c != n-bad {
			t.Errorf("%d people, want %d", c, n-bad)
		}
		// A row of the last batch.
		hits, _ := store.Search(tx, fmt.Sprintf("lotsin %06d", n-11), 5)
		if len(hits) != 1 {
			t.Errorf("search finds the imported: %+v", hits)
		}
		return nil
	})
	if rep := st.Check(); !rep.OK() {
		t.Fatal(rep.Problems)
	}
}

// TestImportFailingBatchLeavesNothing: when a later batch fails, the
// batches already written are taken back; the database is as before.
func TestImportFailingBatchLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	csv := volunteerList(t, dir, importFirstBatch+2*importBatch)
	var out, errb bytes.Buffer
	// Somebody is already there and must stay as they are.
	seed := filepath.Join(dir, "seed.csv")
	os.WriteFile(seed, []byte("Name;E-Mail\nLotsin 000005;alt@example.org\n"), 0o600)
	if code := Run([]string{"--db", db, "--user", "meier", "import", "engagierte", seed}, &out, &errb); code != 0 {
		t.Fatalf("seed: %d %s", code, errb.String())
	}
	importBatchHook = func(n int) error {
		if n == 2 {
			return errors.New("Platte voll")
		}
		return nil
	}
	defer func() { importBatchHook = nil }()
	errb.Reset()
	code := Run([]string{"--db", db, "--user", "meier", "import", "engagierte", csv}, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "Es wurde nichts importiert") || !strings.Contains(errb.String(), "Platte voll") {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.View(func(tx *store.Tx) error {
		ps, _ := store.People.All(tx)
		if len(ps) != 1 || ps[0].Email != "alt@example.org" || ps[0].Volunteer == nil {
			t.Errorf("after the failed import: %d people, %+v", len(ps), ps[0])
		}
		if hits, _ := store.Search(tx, "lotsin", 10); len(hits) != 1 {
			t.Errorf("search index after take-back: %+v", hits)
		}
		return nil
	})
	if rep := st.Check(); !rep.OK() {
		t.Fatal(rep.Problems)
	}
}

// TestImportBrokenFileLeavesNothing: a list that turns out unreadable in
// its middle (a line of megabytes, then bytes that are not UTF-8) is
// refused with a German sentence before anything is written.
func TestImportBrokenFileLeavesNothing(t *testing.T) {
	for name, tail := range map[string]string{
		"long line": strings.Repeat("x", 2<<20) + "\n",
		"not utf-8": "Lotsin \xff\xfe;x@example.org\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "e.db")
			csv := volunteerList(t, dir, importBatch+10)
			f, _ := os.OpenFile(csv, os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString(tail)
			f.Close()
			var out, errb bytes.Buffer
			code := Run([]string{"--db", db, "--user", "meier", "import", "engagierte", csv}, &out, &errb)
			if code != 1 || errb.Len() == 0 || strings.Contains(out.String(), "importiert") {
				t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
			}
			noPeopleIn(t, db).Close()
		})
	}
}

// noPeopleIn opens the database at db and fails t if it holds people.
func noPeopleIn(t *testing.T, db string) *store.Store {
	t.Helper()
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.View(func(tx *store.Tx) error {
		if n := store.People.Count(tx); n != 0 {
			t.Errorf("%d people stored", n)
		}
		return nil
	})
	return st
}

// TestImportListChangedWhileWritingLeavesNothing: a list that breaks after
// it was checked (saved again in Excel while the import runs) stops the
// import when the second pass reaches the damage – read ahead on a
// goroutine of its own – and the batches already written are taken back.
func TestImportListChangedWhileWritingLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	csv := volunteerList(t, dir, importFirstBatch+2*importBatch)
	importCheckedHook = func(path string) {
		f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Error(err)
			return
		}
		f.WriteString(strings.Repeat("x", 2<<20) + "\n") // a line no list has
		f.Close()
	}
	defer func() { importCheckedHook = nil }()
	var out, errb bytes.Buffer
	code := Run([]string{"--db", db, "--user", "meier", "import", "engagierte", csv}, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "Es wurde nichts importiert") || !strings.Contains(errb.String(), "lotsen.csv") {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	st := noPeopleIn(t, db)
	defer st.Close()
	if rep := st.Check(); !rep.OK() {
		t.Fatal(rep.Problems)
	}
}
