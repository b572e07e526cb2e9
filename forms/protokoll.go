package forms

import (
	"fmt"
	"io"
	"strings"
	"time"

	"stabsstelle/model"
)

// Protokoll prints the minutes of a meeting: the event, attendance, the
// text, the decisions and the tasks.
func Protokoll(w io.Writer, lh model.Letterhead, p model.Protokoll, printed time.Time) error {
	ev := p.Event
	d := newDoc(lh, "Protokoll "+ev.Number, "Protokoll", printed)
	d.heading("Protokoll: " + ev.Title)
	d.field("Nr.", ev.Number)
	d.field("Art", string(ev.Type))
	d.field("Gremium", ev.Gremium)
	d.field("Termin", ev.When())
	d.field("Ort", ev.Place())
	d.field("Themenfelder", ev.ThemenLabel())
	d.field("Teilnehmende", p.AttendanceText())
	if len(p.Organisations) > 0 {
		d.field("Einrichtungen", strings.Join(p.Organisations, ", "))
	}
	d.sub("Verlauf")
	if t := strings.TrimSpace(ev.Protokoll); t != "" {
		d.text(t)
	} else {
		d.text("(kein Protokolltext erfasst)")
	}
	d.sub("Beschlüsse")
	if len(ev.Decisions) == 0 {
		d.text("(keine)")
	}
	for i, dec := range ev.Decisions {
		d.text(fmt.Sprintf("%d. %s", i+1, dec))
	}
	d.sub("Aufgaben")
	if len(p.Tasks) == 0 {
		d.text("(keine)")
	} else {
		// A list, not a table: a task's text may be long and must not be cut.
		for _, t := range p.Tasks {
			meta := []string{string(t.Status)}
			if t.Owner != "" {
				meta = append(meta, "zuständig: "+t.Owner)
			}
			if !t.Due.IsZero() {
				meta = append(meta, "bis "+t.Due.String())
			}
			d.text("• " + t.Text + " (" + strings.Join(meta, ", ") + ")")
		}
	}
	return d.write(w)
}
