package forms

import (
	"fmt"
	"io"
	"time"

	"stabsstelle/model"
)

// Einsatznachweis prints the sheet an Einsatz is confirmed on: the booking
// prefilled, the actual times, waiting time and kilometres to write in (or
// as recorded, once the Nachweis is entered), and two fields to sign – the
// Fachkraft of the institution and the interpreter.
func Einsatznachweis(w io.Writer, lh model.Letterhead, e *model.Einsatz, org *model.Organisation, interp *model.Person, tariff model.Tariff, printed time.Time) error {
	d := newDoc(lh, "Einsatznachweis "+e.Number, "Einsatznachweis Sprachmittlung", printed)
	d.heading("Einsatznachweis Sprachmittlung · Nr. " + e.Number)
	if org != nil {
		d.field("Einrichtung", joinDot(org.Name, org.Place()))
	}
	d.field("Ansprechperson", joinDot(e.ContactName, e.ContactPhone))
	d.field("Sprache", e.LanguageLabel())
	d.field("Geplant", e.WhenText())
	d.field("Form", e.Setting.Label())
	d.field("Ort", e.WhereText())
	d.field("Treffpunkt", e.MeetingPoint)
	d.field("Klient:in", e.ClientRef)
	if interp != nil {
		d.field("Sprachmittler:in", interp.Name)
	}
	d.sub("Was stattgefunden hat")
	if n := e.Nachweis; n != nil {
		d.blank("Tatsächlicher Beginn", model.FormatDateTime(n.ActualStart), "Uhr")
		d.blank("Ende", model.FormatDateTime(n.ActualEnd), "Uhr")
		d.blank("Wartezeit", fmt.Sprint(n.WaitingMinutes), "Minuten (nicht von der Sprachmittler:in verursacht)")
		d.blank("Kilometer", fmt.Sprint(n.Km), "km (Hin- und Rückweg)")
		rows := make([][]string, 0, len(n.Lines)+1)
		for _, l := range n.Lines {
			rows = append(rows, []string{l.Text, l.Amount.String()})
		}
		rows = append(rows, []string{"Aufwandsentschädigung gesamt", n.Amount.String()})
		d.pdf.Ln(2)
		d.table([]column{{Head: "Abrechnung", Width: bodyW - 35}, {Head: "Betrag", Width: 35, Align: "R"}}, rows, 6.5)
	} else {
		d.blank("Tatsächlicher Beginn", "", "Uhr")
		d.blank("Ende", "", "Uhr")
		d.blank("Wartezeit", "", "Minuten (nicht von der Sprachmittler:in verursacht)")
		d.blank("Kilometer", "", "km (Hin- und Rückweg)")
	}
	d.pdf.Ln(3)
	d.small("Abrechnung: " + tariff.Rules() + ".")
	d.pdf.Ln(2)
	d.text("Wir bestätigen, dass die Sprachmittlung wie oben angegeben stattgefunden hat.")
	d.signatures("Datum, Unterschrift und Stempel der Fachkraft (Einrichtung)", "Datum, Unterschrift Sprachmittler:in")
	d.small(fmt.Sprintf("Bitte unterschrieben bis zum Monatsende zurück an %s und dabei die Nummer %s angeben.",
		joinDot(lh.Authority+" – "+lh.Office, lh.Email), e.Number))
	return d.write(w)
}
