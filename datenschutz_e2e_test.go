package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// run starts the built binary with stdin from /dev/null (no terminal) and
// returns its output and exit code.
func run(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Stdin = nil
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &ee):
		return string(out), ee.ExitCode()
	}
	t.Fatalf("%v: %v", args, err)
	return "", -1
}

// demoDB writes the demo into a fresh file.
func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	if out, code := run(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: %d\n%s", code, out)
	}
	return db
}

// pickPeople finds, in the demo, a participant of a past event without
// payment records and with a name nobody else has, and a person with
// payment records still to be kept.
func pickPeople(t *testing.T, db string) (participant, paid *model.Person) {
	t.Helper()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Now()
	err = s.View(func(tx *store.Tx) error {
		names := map[string]int{}
		store.People.Each(tx, func(p *model.Person) error { names[p.Name]++; return nil })
		return store.Registrations.Each(tx, func(r *model.Registration) error {
			if r.PersonID == "" || (participant != nil && paid != nil) {
				return nil
			}
			ev, err := store.Events.Get(tx, r.EventID)
			if err != nil || !ev.Past(now) {
				return nil
			}
			plan, err := store.PlanErase(tx, r.PersonID)
			if err != nil || names[plan.Person.Name] != 1 {
				return nil
			}
			switch {
			case plan.Hold.Records == 0 && participant == nil:
				participant = plan.Person
			case plan.Hold.Held(model.Today(now)) && paid == nil:
				paid = plan.Person
			}
			return nil
		})
	})
	if err != nil || participant == nil || paid == nil {
		t.Fatalf("demo has no erasable participant of a past event or no paid person: %v %v %v", err, participant, paid)
	}
	return participant, paid
}

func TestEraseVerbEndToEndLeavesNameNowhereInFile(t *testing.T) {
	db := demoDB(t)
	who, paid := pickPeople(t, db)
	before, _ := os.ReadFile(db)
	if !bytes.Contains(before, []byte(strings.ToLower(who.Name))) {
		t.Fatalf("the name %q is not in the file before; the scan proves nothing", who.Name)
	}
	// Without a terminal and without --yes: nothing happens, exit 1.
	out, code := run(t, "--db", db, "erase", "--person", who.Name)
	if code != 1 || !strings.Contains(out, "--yes") || !strings.Contains(out, "Gelöscht wird") {
		t.Fatalf("erase without --yes: %d\n%s", code, out)
	}
	if now, _ := os.ReadFile(db); !bytes.Equal(now, before) {
		t.Fatal("the refused erasure changed the file")
	}
	// Wrong usage: exit 2.
	if out, code := run(t, "--db", db, "erase"); code != 2 {
		t.Errorf("erase without --person: %d\n%s", code, out)
	}
	// Ambiguous: the candidates with their IDs, exit 1.
	last := who.Name[strings.LastIndex(who.Name, " ")+1:]
	if out, code := run(t, "--db", db, "erase", "--person", last, "--yes"); code != 1 || !strings.Contains(out, "Kennung") {
		t.Errorf("ambiguous %q: %d\n%s", last, code, out)
	}
	// Payment records to keep: refused with the date, restriction offered.
	out, code = run(t, "--db", db, "erase", "--person", paid.ID, "--yes")
	if code != 1 || !strings.Contains(out, "aufbewahrt") || !strings.Contains(out, "--einschraenken") {
		t.Errorf("erase of a paid person: %d\n%s", code, out)
	}
	out, code = run(t, "--db", db, "erase", "--person", who.Name, "--yes")
	if code != 0 || !strings.Contains(out, "verdichtet") {
		t.Fatalf("erase --yes: %d\n%s", code, out)
	}
	after, _ := os.ReadFile(db)
	for _, s := range []string{who.Name, strings.ToLower(who.Name), who.Email, who.Phone} {
		if s != "" && bytes.Contains(after, []byte(s)) {
			t.Errorf("%q is still in the file after erase", s)
		}
	}
	if out, code := run(t, "--db", db, "check"); code != 0 {
		t.Errorf("check after erase: %d\n%s", code, out)
	}
	// The restriction of the paid person hides them from the search.
	if out, code := run(t, "--db", db, "erase", "--person", paid.ID, "--einschraenken", "--yes"); code != 0 || !strings.Contains(out, "eingeschränkt") {
		t.Errorf("restriction: %d\n%s", code, out)
	}
	// (Their claims stay findable for the Kreiskasse.)
	if out, _ := run(t, "--db", db, "search", paid.Name); strings.Contains(out, "Person   "+paid.Name) {
		t.Errorf("search still shows the restricted person:\n%s", out)
	}
}

