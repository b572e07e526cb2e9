package model

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// partsTariff is the default tariff written out: 15 €/h per started 30
// minutes (7,50 € a unit), at least 2 units, 0,30 €/km, waiting time paid,
// 2 units Ausfallpauschale.
var partsTariff = Tariff{ValidFrom: NewDate(2018, time.January, 1), RatePerHour: 1500, UnitMinutes: 30,
	MinimumUnits: 2, PerStartedUnit: true, KmRate: 30, WaitingPaid: true, CancelHours: 24, CancelUnits: 2}

func recorded(t *testing.T, setting Setting, from, to string, waiting, km int, tariff Tariff) *Einsatz {
	t.Helper()
	day := NewDate(2026, time.March, 5)
	at := func(hm string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", day.ISO()+" "+hm, Berlin)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UTC()
	}
	e := &Einsatz{Setting: setting, Status: StatusDurchgefuehrt, Start: at(from), Duration: time.Hour}
	if err := e.RecordNachweis(Einsatznachweis{ActualStart: at(from), ActualEnd: at(to), WaitingMinutes: waiting, Km: Km(km * 10)}, tariff); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEinsatzParts(t *testing.T) {
	halfHourly := partsTariff
	halfHourly.PerStartedUnit = false
	noWaiting := partsTariff
	noWaiting.WaitingPaid = false
	for _, c := range []struct {
		name            string
		setting         Setting
		from, to        string
		waiting, km     int
		tariff          Tariff
		minutes         int
		allowance       Money
		kmWant          int
		rate, travel    Money
		total, allowLne Money
	}{
		// 9:05–10:20 is 75 min, + 10 min waiting = 85 min → 3 started
		// half hours × 7,50 € = 22,50 €; 24 km × 0,30 € = 7,20 €.
		{"brief example", SettingOnSite, "09:05", "10:20", 10, 24, partsTariff, 85, 2250, 24, 30, 720, 2970, 2250},
		// 20 min → 1 started unit, but at least 2 units = 15,00 €.
		{"minimum units", SettingOnSite, "09:00", "09:20", 0, 0, partsTariff, 20, 1500, 0, 0, 0, 1500, 1500},
		// 85 min per full unit: 2 full units = 15,00 €.
		{"full units only", SettingOnSite, "09:05", "10:20", 10, 0, halfHourly, 85, 1500, 0, 0, 0, 1500, 1500},
		// waiting not paid: 75 min → 3 started units = 22,50 €; 7 km = 2,10 €.
		{"waiting unpaid", SettingOnSite, "09:05", "10:20", 10, 7, noWaiting, 75, 2250, 7, 30, 210, 2460, 2250},
		// by phone the km typed are not paid.
		{"phone no km", SettingPhone, "14:00", "15:00", 0, 30, partsTariff, 60, 1500, 0, 0, 0, 1500, 1500},
		// 2:31 h = 151 min → 6 started units = 45,00 €; 131 km × 0,30 = 39,30 €.
		{"long trip", SettingOnSite, "08:00", "10:31", 0, 131, partsTariff, 151, 4500, 131, 30, 3930, 8430, 4500},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := recorded(t, c.setting, c.from, c.to, c.waiting, c.km, c.tariff)
			p := e.Parts()
			want := EinsatzParts{Minutes: c.minutes, Allowance: c.allowance, Km: Km(c.kmWant * 10), KmRate: c.rate, Travel: c.travel}
			if p != want {
				t.Fatalf("parts %+v, want %+v", p, want)
			}
			if p.Total() != c.total || p.AllowanceLine() != c.allowLne {
				t.Errorf("total %s line %s, want %s %s", p.Total(), p.AllowanceLine(), c.total, c.allowLne)
			}
			// The sheet shows the same figures: its total and its lines.
			if e.Nachweis.Amount != c.allowance+c.travel {
				t.Errorf("sheet amount %s, want %s", e.Nachweis.Amount, c.allowance+c.travel)
			}
			var sum Money
			for _, l := range e.Nachweis.Lines {
				sum += l.Amount
			}
			if sum != e.Nachweis.Amount {
				t.Errorf("sheet lines add up to %s, not %s", sum, e.Nachweis.Amount)
			}
			if hasKm := strings.Contains(e.Nachweis.Lines[len(e.Nachweis.Lines)-1].Text, "Fahrtkosten"); hasKm != (c.travel > 0) {
				t.Errorf("Fahrtkosten line shown %v, travel %s", hasKm, c.travel)
			}
		})
	}
}

func TestEinsatzPartsCancelFee(t *testing.T) {
	e := &Einsatz{Setting: SettingOnSite, Status: StatusVermittelt, InterpreterID: "i1",
		Start: time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC), Duration: time.Hour}
	// An Absage with a Pauschale decided (2 units × 7,50 € = 15,00 €).
	e.Cancellation = &Cancellation{By: CancelByEinrichtung, Late: true, Ausfallpauschale: 1500}
	e.Status = StatusStorniertKurzfristig
	p := e.Parts()
	if p != (EinsatzParts{CancelFee: 1500}) || p.Total() != 1500 || p.AllowanceLine() != 1500 {
		t.Fatalf("kurzfristig: %+v", p)
	}
	e.Status = StatusNichtErschienen
	if got := e.Parts().CancelFee; got != 1500 {
		t.Errorf("no-show fee %s", got)
	}
	e.Status = StatusAbgerechnet
	if got := e.Parts().CancelFee; got != 1500 {
		t.Errorf("billed no-show keeps its fee: %s", got)
	}
	// No fee decided: nothing to pay.
	e.Status = StatusStorniertRechtzeitig
	e.Cancellation.Ausfallpauschale = 0
	if got := e.Parts(); got != (EinsatzParts{}) {
		t.Errorf("rechtzeitig: %+v", got)
	}
	// An Einsatz back in Suche does not pay an old Absage.
	e.Cancellation.Ausfallpauschale = 1500
	e.Status = StatusSuche
	if got := e.Parts().CancelFee; got != 0 {
		t.Errorf("stale Absage paid: %s", got)
	}
}

