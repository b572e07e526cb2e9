package model

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// TeamRoles in the team and what each may do. The county's payment rules
// (§ 42 KomHKVO Nds.: whoever confirms a claim sachlich and rechnerisch
// richtig shall not also order its payment; a Dienstanweisung names who
// may do which) give the cut:
//
//   - lesen: look things up, change nothing.
//   - sachbearbeitung: the daily work – book Einsätze, enter claims and sign
//     them "sachlich richtig" and "rechnerisch richtig" (the Feststellung),
//     events, registrations, check-in, Protokoll, tasks, people.
//   - anordnung: the Anordnung – sign "angeordnet", make, confirm and cancel
//     payout runs, settle Rückforderungen.
//   - verwaltung: the rules of the office – Regeln & Sätze, Fördertöpfe, the
//     county's account, the roles themselves, the access trail, and erasing
//     personal data.
//
// A member may hold several roles; the store checks every write against
// them (store/roles.go) and the screens hide what a member may not do.

// Permission is one thing a role allows, named so the store and the screens
// ask the same question.
type Permission string

const (
	PermPeople    Permission = "personen"         // people and institutions
	PermEinsatz   Permission = "einsaetze"        // book and change Einsätze
	PermClaim     Permission = "antraege"         // enter, submit, Storno/Korrektur
	PermSign      Permission = "feststellen"      // sachlich and rechnerisch richtig
	PermNetwork   Permission = "netzwerk"         // events, registrations, tasks
	PermOrder     Permission = "anordnen"         // sign "angeordnet"
	PermPayout    Permission = "zahllauf"         // payout runs
	PermReclaim   Permission = "rueckforderungen" // settle Rückforderungen
	PermSettings  Permission = "regeln"           // Regeln & Sätze, Fördertöpfe, account
	PermRoles     Permission = "rollen"           // give roles
	PermAccessLog Permission = "zugriffe"         // read the access trail
	PermErase     Permission = "loeschen"         // erase personal data (Art. 17)
	PermRetention Permission = "loeschfristen"    // retention rules and Löschläufe
	PermDisclose  Permission = "auskunft"         // Auskunft (Art. 15)
)

// permissionLabels are what a person reads: "… ist nicht erlaubt".
var permissionLabels = map[Permission]string{
	PermPeople:    "Personen und Einrichtungen ändern",
	PermEinsatz:   "Einsätze buchen und ändern",
	PermClaim:     "Anträge erfassen und einreichen",
	PermSign:      "sachlich und rechnerisch richtig zeichnen",
	PermNetwork:   "Veranstaltungen, Anmeldungen und Aufgaben ändern",
	PermOrder:     "Auszahlungen anordnen",
	PermPayout:    "Zahlläufe erstellen, bestätigen und stornieren",
	PermReclaim:   "Rückforderungen abwickeln",
	PermSettings:  "Regeln & Sätze, Fördertöpfe und Konto ändern",
	PermRoles:     "Rollen im Team vergeben",
	PermAccessLog: "das Zugriffsprotokoll einsehen",
	PermErase:     "personenbezogene Daten löschen",
	PermRetention: "Löschfristen ändern und Löschläufe ausführen",
	PermDisclose:  "Auskunft über gespeicherte Daten erteilen",
}

// Label is the German phrase for the permission.
func (p Permission) Label() string {
	if l, ok := permissionLabels[p]; ok {
		return l
	}
	return string(p)
}

// TeamRole is one role of a team member.
type TeamRole string

const (
	TeamLesen           TeamRole = "lesen"
	TeamSachbearbeitung TeamRole = "sachbearbeitung"
	TeamAnordnung       TeamRole = "anordnung"
	TeamVerwaltung      TeamRole = "verwaltung"
)

// TeamRoleDef is one role as data: its name, German label, one line on what it
// is for, and its permissions.
type TeamRoleDef struct {
	Role    TeamRole
	Label   string
	Summary string
	Perms   []Permission
}