func TestExportAuskunftEndToEndListsEveryEinsatzAndClaim(t *testing.T) {
	db := demoDB(t)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var who *model.Person
	var einsaetze, claims []string
	err = s.View(func(tx *store.Tx) error {
		claimsOf := map[string][]string{}
		store.Claims.Each(tx, func(c *model.Claim) error {
			claimsOf[c.PersonID] = append(claimsOf[c.PersonID], c.Number)
			return nil
		})
		ps, err := store.Interpreters(tx)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if len(claimsOf[p.ID]) > 0 {
				who, claims = p, claimsOf[p.ID]
				break
			}
		}
		if who == nil {
			return errors.New("no interpreter with claims in the demo")
		}
		return store.Einsaetze.Each(tx, func(e *model.Einsatz) error {
			if e.InterpreterID == who.ID {
				einsaetze = append(einsaetze, e.Number)
			}
			return nil
		})
	})
	s.Close()
	if err != nil || len(einsaetze) == 0 {
		t.Fatalf("%v (%d Einsätze)", err, len(einsaetze))
	}
	out := filepath.Join(t.TempDir(), "auskunft.md")
	msg, code := run(t, "--db", db, "export", "auskunft", "--person", who.ID, "--out", out)
	if code != 0 {
		t.Fatalf("export auskunft: %d\n%s", code, msg)
	}
	md, _ := os.ReadFile(out)
	js, _ := os.ReadFile(out + ".json")
	for _, n := range append(append([]string{who.Name}, einsaetze...), claims...) {
		if !bytes.Contains(md, []byte(n)) || !bytes.Contains(js, []byte(n)) {
			t.Errorf("%s is missing in the Auskunft", n)
		}
	}
	if !bytes.Contains(md, []byte("# Auskunft nach Art. 15 DSGVO")) {
		t.Errorf("not the German text:\n%s", md)
	}
	// Never overwritten without asking; wrong usage is exit 2.
	if msg, code := run(t, "--db", db, "export", "auskunft", "--person", who.ID, "--out", out); code != 1 || !strings.Contains(msg, "Nichts geschrieben") {
		t.Errorf("second export: %d\n%s", code, msg)
	}
	if again, _ := os.ReadFile(out); !bytes.Equal(again, md) {
		t.Error("the existing file was changed")
	}
	if msg, code := run(t, "--db", db, "export", "auskunft", "--out", out+"2"); code != 2 {
		t.Errorf("without --person: %d\n%s", code, msg)
	}
}

func TestRetentionVerbEndToEndPreviewChangesNoByte(t *testing.T) {
	db := demoDB(t)
	before, _ := os.ReadFile(db)
	out, code := run(t, "--db", db, "retention")
	if code != 0 || !strings.Contains(out, "Kontaktdaten der Teilnehmenden") || !strings.Contains(out, "§ 147") {
		t.Fatalf("preview: %d\n%s", code, out)
	}
	js, code := run(t, "--db", db, "retention", "--json")
	var plan store.RetentionPlan
	if code != 0 || json.Unmarshal([]byte(js), &plan) != nil || len(plan.Rules) != 4 {
		t.Fatalf("--json: %d\n%s", code, js)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Fatal("the preview changed the file")
	}
	if out, code := run(t, "--db", db, "retention", "--yes"); code != 2 {
		t.Errorf("--yes without --run: %d\n%s", code, out)
	}
	if len(plan.Items) == 0 {
		t.Fatal("the demo has nothing due; the Löschlauf cannot be shown")
	}
	if out, code := run(t, "--db", db, "retention", "--run"); code != 1 || !strings.Contains(out, "--yes") {
		t.Errorf("--run without a terminal: %d\n%s", code, out)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Fatal("the refused run changed the file")
	}
	if out, code := run(t, "--db", db, "retention", "--run", "--yes"); code != 0 || !strings.Contains(out, "Löschlauf ausgeführt") {
		t.Fatalf("--run --yes: %d\n%s", code, out)
	}
	js, _ = run(t, "--db", db, "retention", "--json")
	plan = store.RetentionPlan{}
	if json.Unmarshal([]byte(js), &plan) != nil || len(plan.Items) != 0 {
		t.Errorf("still due after the run:\n%s", js)
	}
	if out, code := run(t, "--db", db, "check"); code != 0 {
		t.Errorf("check after the Löschlauf: %d\n%s", code, out)
	}
}

// TestRestoreOfOlderBackupEndToEndRepeatsTheErasure: a backup written
// before `erase` brings nothing back when it is restored.
func TestRestoreOfOlderBackupEndToEndRepeatsTheErasure(t *testing.T) {
	db := demoDB(t)
	who, _ := pickPeople(t, db)
	if out, code := run(t, "--db", db, "backup"); code != 0 {
		t.Fatalf("backup: %d\n%s", code, out)
	}
	list, err := store.ListBackups(store.BackupDir(db))
	if err != nil || len(list) == 0 {
		t.Fatalf("no backup: %v", err)
	}
	old := list[0].Path
	if raw, _ := os.ReadFile(old); !bytes.Contains(raw, []byte(strings.ToLower(who.Name))) {
		t.Fatal("the backup does not hold the person; the test proves nothing")
	}
	if out, code := run(t, "--db", db, "erase", "--person", who.ID, "--yes"); code != 0 {
		t.Fatalf("erase: %d\n%s", code, out)
	}
	out, code := run(t, "--db", db, "restore", old)
	if code != 0 || !strings.Contains(out, "Löschprotokoll") {
		t.Fatalf("restore: %d\n%s", code, out)
	}
	raw, _ := os.ReadFile(db)
	for _, s := range []string{who.Name, strings.ToLower(who.Name)} {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("%q is back in the file after restore", s)
		}
	}
	if out, code := run(t, "--db", db, "check"); code != 0 {
		t.Errorf("check after restore: %d\n%s", code, out)
	}
}
