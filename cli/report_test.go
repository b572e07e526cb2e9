package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stabsstelle/model"
	"stabsstelle/store"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Run(args, &o, &e)
	return code, o.String(), e.String()
}

func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, _, e := run(t, "--db", db, "demo", "--seed", "3"); code != 0 {
		t.Fatalf("demo: %s", e)
	}
	return db
}

// sumCell has excelize compute a sum formula and returns it in cents.
func sumCell(t *testing.T, f *excelize.File, sheet, ref string) model.Money {
	t.Helper()
	formula, _ := f.GetCellFormula(sheet, ref)
	if !strings.HasPrefix(formula, "SUM(") {
		t.Errorf("%s!%s ist keine Summenformel: %q", sheet, ref, formula)
	}
	v, err := f.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("%s!%s = %q", sheet, ref, v)
	}
	return model.Money(math.Round(x * 100))
}

// TestReportMonitoringJSONAndExcel runs the verb as a script would: the JSON
// has the contracted fields, and the workbook's formulas arrive at the
// JSON's figures.
func TestReportMonitoringJSONAndExcel(t *testing.T) {
	db := demoDB(t)
	year := fmt.Sprint(model.Today(time.Now()).Year)
	code, out, e := run(t, "--db", db, "report", "monitoring", "--year", year, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	var m struct {
		Sprachmittlung struct {
			Total      int            `json:"total"`
			ByStatus   map[string]int `json:"byStatus"`
			ByMonth    map[string]int `json:"byMonth"`
			ByLanguage map[string]int `json:"byLanguage"`
		} `json:"sprachmittlung"`
		Kosten struct {
			FundingPots []struct {
				Name        string `json:"name"`
				BudgetCents int64  `json:"budgetCents"`
				PaidCents   int64  `json:"paidCents"`
			} `json:"fundingPots"`
		} `json:"kosten"`
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("kein JSON: %v\n%s", err, out)
	}
	sm := m.Sprachmittlung
	if sm.Total == 0 || len(sm.ByMonth) != 12 || sm.ByMonth[year+"-01"] < 0 || len(sm.ByLanguage) == 0 {
		t.Fatalf("Sprachmittlung: %+v", sm)
	}
	sum := 0
	for k, n := range sm.ByStatus {
		if _, ok := model.ParseStatus(k); !ok {
			t.Errorf("byStatus: %q ist kein Statuscode", k)
		}
		sum += n
	}
	if sum != sm.Total {
		t.Errorf("byStatus ergibt %d, total %d", sum, sm.Total)
	}
	if len(m.Kosten.FundingPots) != 3 || m.Kosten.FundingPots[0].Name == "" || m.Kosten.FundingPots[0].BudgetCents <= 0 {
		t.Errorf("fundingPots: %+v", m.Kosten.FundingPots)
	}

	xlsx := filepath.Join(t.TempDir(), "monitoring.xlsx")
	if code, out, e := run(t, "--db", db, "report", "monitoring", "--year", year, "--out", xlsx); code != 0 || !strings.Contains(out, xlsx) {
		t.Fatalf("exit %d: %s %s", code, out, e)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := sumCell(t, f, "Sprachmittlung", "B14"); got != model.Money(sm.Total*100) {
		t.Errorf("Excel zählt %v Einsätze, JSON %d", got/100, sm.Total)
	}
	var paid model.Money
	for _, p := range m.Kosten.FundingPots {
		paid += model.Money(p.PaidCents)
	}
	if got := sumCell(t, f, "Fördertöpfe", "D5"); got != paid {
		t.Errorf("Excel: ausgezahlt %s, JSON %s", got, paid)
	}

	// A second run never replaces the file without asking.
	before, _ := os.ReadFile(xlsx)
	code, _, e = run(t, "--db", db, "report", "monitoring", "--year", year, "--out", xlsx)
	if code != 1 || !strings.Contains(e, "gibt es schon") {
		t.Errorf("vorhandene Datei: exit %d, %s", code, e)
	}
	if after, _ := os.ReadFile(xlsx); !bytes.Equal(before, after) {
		t.Error("die vorhandene Datei wurde verändert")
	}
	// --force replaces it, as in every verb that writes files
	os.WriteFile(xlsx, []byte("alt"), 0o600)
	if code, _, e = run(t, "--db", db, "report", "monitoring", "--year", year, "--out", xlsx, "--force"); code != 0 {
		t.Fatalf("--force: exit %d, %s", code, e)
	}
	if after, _ := os.ReadFile(xlsx); bytes.Equal(after, []byte("alt")) {
		t.Error("--force did not replace the file")
	}
}

func TestReportVerwendungsnachweis(t *testing.T) {
	db := demoDB(t)
	year := model.Today(time.Now()).Year
	var want model.Money
	var fundName string
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = st.View(func(tx *store.Tx) error {
		// Independently: every claim of the fund paid in the year.
		return store.Claims.Each(tx, func(c *model.Claim) error {
			f, _ := store.Funds.Get(tx, c.FundID)
			if f == nil || !strings.HasPrefix(f.Name, "Bürgerschaftliches") || f.Year != year {
				return nil
			}
			fundName = f.Name
			if c.Status == model.ClaimAusgezahlt && model.DateOf(c.Paid.At).Year == year {
				want += c.Total()
			}
			return nil
		})
	})
	st.Close()
	out := filepath.Join(t.TempDir(), "vn.xlsx")
	code, so, e := run(t, "--db", db, "report", "verwendungsnachweis", "--topf", "bürgerschaftliches", "--year", fmt.Sprint(year), "--out", out)
	if code != 0 || !strings.Contains(so, fundName) {
		t.Fatalf("exit %d: %s %s", code, so, e)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Belegliste")
	n := 0
	for _, r := range rows[1:] {
		if len(r) > 0 && r[0] == "Summe" {
			break
		}
		n++
	}
	if n == 0 || want == 0 {
		t.Fatalf("keine Belege (%d) oder nichts ausgezahlt (%s)", n, want)
	}
	if got := sumCell(t, f, "Belegliste", fmt.Sprintf("H%d", n+2)); got != want {
		t.Errorf("Belegliste: Excel %s, Datensätze %s", got, want)
	}
	if payee, _ := f.GetCellValue("Belegliste", "D2"); !strings.HasSuffix(payee, ".") || len(payee) > 12 {
		t.Errorf("Empfänger nicht gekürzt: %q", payee)
	}

	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"report", "verwendungsnachweis", "--year", "2026", "--out", out}, 2, "--topf"},
		{[]string{"report", "verwendungsnachweis", "--topf", "X", "--out", "vn.csv"}, 2, ".xlsx"},
		{[]string{"report", "verwendungsnachweis", "--topf", "Gibtsnicht", "--year", fmt.Sprint(year), "--out", filepath.Join(t.TempDir(), "x.xlsx")}, 1, "Vorhanden:"},
		{[]string{"report", "verwendungsnachweis", "--topf", "X", "--out", "x.xlsx", "--empfaenger", "alle"}, 2, "kurz oder voll"},
		{[]string{"report", "monitoring", "--year", "20x6"}, 2, "Wert"},
	} {
		code, _, e := run(t, append([]string{"--db", db}, c.args...)...)
		if code != c.code || !strings.Contains(e, c.msg) {
			t.Errorf("%v: exit %d, %q (erwartet %d mit %q)", c.args, code, e, c.code, c.msg)
		}
	}
}

