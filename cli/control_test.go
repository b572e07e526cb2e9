package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"stabsstelle/model"
	"stabsstelle/store"
)

// hostile is what an attacker puts into a name: a colour, a window title,
// a bell, a zero byte and the one-byte CSI of the C1 range.
const hostile = "\x1b[31m\x1b]0;gekapert\x07\x00\u009b2J"

// noControl fails when s holds a control character a terminal would act on.
func noControl(t *testing.T, what, s string) {
	t.Helper()
	for _, c := range []string{"\x1b", "\x07", "\x00", "\u009b"} {
		if strings.Contains(s, c) {
			t.Errorf("%s contains %q:\n%q", what, c, s)
		}
	}
}

// TestControlCharactersAreRefusedByEveryImport: both list imports refuse
// rows with control characters, naming line and column, and import the
// others.
func TestControlCharactersAreRefusedByEveryImport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	imports := []struct{ verb, data string }{
		{"sprachmittler", "Name;Geschlecht;Sprachen;Telefon;E-Mail;Ort;Notizen\n" +
			"Gut Person;w;Tigrinya;05371 1;gut@example.org;Gifhorn;\n" +
			"Eve" + hostile + ";w;Tigrinya;05371 2;eve@example.org;Gifhorn;\n" +
			"Notiz Person;m;Arabisch;05371 3;notiz@example.org;Gifhorn;\"Notiz\x07\"\n"},
		{"engagierte", "Name;E-Mail;Ort\n" +
			"Gut Engagiert;gut2@example.org;Gifhorn\n" +
			"Eve" + hostile + ";eve2@example.org;Gifhorn\n" +
			"Ort Person;ort@example.org;Gif\x1bhorn\n"},
	}
	for _, imp := range imports {
		csv := filepath.Join(dir, imp.verb+".csv")
		if err := os.WriteFile(csv, []byte(imp.data), 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := smRun("--db", db, "import", imp.verb, csv)
		if code != 1 || !strings.Contains(out, "1 ") {
			t.Errorf("%s: exit %d, %s", imp.verb, code, out)
		}
		if !strings.Contains(errOut, "Zeile 3: „Name“ enthält ein Steuerzeichen (ESC)") {
			t.Errorf("%s: the hostile name is not named by line and column:\n%s", imp.verb, errOut)
		}
		noControl(t, imp.verb+" messages", errOut)
	}
	_, _, errOut := smRun("--db", db, "import", "sprachmittler", filepath.Join(dir, "sprachmittler.csv"))
	if !strings.Contains(errOut, "Zeile 4: „Notizen“ enthält ein Steuerzeichen (BEL)") {
		t.Errorf("notes with BEL not refused:\n%s", errOut)
	}
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.View(func(tx *store.Tx) error {
		people, _ := store.People.All(tx)
		if len(people) != 2 {
			t.Errorf("%d people imported, want the 2 good ones", len(people))
		}
		for _, p := range people {
			notes := p.Notes
			if p.Interpreter != nil {
				notes += p.Interpreter.Notes
			}
			noControl(t, "stored person", p.Name+p.City+notes)
		}
		return nil
	})
}

