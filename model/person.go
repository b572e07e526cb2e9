package model

import (
	"net/mail"
	"strings"
	"unicode"
)

// Gender as asked on interpreter request forms (docs/DOMAIN.md §1.2).
type Gender string

const (
	GenderUnknown Gender = ""
	GenderFemale  Gender = "w"
	GenderMale    Gender = "m"
	GenderDiverse Gender = "d"
)

// Genders lists the choices in the order forms offer them.
var Genders = []Gender{GenderFemale, GenderMale, GenderDiverse, GenderUnknown}

// Label is the German word shown to people.
func (g Gender) Label() string {
	switch g {
	case GenderFemale:
		return "weiblich"
	case GenderMale:
		return "männlich"
	case GenderDiverse:
		return "divers"
	}
	return "keine Angabe"
}

// ParseGender accepts what people type in lists: w, weiblich, Frau, f, …
func ParseGender(s string) (Gender, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "w", "weiblich", "frau", "f", "female":
		return GenderFemale, true
	case "m", "männlich", "maennlich", "mann", "male":
		return GenderMale, true
	case "d", "divers", "x":
		return GenderDiverse, true
	case "", "-", "k. a.", "k.a.", "keine angabe", "egal", "nicht relevant":
		return GenderUnknown, true
	}
	return GenderUnknown, false
}

// Person is one record whatever roles someone has: an interpreter can also
// claim costs and attend trainings. Each role lives in its own profile so the
// tabs can grow them independently; nil means the person does not have it.
type Person struct {
	Meta
	Name           string `json:"name"`
	Gender         Gender `json:"gender,omitempty"`
	Email          string `json:"email,omitempty"`
	Phone          string `json:"phone,omitempty"`
	Street         string `json:"street,omitempty"`
	PostalCode     string `json:"postalCode,omitempty"`
	City           string `json:"city,omitempty"`
	OrganisationID string `json:"organisationId,omitempty"`
	Function       string `json:"function,omitempty"` // role at the organisation, e.g. "Schulsozialarbeit"
	Notes          string `json:"notes,omitempty"`

	Interpreter *InterpreterProfile `json:"interpreter,omitempty"`
	Volunteer   *VolunteerProfile   `json:"volunteer,omitempty"`
	Network     *NetworkProfile     `json:"network,omitempty"`

	// Restricted: the person may not be erased yet (payment records within
	// the legal retention period) and is restricted instead (Art. 18
	// DSGVO, restriction.go).
	Restricted *Restriction `json:"restricted,omitempty"`
}

// Roles names the profiles a person has, for lists and pickers.
func (p *Person) Roles() []string {
	var r []string
	if p.Interpreter != nil {
		r = append(r, "Sprachmittler:in")
	}
	if p.Volunteer != nil {
		r = append(r, "Engagierte:r")
	}
	if p.Network != nil {
		r = append(r, "Netzwerk")
	}
	return r
}

// Place is "38518 Gifhorn" or whatever part of it is known.
func (p *Person) Place() string { return joinNonEmpty(" ", p.PostalCode, p.City) }

// Validate checks the shared fields and every profile the person has.
func (p *Person) Validate() error {
	var v ValidationError
	validateName(&v, p.Name)
	validateContact(&v, p.Email, p.Phone, p.PostalCode)
	if p.Interpreter != nil {
		p.Interpreter.validate(&v)
	}
	if p.Volunteer != nil {
		p.Volunteer.validate(&v)
	}
	if p.Network != nil {
		p.Network.validate(&v)
	}
	return v.Err()
}

func validateName(v *ValidationError, name string) {
	n := strings.TrimSpace(name)
	switch {
	case n == "":
		v.Add("name", "Bitte einen Namen eingeben.")
	case len([]rune(n)) > 120:
		v.Add("name", "Der Name ist zu lang (höchstens 120 Zeichen).")
	case strings.ContainsAny(n, "\n\r\t;"):
		v.Add("name", "Der Name darf keine Zeilenumbrüche, Tabulatoren oder Semikolons enthalten.")
	}
}

func validateContact(v *ValidationError, email, phone, plz string) {
	if msg := EmailProblem(email); msg != "" {
		v.Add("email", msg)
	}
	if msg := PhoneProblem(phone); msg != "" {
		v.Add("phone", msg)
	}
	if msg := PostalCodeProblem(plz); msg != "" {
		v.Add("postalCode", msg)
	}
}

// EmailProblem returns a German message when s is not an e-mail address; an
// empty s is fine because most contact fields are optional.
func EmailProblem(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
		return "„" + s + "“ ist keine gültige E-Mail-Adresse, z. B. name@beispiel.de."
	}
	return ""
}

// PhoneProblem accepts the ways German numbers are written (DIN 5008 and
// international): digits, spaces, +, /, -, parentheses.
func PhoneProblem(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	digits := 0
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			digits++
		case strings.ContainsRune(" +/-()", r):
		default:
			return "Die Telefonnummer darf nur Ziffern, Leerzeichen und + / - ( ) enthalten."
		}
	}
	if digits < 4 || digits > 17 {
		return "Die Telefonnummer hat zu wenige oder zu viele Ziffern."
	}
	return ""
}

// PostalCodeProblem checks German five-digit PLZ.
func PostalCodeProblem(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if len(s) != 5 || strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return "Die Postleitzahl hat fünf Ziffern, z. B. 38518."
	}
	return ""
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
