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
	p("\n## Einsätze (%d)\n\n", len(a.Einsaetze))
	if len(a.Einsaetze) == 0 {
		p("Keine.\n")
	} else {
		p("| Nummer | Termin | Sprache | Einrichtung | Ort | Stand | als |\n|---|---|---|---|---|---|---|\n")
		for _, e := range a.Einsaetze {
			p("| %s | %s | %s | %s | %s | %s | %s |\n", e.Number, model.FormatDateTime(e.Start), cell(e.Language), cell(e.Organisation), cell(e.Place), e.Status, e.As)
		}
	}
	p("\n## Anträge auf Kostenerstattung (%d)\n\n", len(a.Claims))
	if len(a.Claims) == 0 {
		p("Keine.\n")
	} else {
		p("| Nummer | Zeitraum | Projekt | Betrag | Stand |\n|---|---|---|---|---|\n")
		for _, c := range a.Claims {
			p("| %s | %s – %s | %s | %s | %s |\n", c.Number, c.From, c.To, cell(c.Project), c.Total, c.Status)
		}
	}
	p("\n## Auszahlungen (%d)\n\n", len(a.Payouts))
	if len(a.Payouts) == 0 {
		p("Keine.\n")
	} else {
		p("| Zahllauf | Datum | Antrag | Kontoinhaber:in | IBAN | Betrag |\n|---|---|---|---|---|---|\n")
		for _, x := range a.Payouts {
			p("| %s | %s | %s | %s | %s | %s |\n", x.Run, model.FormatDate(x.Date), x.Claim, cell(x.Holder), x.IBAN, x.Amount)
		}
		p("\nIBAN anderer Kontoinhaber:innen sind gekürzt.\n")
	}
	p("\n## Rückforderungen (%d)\n\n", len(a.Reclaims))
	if len(a.Reclaims) == 0 {
		p("Keine.\n")
	} else {
		p("| Nummer | Antrag | Betrag | Grund | Stand |\n|---|---|---|---|---|\n")
		for _, r := range a.Reclaims {
			p("| %s | %s | %s | %s | %s |\n", r.Number, r.Claim, r.Amount, cell(r.Reason), r.Status)
		}
	}
	p("\n## Anmeldungen zu Veranstaltungen (%d)\n\n", len(a.Registrations))
	if len(a.Registrations) == 0 {
		p("Keine.\n")
	} else {
		p("| Veranstaltung | Termin | Status | Rolle | angemeldet am | eingecheckt |\n|---|---|---|---|---|---|\n")
		for _, r := range a.Registrations {
			in := ""
			if !r.CheckedIn.IsZero() {
				in = model.FormatDateTime(r.CheckedIn)
			}
			p("| %s %s | %s | %s | %s | %s | %s |\n", r.Event, cell(r.Title), model.FormatDateTime(r.Start), r.Status, r.Role, model.FormatDate(r.Registered), in)
		}
	}
	p("\n## Aufgaben (%d)\n\n", len(a.Tasks))
	if len(a.Tasks) == 0 {
		p("Keine.\n")
	} else {
		for _, t := range a.Tasks {
			due := ""
			if !t.Due.IsZero() {
				due = ", fällig " + t.Due.String()
			}
			p("- %s (%s%s)\n", cell(t.Text), t.Status, due)
		}
	}
	p("\n## Journal: Änderungen der Personendaten (%d)\n\n", len(a.Journal))
	if len(a.Journal) == 0 {
		p("Keine (z. B. aus einem Import ohne Einzeleinträge).\n")
	} else {
		p("| Zeitpunkt | von | Änderung | Felder |\n|---|---|---|---|\n")
		for _, j := range a.Journal {
			what := j.Op
			if j.Note != "" {
				what += " – " + j.Note
			}
			p("| %s | %s | %s | %s |\n", model.FormatDateTime(j.At), cell(j.Who), what, strings.Join(j.Fields, ", "))
		}
	}
	return b.String()
}
