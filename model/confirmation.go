package model

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Office is the sender named in confirmations and on the Einsatznachweis.
type Office struct {
	Name  string
	Email string
	Phone string
}

// DefaultOffice is the Gifhorn Stabsstelle (docs/DOMAIN.md §0).
var DefaultOffice = Office{Name: "Landkreis Gifhorn – Stabsstelle Integration", Email: "sprachmittlung@gifhorn.de"}

func (o Office) contact() string {
	return joinNonEmpty(", ", o.Email, o.Phone)
}

// when is "Donnerstag, 05.03.2026, 09:00–10:30 Uhr (ca. 1:30 h)".
func (e *Einsatz) when() string {
	if e.Start.IsZero() {
		return "—"
	}
	return fmt.Sprintf("%s, %s, %s–%s Uhr (ca. %s)", weekdayLong[e.Start.In(Berlin).Weekday()],
		FormatDate(e.Start), FormatTime(e.Start), FormatTime(e.End()), FormatDuration(e.Duration))
}

var weekdayLong = [7]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}

// LanguageLabel is "Arabisch (Syrisch)" or just "Tigrinya".
func (e *Einsatz) LanguageLabel() string {
	if strings.TrimSpace(e.Dialect) == "" {
		return e.Language
	}
	return e.Language + " (" + e.Dialect + ")"
}

func (e *Einsatz) where() string {
	switch e.Setting {
	case SettingPhone:
		return "telefonisch"
	case SettingVideo:
		return "per Video"
	}
	return AddressWithPlace(e.Address, e.Place)
}

// AddressWithPlace is "Torstraße 15, 38518 Gifhorn" plus the place when the
// address does not name it already (so not "…, 38518 Gifhorn, Gifhorn").
func AddressWithPlace(address, place string) string {
	address, place = strings.TrimSpace(address), strings.TrimSpace(place)
	if place != "" && strings.Contains(strings.ToLower(address), strings.ToLower(place)) {
		return address
	}
	return joinNonEmpty(", ", address, place)
}

// TextWidth is the longest line of the confirmation texts and the printable
// Einsatznachweis: they are pasted into mails and printed, and shown on an
// 80-column screen, so they are wrapped here and not by whoever shows them.
const TextWidth = 76

// fieldWidth is the label column of "Label:   value" lines; the longest
// label is "Sprachmittler:in:".
const fieldWidth = 18

type textBuilder struct{ strings.Builder }

// line writes one formatted line, wrapped at TextWidth; continuation lines
// keep the indentation of a "- " list item.
func (b *textBuilder) line(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	indent := ""
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "  ") {
		indent = "  "
	}
	for _, l := range wrapWords(s, TextWidth, indent) {
		b.WriteString(l)
		b.WriteByte('\n')
	}
}

// field writes "Label:   value" when value is not empty; a long value
// continues under the value column.
func (b *textBuilder) field(label, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	s := fmt.Sprintf("%-*s%s", fieldWidth, label+":", value)
	for _, l := range wrapWords(s, TextWidth, strings.Repeat(" ", fieldWidth)) {
		b.WriteString(l)
		b.WriteByte('\n')
	}
}

// wrapWords breaks s at spaces so that no line is longer than width runes
// (a single longer word stays whole); lines after the first start with
// indent.
func wrapWords(s string, width int, indent string) []string {
	if utf8.RuneCountInString(s) <= width {
		return []string{strings.ReplaceAll(s, "\u00a0", " ")}
	}
	// An amount stays on one line with its currency sign; callers mark
	// other pairs with a no-break space ("Nummer\u00a0E-2026-0042").
	s = strings.ReplaceAll(s, " €", "\u00a0€")
	var out []string
	// the first line keeps its own indentation ("  Absagen …")
	rest := strings.TrimLeft(s, " ")
	cur := s[:len(s)-len(rest)]
	for _, w := range strings.Split(rest, " ") {
		switch {
		case cur == "" || strings.TrimSpace(cur) == "":
			cur += w
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) <= width:
			cur += " " + w
		default:
			out = append(out, strings.TrimRight(cur, " "))
			cur = indent + w
		}
	}
	out = append(out, strings.TrimRight(cur, " "))
	for i, l := range out {
		out[i] = strings.ReplaceAll(l, "\u00a0", " ")
	}
	return out
}

