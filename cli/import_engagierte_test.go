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

func TestImportEngagierte(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	csv := filepath.Join(dir, "lotsen.csv")
	data := "\xef\xbb\xbfName;E-Mail;Telefon;IBAN;Straße;PLZ;Ort\r\n" +
		"Anna Schmidt;anna@example.org;05371 123;DE89 3704 0044 0532 0130 00;Steinweg 3;38518;Gifhorn\r\n" +
		"Bernd Falsch;bernd@example.org;;DE89370400440532013001;;;\r\n" +
		"\"Cem; Yilmaz\";;;DE02120300000000202051;;38518;Gifhorn\r\n" +
		"Dana Post;dana@;;;;;\r\n" +
		"Emil Ohne;;;;;;Wesendorf\r\n"
	if err := os.WriteFile(csv, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := Run([]string{"--db", db, "--user", "meier", "import", "engagierte", csv}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (bad rows)\n%s\n%s", code, out.String(), errb.String())
	}
	e := errb.String()
	for _, want := range []string{"Zeile 3:", "Prüfziffer", "Zeile 4:", "Semikolon", "Zeile 5:", "E-Mail"} {
		if !strings.Contains(e, want) {
			t.Errorf("stderr lacks %q:\n%s", want, e)
		}
	}
	if !strings.Contains(out.String(), "2 Engagierte importiert") {
		t.Errorf("stdout: %s", out.String())
	}
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.View(func(tx *store.Tx) error {
		vs, _ := store.Volunteers(tx)
		if len(vs) != 2 || vs[0].Name != "Anna Schmidt" || vs[0].Volunteer.IBAN != "DE89370400440532013000" || vs[1].Volunteer.IBAN != "" {
			t.Errorf("volunteers: %+v", vs)
		}
		return nil
	})

	// usage errors
	if code := Run([]string{"--db", db, "import", "engagierte"}, &out, &errb); code != 2 {
		t.Errorf("no file: exit %d", code)
	}
	errb.Reset()
	if code := Run([]string{"--db", db, "import", "engagierte", filepath.Join(dir, "fehlt.csv")}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "existiert nicht") {
		t.Errorf("missing file: exit %d %s", code, errb.String())
	}
	_ = model.VolunteerColumns
}

// TestImportEngagierteUpdatesContactsAndNamesSharedIBANs: a second list
// with a new phone number updates it with a line old → new (the dry run
// shows the same first), never replaces an IBAN, and names everyone who
// shares an IBAN.
func TestImportEngagierteUpdatesContactsAndNamesSharedIBANs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("Name;E-Mail;Telefon;IBAN;Straße;PLZ;Ort\r\n"+data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	first := write("a.csv", "Anna Schmidt;anna@example.org;05371 123;DE89 3704 0044 0532 0130 00;;;Gifhorn\r\n"+
		"Bernd Beispiel;;;;;;\r\n")
	if code, out, errs := runCLI(t, "--db", db, "import", "engagierte", first); code != 0 {
		t.Fatalf("first import: %d %s %s", code, out, errs)
	}
	second := write("b.csv", "Anna Schmidt;anna@example.org;05371 999;DE02 1203 0000 0000 2020 51;;;Wesendorf\r\n"+
		"Bernd Beispiel;bernd@example.org;;DE89 3704 0044 0532 0130 00;;;\r\n"+
		"Cem Yilmaz;;;DE89370400440532013000;;;\r\n")
	code, dryOut, errs := runCLI(t, "--db", db, "import", "engagierte", second, "--dry-run")
	if code != 0 {
		t.Fatalf("dry run: %d %s %s", code, dryOut, errs)
	}
	code, out, errs := runCLI(t, "--db", db, "import", "engagierte", second)
	if code != 0 {
		t.Fatalf("second import: %d %s %s", code, out, errs)
	}
	for _, want := range []string{
		"Zeile 2: Anna Schmidt gab es schon – aktualisiert: Telefon 05371 123 → 05371 999, Ort Gifhorn → Wesendorf.",
		"Zeile 2: Anna Schmidt: die IBAN der Datei (DE02 •••• •••• •••• ••20 51) weicht von der gespeicherten (DE89 •••• •••• •••• ••30 00) ab und wurde nicht übernommen",
		"Zeile 3: Bernd Beispiel gab es schon – aktualisiert: E-Mail bernd@example.org ergänzt.",
		"Zeile 3: Bernd Beispiel: IBAN DE89 •••• •••• •••• ••30 00 ergänzt.",
		"Zeile 3: Bernd Beispiel hat dieselbe IBAN (DE89 •••• •••• •••• ••30 00) wie Anna Schmidt – bitte prüfen",
		"Zeile 4: Cem Yilmaz hat dieselbe IBAN (DE89 •••• •••• •••• ••30 00) wie Anna Schmidt, Bernd Beispiel – bitte prüfen",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
		if !strings.Contains(dryOut, want) {
			t.Errorf("the dry run does not show %q first:\n%s", want, dryOut)
		}
	}
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.View(func(tx *store.Tx) error {
		vs, _ := store.Volunteers(tx)
		for _, v := range vs {
			if v.Name == "Anna Schmidt" && (v.Phone != "05371 999" || v.City != "Wesendorf" || v.Volunteer.IBAN != "DE89370400440532013000") {
				t.Errorf("Anna: %+v %+v", v, v.Volunteer)
			}
		}
		names, _ := store.PeopleWithIBAN(tx, "DE89370400440532013000", "")
		if strings.Join(names, ",") != "Anna Schmidt,Bernd Beispiel,Cem Yilmaz" {
			t.Errorf("PeopleWithIBAN: %v", names)
		}
		return nil
	})
}
