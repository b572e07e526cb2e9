package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// The seam between the tabs, end to end: an Einsatz with its Nachweis
// becomes a claim (E), goes through the four eyes, is paid by `export
// sepa` (SEPA file + Kreiskasse list), is stornoed after payment, which
// makes a Rückforderung, and the next payout to the same person nets it.
// Every amount is computed by hand in the comments.
func TestSeamEinsatzClaimPayoutStornoNetting(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "seam.db")
	open := func() *store.Store {
		t.Helper()
		st, err := store.Open(db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	// 15 €/h per started 30 min (7,50 €), at least 2 units, waiting paid, 0,30 €/km
	tariff := model.Tariff{ValidFrom: model.Date{Year: 2018, Month: 1, Day: 1}, RatePerHour: 1500, UnitMinutes: 30,
		MinimumUnits: 2, PerStartedUnit: true, KmRate: 30, WaitingPaid: true, CancelHours: 24, CancelUnits: 2}
	day := model.Today(time.Now()).AddDays(-1) // both Einsätze yesterday: one year, in the past
	at := func(d model.Date, hm string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", d.ISO()+" "+hm, model.Berlin)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UTC()
	}
	st := open()
	var interp *model.Person
	var org string
	einsatz := func(from, to string, waiting, km int) *model.Einsatz {
		t.Helper()
		var e *model.Einsatz
		err := st.Update("disposition", func(tx *store.Tx) error {
			e = &model.Einsatz{OrganisationID: org, Language: "Tigrinya", Place: "Wittingen", Setting: model.SettingOnSite,
				Start: at(day, from), Duration: time.Hour, InterpreterID: interp.ID, Status: model.StatusVermittelt}
			if err := store.Einsaetze.Put(tx, e); err != nil {
				return err
			}
			// what the Sprachmittlung tab does with the signed sheet
			if err := e.RecordNachweis(model.Einsatznachweis{ActualStart: at(day, from), ActualEnd: at(day, to), WaitingMinutes: waiting, Km: model.Km(km * 10)}, tariff); err != nil {
				return err
			}
			if err := e.Transition(model.StatusDurchgefuehrt, "", tx.Now(), tx.Who(), tariff); err != nil {
				return err
			}
			return store.Einsaetze.Put(tx, e)
		})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	claim := func(e *model.Einsatz) *model.Claim {
		t.Helper()
		var c *model.Claim
		if err := st.Update("mueller", func(tx *store.Tx) error {
			var err error
			c, err = store.ClaimFromEinsaetze(tx, interp.ID, []string{e.ID})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	fourEyes := func(id string) {
		t.Helper()
		for _, s := range []struct {
			who string
			a   model.ClaimAction
		}{{"mueller", model.ActSubmit}, {"mueller", model.ActSachlich}, {"yilmaz", model.ActRechnerisch}, {"becker", model.ActAnordnen}} {
			if err := st.Update(s.who, func(tx *store.Tx) error { _, err := store.ApplyClaim(tx, id, 0, s.a, ""); return err }); err != nil {
				t.Fatalf("%s: %v", s.a, err)
			}
		}
	}
	confirmLast := func() {
		t.Helper()
		if err := st.Update("kasse", func(tx *store.Tx) error {
			runs, err := store.AllPayouts(tx)
			if err != nil {
				return err
			}
			_, err = store.ConfirmPayoutRun(tx, runs[0].ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	exportSEPA := func(name string) (stdout, xml, list string) {
		t.Helper()
		st.Close()
		code, out, errOut := runCLI(t, "--db", db, "--user", "kasse", "export", "sepa", "--out", filepath.Join(dir, name+".xml"))
		if code != 0 {
			t.Fatalf("export sepa: exit %d: %s", code, errOut)
		}
		st = open()
		x, _ := os.ReadFile(filepath.Join(dir, name+".xml"))
		l, err := os.ReadFile(filepath.Join(dir, name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		if len(x) > 0 {
			if bin, schema := sepaSchema(t); bin != "" {
				if b, err := exec.Command(bin, "--noout", "--schema", schema, filepath.Join(dir, name+".xml")).CombinedOutput(); err != nil {
					t.Fatalf("SEPA file invalid: %v\n%s", err, b)
				}
			}
		}
		return out, string(x), string(l)
	}

	if err := st.Update("mueller", func(tx *store.Tx) error {
		interp = &model.Person{Name: "Amanuel Tesfay", City: "Gifhorn", Volunteer: &model.VolunteerProfile{IBAN: "DE89370400440532013000"}}
		if err := store.People.Put(tx, interp); err != nil {
			return err
		}
		o := &model.Organisation{Name: "Jobcenter Gifhorn"}
		if err := store.Organisations.Put(tx, o); err != nil {
			return err
		}
		org = o.ID
		f := &model.Fund{Name: "Sprachmittlung", Year: day.Year, Amount: 3_000_000}
		if err := store.Funds.Put(tx, f); err != nil {
			return err
		}
		_, err := store.SetSprachmittlungFund(tx, f.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}

	// 1. Einsatz 9:05–10:20 + 10 min → 3 units = 22,50 €; 24 km → 7,20 €.
	e1 := einsatz("09:05", "10:20", 10, 24)
	c1 := claim(e1)
	if c1.AllowanceTotal() != 2250 || c1.TotalOf(model.LineFahrt) != 720 || c1.Total() != 2970 {
		t.Fatalf("claim %s: allowance %s km %s", c1.Number, c1.AllowanceTotal(), c1.TotalOf(model.LineFahrt))
	}
	fourEyes(c1.ID)

	// 2. Payout: 29,70 € to the interpreter.
	out, xml, list := exportSEPA("lauf1")
	if !strings.Contains(xml, `<InstdAmt Ccy="EUR">29.70</InstdAmt>`) || !strings.Contains(xml, "<EndToEndId>"+c1.Number+"</EndToEndId>") {
		t.Fatalf("first SEPA file:\n%s", xml)
	}
	if !strings.Contains(list, c1.Number+";Amanuel Tesfay;DE89 3704 0044 0532 0130 00;;29,70;") || !strings.Contains(out, "1 Überweisung") {
		t.Fatalf("first list:\n%s\n%s", list, out)
	}
	confirmLast()
	st.View(func(tx *store.Tx) error {
		e, _ := store.Einsaetze.Get(tx, e1.ID)
		if e.Status != model.StatusAbgerechnet || e.ClaimID != c1.ID {
			t.Errorf("Einsatz after the payout: %s %q", e.Status, e.ClaimID)
		}
		return nil
	})

	// 3. Storno after payment → Rückforderung of 29,70 €.
	var storno *model.Claim
	if err := st.Update("mueller", func(tx *store.Tx) error {
		var err error
		storno, err = store.CreateCorrection(tx, c1.ID, model.ClaimStorno, "Einsatz wurde von der Einrichtung selbst bezahlt")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	fourEyes(storno.ID)
	var r *model.Reclaim
	st.View(func(tx *store.Tx) error {
		rs, _ := store.OpenReclaimsOf(tx, interp.ID)
		if len(rs) == 1 {
			r = rs[0]
		}
		return nil
	})
	if r == nil || r.Amount != 2970 || r.ClaimNumber != c1.Number || r.CorrectionNumber != storno.Number {
		t.Fatalf("Rückforderung %+v", r)
	}

	// 4. The next Einsatz: 10:00–12:45 + 15 min = 180 min → 6 units = 45,00 €;
	// 30 km → 9,00 €; 54,00 € − 29,70 € netted = 24,30 € transferred.
	e2 := einsatz("10:00", "12:45", 15, 30)
	c2 := claim(e2)
	if c2.Total() != 5400 {
		t.Fatalf("second claim %s", c2.Total())
	}
	fourEyes(c2.ID)
	out, xml, list = exportSEPA("lauf2")
	if !strings.Contains(xml, `<InstdAmt Ccy="EUR">24.30</InstdAmt>`) || !strings.Contains(xml, "<CtrlSum>24.30</CtrlSum>") {
		t.Fatalf("second SEPA file:\n%s", xml)
	}
	for _, want := range []string{
		c2.Number + ";Amanuel Tesfay;DE89 3704 0044 0532 0130 00;;24,30;",
		";54,00;29,70;" + r.Number,
		r.Number + ";Amanuel Tesfay;" + c1.Number + ";",
		";29,70;29,70;0,00;",
	} {
		if !strings.Contains(list, want) {
			t.Errorf("second list lacks %q:\n%s", want, list)
		}
	}
	if !strings.Contains(out, "verrechnet: 29,70 €") {
		t.Errorf("export sepa output:\n%s", out)
	}
	confirmLast()
	st.Close()

	// 5. The auditor's view: the Rückforderung is settled, net 24,30 € paid.
	code, js, errOut := runCLI(t, "--db", db, "export", "claims", "--json")
	if code != 0 {
		t.Fatal(errOut)
	}
	var claims []ClaimExport
	if err := json.Unmarshal([]byte(js), &claims); err != nil {
		t.Fatal(err)
	}
	var net int64
	for _, c := range claims {
		net += c.TotalCents
		if c.Number == c1.Number && (len(c.Reclaims) != 1 || c.Reclaims[0].Status != "verrechnet" || c.Reclaims[0].LeftCents != 0) {
			t.Errorf("reclaims of %s: %+v", c.Number, c.Reclaims)
		}
	}
	// 29,70 − 29,70 + 54,00 = 54,00 € net for the year; transferred 29,70 + 24,30.
	if net != 5400 {
		t.Errorf("net total %d", net)
	}
}