// TeamRoleDefs are the roles in the order screens list them.
var TeamRoleDefs = []TeamRoleDef{
	{TeamLesen, "Lesen", "nachschlagen, nichts ändern", nil},
	{TeamSachbearbeitung, "Sachbearbeitung", "Einsätze, Anträge erfassen und sachlich/rechnerisch richtig zeichnen, Netzwerk, Personen",
		[]Permission{PermPeople, PermEinsatz, PermClaim, PermSign, PermNetwork}},
	{TeamAnordnung, "Anordnung", "Auszahlungen anordnen, Zahlläufe, Rückforderungen abwickeln",
		[]Permission{PermOrder, PermPayout, PermReclaim}},
	{TeamVerwaltung, "Verwaltung", "Regeln & Sätze, Fördertöpfe, Rollen, Zugriffsprotokoll, Löschen und Auskunft",
		[]Permission{PermSettings, PermRoles, PermAccessLog, PermErase, PermRetention, PermDisclose}},
}

func teamRoleIndex(r TeamRole) int {
	for i, d := range TeamRoleDefs {
		if d.Role == r {
			return i
		}
	}
	return -1
}

// Label is the German name of the role.
func (r TeamRole) Label() string {
	if i := teamRoleIndex(r); i >= 0 {
		return TeamRoleDefs[i].Label
	}
	return string(r)
}

// TeamRoles is a set of roles, one bit per entry of TeamRoleDefs. The zero value
// holds no role: the member may only look things up, like TeamLesen.
type TeamRoles uint8

// AllTeamRoles holds every role (the single user of a local file without a
// role list).
var AllTeamRoles = func() TeamRoles {
	var rs TeamRoles
	for _, d := range TeamRoleDefs {
		rs = rs.With(d.Role)
	}
	return rs
}()

// RolesOf is a set of the given roles.
func TeamRolesOf(roles ...TeamRole) TeamRoles {
	var rs TeamRoles
	for _, r := range roles {
		rs = rs.With(r)
	}
	return rs
}

// With adds r.
func (rs TeamRoles) With(r TeamRole) TeamRoles {
	if i := teamRoleIndex(r); i >= 0 {
		return rs | 1<<i
	}
	return rs
}

// Has reports whether r is in the set.
func (rs TeamRoles) Has(r TeamRole) bool {
	i := teamRoleIndex(r)
	return i >= 0 && rs&(1<<i) != 0
}

// List is the roles in TeamRoleDefs order.
func (rs TeamRoles) List() []TeamRole {
	var out []TeamRole
	for i, d := range TeamRoleDefs {
		if rs&(1<<i) != 0 {
			out = append(out, d.Role)
		}
	}
	return out
}

// May reports whether any of the roles allows p.
func (rs TeamRoles) May(p Permission) bool {
	for i, d := range TeamRoleDefs {
		if rs&(1<<i) == 0 {
			continue
		}
		for _, q := range d.Perms {
			if q == p {
				return true
			}
		}
	}
	return false
}

// ReadOnly reports whether the roles allow no change at all.
func (rs TeamRoles) ReadOnly() bool {
	for _, d := range TeamRoleDefs {
		if rs.Has(d.Role) && len(d.Perms) > 0 {
			return false
		}
	}
	return true
}

