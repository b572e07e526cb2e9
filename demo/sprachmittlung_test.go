package demo

import (
	"math/rand/v2"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

func TestSprachmittlungDemo(t *testing.T) {
	now := model.At(model.NewDate(2026, 11, 19), 10*60)
	st, err := store.Open(filepath.Join(t.TempDir(), "d.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	g := &Gen{Store: st, Rand: rand.New(rand.NewPCG(1, 2)), Now: now, Who: "demo"}
	if err := genShared(g); err != nil {
		t.Fatal(err)
	}
	if err := genSprachmittlung(g); err != nil {
		t.Fatal(err)
	}
	_ = st.View(func(tx *store.Tx) error {
		ps, _ := store.Interpreters(tx)
		if len(ps) != 50 {
			t.Errorf("%d interpreters", len(ps))
		}
		langs := map[string]bool{}
		for _, p := range ps {
			for _, l := range p.Interpreter.Languages {
				langs[l.Language] = true
			}
		}
		if len(langs) < 34 {
			t.Errorf("only %d languages", len(langs))
		}
		all, err := store.Einsaetze.All(tx)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) < 300 {
			t.Errorf("%d Einsätze", len(all))
		}
		statuses := map[model.Status]int{}
		byInterp := map[string][]*model.Einsatz{}
		for _, e := range all {
			statuses[e.Status]++
			if err := e.Validate(); err != nil {
				t.Errorf("%s: %v", e.Number, err)
			}
			if e.Status == model.StatusDurchgefuehrt || e.Status == model.StatusAbgerechnet && e.Cancellation == nil {
				if e.Nachweis == nil || e.Nachweis.Amount <= 0 {
					t.Errorf("%s %s without Nachweis amount", e.Number, e.Status)
				}
			}
			if wd := model.DateOf(e.Start).Weekday(); (wd == time.Saturday || wd == time.Sunday) && !strings.HasPrefix(e.Notes, TryOutNote) {
				t.Errorf("%s on a weekend", e.Number)
			}
			tryOut := strings.HasPrefix(e.Notes, TryOutNote) // begins 10 or 30 hours from now, whenever that is
			if c := model.ClockOf(e.Start); !tryOut && (c < 8*60 || model.ClockOf(e.End()) > 17*60) {
				t.Errorf("%s at %s", e.Number, model.FormatDateTime(e.Start))
			}
			if e.Status.BlocksInterpreter() {
				byInterp[e.InterpreterID] = append(byInterp[e.InterpreterID], e)
			}
		}
		for _, s := range model.Statuses {
			// abgerechnet only through a claim and its payout run: the
			// Kosten step does that (TestDemoBillingCoherent)
			if statuses[s] == 0 && s != model.StatusAbgerechnet {
				t.Errorf("no Einsatz in status %s", s.Label())
			}
		}
		if statuses[model.StatusAbgerechnet] != 0 {
			t.Errorf("%d Einsätze abgerechnet without a claim", statuses[model.StatusAbgerechnet])
		}
		checkAbsagen(t, all, now)
		imported := 0
		for _, p := range ps {
			if ip := p.Interpreter; ip.Schweigepflicht.IsZero() && ip.FuehrungszeugnisSeen.IsZero() && ip.Grundschulung.IsZero() {
				imported++
			}
		}
		if imported == 0 {
			t.Error("no interpreter as imported from a list, without paper dates")
		}
		for id, es := range byInterp {
			sort.Slice(es, func(i, j int) bool { return es[i].Start.Before(es[j].Start) })
			var bs []model.Booking
			for _, e := range es {
				bs = append(bs, model.Booking{EinsatzID: e.ID, Number: e.Number, InterpreterID: id, Start: e.Start, End: e.End(), OnSite: e.OnSite()})
			}
			for _, e := range es {
				if n, ok := model.Conflict(e, id, bs, model.DefaultTravelBuffer); !ok {
					t.Errorf("double booking %s / %s", e.Number, n)
				}
			}
		}
		return nil
	})
}

// checkAbsagen: every Absage in the demo follows the clock (or says why
// not), and the examples the issue asks for are there.
func checkAbsagen(t *testing.T, all []*model.Einsatz, now time.Time) {
	t.Helper()
	tariff := model.DefaultTariffs()[0]
	var early, late, override, noShow, required, tryOut10, tryOut30 int
	for _, e := range all {
		c := e.Cancellation
		if strings.HasPrefix(e.Notes, TryOutNote) && e.Status == model.StatusVermittelt {
			switch d := e.Start.Sub(now); {
			case d >= 10*time.Hour && d < 11*time.Hour:
				tryOut10++
			case d >= 30*time.Hour && d < 31*time.Hour:
				tryOut30++
			}
		}
		if e.GenderRequired {
			required++
		}
		if c == nil {
			continue
		}
		if c.At.After(now) {
			t.Errorf("%s: Absage received in the future", e.Number)
		}
		if e.Status == model.StatusNichtErschienen {
			if c.Reason == "" || c.At.Before(e.Start) || c.Ausfallpauschale != 1500 {
				t.Errorf("%s: no-show %+v", e.Number, c)
			}
			noShow++
			continue
		}
		if e.Status == model.StatusAbgerechnet && c.Late {
			late++ // a paid Ausfallpauschale
		}
		if !e.Status.Cancelled() && e.Status != model.StatusAbgerechnet {
			t.Errorf("%s: cancellation in status %s", e.Number, e.Status)
			continue
		}
		booked := e.InterpreterID != ""
		clockLate := booked && c.At.After(e.Start.Add(-24*time.Hour))
		switch {
		case c.Override != "":
			override++
			if c.Late == clockLate {
				t.Errorf("%s: override that changes nothing", e.Number)
			}
		case c.Late != clockLate:
			t.Errorf("%s: received %s, start %s, late %v – not what the clock says", e.Number,
				model.FormatDateTime(c.At), model.FormatDateTime(e.Start), c.Late)
		}
		wantFee := model.Money(0)
		if c.Late {
			wantFee = 2 * 750 // 2 × 30 min à 7,50 €
		}
		if c.Ausfallpauschale != wantFee || (e.Status == model.StatusStorniertKurzfristig) != (c.Late && e.Status.Cancelled()) {
			t.Errorf("%s: %s with fee %s", e.Number, e.Status, c.Ausfallpauschale)
		}
		if booked && (c.Tariff == nil || *c.Tariff != tariff) {
			t.Errorf("%s: tariff not kept", e.Number)
		}
		if booked && e.Status == model.StatusStorniertRechtzeitig && c.Override == "" {
			early++
		}
		if e.Status == model.StatusStorniertKurzfristig && c.Override == "" {
			late++
		}
	}
	if early == 0 || late == 0 || override == 0 || noShow == 0 || required == 0 {
		t.Errorf("examples missing: rechtzeitig %d, kurzfristig %d, override %d, no-show %d, gender required %d",
			early, late, override, noShow, required)
	}
	if tryOut10 != 1 || tryOut30 != 1 {
		t.Errorf("Einsätze to try the Absage on: %d in 10 h, %d in 30 h", tryOut10, tryOut30)
	}
}
