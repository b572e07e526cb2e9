package model

// Letter is one text the office sends about an Einsatz, ready to paste
// into a mail (or to print, for the Einsatznachweis).
type Letter struct {
	Title string // "Auftragsbestätigung an die Einrichtung"
	File  string // the file name after the E-number: "Bestaetigung_Einrichtung"
	Text  string
}

// LetterData is what the texts of an Einsatz draw on. Tariff is the one of
// the Einsatz's day (deadline and Ausfallpauschale of the confirmation).
type LetterData struct {
	Einsatz *Einsatz
	Org     *Organisation
	Contact *Person // the institution's contact person, if known
	Interp  *Person // the booked interpreter, if any
	Tariff  Tariff
	Office  Office
}

// StatusTexts returns the texts that fit the Einsatz's status: while the
// office still searches, a confirmation of receipt; once an interpreter is
// booked, the Auftragsbestätigung to both sides and the blank
// Einsatznachweis; afterwards the filled Einsatznachweis; after an Absage
// or a no-show a message to the institution and, if one was booked, to
// the interpreter; a refusal or "leider niemand gefunden" to the
// institution. A request without an interpreter never gets a text for one.
func StatusTexts(d LetterData) []Letter {
	e := d.Einsatz
	booked := e.InterpreterID != "" && d.Interp != nil
	switch e.Status {
	case StatusAnfrage, StatusPruefung, StatusSuche:
		return []Letter{{"Eingangsbestätigung an die Einrichtung", "Eingang_Einrichtung", receiptForInstitution(d)}}
	case StatusVermittelt:
		return []Letter{
			{"Auftragsbestätigung an die Einrichtung", "Bestaetigung_Einrichtung",
				ConfirmationForInstitution(e, d.Org, d.Contact, d.Interp, d.Tariff, d.Office)},
			{"Auftragsbestätigung an die Sprachmittler:in", "Bestaetigung_Sprachmittlerin",
				ConfirmationForInterpreter(e, d.Org, d.Contact, d.Interp, d.Office)},
			{"Einsatznachweis zum Ausdrucken", "Einsatznachweis", NachweisSheet(e, d.Org, d.Interp, d.Tariff, d.Office)},
		}
	case StatusDurchgefuehrt, StatusAbgerechnet:
		return []Letter{{"Einsatznachweis", "Einsatznachweis", NachweisSheet(e, d.Org, d.Interp, d.Tariff, d.Office)}}
	case StatusStorniertRechtzeitig, StatusStorniertKurzfristig, StatusNichtErschienen:
		out := []Letter{{"Absage an die Einrichtung", "Absage_Einrichtung", cancelForInstitution(d, e.InterpreterID != "")}}
		if e.Status == StatusNichtErschienen {
			out[0].Title, out[0].File = "Mitteilung an die Einrichtung: nicht erschienen", "Nicht_erschienen_Einrichtung"
		}
		if booked {
			l := Letter{"Absage an die Sprachmittler:in", "Absage_Sprachmittlerin", cancelForInterpreter(d)}
			if e.Status == StatusNichtErschienen {
				l.Title, l.File = "Mitteilung an die Sprachmittler:in: nicht erschienen", "Nicht_erschienen_Sprachmittlerin"
			}
			out = append(out, l)
		}
		return out
	case StatusAbgelehnt:
		return []Letter{{"Absage an die Einrichtung: Anfrage abgelehnt", "Ablehnung_Einrichtung", refusalForInstitution(d, false)}}
	case StatusNichtVermittelbar:
		return []Letter{{"An die Einrichtung: leider niemand gefunden", "Niemand_gefunden_Einrichtung", refusalForInstitution(d, true)}}
	}
	return nil
}

// facts writes the lines that identify the Einsatz in every letter.
func (b *textBuilder) facts(d LetterData) {
	e := d.Einsatz
	b.field("Nummer", e.Number)
	if d.Org != nil {
		b.field("Einrichtung", d.Org.Name)
	}
	b.field("Sprache", e.LanguageLabel())
	b.field("Termin", e.when())
	b.field("Form", e.Setting.Label())
	b.field("Ort", e.where())
}

func receiptForInstitution(d LetterData) string {
	e := d.Einsatz
	var b textBuilder
	b.line("Betreff: Ihre Anfrage Sprachmittlung %s – %s am %s", e.Number, e.LanguageLabel(), FormatDate(e.Start))
	b.line("")
	b.greetInstitution(e, d.Contact)
	b.line("Ihre Anfrage ist bei uns eingegangen; wir suchen jetzt eine Sprachmittler:in:")
	b.line("")
	b.facts(d)
	if e.GenderPref != GenderUnknown {
		b.field("Sprachmittler:in", e.GenderWish())
	}
	b.line("")
	b.line("Der Termin ist damit noch nicht bestätigt: Sobald eine Sprachmittler:in zugesagt hat, erhalten Sie eine Auftragsbestätigung.")
	b.line("Bitte geben Sie bei Rückfragen die Nummer\u00a0%s an; Änderungen oder eine Absage bitte sofort an uns (%s).", e.Number, d.Office.contact())
	b.line("")
	b.line("Mit freundlichen Grüßen")
	b.line("%s", d.Office.Name)
	return b.String()
}