// String is the canonical spelling, "anordnung,sachbearbeitung" in TeamRoleDefs
// order ("lesen" for a set without any role).
func (rs TeamRoles) String() string {
	l := rs.List()
	if len(l) == 0 {
		return string(TeamLesen)
	}
	s := make([]string, len(l))
	for i, r := range l {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

// Label is the German list, "Sachbearbeitung, Anordnung". Lesen is left out
// next to a role that allows more (it adds nothing).
func (rs TeamRoles) Label() string {
	var s []string
	for _, r := range rs.List() {
		if r == TeamLesen && !rs.ReadOnly() {
			continue
		}
		s = append(s, r.Label())
	}
	if len(s) == 0 {
		return TeamLesen.Label()
	}
	return strings.Join(s, ", ")
}

// Granting is the first role (in TeamRoleDefs order) that allows p – the one a
// refusal names.
func Granting(p Permission) TeamRole {
	for _, d := range TeamRoleDefs {
		for _, q := range d.Perms {
			if q == p {
				return d.Role
			}
		}
	}
	return TeamVerwaltung
}

// ParseTeamRoles reads "anordnung,sachbearbeitung" (commas, spaces or both;
// German labels and any case accepted). Empty text is an error: a role
// entry must say which roles it means.
func ParseTeamRoles(s string) (TeamRoles, error) {
	var rs TeamRoles
	var unknown []string
	n := 0
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\t' }) {
		n++
		r, ok := ParseTeamRole(f)
		if !ok {
			unknown = append(unknown, f)
			continue
		}
		rs = rs.With(r)
	}
	switch {
	case len(unknown) == 1:
		return 0, fmt.Errorf("unbekannte Rolle „%s“ (bekannt sind: %s)", unknown[0], teamRoleNames())
	case len(unknown) > 1:
		return 0, fmt.Errorf("unbekannte Rollen „%s“ (bekannt sind: %s)", strings.Join(unknown, "“, „"), teamRoleNames())
	case n == 0:
		return 0, fmt.Errorf("keine Rolle angegeben (bekannt sind: %s)", teamRoleNames())
	}
	return rs, nil
}

// ParseRole reads one role by its code or German label.
func ParseTeamRole(s string) (TeamRole, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, d := range TeamRoleDefs {
		if t == string(d.Role) || t == strings.ToLower(d.Label) {
			return d.Role, true
		}
	}
	return "", false
}

func teamRoleNames() string {
	s := make([]string, len(TeamRoleDefs))
	for i, d := range TeamRoleDefs {
		s[i] = string(d.Role)
	}
	return strings.Join(s, ", ")
}

// MarshalJSON writes the roles as a list of codes, so a stored file reads
// the same if roles are added later.
func (rs TeamRoles) MarshalJSON() ([]byte, error) {
	l := rs.List()
	if l == nil {
		l = []TeamRole{}
	}
	return json.Marshal(l)
}

// UnmarshalJSON reads a list of codes; an unknown one is an error (it was
// written by a newer program, and guessing rights is not safe).
func (rs *TeamRoles) UnmarshalJSON(b []byte) error {
	var l []string
	if err := json.Unmarshal(b, &l); err != nil {
		return err
	}
	var out TeamRoles
	for _, s := range l {
		r, ok := ParseTeamRole(s)
		if !ok {
			return fmt.Errorf("unbekannte Rolle %q", s)
		}
		out = out.With(r)
	}
	*rs = out
	return nil
}

// TeamMember is one entry of the office's role list: a team member's name (as
// in --user or the keys file) and their roles.
type TeamMember struct {
	Name  string    `json:"name"`
	Roles TeamRoles `json:"roles"`
}

// TeamRoleList is the office's list of who holds which role (Regeln & Sätze →
// Rollen). An empty list means every local user holds every role.
type TeamRoleList []TeamMember

// Find returns the entry of name (names compare without case and outer
// spaces), or false.
func (l TeamRoleList) Find(name string) (TeamMember, bool) {
	n := strings.TrimSpace(name)
	for _, m := range l {
		if strings.EqualFold(strings.TrimSpace(m.Name), n) {
			return m, true
		}
	}
	return TeamMember{}, false
}

// Validate checks the list: names present, printable and unique, and at
// least one member keeps the role Verwaltung (else nobody could change the
// list again).
func (l TeamRoleList) Validate() error {
	var ve ValidationError
	seen := map[string]bool{}
	admin := false
	for i, m := range l {
		name := strings.TrimSpace(m.Name)
		switch {
		case name == "":
			ve.Add(fmt.Sprintf("member%d", i), fmt.Sprintf("Eintrag %d hat keinen Namen.", i+1))
			continue
		case !printable(name):
			ve.Add(fmt.Sprintf("member%d", i), fmt.Sprintf("Der Name in Eintrag %d enthält Steuerzeichen.", i+1))
			continue
		case len([]rune(name)) > 64:
			ve.Add(fmt.Sprintf("member%d", i), fmt.Sprintf("Der Name in Eintrag %d ist länger als 64 Zeichen.", i+1))
			continue
		}
		key := strings.ToLower(name)
		if seen[key] {
			ve.Add(fmt.Sprintf("member%d", i), fmt.Sprintf("„%s“ steht zweimal in der Liste.", name))
		}
		seen[key] = true
		admin = admin || m.Roles.Has(TeamVerwaltung)
	}
	if len(l) > 0 && !admin {
		ve.Add("roles", "Mindestens eine Person braucht die Rolle Verwaltung – sonst kann niemand die Rollen mehr ändern.")
	}
	return ve.Err()
}

// Sorted returns the list by name.
func (l TeamRoleList) Sorted() TeamRoleList {
	out := append(TeamRoleList(nil), l...)
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out
}

// printable: no control or format characters (a name is shown in every
// status bar and journal line).
func printable(s string) bool {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}
