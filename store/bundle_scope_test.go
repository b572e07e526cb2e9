package store

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"stabsstelle/model"
)

// An event copy holds what the door needs and nothing from Sprachmittlung
// or Kostenerstattungen: checked in the decrypted bundle and in the laptop
// database file, byte by byte.
func TestEventCopyHoldsOnlyWhatTheDoorNeeds(t *testing.T) {
	tr := newTrip(t)
	// Sprachmittlung and Kostenerstattungen in the office: Anna is an
	// interpreter with an Einsatz, Clara a volunteer with a claim.
	e := &model.Einsatz{OrganisationID: tr.org.ID, Language: "Tigrinya", Setting: model.SettingOnSite, Place: "Gifhorn",
		Address: "Geheimweg 7", ClientRef: "XY-4711", Start: netNow.Add(48 * time.Hour), Duration: time.Hour, Status: model.StatusSuche}
	claim := draft(tr.clara.ID)
	write(t, tr.office, func(tx *Tx) error {
		if err := Einsaetze.Put(tx, e); err != nil {
			return err
		}
		return SaveClaim(tx, claim)
	})
	snap := filepath.Join(tr.dir, "einlass.stb")
	if _, err := tr.office.ExportCopy("buero", ExportOptions{Events: []string{tr.ev.Number}, Out: snap, Protection: tr.prot()}); err != nil {
		t.Fatal(err)
	}
	b, err := OpenBundle(snap, tr.unlock())
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(b.br)
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	laptop, _ := tr.makeCopy(snap, "laptop.db")
	laptop.Close()
	file, err := os.ReadFile(filepath.Join(tr.dir, "laptop.db"))
	if err != nil {
		t.Fatal(err)
	}
	forbidden := []string{
		"Tigrinya", `"interpreter"`, "DE02120300000000202051", `"volunteer"`, // profiles
		"Hauptstraße", "interne Notiz", // addresses, notes
		e.Number, "Geheimweg", "XY-4711", "rec:einsatz", // the Einsatz
		claim.Number, "Integrationslotsen", "rec:claim", // the claim
	}
	for _, where := range []struct {
		name string
		data []byte
	}{{"bundle", plain}, {"laptop database", file}} {
		for _, f := range forbidden {
			if bytes.Contains(where.data, []byte(f)) {
				t.Errorf("the %s holds %q", where.name, f)
			}
		}
	}
	for _, need := range []string{"Anna Alt", "anna@caritas.example", "Caritas Gifhorn", "Ben Berg", tr.ev.Number} {
		if !bytes.Contains(plain, []byte(need)) {
			t.Errorf("the bundle lacks %q", need)
		}
	}
	// The laptop database has no bucket of those kinds at all.
	l, err := Open(filepath.Join(tr.dir, "laptop.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_ = l.View(func(tx *Tx) error {
		for kind, n := range Counts(tx) {
			if n > 0 && !strings.Contains(" person organisation event registration task ", " "+kind+" ") {
				t.Errorf("the laptop copy has %d records of kind %s", n, kind)
			}
		}
		return nil
	})
}

// With --all, Einsätze booked on the laptop meet the office's bookings:
// a clash (travel buffer included) is a conflict, never a second booking.
func TestAllCopyDoubleBookingIsAConflict(t *testing.T) {
	f := smOpen(t)
	key, _ := age.GenerateX25519Identity()
	tr := &trip{t: t, dir: t.TempDir(), office: f.s, clock: &clock{t: smAt(2026, 3, 2, 8, 0)}, key: key}
	out := filepath.Join(tr.dir, "alles.stb")
	res, err := f.s.ExportCopy("buero", ExportOptions{All: true, Out: out, Protection: tr.prot()})
	if err != nil {
		t.Fatal(err)
	}
	if res.Manifest.Size == 0 || !res.Manifest.All {
		t.Fatalf("manifest %+v", res.Manifest)
	}
	laptop, _ := tr.makeCopy(out, "laptop.db")
	at := smAt(2026, 3, 10, 10, 0)
	book := func(s *Store, start time.Time, p *model.Person) *model.Einsatz {
		e := &model.Einsatz{OrganisationID: f.org.ID, Language: "Tigrinya", Setting: model.SettingOnSite, Place: "Gifhorn",
			Address: "Am Markt 1", Start: start, Duration: time.Hour, Status: model.StatusSuche}
		write(t, s, func(tx *Tx) error {
			if err := Einsaetze.Put(tx, e); err != nil {
				return err
			}
			return AssignInterpreter(tx, e.ID, p.ID, e.Version)
		})
		return e
	}
	clash := book(laptop, at, f.yonas)
	free := book(laptop, at.Add(72*time.Hour), f.yonas)
	if !IsProvisional(clash.Number) || !IsProvisional(free.Number) {
		t.Fatalf("laptop numbers %s %s", clash.Number, free.Number)
	}
	office := book(f.s, at.Add(30*time.Minute), f.yonas)

	rep := tr.merge(tr.giveBack(laptop, "z.stb"))
	if len(rep.Conflicts) != 1 || !strings.Contains(rep.Conflicts[0].Rule, "Doppelbuchung") || !strings.Contains(rep.Conflicts[0].Rule, office.Number) {
		t.Fatalf("conflicts %+v", rep.Conflicts)
	}
	if rep.Created != 1 || len(rep.Renumbered) != 1 || rep.Renumbered[0].From != free.Number {
		t.Errorf("created %d renumbered %+v", rep.Created, rep.Renumbered)
	}
	var rows []EinsatzRow
	_ = f.s.View(func(tx *Tx) (err error) {
		rows, err = EinsaetzeOfInterpreter(tx, f.yonas.ID, at.Add(-24*time.Hour), at.Add(24*time.Hour))
		return
	})
	if len(rows) != 1 || rows[0].ID != office.ID {
		t.Errorf("bookings of Yonas that day: %+v, want only the office's", rows)
	}
	// Taking the laptop's booking is refused while the clash stands.
	err = f.s.Update("buero", func(tx *Tx) error { _, err := DecideConflict(tx, rep.Conflicts[0].ID, true); return err })
	if err == nil || !strings.Contains(err.Error(), "Doppelbuchung") {
		t.Errorf("deciding for the double booking: %v", err)
	}
}
