package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"stabsstelle/model"
	"stabsstelle/store"
)

// TestExportICSInterpreterCancelsLostBookings: an interpreter who imported
// an Einsatz into the phone calendar and then dropped out gets it as
// CANCELLED in the next export (with a higher SEQUENCE), so the calendar
// takes it out; before, it was simply missing and stayed in the calendar.
func TestExportICSInterpreterCancelsLostBookings(t *testing.T) {
	path, future := smDB(t)
	out := filepath.Join(t.TempDir(), "yonas.ics")
	export := func() string {
		t.Helper()
		if code, _, errOut := smRun("--db", path, "export", "ics", "--interpreter", "yonas", "--out", out, "--force"); code != 0 { // the calendar is written anew each time
			t.Fatalf("%d %s", code, errOut)
		}
		raw, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(raw)
	}
	booked := export()
	if !strings.Contains(booked, "STATUS:CONFIRMED") {
		t.Fatalf("booked Einsatz not confirmed:\n%s", booked)
	}

	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = st.Update("test", func(tx *store.Tx) error {
		e, err := store.Einsaetze.Get(tx, future.ID)
		if err != nil {
			return err
		}
		if err := e.Transition(model.StatusAbgesprungen, "krank", tx.Now(), "test", model.Tariff{}); err != nil {
			return err
		}
		return store.Einsaetze.Put(tx, e)
	})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}

	ics := export()
	if strings.Count(ics, "BEGIN:VEVENT") != 1 || !strings.Contains(ics, "UID:"+future.ID+"@stabsstelle") ||
		!strings.Contains(ics, "STATUS:CANCELLED") || !strings.Contains(ics, "ABGESAGT") {
		t.Errorf("dropped-out Einsatz not cancelled in the calendar:\n%s", ics)
	}
	if a, b := sequence(t, booked), sequence(t, ics); b <= a {
		t.Errorf("SEQUENCE %d of the cancellation is not above the booking's %d", b, a)
	}
}

func sequence(t *testing.T, ics string) int {
	t.Helper()
	_, rest, ok := strings.Cut(ics, "SEQUENCE:")
	if !ok {
		t.Fatalf("no SEQUENCE:\n%s", ics)
	}
	n, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(rest, "\r\n", 2)[0]))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
