package server

import (
	"os"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"stabsstelle/model"
	"stabsstelle/store"
)

func TestParseKeysRoles(t *testing.T) {
	a, b, c, d, e, f, g := newSigner(t), newSigner(t), newSigner(t), newSigner(t), newSigner(t), newSigner(t), newSigner(t)
	file := roleLine(a, "anna", "anordnung,sachbearbeitung") +
		`rolle=verwaltung,lesen ` + keyLine(b, "ben") + // unquoted: split by the syntax, still meant as roles
		keyLine(c, "carla") + // no role
		roleLine(d, "dora", "anordung") + // misspelt: refused
		`command="/bin/sh",rolle="lesen" ` + keyLine(e, "eve") + // an option OpenSSH would enforce: refused
		roleLine(f, "fritz", "sachbearbeitung") + roleLine(f, "fritz", "verwaltung") + // same key, other roles: refused
		roleLine(g, "anna", "sachbearbeitung") // anna's second key: only what both give
	members, problems := ParseKeys([]byte(file))
	byName := map[string]Member{}
	for _, m := range members {
		byName[m.Name] = m
	}
	if m := byName["anna"]; !m.HasRoles {
		t.Errorf("anna: %+v", m)
	}
	if m := byName["ben"]; !m.HasRoles || m.Roles != model.TeamRolesOf(model.TeamVerwaltung, model.TeamLesen) {
		t.Errorf("ben: %+v (%s)", m, m.Roles)
	}
	if m := byName["carla"]; m.HasRoles || m.Name != "carla" {
		t.Errorf("carla: %+v", m)
	}
	for _, n := range []string{"dora", "eve", "fritz"} {
		if _, ok := byName[n]; ok {
			t.Errorf("%s got in", n)
		}
	}
	all := strings.Join(problems, "\n")
	for _, want := range []string{"Zeile 4", "unbekannte Rolle „anordung“", "Zeile 5", "Option command=", "Zeile 7", "anderen Rollen", "verschiedene Rollen"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
	if rs, ok := rolesOfName(members, "anna"); !ok || rs != model.TeamRolesOf(model.TeamSachbearbeitung) {
		t.Errorf("anna's two keys give %s %v, want only Sachbearbeitung", rs, ok)
	}
	if _, ok := rolesOfName(members, "carla"); ok {
		t.Error("carla has roles from the file")
	}
	// A file from before roles existed stays valid: every key gets in.
	old := keyLine(a, "anna") + keyLine(b, "ben")
	if m, p := ParseKeys([]byte(old)); len(m) != 2 || len(p) != 0 {
		t.Errorf("old file: %v %v", m, p)
	}
}

// TestRoleWarningAtStart: the server names the members who hold no role.
func TestRoleWarningAtStart(t *testing.T) {
	e := startServer(t, nil)
	e.stop()
	e.writeKeys(roleLine(e.anna, "anna", "verwaltung") + keyLine(e.ben, "ben") + keyLine(newSigner(t), "carla"))
	e.start()
	waitLog(t, e.log, "Warnung: 2 Mitglieder haben keine Rolle (ben, carla) und dürfen nur nachschlagen")
	waitLog(t, e.log, `rolle="sachbearbeitung" ssh-ed25519 AAAA… ben`)
	// Once the role list names ben, only carla is left.
	if err := e.st.Update("anna", func(tx *store.Tx) error {
		return store.SaveRoleList(tx, model.TeamRoleList{{Name: "anna", Roles: model.TeamRolesOf(model.TeamVerwaltung)}, {Name: "ben", Roles: model.TeamRolesOf(model.TeamSachbearbeitung)}})
	}); err != nil {
		t.Fatal(err)
	}
	if w := strings.Join(e.srv.RoleWarnings(), "\n"); !strings.Contains(w, "1 Mitglied hat keine Rolle (carla)") {
		t.Errorf("warnings after the role list: %s", w)
	}
}

// TestLesenOverSSHCannotChangeAnything: a member with the role lesen looks
// everything up but every key that would change something says why not,
// and the file holds no change of theirs afterwards – only their session.
// A colleague with Sachbearbeitung and Anordnung on the same server can.
func TestLesenOverSSHCannotChangeAnything(t *testing.T) {
	e := startServer(t, func(c *Config) { c.checkEvery = 50 * time.Millisecond })
	e.writeKeys(roleLine(e.anna, "anna", "lesen") + roleLine(e.ben, "ben", "anordnung,sachbearbeitung"))
	vol := &model.Person{Name: "Vera Volunteer", City: "Gifhorn", Volunteer: &model.VolunteerProfile{IBAN: "DE89370400440532013000"}}
	claim := &model.Claim{PeriodFrom: model.NewDate(2026, 1, 1), PeriodTo: model.NewDate(2026, 1, 31), Project: "Integrationslotsen",
		Lines: []model.ClaimLine{{Kind: model.LineBeleg, Date: model.NewDate(2026, 1, 5), ReceiptNo: "R-1", Description: "Stifte", Amount: 1250}}}
	var version uint64
	if err := e.st.Update("ben", func(tx *store.Tx) error {
		if err := store.People.Put(tx, vol); err != nil {
			return err
		}
		claim.PersonID = vol.ID
		if err := store.SaveClaim(tx, claim); err != nil {
			return err
		}
		claim, err := store.ApplyClaim(tx, claim.ID, 0, model.ActSubmit, "")
		version = claim.Version
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var before uint64
	_ = e.st.View(func(tx *store.Tx) error { before = tx.Bolt().Bucket([]byte("journal")).Sequence(); return nil })

	a := e.open("anna", e.anna, 200, 40)
	a.waitFor("Sprachmittlung", 5*time.Second)
	a.waitFor("anna · Lesen", 2*time.Second)
	refused := "Nur mit Rolle "
	// Sprachmittlung: n (new request), ctrl+z.
	a.send("n")
	a.waitFor(refused, 2*time.Second)
	a.waitFor("Nur mit Rolle Sachbearbeitung: „neue Anfrage“", time.Second)
	// Kosten: n, then the claim: r (sign), x (reject), e (edit).
	a.send("2")
	a.waitFor(claim.Number, 3*time.Second)
	a.send("n")
	a.waitFor(refused+"Sachbearbeitung: „neu“", 2*time.Second)
	a.send("\r")
	a.waitFor("Stifte", 3*time.Second)
	for k, what := range map[string]string{"r": "Sachbearbeitung: „sachlich richtig zeichnen“", "e": "Sachbearbeitung: „bearbeiten“", "o": "Sachbearbeitung: „Storno/Korrektur“"} {
		a.send(k)
		a.waitFor(refused+what, 2*time.Second)
	}
	a.send("x")
	a.waitFor(refused+"Sachbearbeitung oder Anordnung: „ablehnen“", 2*time.Second)
	if strings.Contains(a.vt.Screen(), "ablehnen (zurück") || strings.Contains(a.vt.Screen(), "Kopfdaten") {
		t.Fatalf("a form opened for lesen:\n%s", a.vt.Screen())
	}
	// The ? help lists no key that changes a claim, and says the role.
	a.send("?")
	a.waitFor("Rollen: Lesen", 2*time.Second)
	lines := strings.Split(a.vt.Screen(), "\n")
	help := strings.Join(lines[:len(lines)-1], "\n") // without the status bar and its refusal
	for _, k := range []string{"nächsten Schritt zeichnen", "einreichen", "ablehnen", "Storno/Korrektur", "rückgängig"} {
		if strings.Contains(help, k) {
			t.Errorf("help offers %q to lesen:\n%s", k, help)
		}
	}
	a.send("x") // closes the help
	a.esc()
	// People: the directory opens a person read-only; typing changes nothing.
	a.send("p")
	a.waitFor("Anton Vorhanden", 3*time.Second)
	a.send("n")
	a.waitFor("Nur nachschlagen", 2*time.Second)
	a.send("/", "Anton", "\r", "\r")
	a.waitFor("(nur lesen)", 3*time.Second)
	a.send("XYZ", "\r", "\r")
	if strings.Contains(a.vt.Screen(), "XYZ") {
		t.Errorf("typing reached a read-only form:\n%s", a.vt.Screen())
	}
	a.esc() // closes the form without asking: nothing was typed
	a.waitFor("nur nachschlagen (Rolle Lesen)", 2*time.Second)
	a.esc() // clears the search
	a.esc() // leaves the directory
	// Regeln & Sätze: n, e, d are refused; the role list is readable.
	a.send("R")
	a.waitFor("Regeln & Sätze", 2*time.Second)
	a.send("e")
	a.waitFor("Nur mit Rolle Verwaltung", 2*time.Second)
	a.esc()
	a.send("\x1a") // ctrl+z
	a.waitFor("Mit der Rolle Lesen lässt sich nichts ändern: „rückgängig“", 2*time.Second)
	a.send("q")
	a.waitExit(3 * time.Second)

	// Nothing of anna's in the journal but her session.
	_ = e.st.View(func(tx *store.Tx) error {
		return tx.Journal(func(j store.JournalEntry) bool {
			if j.Seq <= before {
				return false
			}
			if j.Who == "anna" && j.Kind != store.KindAccess {
				t.Errorf("anna changed something: %+v", j)
			}
			return true
		})
	})
	if p := personByName(t, e.st, "Anton Vorhanden"); p == nil || p.Version != 1 {
		t.Errorf("Anton changed: %+v", p)
	}
	_ = e.st.View(func(tx *store.Tx) error {
		c, _ := store.Claims.Get(tx, claim.ID)
		if c.Status != model.ClaimEingereicht || c.Version != version {
			t.Errorf("claim changed: %s v%d", c.Status, c.Version)
		}
		return nil
	})

	// ben may: he signs sachlich richtig in his session.
	b := e.open("ben", e.ben, 200, 40)
	b.waitFor("ben · Sachbearbeitung, Anordnung", 5*time.Second)
	b.send("2")
	b.waitFor(claim.Number, 3*time.Second)
	b.send("\r")
	b.waitFor("Stifte", 3*time.Second)
	b.send("r")
	// ben entered the claim: signing sachlich richtig is his to do.
	b.waitFor("sachlich richtig gezeichnet", 3*time.Second)
}

// TestRolesChangeWhileConnected: giving anna a role in the keys file takes
// effect in her open session, without a restart.
func TestRolesChangeWhileConnected(t *testing.T) {
	e := startServer(t, func(c *Config) { c.checkEvery = 50 * time.Millisecond })
	e.writeKeys(roleLine(e.anna, "anna", "lesen") + keyLine(e.ben, "ben"))
	a := e.open("anna", e.anna, 160, 30)
	a.waitFor("anna · Lesen", 5*time.Second)
	// Written as editors do (new file, then rename): a file read half
	// written would end the session as if the key had been removed.
	tmp := e.keysPath + ".neu"
	if err := os.WriteFile(tmp, []byte(roleLine(e.anna, "anna", "sachbearbeitung")+keyLine(e.ben, "ben")), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, e.keysPath); err != nil {
		t.Fatal(err)
	}
	a.waitFor("anna · Sachbearbeitung", 3*time.Second)
	a.send("p")
	a.waitFor("Anton Vorhanden", 3*time.Second)
	a.send("n")
	a.waitFor("Geschlecht", 3*time.Second) // the form opens now
}

// TestSessionsAreJournaled: each session leaves who, key, address, start,
// end and why it ended in the access trail, and two notes in the journal.
func TestSessionsAreJournaled(t *testing.T) {
	e := startServer(t, nil)
	a := e.open("anna", e.anna, 100, 30)
	a.waitFor("Sprachmittlung", 5*time.Second)
	// While connected the session is open.
	var open []store.Access
	_ = e.st.View(func(tx *store.Tx) (err error) { open, err = store.AccessLog(tx, 0); return err })
	if len(open) != 1 || open[0].Who != "anna" || !open[0].End.IsZero() {
		t.Fatalf("open sessions: %+v", open)
	}
	time.Sleep(50 * time.Millisecond)
	a.send("q")
	a.waitExit(3 * time.Second)
	fp := gossh.FingerprintSHA256(e.anna.PublicKey())
	deadline := time.Now().Add(2 * time.Second)
	var list []store.Access
	for {
		_ = e.st.View(func(tx *store.Tx) (err error) { list, err = store.AccessLog(tx, 0); return err })
		if len(list) == 1 && !list[0].End.IsZero() || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(list) != 1 {
		t.Fatalf("sessions %+v", list)
	}
	s := list[0]
	if s.Who != "anna" || s.Fingerprint != fp || !strings.HasPrefix(s.From, "127.0.0.1") || s.Reason != "abgemeldet" || s.End.IsZero() || s.Duration() < 50*time.Millisecond {
		t.Errorf("session %+v", s)
	}
	var notes []string
	_ = e.st.View(func(tx *store.Tx) error {
		return tx.Journal(func(j store.JournalEntry) bool {
			if j.Kind == store.KindAccess {
				if j.Who != "anna" || j.ID != "" {
					t.Errorf("access note %+v", j)
				}
				notes = append(notes, j.Note)
			}
			return true
		})
	})
	if len(notes) != 2 || !strings.HasPrefix(notes[1], "Anmeldung über SSH von 127.0.0.1") || !strings.Contains(notes[1], fp) ||
		!strings.HasPrefix(notes[0], "Abmeldung (abgemeldet) nach") {
		t.Errorf("journal notes %q", notes)
	}
	// The access notes are never undone: anna's undo finds nothing.
	err := e.st.Update("anna", func(tx *store.Tx) error { _, err := store.UndoLast(tx, "anna"); return err })
	if err == nil {
		t.Error("undo took back a session note")
	}

	// A server stopped without ending its sessions: the next start marks
	// them.
	b := e.open("ben", e.ben, 100, 30)
	b.waitFor("Sprachmittlung", 5*time.Second)
	dangling := &store.Access{Who: "ben", Fingerprint: "SHA256:x", From: "10.0.0.9:1", Start: time.Now()}
	if err := store.AccessStarted(e.st, dangling); err != nil {
		t.Fatal(err)
	}
	e.stop()
	e.start()
	waitLog(t, e.log, "1 Sitzungen vom letzten Lauf ohne Abmeldung")
	_ = e.st.View(func(tx *store.Tx) (err error) { list, err = store.AccessLog(tx, 0); return err })
	reasons := map[string]string{}
	for _, s := range list {
		reasons[s.From] = s.Reason
	}
	if !strings.HasPrefix(reasons["10.0.0.9:1"], "nicht beendet") {
		t.Errorf("dangling session: %v", reasons)
	}
	for from, r := range reasons {
		if from != "10.0.0.9:1" && r == "" {
			t.Errorf("session from %s still open after shutdown: %v", from, list)
		}
	}
}

// esc sends escape alone: followed at once by a letter, the terminal
// reader would take both for alt+letter.
func (tm *term) esc() {
	tm.t.Helper()
	tm.send("\x1b")
	time.Sleep(200 * time.Millisecond)
}
