package model

import (
	"slices"
	"time"
)

// Role tells whether someone comes for work or as a volunteer; the network
// reports both (docs/DOMAIN.md §0: "Haupt- und Ehrenamt").
type Role string

const (
	RoleNone     Role = ""
	RoleHauptamt Role = "Hauptamt"
	RoleEhrenamt Role = "Ehrenamt"
)

// Roles lists the choices for forms.
var Roles = []Role{RoleHauptamt, RoleEhrenamt, RoleNone}

// Label is the German word; "" shows as "—".
func (r Role) Label() string {
	if r == RoleNone {
		return "—"
	}
	return string(r)
}

// ParseRole accepts H/E, hauptamt/ehrenamt, haupt/ehren.
func ParseRole(s string) (Role, bool) {
	switch lower := toLowerTrim(s); lower {
	case "h", "haupt", "hauptamt", "hauptamtlich":
		return RoleHauptamt, true
	case "e", "ehren", "ehrenamt", "ehrenamtlich":
		return RoleEhrenamt, true
	case "", "-", "—":
		return RoleNone, true
	}
	return RoleNone, false
}

// RegStatus is where a registration stands.
type RegStatus string

const (
	RegAngemeldet      RegStatus = "angemeldet"
	RegWarteliste      RegStatus = "Warteliste"
	RegAbgemeldet      RegStatus = "abgemeldet"
	RegTeilgenommen    RegStatus = "teilgenommen"
	RegNichtErschienen RegStatus = "nicht erschienen"
)

// RegStatuses lists every status.
var RegStatuses = []RegStatus{RegAngemeldet, RegWarteliste, RegAbgemeldet, RegTeilgenommen, RegNichtErschienen}

// Valid reports whether s is known.
func (s RegStatus) Valid() bool { return slices.Contains(RegStatuses, s) }

// HoldsPlace reports whether the registration takes one of the places.
func (s RegStatus) HoldsPlace() bool {
	return s == RegAngemeldet || s == RegTeilgenommen || s == RegNichtErschienen
}

// Registration links a person to an event. Kind "registration", no number.
type Registration struct {
	Meta
	EventID        string    `json:"eventId"`
	PersonID       string    `json:"personId,omitempty"` // "" after contact data was erased
	OrganisationID string    `json:"organisationId,omitempty"`
	Role           Role      `json:"role,omitempty"`
	Status         RegStatus `json:"status"`
	RegisteredAt   time.Time `json:"registeredAt"`
	CheckedInAt    time.Time `json:"checkedInAt,omitzero"`
	// WalkIn: registered at the door in check-in mode.
	WalkIn bool `json:"walkIn,omitempty"`
	// CreatedPerson: the person record was created together with this
	// registration ("neu in einem Schritt"), so erasing the event's contact
	// data may delete it when nothing else refers to it.
	CreatedPerson bool `json:"createdPerson,omitempty"`
	// Erased: contact data was removed after the event; only status, role
	// and organisation remain for the counts.
	Erased bool `json:"erased,omitempty"`
	// GrundschulungBefore keeps the person's Grundschulung dates from
	// before the check-in at a Grundschulung, so undoing the check-in can
	// restore them.
	GrundschulungBefore    Date `json:"gsBefore,omitzero"`
	GrundschulungNetBefore Date `json:"gsNetBefore,omitzero"`
}

// Validate checks the registration.
func (r *Registration) Validate() error {
	var v ValidationError
	v.Check(r.EventID != "", "event", "Die Anmeldung gehört zu keiner Veranstaltung.")
	v.Check(r.PersonID != "" || r.Erased, "person", "Bitte eine Person wählen oder neu anlegen.")
	v.Check(r.Status.Valid(), "status", "Unbekannter Status der Anmeldung.")
	_, ok := ParseRole(string(r.Role))
	v.Check(ok, "role", "Die Rolle ist Hauptamt oder Ehrenamt.")
	return v.Err()
}
