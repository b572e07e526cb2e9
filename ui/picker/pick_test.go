package picker

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
	"stabsstelle/ui/keys"
	"stabsstelle/ui/theme"
	"stabsstelle/ui/uitest"
)

// pickFx is a person picker over a real file, driven through the UI tests'
// harness; what it reports to its owner is collected.
type pickFx struct {
	t      *testing.T
	st     *store.Store
	p      *Picker
	picked []PickedMsg
	left   int
	status []string
}

func newPickFx(t *testing.T, roles model.TeamRoles, people ...string) *pickFx {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "p.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Update("carla", func(tx *store.Tx) error {
		for _, n := range people {
			if err := store.People.Put(tx, &model.Person{Name: n}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ctx := &common.Context{Store: st, User: "anna", Roles: roles, Styles: theme.New(true), Global: keys.DefaultGlobal(),
		List: keys.DefaultList(), Now: time.Now, Width: 100, Height: 30}
	f := &pickFx{t: t, st: st, p: NewPerson(ctx, "dolmetscher", nil)}
	f.p.SetSize(100, 30)
	f.run(f.p.Init())
	return f
}

func (f *pickFx) run(cmd tea.Cmd) {
	f.t.Helper()
	(&uitest.Drainer{
		Update: func(msg tea.Msg) tea.Cmd {
			switch m := msg.(type) {
			case PickedMsg:
				f.picked = append(f.picked, m)
				return nil
			case CancelledMsg:
				f.left++
				return nil
			}
			return f.p.Update(msg)
		},
		Status: func(m common.StatusMsg) {
			if m.Err != nil {
				f.status = append(f.status, m.Err.Error())
				return
			}
			f.status = append(f.status, m.Text)
		},
	}).Run(f.t, cmd)
}

func (f *pickFx) press(keys ...string) {
	f.t.Helper()
	for _, k := range keys {
		switch k {
		case "esc":
			f.run(f.p.Update(tea.KeyPressMsg{Code: tea.KeyEscape}))
		case "enter":
			f.run(f.p.Update(tea.KeyPressMsg{Code: tea.KeyEnter}))
		case "down":
			f.run(f.p.Update(tea.KeyPressMsg{Code: tea.KeyDown}))
		case "ctrl+s":
			f.run(f.p.Update(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}))
		default:
			for _, r := range k {
				f.run(f.p.Update(tea.KeyPressMsg{Code: r, Text: string(r)}))
			}
		}
	}
}

func (f *pickFx) screen() string { return ansi.Strip(f.p.View()) }

// Filtering and enter pick the person the list shows; esc leaves.
func TestPickAPersonByFiltering(t *testing.T) {
	f := newPickFx(t, model.AllTeamRoles, "Selam Tesfaye", "Omar Haddad", "Olena Koval")
	if s := f.screen(); !strings.Contains(s, "Omar Haddad") || !strings.Contains(s, "neue Person anlegen") {
		t.Fatalf("list:\n%s", s)
	}
	f.press("/", "olen", "enter", "enter")
	if len(f.picked) != 1 || f.picked[0].Name != "Olena Koval" || f.picked[0].ID != "dolmetscher" || f.picked[0].RecordID == "" {
		t.Fatalf("picked %+v:\n%s", f.picked, f.screen())
	}
	f.press("esc", "esc") // clears the filter, then leaves
	if f.left != 1 {
		t.Errorf("esc: left %d", f.left)
	}
}

// "neu anlegen" opens the form; the saved person is written with the
// member's name and picked at once.
func TestCreatePersonInThePickerPicksIt(t *testing.T) {
	f := newPickFx(t, model.AllTeamRoles, "Selam Tesfaye")
	f.press("n")
	if !f.p.Editing() || !strings.Contains(f.screen(), "Neue Person") {
		t.Fatalf("no form:\n%s", f.screen())
	}
	f.press("ctrl+s")
	if len(f.picked) != 0 || !strings.Contains(f.screen(), "Bitte einen Namen eingeben.") {
		t.Fatalf("saved without a name:\n%s", f.screen())
	}
	f.press("Hevin Barzani", "ctrl+s")
	if len(f.picked) != 1 || f.picked[0].Name != "Hevin Barzani" {
		t.Fatalf("picked %+v:\n%s", f.picked, f.screen())
	}
	if len(f.status) == 0 || f.status[0] != "Hevin Barzani gespeichert" {
		t.Errorf("status %v", f.status)
	}
	var p *model.Person
	f.st.View(func(tx *store.Tx) (err error) { p, err = store.People.Get(tx, f.picked[0].RecordID); return })
	if p == nil || p.Name != "Hevin Barzani" || p.CreatedBy != "anna" {
		t.Fatalf("stored %+v", p)
	}
	if f.p.Editing() {
		t.Error("the form stayed open after saving")
	}
}

// A member who may only read gets no "neu anlegen" row, and n says why
// instead of opening a form.
func TestReaderCannotCreate(t *testing.T) {
	f := newPickFx(t, model.TeamRolesOf(model.TeamLesen), "Selam Tesfaye")
	if strings.Contains(f.screen(), "neue Person anlegen") {
		t.Fatalf("a reader is offered to create:\n%s", f.screen())
	}
	f.press("n")
	if f.p.Editing() {
		t.Fatal("a reader opened the form")
	}
	if len(f.status) != 1 || !strings.Contains(f.status[0], "Sachbearbeitung") {
		t.Errorf("status %v", f.status)
	}
	f.press("enter")
	if len(f.picked) != 1 || f.picked[0].Name != "Selam Tesfaye" {
		t.Errorf("a reader may still pick: %+v", f.picked)
	}
}

// A person saved elsewhere appears in the open list.
func TestListFollowsTheChangeFeed(t *testing.T) {
	f := newPickFx(t, model.AllTeamRoles, "Selam Tesfaye")
	var added *model.Person
	if err := f.st.Update("ben", func(tx *store.Tx) error {
		added = &model.Person{Name: "Zora Neu"}
		return store.People.Put(tx, added)
	}); err != nil {
		t.Fatal(err)
	}
	f.run(f.p.Update(common.ChangedMsg{Events: []store.Event{{Who: "ben", Changes: []store.Change{{Kind: store.KindPerson, ID: added.ID}}}}}))
	if !strings.Contains(f.screen(), "Zora Neu") {
		t.Fatalf("new person missing:\n%s", f.screen())
	}
}