// greetInstitution writes "Guten Tag Frau Meier," and an empty line.
func (b *textBuilder) greetInstitution(e *Einsatz, contact *Person) {
	switch {
	case contact != nil && contact.Name != "":
		b.line("Guten Tag %s,", contact.Name)
	case e.ContactName != "":
		b.line("Guten Tag %s,", e.ContactName)
	default:
		b.line("Guten Tag,")
	}
	b.line("")
}

// greetInterpreter writes "Hallo Selam," and an empty line.
func (b *textBuilder) greetInterpreter(interp *Person) {
	if interp != nil && interp.Name != "" {
		b.line("Hallo %s,", firstName(interp.Name))
	} else {
		b.line("Hallo,")
	}
	b.line("")
}

func firstName(full string) string {
	f := strings.Fields(full)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// ConfirmationForInstitution is the Auftragsbestätigung for the requesting
// institution, plain text ready to paste into a mail. It names the
// interpreter but gives out no private contact data: changes go through the
// office. The cancellation deadline is the one of tariff.
func ConfirmationForInstitution(e *Einsatz, org *Organisation, contact, interp *Person, tariff Tariff, office Office) string {
	var b textBuilder
	b.line("Betreff: Auftragsbestätigung Sprachmittlung %s – %s am %s", e.Number, e.LanguageLabel(), FormatDate(e.Start))
	b.line("")
	b.greetInstitution(e, contact)
	b.line("wir bestätigen Ihre Anfrage für eine Sprachmittlung:")
	b.line("")
	b.field("Nummer", e.Number)
	if org != nil {
		b.field("Einrichtung", org.Name)
	}
	b.field("Sprache", e.LanguageLabel())
	b.field("Termin", e.when())
	b.field("Form", e.Setting.Label())
	b.field("Ort", e.where())
	b.field("Treffpunkt", e.MeetingPoint)
	b.field("Kontakt vor Ort", e.OnSiteContact)
	b.field("Klient:in", e.ClientRef)
	if interp != nil {
		b.field("Sprachmittler:in", interp.Name)
	}
	b.line("")
	b.line("Bitte beachten Sie:")
	b.line("- Das Gespräch führt eine Fachkraft Ihrer Einrichtung; die Sprachmittler:in überträgt nur.")
	b.line("- Bitte holen Sie das Einverständnis der Klient:in zur Sprachmittlung ein.")
	b.line("- Die Sprachmittler:in unterschreibt keine Dokumente und übersetzt keine Urkunden.")
	b.line("- Nach dem Einsatz bestätigen Sie bitte Beginn und Ende auf dem Einsatznachweis (%s).", e.Number)
	b.line("- Terminänderungen oder Absagen bitte sofort an uns (%s).", office.contact())
	if tariff.CancelUnits > 0 {
		b.line("  Absagen weniger als %s vorher lösen eine Ausfallpauschale von %s aus.", hoursText(tariff.CancelHours), tariff.CancelFee())
	}
	b.line("")
	b.line("Mit freundlichen Grüßen")
	b.line("%s", office.Name)
	return b.String()
}

// ConfirmationForInterpreter is the Auftragsbestätigung for the
// interpreter: where and when, whom to ask for on site, the institution's
// contact; about the client only the topic category, nothing else.
func ConfirmationForInterpreter(e *Einsatz, org *Organisation, contact, interp *Person, office Office) string {
	var b textBuilder
	b.line("Betreff: Einsatz %s – %s am %s", e.Number, e.LanguageLabel(), FormatDate(e.Start))
	b.line("")
	b.greetInterpreter(interp)
	b.line("vielen Dank, dass du diesen Einsatz übernimmst:")
	b.line("")
	b.field("Nummer", e.Number)
	b.field("Sprache", e.LanguageLabel())
	b.field("Termin", e.when())
	b.field("Form", e.Setting.Label())
	b.field("Ort", e.where())
	b.field("Treffpunkt", e.MeetingPoint)
	b.field("Kontakt vor Ort", e.OnSiteContact)
	if org != nil {
		b.field("Einrichtung", org.Name)
	}
	name, phone := e.ContactName, e.ContactPhone
	if contact != nil {
		name, phone = contact.Name, joinNonEmpty("", phone, contact.Phone)
		if e.ContactPhone != "" {
			phone = e.ContactPhone
		}
	}
	b.field("Ansprechperson", joinNonEmpty(", ", name, phone))
	b.field("Thema", e.Topic.Label())
	b.line("")
	b.line("Bitte denke an die Schweigepflicht und unterschreibe vor Ort keine Dokumente.")
	b.line("Bring den Einsatznachweis %s mit und lass Beginn und Ende von der Fachkraft bestätigen.", e.Number)
	b.line("Wenn du nicht kannst, melde dich bitte so früh wie möglich bei uns (%s).", office.contact())
	b.line("")
	b.line("Viele Grüße")
	b.line("%s", office.Name)
	return b.String()
}

// NachweisSheet is the printable Einsatznachweis: the E-number at the top
// (so the signed sheet that comes back is found by it), the planned data,
// blanks for the actual times, waiting time and km, and signature lines.
func NachweisSheet(e *Einsatz, org *Organisation, interp *Person, tariff Tariff, office Office) string {
	var b textBuilder
	rule := strings.Repeat("=", 72)
	b.line("%s", office.Name)
	b.line("%s", rule)
	b.line("EINSATZNACHWEIS SPRACHMITTLUNG                         Nr. %s", e.Number)
	b.line("%s", rule)
	b.line("")
	if org != nil {
		b.field("Einrichtung", org.Name)
	}
	b.field("Sprache", e.LanguageLabel())
	b.field("Geplant", e.when())
	b.field("Form", e.Setting.Label())
	b.field("Ort", e.where())
	b.field("Klient:in", e.ClientRef)
	if interp != nil {
		b.field("Sprachmittler:in", interp.Name)
	}
	b.line("")
	blank := "______________"
	if n := e.Nachweis; n != nil {
		b.field("Beginn", FormatDateTime(n.ActualStart))
		b.field("Ende", FormatDateTime(n.ActualEnd))
		b.field("Wartezeit", FormatDuration(time.Duration(n.WaitingMinutes)*time.Minute))
		b.field("Kilometer", fmt.Sprint(n.Km))
		for _, l := range n.Lines {
			b.line("  %-58s %12s", l.Text, l.Amount)
		}
		b.line("  %-58s %12s", "Gesamt (Aufwandsentschädigung und Fahrtkosten)", e.Parts().Total())
	} else {
		b.line("Tatsächlicher Beginn:  %s Uhr     Ende:  %s Uhr", blank, blank)
		b.line("Wartezeit (nicht von der Sprachmittler:in verursacht): %s Minuten", blank[:10])
		b.line("Gefahrene Kilometer (Hin- und Rückweg):  %s km", blank)
	}
	b.line("")
	b.line("Abrechnung: %s.", tariff.Rules())
	b.line("")
	b.line("Ich bestätige, dass die Sprachmittlung wie oben angegeben stattgefunden hat.")
	b.line("")
	b.line("")
	b.line("_______________________________     _______________________________")
	b.line("Datum, Unterschrift Fachkraft        Datum, Unterschrift Sprachmittler:in")
	b.line("(Einrichtung)")
	b.line("")
	b.line("Bitte unterschrieben bis zum Monatsende zurück an %s und dabei die Nummer\u00a0%s angeben.",
		joinNonEmpty(", ", office.Name, office.contact()), e.Number)
	return b.String()
}
