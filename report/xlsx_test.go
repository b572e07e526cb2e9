package report

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stabsstelle/model"
)

// sampleInput is a small year with amounts chosen so that float sums of
// euros drift (0,10 € + 0,20 €) unless the check rounds to the cent.
func sampleInput() *model.ReportInput {
	at := func(m time.Month, d int) time.Time { return model.At(model.NewDate(2026, m, d), 9*60) }
	fund := &model.Fund{Name: "Sprachmittlung 2026", Year: 2026, Amount: 300000, Haushaltsstelle: "1.3110.531820"}
	fund.ID = "f1"
	in := &model.ReportInput{Period: model.YearPeriod(2026), Today: model.NewDate(2026, 11, 19), Funds: []*model.Fund{fund},
		Organisations: map[string]string{"o1": "Jobcenter Gifhorn", "o2": "Grundschule Wittingen"}, Committed: map[string]model.Money{}}
	ein := []model.EinsatzFact{
		{ID: "1", Start: at(1, 5), Status: model.StatusDurchgefuehrt, Language: "Arabisch", OrganisationID: "o1", InterpreterID: "i1", Place: "Gifhorn", Minutes: 80, Allowance: 10, Travel: 20},
		{ID: "2", Start: at(1, 7), Status: model.StatusDurchgefuehrt, Language: "Arabisch", OrganisationID: "o2", InterpreterID: "i2", Place: "Wittingen", Minutes: 45, Allowance: 2250, Travel: 333},
		{ID: "3", Start: at(3, 9), Status: model.StatusStorniertKurzfristig, Language: "Tigrinya", OrganisationID: "o1", InterpreterID: "i1", Place: "Meine", CancelFee: 1500},
		{ID: "4", Start: at(3, 10), Status: model.StatusNichtVermittelbar, Language: "Dari", OrganisationID: "o2", Place: "Brome"},
		{ID: "5", Start: at(12, 30), Status: model.StatusDurchgefuehrt, Language: "Ukrainisch", OrganisationID: "o1", InterpreterID: "i1", Minutes: 61, Allowance: 3001, Travel: 1},
	}
	in.Einsaetze = ein
	pay := func(n string, m time.Month, d int, amt model.Money, kind model.PaymentKind) model.PaymentFact {
		return model.PaymentFact{Number: n, Date: model.NewDate(2026, m, d), Payee: "Anna Schmidt", FundID: "f1", Project: "Sprachmittlung",
			Purpose: "Aufwandsentschädigung", Amount: amt, Kind: kind}
	}
	back := pay("R-2026-001", 5, 2, -20, model.PaymentRueckforderung)
	back.Corrects, back.Settlement = "K-2026-0002", model.ReclaimVerrechnet
	in.Payments = []model.PaymentFact{pay("K-2026-0001", 2, 1, 10, model.PaymentAuszahlung), pay("K-2026-0002", 2, 3, 20, model.PaymentAuszahlung),
		pay("K-2026-0003", 4, 1, 123456, model.PaymentAuszahlung), back}
	// R-2026-001: 20 cents of K-2026-0002 netted on 2 May; R-2026-002:
	// 5.000,05 € of K-2026-0003, 1.000,00 € paid back on 10 June, the rest
	// open (and nothing of it in the payments: it has not come back).
	in.Reclaims = []model.ReclaimFact{
		{Number: "R-2026-001", Date: model.NewDate(2026, 4, 20), Payee: "Anna Schmidt", FundID: "f1", ClaimNumber: "K-2026-0002",
			CorrectionNumber: "K-2026-0005", Reason: "Storno", Amount: 20, Netted: 20, Status: model.ReclaimVerrechnet,
			Back: []model.DatedMoney{{Date: model.NewDate(2026, 5, 2), Amount: 20}}},
		{Number: "R-2026-002", Date: model.NewDate(2026, 6, 1), Payee: "Anna Schmidt", FundID: "f1", ClaimNumber: "K-2026-0003",
			CorrectionNumber: "K-2026-0006", Reason: "Korrektur", Amount: 500005, PaidBack: 100000, Left: 400005, Status: model.ReclaimOffen,
			Back: []model.DatedMoney{{Date: model.NewDate(2026, 6, 10), Amount: 100000}}},
	}
	in.Payments = append(in.Payments, model.PaymentFact{Number: "R-2026-002", Date: model.NewDate(2026, 6, 10), Payee: "Anna Schmidt",
		FundID: "f1", Purpose: "zurückgezahlt", Amount: -100000, Kind: model.PaymentRueckforderung, Corrects: "K-2026-0003",
		Settlement: model.ReclaimZurueckgezahlt})
	return in
}

