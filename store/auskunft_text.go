package store

import (
	"fmt"
	"strings"

	"stabsstelle/model"
)

// Markdown is the Auskunft as German text (Markdown).
func (a *Auskunft) Markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	cell := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", "/"), "\n", " ") }
	p("# Auskunft nach Art. 15 DSGVO über %s\n\n", a.Name)
	p("Erstellt am %s", model.FormatDateTime(a.Created))
	if a.By != "" {
		p(" von %s", a.By)
	}
	p(". Stabsstelle Integration – gespeicherte Daten in allen Bereichen des Programms (Sprachmittlung, Kostenerstattungen, Netzwerk).\n\n")
	if a.Restricted != nil {
		p("**Die Verarbeitung ist eingeschränkt (Art. 18 DSGVO)** seit %s; die Daten werden nur noch für die Kreiskasse aufbewahrt, bis %s.\n\n",
			model.FormatDate(a.Restricted.Since), a.Restricted.Until)
	}
	p("## Personendaten\n\n")
	roles := "keine"
	if len(a.Roles) > 0 {
		roles = strings.Join(a.Roles, ", ")
	}
	p("Rollen: %s\n", roles)
	if a.Organisation != "" {
		p("Einrichtung: %s\n", a.Organisation)
	}
	p("\n| Angabe | Wert |\n|---|---|\n")
	for _, f := range a.PersonFields() {
		p("| %s | %s |\n", cell(f[0]), cell(f[1]))
	}
	// table writes one section: its title with the count, then a row per
	// record, or "Keine." (empty says why when it may surprise).
	table := func(title string, n int, empty string, cols []string, row func(i int) []string) {
		p("\n## %s (%d)\n\n", title, n)
		if n == 0 {
			p("%s\n", empty)
			return
		}
		p("| %s |\n|%s\n", strings.Join(cols, " | "), strings.Repeat("---|", len(cols)))
		for i := range n {
			cells := row(i)
			for j := range cells {
				cells[j] = cell(cells[j])
			}
			p("| %s |\n", strings.Join(cells, " | "))
		}
	}
	table("Einsätze", len(a.Einsaetze), "Keine.", []string{"Nummer", "Termin", "Sprache", "Einrichtung", "Ort", "Stand", "als"}, func(i int) []string {
		e := a.Einsaetze[i]
		return []string{e.Number, model.FormatDateTime(e.Start), e.Language, e.Organisation, e.Place, e.Status, e.As}
	})
	table("Anträge auf Kostenerstattung", len(a.Claims), "Keine.", []string{"Nummer", "Zeitraum", "Projekt", "Betrag", "Stand"}, func(i int) []string {
		c := a.Claims[i]
		return []string{c.Number, c.From.String() + " – " + c.To.String(), c.Project, c.Total.String(), c.Status}
	})
	table("Auszahlungen", len(a.Payouts), "Keine.", []string{"Zahllauf", "Datum", "Antrag", "Kontoinhaber:in", "IBAN", "Betrag"}, func(i int) []string {
		x := a.Payouts[i]
		return []string{x.Run, model.FormatDate(x.Date), x.Claim, x.Holder, x.IBAN, x.Amount.String()}
	})
	if len(a.Payouts) > 0 {
		p("\nIBAN anderer Kontoinhaber:innen sind gekürzt.\n")
	}
	table("Rückforderungen", len(a.Reclaims), "Keine.", []string{"Nummer", "Antrag", "Betrag", "Grund", "Stand"}, func(i int) []string {
		r := a.Reclaims[i]
		return []string{r.Number, r.Claim, r.Amount.String(), r.Reason, r.Status}
	})
	table("Anmeldungen zu Veranstaltungen", len(a.Registrations), "Keine.", []string{"Veranstaltung", "Termin", "Status", "Rolle", "angemeldet am", "eingecheckt"}, func(i int) []string {
		r := a.Registrations[i]
		in := ""
		if !r.CheckedIn.IsZero() {
			in = model.FormatDateTime(r.CheckedIn)
		}
		return []string{r.Event + " " + r.Title, model.FormatDateTime(r.Start), r.Status, r.Role, model.FormatDate(r.Registered), in}
	})
	table("Aufgaben", len(a.Tasks), "Keine.", []string{"Aufgabe", "Stand", "fällig"}, func(i int) []string {
		t := a.Tasks[i]
		return []string{t.Text, t.Status, t.Due.String()}
	})
	table("Journal: Änderungen der Personendaten", len(a.Journal), "Keine (z. B. aus einem Import ohne Einzeleinträge).", []string{"Zeitpunkt", "von", "Änderung", "Felder"}, func(i int) []string {
		j := a.Journal[i]
		what := j.Op
		if j.Note != "" {
			what += " – " + j.Note
		}
		return []string{model.FormatDateTime(j.At), j.Who, what, strings.Join(j.Fields, ", ")}
	})
	return b.String()
}
