package kosten

import (
	"fmt"
	"maps"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
)

// checklist is the screen behind E: an interpreter's finished Einsätze of
// a month or a year that no claim pays yet, all preselected; the user
// chooses which go into the claim. Each row shows the Einsatz's parts
// (EinsatzParts), so what the claim will pay is visible before it exists.
type checklist struct {
	personID, name string
	year           int
	month          time.Month // 0: the whole year
	rows           []checkRow
	chosen         map[string]bool
	initial        map[string]bool // the preselection, to see if the user changed it
	cursor, top    int
	loading        bool
	fund           string // the year's Topf für Sprachmittlung, "" if none is set
	seq            int    // answers of older loads are dropped
}

type checkRow struct {
	e     *model.Einsatz
	parts model.EinsatzParts
}

type checklistLoadedMsg struct {
	seq  int
	rows []checkRow
	year int
	fund string
	err  error
}

// openChecklist starts the checklist for interpreter personID with the year
// of their oldest unclaimed Einsatz (a claim covers one year).
func (t *Tab) openChecklist(personID, name string) tea.Cmd {
	t.check = &checklist{personID: personID, name: name, loading: true}
	t.screen = scrEinsaetze
	t.flash = ""
	return t.loadChecklist(true)
}

// loadChecklist reads the Einsätze of the checklist's period; first asks
// for the oldest year with unclaimed Einsätze.
func (t *Tab) loadChecklist(first bool) tea.Cmd {
	cl := t.check
	cl.seq++
	cl.loading = true
	seq, pid, year, month := cl.seq, cl.personID, cl.year, cl.month
	return common.Read(t.ctx, func(tx *store.Tx) (checklistLoadedMsg, error) {
		var err error
		if first {
			if year, err = store.OldestUnclaimedYear(tx, pid); err != nil {
				return checklistLoadedMsg{}, err
			}
		}
		from, to := periodBounds(year, month)
		es, err := store.UnclaimedEinsaetze(tx, pid, from, to)
		if err != nil {
			return checklistLoadedMsg{}, err
		}
		m := checklistLoadedMsg{seq: seq, year: year}
		for _, e := range es {
			m.rows = append(m.rows, checkRow{e: e, parts: e.Parts()})
		}
		set, err := store.LoadKostenSettings(tx)
		if err != nil {
			return checklistLoadedMsg{}, err
		}
		if id := set.SprachmittlungFund(year); id != "" {
			if f, err := store.Funds.Get(tx, id); err == nil {
				m.fund = f.Name
			}
		}
		return m, nil
	}, func(m checklistLoadedMsg, err error) tea.Msg { m.seq, m.err = seq, err; return m })
}

// periodBounds are the first and last day of a year or of one month.
func periodBounds(year int, month time.Month) (from, to model.Date) {
	if month == 0 {
		return model.Date{Year: year, Month: 1, Day: 1}, model.Date{Year: year, Month: 12, Day: 31}
	}
	return model.Date{Year: year, Month: month, Day: 1}, model.NewDate(year, month+1, 0)
}

func (t *Tab) checklistLoaded(m checklistLoadedMsg) tea.Cmd {
	cl := t.check
	if cl == nil || m.seq != cl.seq {
		return nil
	}
	cl.loading = false
	if m.err != nil {
		t.setFlash(m.err.Error(), true)
		return nil
	}
	cl.year, cl.rows, cl.fund = m.year, m.rows, m.fund
	cl.chosen = map[string]bool{}
	for _, r := range cl.rows {
		cl.chosen[r.e.ID] = true // preselected: all unpaid of the period
	}
	cl.initial = maps.Clone(cl.chosen)
	cl.cursor, cl.top = 0, 0
	return nil
}

// changed reports whether the user's choice differs from the preselection.
func (cl *checklist) changed() bool {
	return cl != nil && !maps.Equal(cl.chosen, cl.initial)
}

func (cl *checklist) periodLabel() string {
	if cl.month == 0 {
		return fmt.Sprintf("Jahr %d", cl.year)
	}
	return fmt.Sprintf("%s %d", monthNames[cl.month], cl.year)
}

var monthNames = [...]string{"", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}

// move shifts the period by one month or year.
func (cl *checklist) move(d int) {
	if cl.month == 0 {
		cl.year += d
		return
	}
	m := int(cl.month) + d
	switch {
	case m < 1:
		cl.month, cl.year = 12, cl.year-1
	case m > 12:
		cl.month, cl.year = 1, cl.year+1
	default:
		cl.month = time.Month(m)
	}
}

