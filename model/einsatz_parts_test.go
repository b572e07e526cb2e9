package model

import (
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
	if err := e.RecordNachweis(Einsatznachweis{ActualStart: at(from), ActualEnd: at(to), WaitingMinutes: waiting, Km: km}, tariff); err != nil {
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
			want := EinsatzParts{Minutes: c.minutes, Allowance: c.allowance, Km: c.kmWant, KmRate: c.rate, Travel: c.travel}
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
			ActualEnd: time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC), Km: 12, Amount: 2500}}
	if p := e.Parts(); p != (EinsatzParts{Allowance: 2500, Km: 12}) {
		t.Fatalf("%+v", p)
	}
}
