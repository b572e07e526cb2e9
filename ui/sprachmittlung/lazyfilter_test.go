package sprachmittlung

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// The Einsatz list builds its filter text only when `/` is pressed, in a
// command (table.WithLazyFilter): the message that brings it must find its
// way back through the tab to the list, and the filter must then find what
// it found before. 2 400 Einsätze, so the list is long enough to wait.
func TestListFilterTextArrivesThroughTheTab(t *testing.T) {
	f := newFixture(t, true, 120, 30)
	day := model.NewDate(2026, 3, 9)
	tigrinya := 0
	err := f.st.Bulk("test", func(tx *store.Tx) error {
		for i := range 2400 {
			lang, org := "Arabisch", f.jobcenter
			if i%9 == 0 {
				lang, org = "Tigrinya", f.schule
				tigrinya++
			}
			e := &model.Einsatz{OrganisationID: org, Language: lang, Setting: model.SettingOnSite, Place: "Gifhorn",
				Start: model.At(day.AddDays(i/40), model.Clock(8*60+i%40*10)).UTC(), Duration: time.Hour,
				Topic: model.TopicArbeit, Status: model.StatusSuche}
			if err := store.Einsaetze.Put(tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f.run(t, f.tab.list.load())
	if n := f.tab.list.table.Total(); n != 2403 {
		t.Fatalf("list has %d rows", n)
	}
	// The head counts as the table's status line does, with thousands points.
	if v := f.view(t); !strings.Contains(v, "2.403 von 2.403 · Status") {
		t.Fatalf("head count not German:\n%s", v)
	}
	f.press(t, "/", "tigrinya")
	// The fixture's two Tigrinya Einsätze and the new ones.
	if n := f.tab.list.table.Len(); n != tigrinya+2 {
		t.Fatalf("filter found %d, want %d", n, tigrinya+2)
	}
	f.press(t, " wittingen")
	if n := f.tab.list.table.Len(); n != tigrinya+1 { // e2 is at the school too
		t.Fatalf("two words found %d, want %d", n, tigrinya+1)
	}
	if v := f.view(t); !strings.Contains(v, fmt.Sprintf("%d von 2.403", tigrinya+1)) {
		t.Fatalf("count not shown:\n%s", v)
	}
	f.press(t, "esc")
	if n := f.tab.list.table.Len(); n != 2403 {
		t.Fatalf("esc left %d rows", n)
	}
}