// sums adds up the chosen Einsätze' parts.
func (cl *checklist) sums() (n int, allowance, travel model.Money, km model.Km) {
	for _, r := range cl.rows {
		if cl.chosen[r.e.ID] {
			n++
			allowance += r.parts.AllowanceLine()
			travel += r.parts.Travel
			km += r.parts.Km
		}
	}
	return
}

// updateChecklist handles a key in the checklist of Einsätze: choose,
// change the period, make the claim.
func (t *Tab) updateChecklist(kp tea.KeyPressMsg) tea.Cmd {
	cl := t.check
	k, l := t.keys, t.ctx.List
	t.flash = "" // a hint from the last key is answered by this one
	switch {
	case key.Matches(kp, l.Back):
		t.leaveChecklist()
		return nil
	case cl.loading:
		return nil
	case key.Matches(kp, l.Up):
		cl.cursor = max(0, cl.cursor-1)
	case key.Matches(kp, l.Down):
		cl.cursor = max(0, min(len(cl.rows)-1, cl.cursor+1))
	case key.Matches(kp, k.Check):
		cl.toggle()
	case key.Matches(kp, k.CheckAll):
		cl.toggleAll()
	case key.Matches(kp, k.PrevPeriod, k.NextPeriod, k.MonthYear):
		return t.changePeriod(kp)
	case key.Matches(kp, l.Open):
		return t.createFromChecklist()
	}
	t.scrollChecklist()
	return nil
}

// leaveChecklist closes the checklist, asking first when Einsätze were
// chosen.
func (t *Tab) leaveChecklist() {
	if t.check.changed() {
		t.ask("Die Auswahl der Einsätze verwerfen? Es wird kein Antrag angelegt.", func() tea.Cmd {
			t.closeChecklist()
			return nil
		})
		return
	}
	t.closeChecklist()
}

// toggle chooses the Einsatz under the cursor (or not) and moves on.
func (cl *checklist) toggle() {
	if cl.cursor >= len(cl.rows) {
		return
	}
	id := cl.rows[cl.cursor].e.ID
	cl.chosen[id] = !cl.chosen[id]
	if !cl.chosen[id] {
		delete(cl.chosen, id)
	}
	cl.cursor = min(len(cl.rows)-1, cl.cursor+1)
}

// toggleAll chooses every Einsatz, or none when all are chosen.
func (cl *checklist) toggleAll() {
	if len(cl.chosen) == len(cl.rows) {
		cl.chosen = map[string]bool{}
		return
	}
	for _, r := range cl.rows {
		cl.chosen[r.e.ID] = true
	}
}

// changePeriod goes to the previous or next period, or between month and
// year (the month of today, or of the first Einsatz); the choice is lost,
// so it asks first when there is one.
func (t *Tab) changePeriod(kp tea.KeyPressMsg) tea.Cmd {
	cl, k := t.check, t.keys
	move := func() tea.Cmd {
		switch {
		case key.Matches(kp, k.PrevPeriod):
			cl.move(-1)
		case key.Matches(kp, k.NextPeriod):
			cl.move(1)
		case cl.month == 0:
			cl.month = 1
			if today := model.Today(t.ctx.Now()); today.Year == cl.year {
				cl.month = today.Month
			} else if len(cl.rows) > 0 {
				cl.month = model.DateOf(cl.rows[0].e.Start).Month
			}
		default:
			cl.month = 0
		}
		return t.loadChecklist(false)
	}
	if cl.changed() {
		t.ask("Der Zeitraum wechselt – die Auswahl geht verloren. Trotzdem wechseln?", move)
		return nil
	}
	return move()
}

// checkRoom is the number of rows the checklist shows.
func (t *Tab) checkRoom() int { return max(1, t.h-5) }

// scrollChecklist keeps the cursor visible (Update calls it; View only
// reads the offset).
func (t *Tab) scrollChecklist() {
	cl := t.check
	if cl == nil {
		return
	}
	room := t.checkRoom()
	if cl.cursor < cl.top {
		cl.top = cl.cursor
	}
	if cl.cursor >= cl.top+room {
		cl.top = cl.cursor - room + 1
	}
	cl.top = max(0, min(cl.top, len(cl.rows)-room))
}

func (t *Tab) closeChecklist() {
	t.check = nil
	t.screen = scrClaims
}

