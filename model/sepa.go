package model

import (
	"fmt"
	"strings"
	"time"
)

// Account is the county's account the payouts are debited from (a setting).
// The structured address follows the November 2026 rules of the Deutsche
// Kreditwirtschaft: at least town and country.
type Account struct {
	Name       string `json:"name"`
	IBAN       IBAN   `json:"iban"`
	BIC        string `json:"bic,omitempty"`
	Street     string `json:"street,omitempty"`
	BuildingNo string `json:"buildingNo,omitempty"`
	PostalCode string `json:"postalCode,omitempty"`
	Town       string `json:"town,omitempty"`
	Country    string `json:"country,omitempty"` // ISO 3166 alpha-2, default DE
}

// Validate checks the account with German messages per field.
func (a *Account) Validate() error {
	var v ValidationError
	v.Check(strings.TrimSpace(a.Name) != "", "name", "Bitte den Namen der Kontoinhaberin eingeben, z. B. Landkreis Gifhorn.")
	if _, err := ParseIBAN(string(a.IBAN)); err != nil {
		v.Add("iban", err.Error())
	}
	if _, err := ParseBIC(a.BIC); err != nil {
		v.Add("bic", err.Error())
	}
	if strings.TrimSpace(a.Town) == "" {
		v.Add("town", "Bitte den Ort eingeben – Banken verlangen seit November 2026 eine strukturierte Anschrift (mindestens Ort und Land).")
	}
	if c := a.country(); len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
		v.Add("country", "Bitte das Land als Code aus zwei Buchstaben eingeben, z. B. DE.")
	}
	return v.Err()
}

func (a *Account) country() string {
	c := strings.ToUpper(strings.TrimSpace(a.Country))
	if c == "" {
		return "DE"
	}
	return c
}

// PayoutStatus is the state of a payout run.
type PayoutStatus string

const (
	PayoutErstellt    PayoutStatus = "erstellt"    // files written, not yet confirmed
	PayoutAusgefuehrt PayoutStatus = "ausgefuehrt" // the Kreiskasse executed it
	PayoutStorniert   PayoutStatus = "storniert"   // cancelled, claims released
)

// Label is the German word.
func (s PayoutStatus) Label() string {
	switch s {
	case PayoutErstellt:
		return "erstellt"
	case PayoutAusgefuehrt:
		return "ausgeführt"
	case PayoutStorniert:
		return "storniert"
	}
	return string(s)
}

// PayoutItem is one claim of a run, a snapshot of the claim and the bank
// details as they were sent. Amount is the transfer: the claim's total
// (Gross, with the Korrekturen paid together with it) less what was netted
// against open Rückforderungen of the person. An item whose Amount is 0 was
// settled completely by netting: it is on the Kreiskasse list, never in the
// SEPA file (no zero or negative transfers).
type PayoutItem struct {
	ClaimID         string `json:"claimId"`
	Number          string `json:"number"` // K-2026-0017, EndToEndId
	PersonID        string `json:"personId"`
	Name            string `json:"name"` // account holder
	IBAN            IBAN   `json:"iban"`
	BIC             string `json:"bic,omitempty"`
	Amount          Money  `json:"amount"`
	Remittance      string `json:"remittance"`
	FundName        string `json:"fundName,omitempty"`
	Haushaltsstelle string `json:"haushaltsstelle,omitempty"`

	// Runs before netting existed have neither: Gross is then Amount.
	Gross  Money `json:"gross,omitempty"`
	Netted Money `json:"netted,omitempty"`
	// Reclaims are the Rückforderungen (R-numbers) netted here.
	Reclaims []string `json:"reclaims,omitempty"`
	// Joined are Korrekturen of this claim (IDs and K-numbers) paid with it:
	// the claim was not paid yet, so the run pays claim and difference at once.
	JoinedIDs     []string `json:"joinedIds,omitempty"`
	JoinedNumbers []string `json:"joinedNumbers,omitempty"`
}

// GrossAmount is what the claim (and its Korrekturen) are worth before
// netting.
func (it *PayoutItem) GrossAmount() Money {
	if it.Gross == 0 && it.Netted == 0 {
		return it.Amount
	}
	return it.Gross
}

