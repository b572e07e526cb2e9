package picker

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/theme"
)

// TestHeaderFitsAt80: the title of the picker is whole at 80 columns, its
// keys are in the help line (they stood beside the title and lost "esc
// zurück"), and the list shows the records of the database.
func TestHeaderFitsAt80(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "p.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Update("test", func(tx *store.Tx) error {
		return store.Organisations.Put(tx, &model.Organisation{Name: "Jobcenter Gifhorn", Kind: model.OrgJobcenter, City: "Gifhorn"})
	}); err != nil {
		t.Fatal(err)
	}
	ctx := &common.Context{Store: st, User: "test", Roles: model.AllTeamRoles, Styles: theme.New(true), Global: keys.DefaultGlobal(),
		List: keys.DefaultList(), Now: time.Now, Width: 80, Height: 21}
	p := NewOrganisation(ctx, "org")
	p.SetSize(80, 21)
	if msg := p.Init()(); msg != nil {
		p.Update(msg)
	}
	var help []string
	for _, b := range p.ShortHelp() {
		help = append(help, b.Help().Key+" "+b.Help().Desc)
	}
	v := ansi.Strip(p.View()) + "\n" + strings.Join(help, " · ")
	for _, want := range []string{"Einrichtung auswählen", "esc zurück", "Jobcenter Gifhorn"} {
		if !strings.Contains(v, want) {
			t.Errorf("picker lacks %q:\n%s", want, v)
		}
	}
	for i, l := range strings.Split(v, "\n") {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d wide", i, w)
		}
	}
}

// TestPersonFormShowsWhoChangedIt: the directory's form of a person names
// who changed which data when (from the journal); for a member who may
// only read, the form is a read-only view.
func TestPersonFormShowsWhoChangedIt(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "p.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := &model.Person{Name: "Anna Schmidt"}
	if err := st.Update("carla", func(tx *store.Tx) error { return store.People.Put(tx, p) }); err != nil {
		t.Fatal(err)
	}
	if err := st.Update("ben", func(tx *store.Tx) error {
		p.Phone = "05371 999"
		return store.People.Put(tx, p)
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		roles    model.TeamRoles
		readOnly bool
	}{{model.AllTeamRoles, false}, {model.TeamRolesOf(model.TeamLesen), true}} {
		ctx := &common.Context{Store: st, User: "anna", Roles: c.roles, Styles: theme.New(true), Global: keys.DefaultGlobal(),
			List: keys.DefaultList(), Now: time.Now, Width: 100, Height: 40}
		pk := NewDirectory(ctx, "directory", KindPerson)
		pk.SetSize(100, 40)
		if msg := pk.Edit(p.ID)(); msg != nil {
			pk.Update(msg)
		}
		v := ansi.Strip(pk.View())
		for _, want := range []string{"Geändert (neueste zuerst)", "ben: Telefon", "carla: angelegt"} {
			if !strings.Contains(v, want) {
				t.Errorf("%s: form lacks %q:\n%s", c.roles, want, v)
			}
		}
		if strings.Contains(v, "(nur lesen)") != c.readOnly || strings.Contains(v, "bearbeiten") == c.readOnly {
			t.Errorf("%s: read-only %v wanted:\n%s", c.roles, c.readOnly, v)
		}
		if strings.Index(v, "ben: Telefon") > strings.Index(v, "carla: angelegt") {
			t.Errorf("newest change not first:\n%s", v)
		}
	}
}