func TestEinsatzPartsWithoutTariffCopy(t *testing.T) {
	// A sheet stored without its tariff (older import): the amount stays
	// what was recorded, as allowance, and no km are invented.
	e := &Einsatz{Setting: SettingOnSite, Status: StatusDurchgefuehrt,
		Nachweis: &Einsatznachweis{ActualStart: time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC),
			ActualEnd: time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC), Km: 120, Amount: 2500}}
	if p := e.Parts(); p != (EinsatzParts{Allowance: 2500, Km: 120}) {
		t.Fatalf("%+v", p)
	}
}

// Decimal kilometres (issue 18: "12,5 km is real"): the Fahrtkosten are
// km × rate in cents, rounded once to the cent. The expected amounts are
// worked out by hand below, not with the code under test.
func TestEinsatzPartsDecimalKm(t *testing.T) {
	day := NewDate(2026, time.March, 5)
	start := At(day, 9*60).UTC()
	for _, c := range []struct {
		name   string
		km     string
		rate   Money
		travel Money
		line   string
	}{
		// 12,5 km × 30 ct = 375 ct exactly.
		{"half km", "12,5", 30, 375, "Fahrtkosten: 12,5 km à 0,30 €"},
		// 12,5 km × 35 ct = 437,5 ct → 438 ct (half a cent rounds up).
		{"half cent up", "12,5", 35, 438, "Fahrtkosten: 12,5 km à 0,35 €"},
		// 7,3 km × 33 ct = 240,9 ct → 241 ct.
		{"tenths", "7,3", 33, 241, "Fahrtkosten: 7,3 km à 0,33 €"},
		// 0,1 km × 30 ct = 3 ct.
		{"smallest", "0,1", 30, 3, "Fahrtkosten: 0,1 km à 0,30 €"},
		// 99,9 km × 30 ct = 2997 ct: rounding once, not per kilometre.
		{"no rounding per km", "99,9", 30, 2997, "Fahrtkosten: 99,9 km à 0,30 €"},
	} {
		t.Run(c.name, func(t *testing.T) {
			km, err := ParseKm(c.km)
			if err != nil {
				t.Fatal(err)
			}
			tariff := partsTariff
			tariff.KmRate = c.rate
			e := &Einsatz{Setting: SettingOnSite, Status: StatusDurchgefuehrt, Start: start, Duration: time.Hour}
			if err := e.RecordNachweis(Einsatznachweis{ActualStart: start, ActualEnd: start.Add(time.Hour), Km: km}, tariff); err != nil {
				t.Fatal(err)
			}
			p := e.Parts()
			if p.Travel != c.travel || p.Km != km {
				t.Fatalf("travel %s for %s km, want %s", p.Travel, c.km, c.travel)
			}
			// 60 min = 2 units × 7,50 € = 1500 ct, plus the trip.
			if e.Nachweis.Amount != 1500+c.travel || p.Total() != 1500+c.travel {
				t.Errorf("sheet %s, total %s, want %s", e.Nachweis.Amount, p.Total(), Money(1500)+c.travel)
			}
			last := e.Nachweis.Lines[len(e.Nachweis.Lines)-1]
			if last.Text != c.line || last.Amount != c.travel {
				t.Errorf("line %q %s, want %q %s", last.Text, last.Amount, c.line, c.travel)
			}
		})
	}
}

// The kilometres of a Nachweis are stored as a number of km: "km": 12 in a
// file of wave 1 still means 12 km, 12,5 km is written as 12.5, and a
// value with more than one decimal is refused, not rounded silently.
func TestEinsatznachweisKmJSON(t *testing.T) {
	var old Einsatznachweis
	if err := json.Unmarshal([]byte(`{"actualStart":"2026-03-05T08:00:00Z","actualEnd":"2026-03-05T09:00:00Z","km":12,"amount":1860}`), &old); err != nil {
		t.Fatal(err)
	}
	if old.Km != 120 || old.Amount != 1860 || old.ActualEnd.Hour() != 9 {
		t.Fatalf("old sheet read as %+v", old)
	}
	raw, err := json.Marshal(Einsatznachweis{Km: 125, WaitingMinutes: 5})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"km":12.5`) || !strings.Contains(string(raw), `"waitingMinutes":5`) {
		t.Fatalf("written as %s", raw)
	}
	var back Einsatznachweis
	if err := json.Unmarshal(raw, &back); err != nil || back.Km != 125 || back.WaitingMinutes != 5 {
		t.Fatalf("round trip: %+v %v", back, err)
	}
	if raw, _ := json.Marshal(Einsatznachweis{}); strings.Contains(string(raw), `"km"`) {
		t.Errorf("no km written as %s", raw)
	}
	if err := json.Unmarshal([]byte(`{"km":12.55}`), &back); err == nil {
		t.Error("12.55 km accepted")
	}
}