// Transferred reports whether the item is a transfer in the SEPA file.
func (it *PayoutItem) Transferred() bool { return it.Amount > 0 }

// PayoutReclaim is a Rückforderung as the run's list shows it: netted here
// or still open when the run was made.
type PayoutReclaim struct {
	ReclaimID   string `json:"reclaimId"`
	Number      string `json:"number"` // R-2026-001
	PersonID    string `json:"personId"`
	Name        string `json:"name"`
	ClaimNumber string `json:"claimNumber"`
	Reason      string `json:"reason"`
	Amount      Money  `json:"amount"` // owed back in total
	Netted      Money  `json:"netted"` // netted in this run
	Left        Money  `json:"left"`   // still open after this run
	Due         Date   `json:"due"`
}

// PayoutRun is one batch of transfers handed to the Kreiskasse (A-2026-001).
type PayoutRun struct {
	Meta
	ExecutionDate Date         `json:"executionDate"`
	Status        PayoutStatus `json:"status"`
	Items         []PayoutItem `json:"items"`
	// Reclaims are the Rückforderungen the run's list names: those netted
	// in the run and all others open when it was made.
	Reclaims     []PayoutReclaim `json:"reclaims,omitempty"`
	MsgID        string          `json:"msgId"`
	File         string          `json:"file,omitempty"`
	Executed     *Signature      `json:"executed,omitempty"`
	Cancelled    *Signature      `json:"cancelled,omitempty"`
	CancelReason string          `json:"cancelReason,omitempty"`
}

// Total is the control sum: what is transferred.
func (r *PayoutRun) Total() Money {
	var t Money
	for i := range r.Items {
		if r.Items[i].Transferred() {
			t += r.Items[i].Amount
		}
	}
	return t
}

// Transfers are the items in the SEPA file.
func (r *PayoutRun) Transfers() []PayoutItem {
	out := make([]PayoutItem, 0, len(r.Items))
	for _, it := range r.Items {
		if it.Transferred() {
			out = append(out, it)
		}
	}
	return out
}

// NettedTotal is what the run settles by netting instead of transferring.
func (r *PayoutRun) NettedTotal() Money {
	var t Money
	for i := range r.Items {
		t += r.Items[i].Netted
	}
	return t
}

// Validate checks the run before it is stored or written.
func (r *PayoutRun) Validate() error {
	var v ValidationError
	if len(r.Items) == 0 {
		v.Add("items", "Der Zahllauf enthält keine Anträge – bitte angeordnete Anträge auswählen.")
	}
	if r.ExecutionDate.IsZero() {
		v.Add("executionDate", "Bitte das Ausführungsdatum eingeben.")
	} else if !IsBankingDay(r.ExecutionDate) {
		v.Add("executionDate", fmt.Sprintf("Der %s ist kein Bankarbeitstag – nächster Bankarbeitstag: %s.", r.ExecutionDate, NextBankingDay(r.ExecutionDate)))
	}
	for i := range r.Items {
		it := &r.Items[i]
		switch {
		case it.Amount < 0, it.Amount == 0 && it.Netted <= 0:
			v.Add("items", fmt.Sprintf("%s: nur Beträge über 0 € können überwiesen werden.", it.Number))
		case it.Netted < 0 || it.Amount+it.Netted != it.GrossAmount():
			v.Add("items", fmt.Sprintf("%s: Betrag, Verrechnung und Antragssumme passen nicht zusammen.", it.Number))
		}
		if !it.IBAN.Valid() {
			v.Add("items", fmt.Sprintf("%s: die IBAN von %s ist ungültig.", it.Number, it.Name))
		}
		if _, err := ParseBIC(it.BIC); err != nil {
			v.Add("items", fmt.Sprintf("%s: %s", it.Number, err.Error()))
		}
	}
	return v.Err()
}

// SEPAText transliterates s into the character set German banks accept in
// SEPA files: a-z A-Z 0-9 / ? : ( ) . , ' + - and space. Umlauts become
// ae/oe/ue, ß becomes ss, common accented letters lose their accent, & becomes
// +, everything else is dropped; runs of spaces collapse. The result is cut
// to max characters (0 = no cut).
func SEPAText(s string, max int) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading spaces
	for _, r := range s {
		rep, blank := sepaRune(r)
		if blank {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		if rep == "" {
			continue
		}
		b.WriteString(rep)
		space = false
	}
	return sepaTrim(b.String(), max)
}

