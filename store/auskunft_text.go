package store

import (
	"fmt"
	"strings"

	"stabsstelle/model"
)

// Markdown is the Auskunft as German text (Markdown).
func (a *Auskunft) Markdown() string {
	var t auskunftText
	a.writeHead(&t)
	a.writePerson(&t)
	a.writeEinsaetze(&t)
	a.writeKosten(&t)
	a.writeNetzwerk(&t)
	a.writeJournal(&t)
	return t.b.String()
}

// auskunftText is the Markdown of an Auskunft as it is written.
type auskunftText struct{ b strings.Builder }

func (t *auskunftText) p(format string, args ...any) { fmt.Fprintf(&t.b, format, args...) }

// mdCell makes s fit one table cell: no column bar, no line break.
func mdCell(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", "/"), "\n", " ") }

// table writes one section: its title with the count, then a row per
// record, or "Keine." (empty says why when it may surprise).
func (t *auskunftText) table(title string, n int, empty string, cols []string, row func(i int) []string) {
	t.p("\n## %s (%d)\n\n", title, n)
	if n == 0 {
		t.p("%s\n", empty)
		return
	}
	t.p("| %s |\n|%s\n", strings.Join(cols, " | "), strings.Repeat("---|", len(cols)))
	for i := range n {
		cells := row(i)
		for j := range cells {
			cells[j] = mdCell(cells[j])
		}
		t.p("| %s |\n", strings.Join(cells, " | "))
	}
}

// writeHead writes the title, who made the Auskunft and when, and a
// restriction of the processing.
func (a *Auskunft) writeHead(t *auskunftText) {
	t.p("# Auskunft nach Art. 15 DSGVO über %s\n\n", a.Name)
	t.p("Erstellt am %s", model.FormatDateTime(a.Created))
	if a.By != "" {
		t.p(" von %s", a.By)
	}
	t.p(". Stabsstelle Integration – gespeicherte Daten in allen Bereichen des Programms (Sprachmittlung, Kostenerstattungen, Netzwerk).\n\n")
	if a.Restricted != nil {
		t.p("**Die Verarbeitung ist eingeschränkt (Art. 18 DSGVO)** seit %s; die Daten werden nur noch für die Kreiskasse aufbewahrt, bis %s.\n\n",
			model.FormatDate(a.Restricted.Since), a.Restricted.Until)
	}
}

// writePerson writes the person record: roles, institution, every field.
func (a *Auskunft) writePerson(t *auskunftText) {
	t.p("## Personendaten\n\n")
	roles := "keine"
	if len(a.Roles) > 0 {
		roles = strings.Join(a.Roles, ", ")
	}
	t.p("Rollen: %s\n", roles)
	if a.Organisation != "" {
		t.p("Einrichtung: %s\n", a.Organisation)
	}
	t.p("\n| Angabe | Wert |\n|---|---|\n")
	for _, f := range a.PersonFields() {
		t.p("| %s | %s |\n", mdCell(f[0]), mdCell(f[1]))
	}
}

func (a *Auskunft) writeEinsaetze(t *auskunftText) {
	t.table("Einsätze", len(a.Einsaetze), "Keine.", []string{"Nummer", "Termin", "Sprache", "Einrichtung", "Ort", "Stand", "als"}, func(i int) []string {
		e := a.Einsaetze[i]
		return []string{e.Number, model.FormatDateTime(e.Start), e.Language, e.Organisation, e.Place, e.Status, e.As}
	})
}

// writeKosten writes the claims, the payouts and the Rückforderungen.
func (a *Auskunft) writeKosten(t *auskunftText) {
	t.table("Anträge auf Kostenerstattung", len(a.Claims), "Keine.", []string{"Nummer", "Zeitraum", "Projekt", "Betrag", "Stand"}, func(i int) []string {
		c := a.Claims[i]
		return []string{c.Number, c.From.String() + " – " + c.To.String(), c.Project, c.Total.String(), c.Status}
	})
	t.table("Auszahlungen", len(a.Payouts), "Keine.", []string{"Zahllauf", "Datum", "Antrag", "Kontoinhaber:in", "IBAN", "Betrag"}, func(i int) []string {
		x := a.Payouts[i]
		return []string{x.Run, model.FormatDate(x.Date), x.Claim, x.Holder, x.IBAN, x.Amount.String()}
	})
	if len(a.Payouts) > 0 {
		t.p("\nIBAN anderer Kontoinhaber:innen sind gekürzt.\n")
	}
	t.table("Rückforderungen", len(a.Reclaims), "Keine.", []string{"Nummer", "Antrag", "Betrag", "Grund", "Stand"}, func(i int) []string {
		r := a.Reclaims[i]
		return []string{r.Number, r.Claim, r.Amount.String(), r.Reason, r.Status}
	})
}

// writeNetzwerk writes the registrations for events and the tasks.
func (a *Auskunft) writeNetzwerk(t *auskunftText) {
	t.table("Anmeldungen zu Veranstaltungen", len(a.Registrations), "Keine.", []string{"Veranstaltung", "Termin", "Status", "Rolle", "angemeldet am", "eingecheckt"}, func(i int) []string {
		r := a.Registrations[i]
		in := ""
		if !r.CheckedIn.IsZero() {
			in = model.FormatDateTime(r.CheckedIn)
		}
		return []string{r.Event + " " + r.Title, model.FormatDateTime(r.Start), r.Status, r.Role, model.FormatDate(r.Registered), in}
	})
	t.table("Aufgaben", len(a.Tasks), "Keine.", []string{"Aufgabe", "Stand", "fällig"}, func(i int) []string {
		k := a.Tasks[i]
		return []string{k.Text, k.Status, k.Due.String()}
	})
}

func (a *Auskunft) writeJournal(t *auskunftText) {
	t.table("Journal: Änderungen der Personendaten", len(a.Journal), "Keine (z. B. aus einem Import ohne Einzeleinträge).", []string{"Zeitpunkt", "von", "Änderung", "Felder"}, func(i int) []string {
		j := a.Journal[i]
		what := j.Op
		if j.Note != "" {
			what += " – " + j.Note
		}
		return []string{model.FormatDateTime(j.At), j.Who, what, strings.Join(j.Fields, ", ")}
	})
}