// calc has excelize compute the formula in sheet!ref and returns it in
// cents.
func calc(t *testing.T, f *excelize.File, sheet, ref string) model.Money {
	t.Helper()
	got, err := f.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, ref, err)
	}
	x, err := strconv.ParseFloat(got, 64)
	if err != nil {
		t.Fatalf("%s!%s = %q ist keine Zahl", sheet, ref, got)
	}
	return model.Money(math.Round(x * 100))
}

// checkSums opens the workbook again and has excelize compute every sum
// formula; each must equal the program's own total to the cent.
func checkSums(t *testing.T, data []byte, tables []*table) int {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	checked := 0
	for _, tb := range tables {
		if idx, _ := f.GetSheetIndex(tb.Sheet); idx < 0 {
			t.Fatalf("Blatt %s fehlt", tb.Sheet)
		}
		k := 0
		for c, col := range tb.Cols {
			if !col.Sum || c == 0 {
				continue
			}
			ref := tb.SumCell(c)
			formula, err := f.GetCellFormula(tb.Sheet, ref)
			if err != nil || (len(tb.Rows) > 0 && !strings.HasPrefix(formula, "SUM(")) {
				t.Errorf("%s!%s: keine Summenformel (%q, %v)", tb.Sheet, ref, formula, err)
			}
			got, err := f.CalcCellValue(tb.Sheet, ref, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatalf("%s!%s: %v", tb.Sheet, ref, err)
			}
			x, err := strconv.ParseFloat(got, 64)
			if err != nil {
				t.Fatalf("%s!%s = %q ist keine Zahl", tb.Sheet, ref, got)
			}
			switch want := tb.Totals[k].(type) {
			case model.Money:
				if cents := model.Money(math.Round(x * 100)); cents != want {
					t.Errorf("%s!%s (%s): Excel rechnet %s, das Programm %s", tb.Sheet, ref, col.Head, cents, want)
				}
			case int:
				if int(math.Round(x)) != want {
					t.Errorf("%s!%s (%s): Excel rechnet %v, das Programm %d", tb.Sheet, ref, col.Head, x, want)
				}
			case float64:
				if math.Abs(x-want) > 1e-9 {
					t.Errorf("%s!%s (%s): Excel rechnet %v, das Programm %v", tb.Sheet, ref, col.Head, x, want)
				}
			}
			checked++
			k++
		}
		// Frozen header and filter buttons (an Excel table over the rows).
		panes, err := f.GetPanes(tb.Sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: Kopfzeile nicht fixiert (%+v, %v)", tb.Sheet, panes, err)
		}
		if len(tb.Rows) > 0 {
			tabs, err := f.GetTables(tb.Sheet)
			if err != nil || len(tabs) != 1 {
				t.Errorf("%s: kein Filter über der Tabelle (%v, %v)", tb.Sheet, tabs, err)
			}
		}
	}
	return checked
}

