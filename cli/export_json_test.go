package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"stabsstelle/model"
	"stabsstelle/store"
)

// exportDB builds a small database by hand: three Einsätze of 2026 (two
// done with km, one cancelled at short notice with an override), one of
// 2025; a claim of two of them, paid, then stornoed (a Rückforderung).
func exportDB(t *testing.T) (db string, num map[string]string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "x.db")
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	st, err := store.Open(db, store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// 15 €/h per started 30 min (7,50 €), at least 2 units, waiting paid, 0,30 €/km
	tariff := model.Tariff{ValidFrom: model.Date{Year: 2018, Month: 1, Day: 1}, RatePerHour: 1500, UnitMinutes: 30,
		MinimumUnits: 2, PerStartedUnit: true, KmRate: 30, WaitingPaid: true, CancelHours: 24, CancelUnits: 2}
	at := func(y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, model.Berlin).UTC()
	}
	num = map[string]string{}
	var interp *model.Person
	var e1, e2 *model.Einsatz
	err = st.Update("meier", func(tx *store.Tx) error {
		interp = &model.Person{Name: "Amanuel Tesfay", Volunteer: &model.VolunteerProfile{IBAN: "DE89370400440532013000"}}
		if err := store.People.Put(tx, interp); err != nil {
			return err
		}
		org := &model.Organisation{Name: "Jobcenter Gifhorn"}
		if err := store.Organisations.Put(tx, org); err != nil {
			return err
		}
		fund := &model.Fund{Name: "Sprachmittlung 2026", Year: 2026, Amount: 3_000_000}
		if err := store.Funds.Put(tx, fund); err != nil {
			return err
		}
		if _, err := store.SetSprachmittlungFund(tx, fund.ID); err != nil {
			return err
		}
		mk := func(start time.Time, st model.Status) *model.Einsatz {
			return &model.Einsatz{OrganisationID: org.ID, Language: "Tigrinya", Place: "Wittingen", Setting: model.SettingOnSite,
				Start: start, Duration: time.Hour, InterpreterID: interp.ID, Status: st}
		}
		var err error
		// 9:05–10:20 + 10 min = 85 min → 3 units = 22,50 €; 24 km = 7,20 €
		e1 = mk(at(2026, 11, 3, 9, 5), model.StatusDurchgefuehrt)
		if err = e1.RecordNachweis(model.Einsatznachweis{ActualStart: at(2026, 11, 3, 9, 5), ActualEnd: at(2026, 11, 3, 10, 20), WaitingMinutes: 10, Km: 240}, tariff); err != nil {
			return err
		}
		// 14:00–14:20 → at least 2 units = 15,00 €; 12 km = 3,60 €
		e2 = mk(at(2026, 11, 5, 14, 0), model.StatusDurchgefuehrt)
		if err = e2.RecordNachweis(model.Einsatznachweis{ActualStart: at(2026, 11, 5, 14, 0), ActualEnd: at(2026, 11, 5, 14, 20), Km: 120}, tariff); err != nil {
			return err
		}
		// cancelled 30 h ahead, but judged kurzfristig by override: 2 units = 15,00 €
		e3 := mk(at(2026, 11, 10, 9, 0), model.StatusStorniertKurzfristig)
		e3.Cancellation = &model.Cancellation{By: model.CancelByEinrichtung, At: at(2026, 11, 9, 3, 0), Reason: "krank",
			Late: true, Override: "Termin war nicht verschiebbar", Ausfallpauschale: 1500}
		// 2025: 08:00–09:00 → 2 units = 15,00 €, no km
		e4 := mk(at(2025, 3, 4, 8, 0), model.StatusDurchgefuehrt)
		if err = e4.RecordNachweis(model.Einsatznachweis{ActualStart: at(2025, 3, 4, 8, 0), ActualEnd: at(2025, 3, 4, 9, 0)}, tariff); err != nil {
			return err
		}
		for k, e := range map[string]*model.Einsatz{"e1": e1, "e2": e2, "e3": e3, "e4": e4} {
			if err := store.Einsaetze.Put(tx, e); err != nil {
				return err
			}
			num[k] = e.Number
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var c *model.Claim
	if err := st.Update("meier", func(tx *store.Tx) error {
		var err error
		c, err = store.ClaimFromEinsaetze(tx, interp.ID, []string{e1.ID, e2.ID})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	num["claim"] = c.Number
	sign := func(id string) {
		t.Helper()
		for _, s := range []struct {
			who string
			a   model.ClaimAction
		}{{"meier", model.ActSubmit}, {"meier", model.ActSachlich}, {"schulz", model.ActRechnerisch}, {"weber", model.ActAnordnen}} {
			if err := st.Update(s.who, func(tx *store.Tx) error { _, err := store.ApplyClaim(tx, id, 0, s.a, ""); return err }); err != nil {
				t.Fatal(err)
			}
		}
	}
	sign(c.ID)
	run, _, err := store.MakePayoutRun(st, "kasse", nil, model.Date{}, filepath.Join(t.TempDir(), "lauf.xml"))
	if err != nil {
		t.Fatal(err)
	}
	num["run"] = run.Number
	var storno *model.Claim
	if err := st.Update("kasse", func(tx *store.Tx) error {
		if _, err := store.ConfirmPayoutRun(tx, run.ID); err != nil {
			return err
		}
		var err error
		storno, err = store.CreateCorrection(tx, c.ID, model.ClaimStorno, "doppelt abgerechnet")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	sign(storno.ID)
	num["storno"] = storno.Number
	return db, num
}

func TestExportEinsaetzeJSON(t *testing.T) {
	db, num := exportDB(t)
	code, out, errOut := runCLI(t, "--db", db, "export", "einsaetze", "--json", "--year", "2026")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []EinsatzExport
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	// The claim that paid e1 and e2 was taken back in full by a Storno:
	// they are unpaid again (durchgeführt, no claim) and may be claimed anew.
	want := []EinsatzExport{
		{Number: num["e1"], Status: "durchgefuehrt", Start: "2026-11-03T09:05:00+01:00", Interpreter: "Amanuel Tesfay", Language: "Tigrinya",
			Minutes: 85, AllowanceCents: 2250, Km: "24", KmRateCents: 30, TravelCents: 720},
		{Number: num["e2"], Status: "durchgefuehrt", Start: "2026-11-05T14:00:00+01:00", Interpreter: "Amanuel Tesfay", Language: "Tigrinya",
			Minutes: 20, AllowanceCents: 1500, Km: "12", KmRateCents: 30, TravelCents: 360},
		{Number: num["e3"], Status: "storniert_kurzfristig", Start: "2026-11-10T09:00:00+01:00", Interpreter: "Amanuel Tesfay", Language: "Tigrinya",
			Km: "0", CancelFeeCents: 1500, CancelledAt: "2026-11-09T03:00:00+01:00", CancelledBy: "einrichtung", CancelLate: true,
			CancelOverride: "Termin war nicht verschiebbar"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d Einsätze, want %d:\n%s", len(got), len(want), out)
	}
	for i := range want {
		got[i].StatusLabel = ""
		if got[i] != want[i] {
			t.Errorf("Einsatz %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	// without --year: 2025 as well, sorted by start
	_, out, _ = runCLI(t, "--db", db, "export", "einsaetze", "--json")
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 4 || got[0].Number != num["e4"] || got[0].AllowanceCents != 1500 {
		t.Fatalf("%v %+v", err, got)
	}
	// an empty year is an empty list
	_, out, _ = runCLI(t, "--db", db, "export", "einsaetze", "--json", "--year", "2024")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("empty year: %q", out)
	}
}

func TestExportClaimsJSON(t *testing.T) {
	db, num := exportDB(t)
	code, out, errOut := runCLI(t, "--db", db, "export", "claims", "--json", "--year", "2026")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// Decoded into plain maps: the field names are the contract.
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got) != 2 {
		t.Fatalf("%d claims:\n%s", len(got), out)
	}
	c, s := got[0], got[1]
	// 22,50 + 7,20 + 15,00 + 3,60 = 48,30 €
	for k, v := range map[string]any{"number": num["claim"], "person": "Amanuel Tesfay", "status": "ausgezahlt", "fundingPot": "Sprachmittlung 2026",
		"totalCents": 4830.0, "stornoOf": "", "correctionOf": "", "payoutRun": num["run"], "reversedBy": num["storno"]} {
		if c[k] != v {
			t.Errorf("claim %s = %#v, want %#v", k, c[k], v)
		}
	}
	lines := c["lines"].([]any)
	type line struct {
		kind   string
		amount float64
		km     float64
		e      string
	}
	wantLines := []line{{"aufwand", 2250, 0, num["e1"]}, {"fahrt", 720, 24, num["e1"]}, {"aufwand", 1500, 0, num["e2"]}, {"fahrt", 360, 12, num["e2"]}}
	if len(lines) != len(wantLines) {
		t.Fatalf("lines %v", lines)
	}
	for i, w := range wantLines {
		l := lines[i].(map[string]any)
		es := l["einsaetze"].([]any)
		if l["kind"] != w.kind || l["amountCents"] != w.amount || l["km"] != w.km || len(es) != 1 || es[0] != w.e {
			t.Errorf("line %d: %v, want %+v", i, l, w)
		}
	}
	recl := c["reclaims"].([]any)
	if len(recl) != 1 || recl[0].(map[string]any)["amountCents"] != 4830.0 || recl[0].(map[string]any)["status"] != "offen" {
		t.Errorf("reclaims %v", recl)
	}
	for k, v := range map[string]any{"number": num["storno"], "status": "verbucht", "totalCents": -4830.0, "stornoOf": num["claim"], "correctionOf": "", "reversedBy": ""} {
		if s[k] != v {
			t.Errorf("storno %s = %#v, want %#v", k, s[k], v)
		}
	}
	if l := s["lines"].([]any)[1].(map[string]any); l["km"] != -24.0 || l["amountCents"] != -720.0 || l["kind"] != "fahrt" {
		t.Errorf("storno km line %v", l)
	}
	// other years: none
	_, out, _ = runCLI(t, "--db", db, "export", "claims", "--json", "--year", "2025")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("2025: %q", out)
	}
}

func TestExportJSONUsage(t *testing.T) {
	db, _ := exportDB(t)
	for _, verb := range []string{"einsaetze", "claims"} {
		for _, args := range [][]string{
			{"export", verb}, // --json is required
			{"export", verb, "--json", "--year", "abc"}, // not a year
			{"export", verb, "--json", "--year", "26"},
			{"export", verb, "--json", "extra"},
			{"export", verb, "--csv"},
		} {
			code, out, errOut := runCLI(t, append([]string{"--db", db}, args...)...)
			if code != 2 || out != "" || errOut == "" {
				t.Errorf("%v: exit %d, out %q, err %q", args, code, out, errOut)
			}
		}
		code, out, _ := runCLI(t, "export", verb, "--help")
		if code != 0 || !strings.Contains(out, "Beispiel") || !strings.Contains(out, "--year JJJJ") {
			t.Errorf("help of %s: %d %s", verb, code, out)
		}
	}
}

// chunkWriter keeps every write apart.
type chunkWriter struct{ chunks [][]byte }

func (c *chunkWriter) Write(p []byte) (int, error) {
	c.chunks = append(c.chunks, bytes.Clone(p))
	return len(p), nil
}

// TestJSONArrayWritesWholeRecords: when an export stops midway (a damaged
// record), a script has received only whole records, never half a
// character: every write ends at the end of a record.
func TestJSONArrayWritesWholeRecords(t *testing.T) {
	var w chunkWriter
	a := newJSONArray(&w)
	for i := 0; i < 3000; i++ {
		if err := a.add(map[string]string{"description": strings.Repeat("Wittingen → Gifhorn ", 3)}); err != nil {
			t.Fatal(err)
		}
	}
	if len(w.chunks) < 2 {
		t.Fatalf("%d writes before the end, want the records streamed", len(w.chunks))
	}
	for i, c := range w.chunks {
		if !utf8.Valid(c) || !bytes.HasSuffix(c, []byte("}")) {
			t.Fatalf("write %d ends inside a record: …%q", i, c[max(0, len(c)-20):])
		}
	}
	if err := a.close(); err != nil {
		t.Fatal(err)
	}
	var all []byte
	for _, c := range w.chunks {
		all = append(all, c...)
	}
	var recs []map[string]string
	if err := json.Unmarshal(all, &recs); err != nil || len(recs) != 3000 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
}