// cancelForInstitution confirms an Absage (or reports a no-show) to the
// institution, with the Ausfallpauschale the decision caused.
func cancelForInstitution(d LetterData, booked bool) string {
	e := d.Einsatz
	c := e.Cancellation
	if c == nil {
		c = &Cancellation{}
	}
	var b textBuilder
	noShow := e.Status == StatusNichtErschienen
	if noShow {
		b.line("Betreff: Sprachmittlung %s – Klient:in nicht erschienen", e.Number)
	} else {
		b.line("Betreff: Absage Sprachmittlung %s – %s am %s", e.Number, e.LanguageLabel(), FormatDate(e.Start))
	}
	b.line("")
	b.greetInstitution(e, d.Contact)
	if noShow {
		b.line("zum folgenden Einsatz ist die Klient:in leider nicht erschienen:")
	} else {
		b.line("hiermit bestätigen wir die Absage des folgenden Einsatzes:")
	}
	b.line("")
	b.facts(d)
	if !noShow {
		b.field("Abgesagt von", c.By.Label())
		b.field("Eingegangen", FormatDateTime(c.At))
	}
	b.field("Grund", c.Reason)
	b.line("")
	switch {
	case c.Ausfallpauschale > 0 && noShow:
		b.line("Die Sprachmittler:in war vor Ort; sie erhält eine Ausfallpauschale von %s.", c.Ausfallpauschale)
	case c.Ausfallpauschale > 0:
		b.line("Die Absage kam kurzfristig; die Sprachmittler:in erhält deshalb eine Ausfallpauschale von %s.", c.Ausfallpauschale)
	case !booked:
		b.line("Es war noch keine Sprachmittler:in eingeteilt; es fallen keine Kosten an.")
	default:
		b.line("Die Absage kam rechtzeitig; es fallen keine Kosten an.")
	}
	if booked && !noShow {
		b.line("Die Sprachmittler:in informieren wir.")
	}
	b.line("Für einen neuen Termin melden Sie sich gern wieder (%s).", d.Office.contact())
	b.line("")
	b.line("Mit freundlichen Grüßen")
	b.line("%s", d.Office.Name)
	return b.String()
}

// cancelForInterpreter tells the interpreter that the Einsatz does not
// take place (or thanks them after a no-show) and what they are paid.
func cancelForInterpreter(d LetterData) string {
	e := d.Einsatz
	var b textBuilder
	noShow := e.Status == StatusNichtErschienen
	if noShow {
		b.line("Betreff: Einsatz %s – Klient:in nicht erschienen", e.Number)
	} else {
		b.line("Betreff: Absage Einsatz %s – %s am %s", e.Number, e.LanguageLabel(), FormatDate(e.Start))
	}
	b.line("")
	b.greetInterpreter(d.Interp)
	if noShow {
		b.line("danke, dass du zum folgenden Einsatz gekommen bist, auch wenn die Klient:in nicht erschienen ist:")
	} else {
		b.line("der folgende Einsatz findet nicht statt – du musst nicht hingehen:")
	}
	b.line("")
	b.facts(d)
	b.line("")
	if c := e.Cancellation; c != nil && c.Ausfallpauschale > 0 {
		b.line("Du erhältst eine Ausfallpauschale von %s; sie wird mit deiner nächsten Abrechnung ausgezahlt.", c.Ausfallpauschale)
	}
	b.line("Danke für deine Bereitschaft! Bei Fragen erreichst du uns unter %s.", d.Office.contact())
	b.line("")
	b.line("Viele Grüße")
	b.line("%s", d.Office.Name)
	return b.String()
}

// refusalForInstitution is the answer when the office does not take the
// request (abgelehnt, with the reason) or found nobody (nicht vermittelbar).
func refusalForInstitution(d LetterData, nobody bool) string {
	e := d.Einsatz
	var b textBuilder
	if nobody {
		b.line("Betreff: Ihre Anfrage Sprachmittlung %s – leider niemand gefunden", e.Number)
	} else {
		b.line("Betreff: Ihre Anfrage Sprachmittlung %s – leider keine Vermittlung", e.Number)
	}
	b.line("")
	b.greetInstitution(e, d.Contact)
	if nobody {
		b.line("leider haben wir für den folgenden Termin niemanden gefunden, der dolmetschen kann:")
	} else {
		b.line("leider können wir Ihre Anfrage nicht übernehmen:")
	}
	b.line("")
	b.facts(d)
	b.field("Grund", e.lastReason(e.Status))
	b.line("")
	if nobody {
		b.line("Wenn ein anderer Termin möglich ist, melden Sie sich bitte (%s) – wir suchen dann gern erneut.", d.Office.contact())
	} else {
		b.line("Bei Fragen erreichen Sie uns unter %s.", d.Office.contact())
	}
	b.line("")
	b.line("Mit freundlichen Grüßen")
	b.line("%s", d.Office.Name)
	return b.String()
}

// lastReason is the reason given when the Einsatz last moved to s.
func (e *Einsatz) lastReason(s Status) string {
	for i := len(e.StatusHistory) - 1; i >= 0; i-- {
		if h := e.StatusHistory[i]; h.To == s {
			return h.Reason
		}
	}
	return ""
}
