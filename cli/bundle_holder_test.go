package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	lk "stabsstelle/lookup"
	"stabsstelle/model"
	"stabsstelle/store"
)

// TestMergeWhileTheOfficeIsHeld: the office's database is open in another
// program (here the test, as the interface or `serve` would hold it): the
// merge is done by that program, its open store sees the door's work at
// once, the same bundle again changes nothing, and the handed-over file
// does not stay behind. Nobody answering: the held file is reported.
func TestMergeWhileTheOfficeIsHeld(t *testing.T) {
	path, ev := netDB(t)
	dir := t.TempDir()
	t.Setenv("STABSSTELLE_PASSPHRASE", "Einlass-2026")
	old := store.ScryptWorkFactor
	store.ScryptWorkFactor = 10 // a second per passphrase is for people
	t.Cleanup(func() { store.ScryptWorkFactor = old })
	run := func(args ...string) string {
		t.Helper()
		code, out, errOut := smRun(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		return out
	}
	snap, back, laptop := filepath.Join(dir, "einlass.stb"), filepath.Join(dir, "zurueck.stb"), filepath.Join(dir, "laptop.db")
	run("--db", path, "export", "bundle", "--event", ev.Number, "--out", snap, "--passphrase")
	run("--db", laptop, "import", "bundle", snap)
	door := filepath.Join(dir, "tuer.csv")
	if err := os.WriteFile(door, []byte("Name;Organisation;E-Mail;Status\nNeu Gast;;neu.gast@example.org;anwesend\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run("--db", laptop, "import", "teilnehmer", ev.Number, door)
	run("--db", laptop, "export", "bundle", "--changes", "--out", back, "--passphrase")

	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stop, err := lk.Serve(st, path)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	var rep store.MergeReport
	if err := json.Unmarshal([]byte(run("--db", path, "--user", "buero", "import", "bundle", back, "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Created != 2 || len(rep.Conflicts) != 0 {
		t.Errorf("report: created %d, conflicts %v", rep.Created, rep.Conflicts)
	}
	walkIns := 0
	err = st.View(func(tx *store.Tx) error {
		regs, err := store.RegistrationsOf(tx, ev.ID)
		for _, r := range regs {
			if p, err := store.People.Get(tx, r.PersonID); err == nil && p.Email == "neu.gast@example.org" && r.Status == model.RegTeilgenommen {
				walkIns++
			}
		}
		return err
	})
	if err != nil || walkIns != 1 {
		t.Fatalf("the held store sees the walk-in %d times (%v)", walkIns, err)
	}
	if out := run("--db", path, "import", "bundle", back); !strings.Contains(out, "bereits eingespielt am") {
		t.Errorf("the same bundle again: %s", out)
	}
	left, _ := filepath.Glob(filepath.Join(lk.SocketDir(), ".abgleich-*"))
	if len(left) != 0 {
		t.Errorf("handed-over bundles left behind: %v", left)
	}

	// The holder takes a bundle only from its own private folder.
	if resp, err := lk.Ask(path, lk.Request{Verb: lk.VerbMerge, Bundle: back, Key: "AGE-SECRET-KEY-1", Who: "x"}); err != nil || resp.Error == "" || resp.Merge != nil {
		t.Errorf("a bundle outside the private folder: %+v, %v", resp, err)
	}

	stop()
	code, _, errOut := smRun("--db", path, "import", "bundle", back)
	if code != 1 || !strings.Contains(errOut, "bereits geöffnet") {
		t.Errorf("held, nobody answering: exit %d: %s", code, errOut)
	}
}