// TestControlCharactersAreRefusedByTheStore: whatever writes a record –
// a form, an SSH session, a future bundle import – the store refuses
// control characters with the field named, and saves nothing of the
// transaction; newlines are refused in one-line fields only.
func TestControlCharactersAreRefusedByTheStore(t *testing.T) {
	path, _ := smDB(t)
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cases := []struct {
		name  string
		write func(tx *store.Tx) error
		field string
	}{
		{"person name", func(tx *store.Tx) error { return store.People.Put(tx, &model.Person{Name: "Eve" + hostile}) }, "name"},
		{"organisation city", func(tx *store.Tx) error {
			return store.Organisations.Put(tx, &model.Organisation{Name: "Amt", Kind: model.OrgJobcenter, City: "Gif\x07horn"})
		}, "city"},
		{"two-line name", func(tx *store.Tx) error { return store.People.Put(tx, &model.Person{Name: "Zwei\nZeilen"}) }, "name"},
		{"notes with ESC", func(tx *store.Tx) error {
			return store.People.Put(tx, &model.Person{Name: "Notiz", Interpreter: &model.InterpreterProfile{Notes: "a\x1b[2Jb",
				Languages: []model.LanguageSkill{{Language: "Tigrinya"}}}})
		}, "notes"},
	}
	for _, c := range cases {
		before := 0
		st.View(func(tx *store.Tx) error { before = store.People.Count(tx) + store.Organisations.Count(tx); return nil })
		err := st.Update("anna", func(tx *store.Tx) error {
			if err := store.People.Put(tx, &model.Person{Name: "Gute Person " + c.name}); err != nil {
				return err
			}
			return c.write(tx)
		})
		var ve model.ValidationError
		if !asValidation(err, &ve) || ve.For(c.field) == "" {
			t.Errorf("%s: %v, want a message at field %q", c.name, err, c.field)
		}
		after := 0
		st.View(func(tx *store.Tx) error { after = store.People.Count(tx) + store.Organisations.Count(tx); return nil })
		if after != before {
			t.Errorf("%s: the transaction was saved in part", c.name)
		}
	}
	// Multi-line notes keep line breaks and tabs.
	if err := st.Update("anna", func(tx *store.Tx) error {
		return store.People.Put(tx, &model.Person{Name: "Mehrzeilig", Interpreter: &model.InterpreterProfile{Notes: "Zeile 1\n\tZeile 2",
			Languages: []model.LanguageSkill{{Language: "Tigrinya"}}}})
	}); err != nil {
		t.Errorf("notes with a line break: %v", err)
	}
	if err := st.Update("Eve\x1b[31m", func(tx *store.Tx) error {
		return store.People.Put(tx, &model.Person{Name: "Von Eve"})
	}); err == nil || !strings.Contains(err.Error(), "Steuerzeichen") {
		t.Errorf("a user name with ESC: %v", err)
	}
}

func asValidation(err error, ve *model.ValidationError) bool {
	v, ok := err.(model.ValidationError)
	if ok {
		*ve = v
	}
	return ok
}

// TestStoredControlCharactersAreShownHarmlessly: a record that holds
// control characters from before they were refused (written back here
// the way undo writes an old state) never sends them to the terminal or
// into a file: today, search (text and JSON), the calendar export.
func TestStoredControlCharactersAreShownHarmlessly(t *testing.T) {
	path, _ := smDB(t)
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = st.Update("anna", func(tx *store.Tx) error {
		people, err := store.People.All(tx)
		if err != nil {
			return err
		}
		p := people[0] // Yonas, the interpreter of the Einsätze
		p.Name = "Yonas" + hostile + " Tesfaye"
		raw, _ := json.Marshal(p)
		k, _ := store.KindOf(store.KindPerson)
		return k.Restore(tx, p.ID, raw)
	})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "k.ics")
	for _, args := range [][]string{
		{"today", "--date", "12.03.2026"},
		{"today", "--date", "12.03.2026", "--json"},
		{"search", "yonas"},
		{"search", "yonas", "--json"},
		{"export", "ics", "--out", out, "--interpreter", "Yonas"},
	} {
		code, stdout, stderr := smRun(append([]string{"--db", path}, args...)...)
		if code != 0 {
			t.Errorf("%v: exit %d %s", args, code, stderr)
		}
		noControl(t, strings.Join(args, " "), stdout+stderr)
		if args[0] == "today" && !strings.Contains(stdout, "Yonas") {
			t.Errorf("%v: the name is gone: %s", args, stdout)
		}
	}
	ics, _ := os.ReadFile(out)
	noControl(t, "calendar file", string(ics))
}
