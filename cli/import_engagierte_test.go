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
