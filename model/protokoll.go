package model

import (
	"fmt"
	"strings"
	"time"
)

// Protokoll is what the minutes of a meeting print: the event, how many
// came (and from which organisations – people are not named, so the
// minutes can be passed on), the text, the decisions and the follow-up
// tasks.
type Protokoll struct {
	Event         *Event
	Counts        AttendanceCounts
	Organisations []string // names of the organisations present, sorted
	Tasks         []*Task
}

// Markdown writes the Protokoll as Markdown (for mail, wiki or a document
// converter). Text typed into the Protokoll is kept as it is: it may hold
// Markdown of its own.
func (p Protokoll) Markdown(lh Letterhead, printed time.Time) string {
	ev := p.Event
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f+"\n", a...) }
	w("# Protokoll: %s", mdLine(ev.Title))
	w("")
	w("%s · %s", mdLine(lh.Authority), mdLine(lh.Office))
	w("")
	p.mdFacts(w)
	w("")
	if len(p.Organisations) > 0 {
		w("**Vertretene Einrichtungen:** %s", mdLine(strings.Join(p.Organisations, ", ")))
		w("")
	}
	w("## Verlauf")
	w("")
	if t := strings.TrimSpace(ev.Protokoll); t != "" {
		w("%s", strings.ReplaceAll(t, "\r\n", "\n"))
	} else {
		w("_(kein Protokolltext erfasst)_")
	}
	w("")
	w("## Beschlüsse")
	w("")
	if len(ev.Decisions) == 0 {
		w("_(keine)_")
	}
	for i, d := range ev.Decisions {
		w("%d. %s", i+1, mdLine(d))
	}
	w("")
	w("## Aufgaben")
	w("")
	p.mdTasks(w)
	w("")
	w("_Erstellt am %s mit stabsstelle._", FormatDate(printed))
	return b.String()
}

// mdFacts writes the table of the event's facts: number, kind, Gremium,
// time, place, Themenfelder and attendance.
func (p Protokoll) mdFacts(w func(f string, a ...any)) {
	ev := p.Event
	w("| | |")
	w("|---|---|")
	w("| Nr. | %s |", ev.Number)
	w("| Art | %s |", mdCell(string(ev.Type)))
	if ev.Gremium != "" {
		w("| Gremium | %s |", mdCell(ev.Gremium))
	}
	w("| Termin | %s |", mdCell(ev.When()))
	if pl := ev.Place(); pl != "" {
		w("| Ort | %s |", mdCell(pl))
	}
	if t := ev.ThemenLabel(); t != "" {
		w("| Themenfelder | %s |", mdCell(t))
	}
	w("| Teilnehmende | %s |", p.attendance())
}

// mdTasks writes the follow-up tasks as a table, or "(keine)".
func (p Protokoll) mdTasks(w func(f string, a ...any)) {
	if len(p.Tasks) == 0 {
		w("_(keine)_")
		return
	}
	w("| Aufgabe | zuständig | bis | Status |")
	w("|---|---|---|---|")
	for _, t := range p.Tasks {
		due := ""
		if !t.Due.IsZero() {
			due = t.Due.String()
		}
		w("| %s | %s | %s | %s |", mdCell(t.Text), mdCell(t.Owner), due, t.Status)
	}
}

// attendance is "12 anwesend (5 Hauptamt, 7 Ehrenamt), 3 entschuldigt/nicht erschienen".
func (p Protokoll) attendance() string {
	c := p.Counts
	s := fmt.Sprintf("%d anwesend", c.Teilgenommen)
	if c.Hauptamt+c.Ehrenamt > 0 {
		s += fmt.Sprintf(" (%d Hauptamt, %d Ehrenamt)", c.Hauptamt, c.Ehrenamt)
	}
	if c.NichtErschienen > 0 {
		s += fmt.Sprintf(", %d nicht erschienen", c.NichtErschienen)
	}
	return s
}

// AttendanceText is the attendance line for forms.
func (p Protokoll) AttendanceText() string { return p.attendance() }

// mdLine keeps a value on one line.
func mdLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// mdCell makes a value safe inside a Markdown table cell.
func mdCell(s string) string { return strings.ReplaceAll(mdLine(s), "|", "\\|") }