func TestMonitoringWorkbookSums(t *testing.T) {
	m := model.ComputeMonitoring(sampleInput(), model.ReportFilter{})
	var buf bytes.Buffer
	if err := WriteMonitoring(&buf, m); err != nil {
		t.Fatal(err)
	}
	tables := MonitoringTables(m)
	if n := checkSums(t, buf.Bytes(), tables); n < 20 {
		t.Errorf("nur %d Summen geprüft", n)
	}
	// The totals the tables carry are the report's, computed by hand here:
	// 10+20+2250+333+1500+3001+1 cents over five Einsätze.
	sm := m.Sprachmittlung
	if sm.Total != 5 || sm.AllowanceCents+sm.TravelCents+sm.CancelFeeCents != 7115 || sm.Minutes != 186 {
		t.Errorf("Einsätze %d, Kosten %s, Minuten %d", sm.Total, sm.AllowanceCents+sm.TravelCents+sm.CancelFeeCents, sm.Minutes)
	}
	// Paid net: 10 + 20 + 1.234,56 € paid, 0,20 € netted and 1.000,00 €
	// paid back = 234,66 €; open at the end of the year 4.000,05 €.
	fr := m.Kosten.FundingPots[0]
	if fr.PaidCents != 23466 || fr.RueckforderungenCents != -100020 || fr.ReclaimsOpenCents != 400005 {
		t.Errorf("ausgezahlt netto %s (erwartet 234,66 €), Rückforderungen %s (−1.000,20 €), offen %s (4.000,05 €)",
			fr.PaidCents, fr.RueckforderungenCents, fr.ReclaimsOpenCents)
	}
	// German formats: euro amounts and dates carry their number formats.
	f, _ := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	defer f.Close()
	v, _ := f.GetCellValue("Sprachmittlung", "I2")
	if v != "22.60 €" && v != "22,60 €" {
		t.Errorf("Aufwandsentschädigung Januar erscheint als %q", v)
	}
}

func TestVerwendungsnachweisWorkbook(t *testing.T) {
	in := sampleInput()
	vn := model.NewVerwendungsnachweis(in.Funds[0], in.Payments, in.Reclaims)
	// By hand: paid 10 + 20 + 123456 = 123486 cents; back 20 + 100000.
	if vn.Paid != 123486 || vn.Net != 23466 || vn.Rueckforderungen != -100020 || vn.Left != 300000-23466 || vn.ReclaimsOpen != 400005 {
		t.Fatalf("ausgezahlt %s, netto %s, Rückforderungen %s, Rest %s, offen %s", vn.Paid, vn.Net, vn.Rueckforderungen, vn.Left, vn.ReclaimsOpen)
	}
	for _, payee := range []Payee{PayeeMasked, PayeeFull} {
		var buf bytes.Buffer
		if err := WriteVerwendungsnachweis(&buf, vn, payee); err != nil {
			t.Fatal(err)
		}
		tables := VerwendungsnachweisTables(vn, payee)
		if n := checkSums(t, buf.Bytes(), tables); n != 7 {
			t.Errorf("%d Summen geprüft, erwartet 7", n)
		}
		f, _ := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		// Excel's own sums against the figures computed by hand above:
		// Belegliste H7 (five bookings), Rückforderungen H4…K4 (two).
		for _, c := range []struct {
			sheet, ref string
			want       model.Money
		}{{"Belegliste", "H7", 23466}, {"Rückforderungen", "H4", 500025}, {"Rückforderungen", "I4", 20},
			{"Rückforderungen", "J4", 100000}, {"Rückforderungen", "K4", 400005}, {"Monate", "B14", 123486}, {"Monate", "C14", -100020}} {
			if got := calc(t, f, c.sheet, c.ref); got != c.want {
				t.Errorf("%s!%s = %s, von Hand %s", c.sheet, c.ref, got, c.want)
			}
		}
		name, _ := f.GetCellValue("Belegliste", "D2")
		date, _ := f.GetCellValue("Belegliste", "B2")
		num, _ := f.GetCellValue("Belegliste", "C5")
		stand, _ := f.GetCellValue("Rückforderungen", "L3")
		f.Close()
		want := "A. S."
		if payee == PayeeFull {
			want = "Anna Schmidt"
		}
		if name != want {
			t.Errorf("Empfänger %q, erwartet %q", name, want)
		}
		if date != "01.02.2026" {
			t.Errorf("Datum erscheint als %q, erwartet 01.02.2026", date)
		}
		if num != "R-2026-001" {
			t.Errorf("Beleg der Rückforderung %q", num)
		}
		if stand != "offen" {
			t.Errorf("Stand der offenen Rückforderung %q", stand)
		}
	}
}

func TestMaskName(t *testing.T) {
	for in, want := range map[string]string{"Anna-Lena Schmidt": "A. S.", "özlem şahin": "Ö. Ş.", "": "—", "  ": "—"} {
		if got := model.MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, erwartet %q", in, got, want)
		}
	}
}