// TestExportForms writes the printed forms of the demo through the verbs.
func TestExportForms(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	var upcoming, past, einsatz string
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = st.View(func(tx *store.Tx) error {
		now := time.Now()
		rows, _ := store.EventRows(tx, time.Time{}, time.Time{})
		for _, r := range rows {
			ev, _ := store.Events.Get(tx, r.ID)
			switch {
			case upcoming == "" && r.Start.After(now) && ev.Erased.IsZero():
				if c, _ := store.EventCounts(tx, r.ID); c.Angemeldet > 0 {
					upcoming = r.Number
				}
			case past == "" && r.Start.Before(now) && ev.Protokoll != "":
				past = r.Number
			}
		}
		es, _ := store.EinsaetzeBetween(tx, now, now.AddDate(0, 1, 0))
		for _, r := range es {
			if r.Status == model.StatusVermittelt {
				einsatz = r.Number
				break
			}
		}
		return nil
	})
	st.Close()
	if upcoming == "" || past == "" || einsatz == "" {
		t.Fatalf("Demodaten ohne passende Veranstaltung/Einsatz: %q %q %q", upcoming, past, einsatz)
	}
	csv := filepath.Join(dir, "liste.csv")
	code, out, e := run(t, "--db", db, "export", "teilnehmer", upcoming, "--out", csv)
	if code != 0 {
		t.Fatalf("teilnehmer: %s", e)
	}
	for _, p := range []string{csv, filepath.Join(dir, "liste.pdf"), filepath.Join(dir, "liste.txt")} {
		if !strings.Contains(out, p) {
			t.Errorf("die Meldung nennt %s nicht: %s", p, out)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "liste.pdf")); !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Error("liste.pdf ist keine PDF-Datei")
	}
	if code, _, e := run(t, "--db", db, "export", "teilnehmer", upcoming, "--out", csv); code != 1 || !strings.Contains(e, "gibt es schon") {
		t.Errorf("zweites Mal: exit %d %s", code, e)
	}
	md := filepath.Join(dir, "p.md")
	if code, _, e := run(t, "--db", db, "export", "protokoll", past, "--out", md); code != 0 {
		t.Fatalf("protokoll: %s", e)
	}
	if b, _ := os.ReadFile(md); !strings.Contains(string(b), "# Protokoll: ") || !strings.Contains(string(b), "| Nr. | "+past+" |") {
		t.Errorf("Markdown:\n%s", b)
	}
	for _, c := range [][]string{
		{"export", "protokoll", past, "--out", filepath.Join(dir, "p.pdf")},
		{"export", "einsatznachweis", einsatz, "--out", filepath.Join(dir, "e.pdf")},
		{"export", "jahresbescheinigung", "--alle", "--out", filepath.Join(dir, "j.pdf")},
	} {
		code, _, e := run(t, append([]string{"--db", db}, c...)...)
		if code != 0 {
			t.Errorf("%v: exit %d %s", c, code, e)
			continue
		}
		if b, _ := os.ReadFile(c[len(c)-1]); !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("%s ist keine PDF-Datei", c[len(c)-1])
		}
	}
	if code, _, _ := run(t, "--db", db, "export", "protokoll", past, "--out", filepath.Join(dir, "p.doc")); code != 2 {
		t.Errorf("--out .doc: exit %d, erwartet 2", code)
	}
}

// The overview on the terminal writes numbers the German way: decimal
// commas for the lead time and the shares, hours as h:mm.
func TestReportMonitoringTextIsGerman(t *testing.T) {
	db := demoDB(t)
	year := fmt.Sprint(model.Today(time.Now()).Year)
	code, out, e := run(t, "--db", db, "report", "monitoring", "--year", year)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	for _, re := range []string{`Ø Vorlauf -?\d+,\d Tage`, `zu kurzer Vorlauf: \d+ \(\d+,\d %\)`, `Anwesenheit \d+,\d %`, `Stunden: (\d+|\d{1,3}(\.\d{3})+):\d\d h`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("no %s in:\n%s", re, out)
		}
	}
	if regexp.MustCompile(`\d\.\d (Tage|%)`).MatchString(out) {
		t.Errorf("a decimal point instead of a comma:\n%s", out)
	}
}
