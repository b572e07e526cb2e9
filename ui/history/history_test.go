package history

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/theme"
	"stabsstelle/ui/uitest"
)

// drain runs cmd through the UI tests' harness and returns every message
// the model got; ClosedMsg goes to whoever opened the view, not back in.
func drain(t *testing.T, m *Model, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	(&uitest.Drainer{
		Update: func(msg tea.Msg) tea.Cmd {
			out = append(out, msg)
			if _, ok := msg.(ClosedMsg); ok {
				return nil
			}
			return m.Update(msg)
		},
		Status: func(msg common.StatusMsg) { out = append(out, msg) },
	}).Run(t, cmd)
	return out
}

func TestHistoryShowsWhoWhatWhenOldToNew(t *testing.T) {
	now := time.Date(2026, 3, 5, 13, 30, 0, 0, time.UTC)
	s, err := store.Open(filepath.Join(t.TempDir(), "h.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p := &model.Person{Name: "Amina Yusuf", City: "Gifhorn"}
	s.Update("anna", func(tx *store.Tx) error { return store.People.Put(tx, p) })
	now = now.Add(26 * time.Hour)
	p.City, p.Phone = "Wolfsburg", "05361 1234"
	s.Update("ben", func(tx *store.Tx) error { return store.People.Put(tx, p) })

	ctx := &common.Context{Store: s, User: "anna", Roles: model.AllTeamRoles, Styles: theme.New(true), Now: time.Now}
	m := New(ctx, store.KindPerson, p.ID)
	m.SetSize(80, 21)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "lädt") {
		t.Errorf("before load: %q", v)
	}
	drain(t, m, m.Init())
	v := ansi.Strip(m.View())
	for _, want := range []string{
		"Verlauf – Amina Yusuf",
		"06.03.2026 16:30  ben  geändert",
		"Ort: Gifhorn → Wolfsburg",
		"Telefon: – → 05361 1234",
		"05.03.2026 14:30  anna  angelegt",
		"Name: Amina Yusuf",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if strings.Index(v, "ben") > strings.Index(v, "anna  angelegt") {
		t.Error("not newest first")
	}
	lines := strings.Split(v, "\n")
	if len(lines) != 21 {
		t.Errorf("%d lines, want 21", len(lines))
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("line wider than 80: %q", l)
		}
	}
	// A change arriving through the feed reloads; undo shows as such.
	var res store.UndoResult
	if err := s.Update("ben", func(tx *store.Tx) error {
		var err error
		res, err = store.UndoLast(tx, "ben")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	drain(t, m, m.Update(common.ChangedMsg{Events: []store.Event{{Changes: []store.Change{{Kind: store.KindPerson, ID: p.ID}}}}}))
	if v := ansi.Strip(m.View()); !strings.Contains(v, "rückgängig gemacht") || !strings.Contains(v, "Ort: Wolfsburg → Gifhorn") {
		t.Errorf("after undo (%s):\n%s", res.Text, v)
	}
	// esc closes.
	msgs := drain(t, m, m.Update(tea.KeyPressMsg{Code: tea.KeyEscape}))
	if len(msgs) != 1 {
		t.Fatalf("esc gave %v", msgs)
	}
	if _, ok := msgs[0].(ClosedMsg); !ok {
		t.Errorf("esc gave %T", msgs[0])
	}
}

func TestHistoryScrollsAndFitsSmallBoxes(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "h.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p := &model.Person{Name: "Viele Änderungen"}
	s.Update("anna", func(tx *store.Tx) error { return store.People.Put(tx, p) })
	for i := 0; i < 30; i++ {
		p.Notes = strings.Repeat("sehr lange Notiz ", 10) + string(rune('A'+i))
		s.Update("anna", func(tx *store.Tx) error { return store.People.Put(tx, p) })
	}
	ctx := &common.Context{Store: s, User: "anna", Roles: model.AllTeamRoles, Styles: theme.New(false), Now: time.Now}
	m := New(ctx, store.KindPerson, p.ID)
	drain(t, m, m.Init())
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 21})
	first := ansi.Strip(m.View())
	m.Update(tea.KeyPressMsg{Code: tea.KeyPgDown})
	second := ansi.Strip(m.View())
	if first == second || !strings.Contains(second, "von 62 Zeilen") {
		t.Errorf("page down did nothing:\n%s", second)
	}
	m.Update(tea.KeyPressMsg{Code: 'G', Text: "G"})
	if v := ansi.Strip(m.View()); !strings.Contains(v, "angelegt") {
		t.Errorf("end does not show the creation:\n%s", v)
	}
	for _, l := range strings.Split(second, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("too wide: %q", l)
		}
	}
	// Unknown record: a clear sentence, no crash.
	empty := New(ctx, store.KindPerson, "gibt-es-nicht")
	empty.SetSize(80, 21)
	drain(t, empty, empty.Init())
	if v := ansi.Strip(empty.View()); !strings.Contains(v, "keine Änderung verzeichnet") {
		t.Errorf("empty: %s", v)
	}
}

// TestHistoryOfErasedTaskSaysTheValuesAreGone: a task whose owner was
// erased (Art. 17) keeps who/when; the entry says the data is gone and
// shows no name.
func TestHistoryOfErasedTaskSaysTheValuesAreGone(t *testing.T) {
	now := time.Date(2026, 3, 5, 13, 30, 0, 0, time.UTC)
	s, err := store.Open(filepath.Join(t.TempDir(), "h.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p := &model.Person{Name: "Amina Yusuf"}
	task := &model.Task{Text: "Einladung verschicken", Status: model.TaskOffen}
	if err := s.Update("anna", func(tx *store.Tx) error {
		if err := store.People.Put(tx, p); err != nil {
			return err
		}
		task.Owner, task.OwnerPersonID = p.Name, p.ID
		return store.Tasks.Put(tx, task)
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Update("anna", func(tx *store.Tx) error { _, err := store.ErasePerson(tx, p.ID, "Antrag"); return err }); err != nil {
		t.Fatal(err)
	}
	ctx := &common.Context{Store: s, User: "anna", Roles: model.AllTeamRoles, Styles: theme.New(true), Now: time.Now}
	m := New(ctx, store.KindTask, task.ID)
	m.SetSize(120, 30)
	drain(t, m, m.Init())
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "Kontaktdaten gelöscht (Art. 17), nicht rückgängig zu machen") || strings.Contains(v, "Amina") {
		t.Errorf("history of the erased task:\n%s", v)
	}
}
