package model

import "strings"

// OrgKind is the kind of body: interpreter requests are only accepted from
// institutions (docs/DOMAIN.md §1.1), and intake rules are set per kind.
type OrgKind string

const (
	OrgJobcenter          OrgKind = "jobcenter"
	OrgAuslaenderbehoerde OrgKind = "auslaenderbehoerde"
	OrgJugendamt          OrgKind = "jugendamt"
	OrgSozialamt          OrgKind = "sozialamt"
	OrgSchule             OrgKind = "schule"
	OrgKita               OrgKind = "kita"
	OrgGesundheit         OrgKind = "gesundheit"
	OrgBeratung           OrgKind = "beratung"
	OrgWohlfahrt          OrgKind = "wohlfahrt"
	OrgKommune            OrgKind = "kommune"
	OrgVerein             OrgKind = "verein"
	OrgSonstige           OrgKind = "sonstige"
)

// OrgKinds in the order forms offer them.
var OrgKinds = []OrgKind{OrgJobcenter, OrgAuslaenderbehoerde, OrgJugendamt, OrgSozialamt,
	OrgSchule, OrgKita, OrgGesundheit, OrgBeratung, OrgWohlfahrt, OrgKommune, OrgVerein, OrgSonstige}

// Label is the German name of the kind.
func (k OrgKind) Label() string {
	switch k {
	case OrgJobcenter:
		return "Jobcenter"
	case OrgAuslaenderbehoerde:
		return "Ausländerbehörde"
	case OrgJugendamt:
		return "Jugendamt"
	case OrgSozialamt:
		return "Sozialamt"
	case OrgSchule:
		return "Schule"
	case OrgKita:
		return "Kita"
	case OrgGesundheit:
		return "Gesundheitswesen"
	case OrgBeratung:
		return "Beratungsstelle"
	case OrgWohlfahrt:
		return "Wohlfahrtsverband"
	case OrgKommune:
		return "Kommune/Verwaltung"
	case OrgVerein:
		return "Verein/Initiative"
	case OrgSonstige:
		return "Sonstige"
	}
	return "—"
}

// Organisation is a requesting institution or a network partner.
type Organisation struct {
	Meta
	Name       string  `json:"name"`
	Kind       OrgKind `json:"kind,omitempty"`
	Street     string  `json:"street,omitempty"`
	PostalCode string  `json:"postalCode,omitempty"`
	City       string  `json:"city,omitempty"`
	Phone      string  `json:"phone,omitempty"`
	Email      string  `json:"email,omitempty"`
	Notes      string  `json:"notes,omitempty"`

	Network *OrgNetworkProfile `json:"network,omitempty"`
}

// Place is "38518 Gifhorn" or whatever part of it is known.
func (o *Organisation) Place() string { return joinNonEmpty(" ", o.PostalCode, o.City) }

// Validate checks the organisation's fields.
func (o *Organisation) Validate() error {
	var v ValidationError
	n := strings.TrimSpace(o.Name)
	switch {
	case n == "":
		v.Add("name", "Bitte einen Namen der Einrichtung eingeben.")
	case len([]rune(n)) > 160:
		v.Add("name", "Der Name ist zu lang (höchstens 160 Zeichen).")
	case strings.ContainsAny(n, "\n\r\t"):
		v.Add("name", "Der Name darf keine Zeilenumbrüche enthalten.")
	}
	if o.Kind != "" && o.Kind.Label() == "—" {
		v.Add("kind", "Unbekannte Art der Einrichtung.")
	}
	validateContact(&v, o.Email, o.Phone, o.PostalCode)
	if o.Network != nil {
		o.Network.validate(&v)
	}
	return v.Err()
}