func (t *Tab) createFromChecklist() tea.Cmd {
	cl := t.check
	var ids []string
	for _, r := range cl.rows {
		if cl.chosen[r.e.ID] {
			ids = append(ids, r.e.ID)
		}
	}
	if len(ids) == 0 {
		t.setFlash("Bitte mindestens einen Einsatz auswählen (Leertaste oder x; a = alle).", true)
		return nil
	}
	n, allowance, travel, _ := cl.sums()
	pid, fund, year := cl.personID, cl.fund, cl.year
	var made *model.Claim
	return t.ctx.Write(func(tx *store.Tx) error {
		var err error
		made, err = store.ClaimFromEinsaetze(tx, pid, ids)
		return err
	}, func(err error) tea.Msg {
		if err != nil {
			return actionDoneMsg{err: err}
		}
		text := fmt.Sprintf("%s aus %d Einsätzen angelegt (Entwurf): Aufwandsentschädigung %s, Fahrtkosten %s.", made.Number, n, allowance, travel)
		if fund == "" {
			text += fmt.Sprintf(" Kein Topf für Sprachmittlung %d festgelegt – unter Fördertöpfe (t) mit s festlegen.", year)
		}
		return actionDoneMsg{c: made, open: true, text: text, checklistDone: true}
	})
}

func (t *Tab) viewChecklist() string {
	st := t.ctx.Styles
	cl := t.check
	var b strings.Builder
	b.WriteString(t.header("Einsätze abrechnen · "+cl.name+" · "+cl.periodLabel()) + "\n")
	fund := "Topf: " + cl.fund
	if cl.fund == "" {
		fund = st.Warning.Render(fmt.Sprintf("kein Topf für Sprachmittlung %d (Fördertöpfe: s)", cl.year))
	}
	b.WriteString(ansi.Truncate(st.Muted.Render("←/→ Zeitraum · m Monat/Jahr · ")+fund, t.w, "…") + "\n")
	if cl.loading {
		b.WriteString(st.Muted.Render("lädt …") + "\n")
		return b.String()
	}
	if len(cl.rows) == 0 {
		b.WriteString(st.Muted.Render("Keine durchgeführten, noch nicht abgerechneten Einsätze in diesem Zeitraum (←/→ anderer Zeitraum).") + "\n")
		return b.String()
	}
	langW := max(6, t.w-64)
	b.WriteString(st.Header.Render(fmt.Sprintf("    %-11s %-10s %-*s %6s %10s %4s %10s", "Nr.", "Datum", langW, "Sprache", "Zeit", "AE", "km", "Fahrtk.")) + "\n")
	room := t.checkRoom()
	for i := cl.top; i < len(cl.rows) && i < cl.top+room; i++ {
		line := cl.rowLine(cl.rows[i], langW)
		if i == cl.cursor {
			line = st.Selected.Render(line)
		}
		b.WriteString(line + "\n")
	}
	n, allowance, travel, km := cl.sums()
	sum := fmt.Sprintf("Ausgewählt %d von %d · Aufwandsentschädigung %s · Fahrtkosten %s (%s) · zusammen %s",
		n, len(cl.rows), allowance, travel, km, allowance+travel)
	if ansi.StringWidth(sum) > t.w {
		sum = fmt.Sprintf("%d von %d · AE %s · Fahrtkosten %s (%s) · zus. %s", n, len(cl.rows), allowance, travel, km, allowance+travel)
	}
	lines := strings.Count(b.String(), "\n")
	for ; lines < t.h-1; lines++ {
		b.WriteString("\n")
	}
	b.WriteString(st.Bold.Render(ansi.Truncate(sum, t.w, "…")))
	return b.String()
}

// rowLine is one Einsatz of the checklist: chosen, number, date, language
// (or why it was cancelled), time, Aufwandsentschädigung, km and travel.
func (cl *checklist) rowLine(r checkRow, langW int) string {
	mark := "[ ]"
	if cl.chosen[r.e.ID] {
		mark = "[x]"
	}
	lang := r.e.Language
	if r.e.Nachweis == nil {
		lang = "Ausfall: " + r.e.Status.Label()
	}
	when := "—"
	if r.parts.Minutes > 0 {
		when = model.FormatDuration(time.Duration(r.parts.Minutes) * time.Minute)
	}
	km, travel := "", ""
	if r.parts.Km > 0 {
		km, travel = r.parts.Km.Plain(), r.parts.Travel.Plain()
	}
	return fmt.Sprintf("%s %-11s %-10s %-*.*s %6s %10s %4s %10s", mark, r.e.Number, model.DateOf(r.e.Start), langW, langW, lang,
		when, r.parts.AllowanceLine().Plain(), km, travel)
}
