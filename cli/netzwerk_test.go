package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// netDB builds a database with one upcoming event (two registrations, one
// check-in), one past event and returns its path and the upcoming event.
func netDB(t *testing.T) (string, *model.Event) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "n.db")
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now()
	ev := &model.Event{Title: "Arbeitskreis Bildung; Treffen, Q1", Type: model.EventArbeitskreis,
		Start: now.Add(48 * time.Hour), End: now.Add(50 * time.Hour), Venue: "Kreishaus I, Schlossplatz 1", Room: "Saal 2",
		Status: model.EventEingeladen, Themenfelder: []model.Themenfeld{model.ThemaBildung}, Capacity: 1}
	past := &model.Event{Title: "Runder Tisch Nord", Type: model.EventRunderTisch, Start: now.Add(-72 * time.Hour),
		End: now.Add(-70 * time.Hour), Status: model.EventDurchgefuehrt}
	err = st.Update("test", func(tx *store.Tx) error {
		if err := store.SaveEvent(tx, ev); err != nil {
			return err
		}
		if err := store.SaveEvent(tx, past); err != nil {
			return err
		}
		org := &model.Organisation{Name: "Grundschule Am Ring"}
		if err := store.Organisations.Put(tx, org); err != nil {
			return err
		}
		r, err := store.RegisterNewPerson(tx, ev.ID, &model.Person{Name: "Özlem Şahin", Email: "oezlem@schule.de"},
			store.RegisterOptions{OrganisationID: org.ID, Role: model.RoleHauptamt})
		if err != nil {
			return err
		}
		if _, err := store.CheckIn(tx, r.ID); err != nil {
			return err
		}
		_, err = store.RegisterNewPerson(tx, ev.ID, &model.Person{Name: "=Anton Formel"}, store.RegisterOptions{Role: model.RoleEhrenamt})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return path, ev
}

func TestExportTeilnehmer(t *testing.T) {
	db, ev := netDB(t)
	out := filepath.Join(t.TempDir(), "liste.csv")
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"--db", db, "--user", "test", "export", "teilnehmer", ev.Number, "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
		t.Error("CSV must start with a UTF-8 BOM")
	}
	lines := strings.Split(strings.TrimSuffix(string(raw[3:]), "\r\n"), "\r\n")
	if lines[0] != "Nr.;Name;Einrichtung;Rolle;Status;Angemeldet am;Anwesend seit;E-Mail" {
		t.Errorf("header %q", lines[0])
	}
	if len(lines) != 3 {
		t.Fatalf("want header + 2 rows, got %q", lines)
	}
	// Sorted by name (Ö as O), the formula-like name defused.
	if !strings.HasPrefix(lines[1], "1;'=Anton Formel;;Ehrenamt;Warteliste;") {
		t.Errorf("row 1 %q", lines[1])
	}
	if !strings.HasPrefix(lines[2], "2;Özlem Şahin;Grundschule Am Ring;Hauptamt;teilgenommen;") || !strings.HasSuffix(lines[2], ";oezlem@schule.de") {
		t.Errorf("row 2 %q", lines[2])
	}
	txt, err := os.ReadFile(strings.TrimSuffix(out, ".csv") + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	s := string(txt)
	for _, want := range []string{"TEILNEHMERLISTE", ev.Number, "Unterschrift", "Özlem Şahin", "Grundschule Am R"} {
		if !strings.Contains(s, want) {
			t.Errorf("sign-in sheet lacks %q", want)
		}
	}
	if strings.Contains(s, "Anton") {
		t.Error("waiting list must not be on the sign-in sheet")
	}
	for _, l := range strings.Split(s, "\r\n") {
		if n := len([]rune(strings.TrimPrefix(l, "\f"))); n > model.SignInWidth {
			t.Errorf("line of %d characters: %q", n, l)
		}
	}
}

func TestExportTeilnehmerErrors(t *testing.T) {
	db, _ := netDB(t)
	out := filepath.Join(t.TempDir(), "x.csv")
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"--db", db, "export", "teilnehmer", "--out", out}, &stdout, &stderr); code != 2 {
		t.Errorf("missing number: exit %d", code)
	}
	stderr.Reset()
	if code := Run([]string{"--db", db, "export", "teilnehmer", "V-1999-999", "--out", out}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "gibt es nicht") {
		t.Errorf("unknown number: exit %d %q", code, stderr.String())
	}
}

func TestExportICSEvents(t *testing.T) {
	db, ev := netDB(t)
	out := filepath.Join(t.TempDir(), "n.ics")
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"--db", db, "export", "ics", "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	first, _ := os.ReadFile(out)
	s := string(first)
	if strings.Count(s, "BEGIN:VEVENT") != 1 {
		t.Errorf("want only the upcoming event:\n%s", s)
	}
	uid := "UID:" + ev.ID + "@" + model.ICalUIDDomain
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "PRODID:" + ICalProdID, uid, "SEQUENCE:0",
		`SUMMARY:Arbeitskreis Bildung\; Treffen\, Q1`, "STATUS:CONFIRMED"} {
		if !strings.Contains(strings.ReplaceAll(s, "\r\n ", ""), want) {
			t.Errorf("missing %q", want)
		}
	}
	// Change the time: same UID, SEQUENCE 1.
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = st.Update("test", func(tx *store.Tx) error {
		e, err := store.Events.Get(tx, ev.ID)
		if err != nil {
			return err
		}
		e.Start, e.End = e.Start.Add(time.Hour), e.End.Add(time.Hour)
		return store.SaveEvent(tx, e)
	})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	// the same file again: only with --force (updating a calendar file)
	if code := Run([]string{"--db", db, "export", "ics", "--event", strings.ToLower(ev.Number), "--out", out, "--force"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	second, _ := os.ReadFile(out)
	s2 := strings.ReplaceAll(string(second), "\r\n ", "")
	if !strings.Contains(s2, uid) || !strings.Contains(s2, "SEQUENCE:1") {
		t.Errorf("after change want same UID and SEQUENCE:1:\n%s", s2)
	}
}
