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
	ctx := &common.Context{Store: st, User: "test", Styles: theme.New(true), Global: keys.DefaultGlobal(),
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
