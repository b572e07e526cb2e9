package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// sepaSchema returns xmllint and the schema kept in the repository's
// testdata folder; without xmllint the validation is skipped on a
// developer's machine and fails in CI (.ci/run sets CI=true).
func sepaSchema(t *testing.T) (string, string) {
	t.Helper()
	schema, err := filepath.Abs(filepath.Join("..", "testdata", "pain.001.001.09.xsd"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(schema); err != nil {
		t.Fatalf("schema missing: %v", err)
	}
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("xmllint missing in CI: %v", err)
		}
		return "", ""
	}
	return bin, schema
}

func TestExportSEPA(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	out := filepath.Join(dir, "zahllauf.xml")
	var o, e bytes.Buffer
	// empty database: nothing angeordnet → exit 1, no file
	if code := Run([]string{"--db", db, "export", "sepa", "--out", out}, &o, &e); code != 1 || !strings.Contains(e.String(), "keine angeordneten") {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("file written although nothing to pay")
	}
	if code := Run([]string{"--db", db, "export", "sepa"}, &o, &e); code != 2 {
		t.Errorf("missing --out: exit %d", code)
	}

	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var want model.Money
	for i, name := range []string{"Jürgen Weiß", "Ayşe Çelik"} {
		p := &model.Person{Name: name, Volunteer: &model.VolunteerProfile{IBAN: []model.IBAN{"DE89370400440532013000", "DE68210501700012345678"}[i]}}
		today := model.Today(time.Now())
		c := &model.Claim{PeriodFrom: today, PeriodTo: today, Project: "Formularhilfe", Lines: []model.ClaimLine{
			{Kind: model.LineBeleg, Date: today, ReceiptNo: "1", Description: "Porto", Amount: model.Money(1234 + i)}}}
		err := st.Update("meier", func(tx *store.Tx) error {
			if err := store.People.Put(tx, p); err != nil {
				return err
			}
			c.PersonID = p.ID
			return store.SaveClaim(tx, c)
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []struct {
			who string
			a   model.ClaimAction
		}{{"meier", model.ActSubmit}, {"meier", model.ActSachlich}, {"schulz", model.ActRechnerisch}, {"weber", model.ActAnordnen}} {
			if err := st.Update(s.who, func(tx *store.Tx) error { _, err := store.ApplyClaim(tx, c.ID, 0, s.a, ""); return err }); err != nil {
				t.Fatal(err)
			}
		}
		want += c.Total()
	}
	st.Close()

	o.Reset()
	e.Reset()
	if code := Run([]string{"--db", db, "--user", "kasse", "export", "sepa", "--out", out}, &o, &e); code != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	if !strings.Contains(o.String(), "2 Überweisung(en), Summe "+want.String()) {
		t.Errorf("summary: %s", o.String())
	}
	xml, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(xml), "<CtrlSum>"+want.Dot()+"</CtrlSum>") || !strings.Contains(string(xml), "Juergen Weiss") {
		t.Errorf("xml:\n%s", xml)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "zahllauf.csv"))
	if err != nil || !bytes.HasPrefix(csv, []byte("\xef\xbb\xbfNr.;")) || !strings.Contains(string(csv), "Ayşe Çelik") {
		t.Errorf("csv: %v %q", err, csv)
	}
	if bin, schema := sepaSchema(t); bin != "" {
		if b, err := exec.Command(bin, "--noout", "--schema", schema, out).CombinedOutput(); err != nil {
			t.Errorf("xmllint: %v %s", err, b)
		}
	}
	// a second run finds nothing: the claims are reserved
	e.Reset()
	if code := Run([]string{"--db", db, "export", "sepa", "--out", filepath.Join(dir, "2.xml")}, &o, &e); code != 1 {
		t.Errorf("second run exit %d", code)
	}
	// Jahresbescheinigung
	e.Reset()
	cert := filepath.Join(dir, "cert.txt")
	if code := Run([]string{"--db", db, "export", "jahresbescheinigung", "--person", "jürgen weiß", "--out", cert}, &o, &e); code != 0 {
		t.Fatalf("jahresbescheinigung exit %d: %s", code, e.String())
	}
	if b, _ := os.ReadFile(cert); !strings.Contains(string(b), "Bescheinigung über Aufwandsentschädigungen") {
		t.Errorf("certificate: %s", b)
	}
	if code := Run([]string{"--db", db, "export", "jahresbescheinigung", "--person", "Niemand", "--out", cert}, &o, &e); code != 1 {
		t.Errorf("unknown person: exit %d", code)
	}
}
