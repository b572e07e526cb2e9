package kosten

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/keys"
	"stabsstelle/ui/theme"
	"stabsstelle/ui/uitest"
)

func benchTab(b *testing.B, n int) *Tab {
	ctx := &common.Context{User: "bench", Roles: model.AllTeamRoles, Styles: theme.New(true), Global: keys.DefaultGlobal(), List: keys.DefaultList(),
		Now: func() time.Time { return testNow }, Width: 80, Height: 21}
	t := New(ctx)
	t.Update(tea.WindowSizeMsg{Width: 80, Height: 21})
	rows := make([]store.ClaimRow, n)
	for i := range rows {
		rows[i] = store.ClaimRow{ID: fmt.Sprint(i), Number: fmt.Sprintf("K-2026-%05d", i), Status: model.ClaimStatuses[i%6],
			PersonName: fmt.Sprintf("Person %d", i%300), Total: model.Money(1000 + i), PeriodFrom: model.Date{Year: 2026, Month: time.Month(1 + i%12), Day: 1}}
	}
	t.Update(claimsLoadedMsg{rows: rows, usages: map[string]model.FundUsage{}})
	return t
}

// BenchmarkClaimsLoaded20k: rows arriving from the store until the first
// full view.
func BenchmarkClaimsLoaded20k(b *testing.B) {
	t := benchTab(b, 20000)
	rows := t.rows
	b.ResetTimer()
	for range b.N {
		t.Update(claimsLoadedMsg{rows: rows, usages: map[string]model.FundUsage{}})
		_ = t.View()
	}
}

// BenchmarkClaimsFilterKeystroke20k: one key typed into the list filter
// (Update + View) over 20 000 claims.
func BenchmarkClaimsFilterKeystroke20k(b *testing.B) {
	t := benchTab(b, 20000)
	// `/` builds the filter text in a command (table.WithLazyFilter).
	(&uitest.Drainer{Update: t.Update}).Run(b, t.Update(tea.KeyPressMsg{Code: '/', Text: "/"}))
	b.ResetTimer()
	for i := range b.N {
		r := rune('0' + i%10)
		t.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		_ = t.View()
		t.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
}
