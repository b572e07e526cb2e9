package kosten

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// The claims list builds its filter text when `/` is pressed, in a command
// (table.WithLazyFilter); the tab hands the answer to the list, and the
// text has the fund names of the load.
func TestClaimsFilterTextArrivesThroughTheTab(t *testing.T) {
	f := newFx(t, true)
	funds := []*model.Fund{{Meta: model.Meta{ID: "f1"}, Name: "Ehrenamtspauschale"}, {Meta: model.Meta{ID: "f2"}, Name: "Sprachcafé-Topf"}}
	rows := make([]store.ClaimRow, 2500)
	inCafe := 0
	for i := range rows {
		rows[i] = store.ClaimRow{ID: fmt.Sprint(i), Number: fmt.Sprintf("K-2026-%04d", i), Status: model.ClaimEingereicht,
			PersonName: fmt.Sprintf("Person %d", i%300), FundID: "f1", Total: model.Money(1000 + i),
			PeriodFrom: model.Date{Year: 2026, Month: time.Month(1 + i%12), Day: 1}}
		if i%11 == 0 {
			rows[i].FundID = "f2"
			inCafe++
		}
	}
	f.send(claimsLoadedMsg{rows: rows, funds: funds, usages: map[string]model.FundUsage{}})
	if n := f.tab.claims.Total(); n != 2500 {
		t.Fatalf("list has %d rows", n)
	}
	if v := f.view(); !strings.Contains(v, "Anträge (2.500)") {
		t.Fatalf("head count without thousands point:\n%s", v)
	}
	f.key("/")
	for _, r := range "sprachcaf" {
		f.key(string(r))
	}
	if n := f.tab.claims.Len(); n != inCafe {
		t.Fatalf("filter found %d claims, want %d", n, inCafe)
	}
}
