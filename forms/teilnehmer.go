package forms

import (
	"fmt"
	"io"
	"time"

	"stabsstelle/model"
)

// SignInSheet prints the Teilnehmer- und Unterschriftenliste of an event:
// one numbered row per registered person with room to sign, then blank
// rows for people who come without registration. The header repeats on
// every page.
func SignInSheet(w io.Writer, lh model.Letterhead, ev *model.Event, rows []model.SignInRow, blank int, printed time.Time) error {
	d := newDoc(lh, "Teilnehmerliste "+ev.Number, "Teilnehmer- und Unterschriftenliste", printed)
	d.heading("Teilnehmer- und Unterschriftenliste")
	d.field("Veranstaltung", joinDot(ev.Number, ev.Title))
	when := ev.When()
	if !ev.Start.IsZero() {
		when = model.DateOf(ev.Start).WeekdayShort() + " " + when
	}
	d.field("Termin", when)
	d.field("Ort", ev.Place())
	d.field("Veranstalter", ev.Organiser)
	d.pdf.Ln(3)
	cols := []column{{Head: "Nr.", Width: 10, Align: "R"}, {Head: "Name", Width: 50}, {Head: "Einrichtung", Width: 45},
		{Head: "Rolle", Width: 13, Align: "C"}, {Head: "Unterschrift", Width: bodyW - 118}}
	var table [][]string
	for i, r := range rows {
		table = append(table, []string{fmt.Sprint(i + 1), r.Name, r.Organisation, roleShort(r.Role), ""})
	}
	for i := 0; i < max(blank, 0); i++ {
		table = append(table, []string{fmt.Sprint(len(rows) + i + 1), "", "", "", ""})
	}
	d.table(cols, table, 10)
	d.pdf.Ln(3)
	d.small("Rolle: H = Hauptamt, E = Ehrenamt. Mit der Unterschrift wird die Teilnahme bestätigt. " +
		"Die Liste dient nur dem Nachweis der Teilnahme und wird nach Abschluss der Veranstaltung gelöscht, " +
		"sofern sie nicht als Verwendungsnachweis aufbewahrt werden muss.")
	return d.write(w)
}

func roleShort(r model.Role) string {
	switch r {
	case model.RoleHauptamt:
		return "H"
	case model.RoleEhrenamt:
		return "E"
	}
	return ""
}