// sepaRune is what r becomes in a SEPA text: itself, its transliteration,
// "" when it is dropped, or blank for a space of any kind.
func sepaRune(r rune) (rep string, blank bool) {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return string(r), false
	case strings.ContainsRune("/?:().,'+-", r):
		return string(r), false
	case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '_':
		return "", true
	}
	return translit[r], false
}

// sepaTrim collapses runs of spaces, drops them at the ends and cuts out to
// max characters (0 = no cut).
func sepaTrim(out string, max int) string {
	if strings.Contains(out, "  ") || strings.HasPrefix(out, " ") {
		out = strings.Join(strings.Fields(out), " ")
	}
	out = strings.TrimRight(out, " ")
	if max > 0 && len(out) > max {
		out = strings.TrimRight(out[:max], " ")
	}
	return out
}

var translit = map[rune]string{
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'Ä': "Ae", 'Ö': "Oe", 'Ü': "Ue", 'ß': "ss", 'ẞ': "SS",
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'À': "A", 'Á': "A", 'Â': "A", 'Ã': "A", 'Å': "A", 'Ā': "A", 'Ă': "A", 'Ą': "A",
	'æ': "ae", 'Æ': "Ae", 'ç': "c", 'ć': "c", 'č': "c", 'Ç': "C", 'Ć': "C", 'Č': "C",
	'ď': "d", 'đ': "d", 'Ď': "D", 'Đ': "D", 'ð': "d", 'Ð': "D",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'È': "E", 'É': "E", 'Ê': "E", 'Ë': "E", 'Ē': "E", 'Ė': "E", 'Ę': "E", 'Ě': "E",
	'ğ': "g", 'Ğ': "G", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'ı': "i", 'İ': "I",
	'Ì': "I", 'Í': "I", 'Î': "I", 'Ï': "I", 'ł': "l", 'Ł': "L", 'ľ': "l", 'Ľ': "L",
	'ñ': "n", 'ń': "n", 'ň': "n", 'Ñ': "N", 'Ń': "N", 'Ň': "N",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ø': "o", 'ō': "o", 'ő': "o", 'œ': "oe",
	'Ò': "O", 'Ó': "O", 'Ô': "O", 'Õ': "O", 'Ø': "O", 'Ō': "O", 'Ő': "O", 'Œ': "Oe",
	'ř': "r", 'Ř': "R", 'ś': "s", 'š': "s", 'ş': "s", 'ș': "s", 'Ś': "S", 'Š': "S", 'Ş': "S", 'Ș': "S",
	'ť': "t", 'ţ': "t", 'ț': "t", 'Ť': "T", 'Ţ': "T", 'Ț': "T", 'þ': "th", 'Þ': "Th",
	'ù': "u", 'ú': "u", 'û': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'Ù': "U", 'Ú': "U", 'Û': "U", 'Ū': "U", 'Ů': "U", 'Ű': "U",
	'ý': "y", 'ÿ': "y", 'Ý': "Y", 'ź': "z", 'ż': "z", 'ž': "z", 'Ź': "Z", 'Ż': "Z", 'Ž': "Z",
	'&': "+", '"': "'", '‘': "'", '’': "'", '‚': "'", '„': "'", '“': "'", '”': "'", '´': "'", '`': "'",
	'–': "-", '—': "-", '§': "Par.", '€': "EUR", '#': "Nr.", ';': ",", '!': ".", '*': "+", '=': "-",
	'[': "(", ']': ")", '{': "(", '}': ")", '<': "(", '>': ")", '\\': "/", '|': "/", '@': "(at)", '%': " Proz.",
}

// sepaID makes a 1–35 character identifier of the allowed set.
func sepaID(s string) string {
	t := SEPAText(s, 35)
	if t == "" {
		return "NOTPROVIDED"
	}
	return t
}

// MsgIDFor builds the message ID of a run: its number and the creation
// time, unique per sender as the rules require (≤ 35 characters).
func MsgIDFor(number string, now time.Time) string {
	return sepaID(strings.ReplaceAll(number, " ", "") + "-" + now.In(Berlin).Format("20060102150405"))
}
