package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"filippo.io/age"

	"stabsstelle/model"
	"stabsstelle/store"
)

// roundTrip makes an office database with one event, takes it to a laptop
// copy and back; change runs on both sides before the laptop gives back.
type roundTrip struct {
	dir            string
	office, laptop *store.Store
	key            *age.X25519Identity
	ev             *model.Event
}

func newRoundTrip(t *testing.T) *roundTrip {
	t.Helper()
	store.ScryptWorkFactor = 10
	rt := &roundTrip{dir: t.TempDir()}
	var err error
	if rt.office, err = store.Open(filepath.Join(rt.dir, "buero.db"), store.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.office.Close() })
	rt.key, _ = age.GenerateX25519Identity()
	rt.ev = &model.Event{Title: "Integrationskonferenz", Type: model.EventFachtag, Start: time.Now().Add(72 * time.Hour), Status: model.EventGeplant}
	if err := rt.office.Update("buero", func(tx *store.Tx) error { return store.SaveEvent(tx, rt.ev) }); err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(rt.dir, "einlass.stb")
	prot := store.Protection{Recipients: []age.Recipient{rt.key.Recipient()}}
	if _, err := rt.office.ExportCopy("buero", store.ExportOptions{Events: []string{rt.ev.Number}, Out: snap, Protection: prot}); err != nil {
		t.Fatal(err)
	}
	b := rt.open(t, snap)
	if _, err := b.CreateCopy(filepath.Join(rt.dir, "laptop.db"), "tuer", nil); err != nil {
		t.Fatal(err)
	}
	b.Close()
	if rt.laptop, err = store.Open(filepath.Join(rt.dir, "laptop.db"), store.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.laptop.Close() })
	return rt
}

func (rt *roundTrip) open(t *testing.T, path string) *store.Bundle {
	t.Helper()
	b, err := store.OpenBundle(path, store.Unlock{Identities: func() ([]age.Identity, error) { return []age.Identity{rt.key}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (rt *roundTrip) retitle(t *testing.T, s *store.Store, title string) {
	t.Helper()
	err := s.Update("x", func(tx *store.Tx) error {
		e, err := store.Events.Get(tx, rt.ev.ID)
		if err != nil {
			return err
		}
		e.Title = title
		return store.SaveEvent(tx, e)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (rt *roundTrip) giveBack(t *testing.T) string {
	t.Helper()
	out := filepath.Join(rt.dir, "zurueck.stb")
	os.Remove(out)
	if _, err := rt.laptop.ExportChanges("tuer", out, store.Protection{Recipients: []age.Recipient{rt.key.Recipient()}}); err != nil {
		t.Fatal(err)
	}
	return out
}

func harnessOn(t *testing.T, st *store.Store, w, h int) *harness {
	m := New(Options{Store: st, User: "chefin", Dark: true})
	hs := &harness{t: t, m: m, st: st}
	hs.run(m.Init())
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

func TestConflictScreenShowsBothValuesAndDecides(t *testing.T) {
	rt := newRoundTrip(t)
	rt.retitle(t, rt.laptop, "Konferenz – Tür")
	rt.retitle(t, rt.office, "Konferenz – Büro")
	b := rt.open(t, rt.giveBack(t))
	rep, err := rt.office.Merge("buero", b)
	b.Close()
	if err != nil || len(rep.Conflicts) != 1 {
		t.Fatalf("merge: %v %+v", err, rep)
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h := harnessOn(t, rt.office, size[0], size[1])
		h.wantScreen("Abgleich: 1 Konflikt (B)")
		h.key("B")
		h.wantScreen("Abgleich: 1 Konflikt")
		h.wantScreen("Konferenz – Büro")
		h.wantScreen("Konferenz – Tür")
		h.wantScreen("Integrationskonferenz") // the value before
		for i, l := range strings.Split(h.screen(), "\n") {
			if w := len([]rune(l)); w > size[0] {
				t.Errorf("%v: line %d is %d wide", size, i, w)
			}
		}
		if size[0] == 120 {
			h.key("l")
			h.wantScreen("Keine offenen Konflikte")
			var title string
			_ = rt.office.View(func(tx *store.Tx) error {
				e, err := store.Events.Get(tx, rt.ev.ID)
				title = e.Title
				return err
			})
			if title != "Konferenz – Tür" {
				t.Errorf("title after l: %q", title)
			}
			h.special(tea.KeyEscape, 0)
			if strings.Contains(h.screen(), "Abgleich:") {
				t.Errorf("the status bar still counts a conflict:\n%s", h.screen())
			}
		}
		h.m.Close()
	}
}

func TestLaptopCopyShowsMarkerAndOffersDeletionWhenGivenBack(t *testing.T) {
	rt := newRoundTrip(t)
	h := harnessOn(t, rt.laptop, 80, 24)
	h.wantScreen("Außenkopie: " + rt.ev.Number + ", Stand ")
	if h.m.askDelete != nil {
		t.Fatal("delete offered before the copy was given back")
	}
	h.m.Close()
	rt.retitle(t, rt.laptop, "an der Tür geändert")
	rt.giveBack(t)
	h = harnessOn(t, rt.laptop, 80, 24)
	h.wantScreen("zurückgegeben")
	h.key("n")
	if h.quit || h.m.DeleteCopyRequested() {
		t.Fatal("no must keep the copy")
	}
	h.wantScreen("Außenkopie: " + rt.ev.Number)
	h.m.Close()
	h = harnessOn(t, rt.laptop, 80, 24)
	h.key("j")
	if !h.quit || !h.m.DeleteCopyRequested() {
		t.Fatal("yes must quit and ask for the deletion")
	}
	rt.laptop.Close()
	if err := store.DeleteLaptopCopy(filepath.Join(rt.dir, "laptop.db")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(rt.dir, "laptop.db")); !os.IsNotExist(err) {
		t.Errorf("the copy is still there: %v", err)
	}
	// The office database is never deleted that way.
	rt.office.Close()
	if err := store.DeleteLaptopCopy(rt.office.Path()); err == nil || !strings.Contains(err.Error(), "keine Außenkopie") {
		t.Errorf("deleting the office database: %v", err)
	}
}
