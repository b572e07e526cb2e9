package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"stabsstelle/model"
	"stabsstelle/store"
)

// TestCommandLineFollowsTheRoleList: with a role list, a user who may only
// read cannot import through the command line either; one with the role
// can. Nothing is half saved.
func TestCommandLineFollowsTheRoleList(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Update("chefin", func(tx *store.Tx) error {
		return store.SaveRoleList(tx, model.TeamRoleList{
			{Name: "chefin", Roles: model.TeamRolesOf(model.TeamVerwaltung)},
			{Name: "meier", Roles: model.TeamRolesOf(model.TeamSachbearbeitung)},
		})
	}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	csv := filepath.Join(dir, "lotsen.csv")
	if err := os.WriteFile(csv, []byte("Name;IBAN\nAnna Schmidt;DE89 3704 0044 0532 0130 00\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		user string
		code int
		want string
	}{
		{"gast", 1, "braucht die Rolle Sachbearbeitung"}, // not on the list: lesen
		{"chefin", 1, "braucht die Rolle Sachbearbeitung"},
		{"meier", 0, "1 Engagierte importiert"},
	} {
		var out, errb bytes.Buffer
		code := Run([]string{"--db", db, "--user", c.user, "import", "engagierte", csv}, &out, &errb)
		if code != c.code || !strings.Contains(out.String()+errb.String(), c.want) {
			t.Errorf("%s: exit %d, want %d with %q\n%s%s", c.user, code, c.code, c.want, out.String(), errb.String())
		}
	}
	st, err = store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.View(func(tx *store.Tx) error {
		vs, _ := store.Volunteers(tx)
		if len(vs) != 1 || vs[0].CreatedBy != "meier" {
			t.Errorf("volunteers %+v", vs)
		}
		return nil
	})
}
