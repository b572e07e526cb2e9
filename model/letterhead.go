package model

import (
	"strings"
	"unicode/utf8"
)

// Letterhead is the sender printed at the top of every PDF form and report:
// the county, the office and its address. The defaults name Landkreis
// Gifhorn's Stabsstelle Integration (from the county's payer account and
// the Sprachmittlung address); every county adapts them once
// (`stabsstelle briefkopf`).
type Letterhead struct {
	Authority  string `json:"authority"` // "Landkreis Gifhorn"
	Office     string `json:"office"`    // "Stabsstelle Integration"
	Street     string `json:"street,omitempty"`
	PostalCode string `json:"postalCode,omitempty"`
	Town       string `json:"town,omitempty"`
	Phone      string `json:"phone,omitempty"`
	Email      string `json:"email,omitempty"`
}

// DefaultLetterhead builds the letterhead from the county's account (name
// and address) until the office saves its own.
func DefaultLetterhead(acc Account) Letterhead {
	l := Letterhead{Authority: acc.Name, Office: "Stabsstelle Integration", Street: joinNonEmpty(" ", acc.Street, acc.BuildingNo),
		PostalCode: acc.PostalCode, Town: acc.Town, Email: DefaultOffice.Email}
	if strings.TrimSpace(l.Authority) == "" {
		l.Authority = "Landkreis Gifhorn"
	}
	return l
}

// Address is "Schlossplatz 1, 38518 Gifhorn".
func (l Letterhead) Address() string {
	return joinNonEmpty(", ", l.Street, joinNonEmpty(" ", l.PostalCode, l.Town))
}

// Contact is "Tel. 05371 82-0 · integration@gifhorn.de".
func (l Letterhead) Contact() string {
	tel := ""
	if l.Phone != "" {
		tel = "Tel. " + l.Phone
	}
	return joinNonEmpty(" · ", tel, l.Email)
}

// Validate checks the fields with German messages.
func (l Letterhead) Validate() error {
	var v ValidationError
	v.Check(strings.TrimSpace(l.Authority) != "", "authority", "Bitte den Namen der Behörde eingeben, z. B. Landkreis Gifhorn.")
	for _, f := range []struct{ key, val, label string }{{"authority", l.Authority, "Die Behörde"}, {"office", l.Office, "Die Dienststelle"},
		{"street", l.Street, "Die Straße"}, {"town", l.Town, "Der Ort"}, {"phone", l.Phone, "Das Telefon"}, {"email", l.Email, "Die E-Mail"}} {
		if utf8.RuneCountInString(f.val) > 80 || strings.ContainsAny(f.val, "\r\n\t") {
			v.Add(f.key, f.label+" hat höchstens 80 Zeichen in einer Zeile.")
		}
	}
	if msg := PostalCodeProblem(l.PostalCode); msg != "" {
		v.Add("postalCode", msg)
	}
	if msg := EmailProblem(l.Email); msg != "" {
		v.Add("email", msg)
	}
	if msg := PhoneProblem(l.Phone); msg != "" {
		v.Add("phone", msg)
	}
	return v.Err()
}
