package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"

	"stabsstelle/model"
)

// Roles in the team (model/role.go has what each may do). The store refuses
// every write the writer's roles do not allow, so a screen that forgets to
// hide a key cannot change anything it must not:
//
//   - Every record write passes Tx.record, which asks for the permission of
//     the record's kind (kindPermissions): a person needs "personen", a
//     claim "antraege", the settings "regeln", the role list "rollen".
//   - A domain step that needs another permission than its records' kinds
//     (signing a claim, a payout run that marks Einsätze abgerechnet, a
//     check-in that marks a person trained) asks for it first with Tx.act;
//     inside that step the records it writes are not asked again.
//
// Where the roles come from (RolesOf): in team mode (serve) the keys file
// names them per member; a member without roles there gets those of the
// office's role list, else only "lesen". Locally the role list decides; as
// long as there is none, the one user holds every role.

// TeamRoleSource answers the roles the keys file gives a member; ok false
// when it names none for them.
type TeamRoleSource func(who string) (roles model.TeamRoles, ok bool)

// teamRoles is the store's team mode: nil locally.
type teamRoles struct {
	src atomic.Pointer[TeamRoleSource]
}

// SetTeamRoles puts the store into team mode: from now on the roles of a
// writer come from src, then from the role list, else only "lesen". The
// team server calls it once, before the first session.
func (s *Store) SetTeamRoles(src TeamRoleSource) {
	if src == nil {
		s.team.src.Store(nil)
		return
	}
	s.team.src.Store(&src)
}

// TeamMode reports whether SetTeamRoles was called.
func (s *Store) TeamMode() bool { return s.team.src.Load() != nil }

// Where a member's roles come from, for the status line and the help.
const (
	FromKeys      = "Schlüsseldatei"
	FromList      = "Rollenliste"
	FromNoList    = "keine Rollenliste: alle Rollen"
	FromNotListed = "nicht in der Rollenliste"
	FromNoRole    = "ohne Rolle in Schlüsseldatei und Rollenliste"
)

// RoleGrant is what a member may do and why.
type RoleGrant struct {
	Roles model.TeamRoles
	From  string // one of the From… texts
}

// RolesOf returns who's roles as the store applies them to their writes.
func RolesOf(tx *Tx, who string) (RoleGrant, error) {
	who = strings.TrimSpace(who)
	if p := tx.s.team.src.Load(); p != nil {
		if rs, ok := (*p)(who); ok {
			return RoleGrant{rs, FromKeys}, nil
		}
	}
	list, err := LoadRoleList(tx)
	if err != nil {
		// Fail closed: a damaged list must not hand out every role.
		return RoleGrant{From: FromNotListed}, err
	}
	if m, ok := list.Find(who); ok {
		return RoleGrant{m.Roles, FromList}, nil
	}
	switch {
	case tx.s.TeamMode():
		return RoleGrant{From: FromNoRole}, nil
	case len(list) == 0:
		return RoleGrant{model.AllTeamRoles, FromNoList}, nil
	}
	return RoleGrant{From: FromNotListed}, nil
}

// LookupRoles is RolesOf in its own read transaction (screens, server).
func LookupRoles(s *Store, who string) (RoleGrant, error) {
	var g RoleGrant
	err := s.View(func(tx *Tx) error {
		var err error
		g, err = RolesOf(tx, who)
		return err
	})
	return g, err
}

// ErrForbidden: the writer's roles do not allow what they tried. Nothing
// was saved.
type ErrForbidden struct {
	Action string         // what was tried, German ("Auszahlungen anordnen")
	Role   model.TeamRole // the role that allows it
	Who    string
	Has    model.TeamRoles
}

func (e *ErrForbidden) Error() string {
	who := e.Who
	if who == "" {
		who = "Sie"
	}
	return fmt.Sprintf("Nicht erlaubt: „%s“ braucht die Rolle %s; %s hat %s. Es wurde nichts gespeichert – bitte jemanden mit der Rolle %s fragen oder die Verwaltung um die Rolle bitten.",
		e.Action, e.Role.Label(), who, rolesPhrase(e.Has), e.Role.Label())
}

func rolesPhrase(rs model.TeamRoles) string {
	if rs.ReadOnly() {
		return "nur die Rolle Lesen"
	}
	if len(rs.List()) == 1 || (len(rs.List()) == 2 && rs.Has(model.TeamLesen)) {
		return "die Rolle " + rs.Label()
	}
	return "die Rollen " + rs.Label()
}

// txRoles is a transaction's view of its writer's roles.
type txRoles struct {
	resolved bool
	grant    RoleGrant
	err      error
	acting   int // depth of Tx.act steps running
}

// Roles are the roles of the transaction's writer (read once per
// transaction, from the same state the transaction writes to).
func (tx *Tx) Roles() (RoleGrant, error) {
	if !tx.perm.resolved {
		tx.perm.grant, tx.perm.err = RolesOf(tx, tx.who)
		tx.perm.resolved = true
	}
	return tx.perm.grant, tx.perm.err
}

// May reports whether the writer may do p.
func (tx *Tx) May(p model.Permission) bool {
	g, err := tx.Roles()
	return err == nil && g.Roles.May(p)
}

// require refuses with ErrForbidden unless the writer may do one of ps
// (the first one names the refusal).
func (tx *Tx) require(ps ...model.Permission) error {
	g, err := tx.Roles()
	if err != nil {
		return err
	}
	for _, p := range ps {
		if g.Roles.May(p) {
			return nil
		}
	}
	return &ErrForbidden{Action: ps[0].Label(), Role: model.Granting(ps[0]), Who: tx.who, Has: g.Roles}
}

// act starts a domain step that needs one of ps: the writes inside it are
// not asked for their kinds' permissions again. Every act that returned
// nil is paired with a deferred endAct.
func (tx *Tx) act(ps ...model.Permission) error {
	if tx.perm.acting > 0 {
		// A step inside another (erasing an event's contact data cancels
		// its registrations): the outer step was allowed, this is part of it.
		tx.perm.acting++
		return nil
	}
	if err := tx.require(ps...); err != nil {
		return err
	}
	tx.perm.acting++
	return nil
}

// endAct ends the step act started.
func (tx *Tx) endAct() { tx.perm.acting-- }

// ClaimActionPermissions is what each step of a claim needs: handing in is
// Sachbearbeitung, sachlich and rechnerisch richtig are the Feststellung,
// angeordnet is the Anordnung; sending a claim back to the draft may do
// either who checks it or who would order it.
func ClaimActionPermissions(a model.ClaimAction) []model.Permission {
	switch a {
	case model.ActSubmit:
		return []model.Permission{model.PermClaim}
	case model.ActSachlich, model.ActRechnerisch:
		return []model.Permission{model.PermSign}
	case model.ActReject:
		return []model.Permission{model.PermSign, model.PermOrder}
	case model.ActPay, model.ActReserve, model.ActRelease:
		return []model.Permission{model.PermPayout}
	}
	return []model.Permission{model.PermOrder}
}

// kindPermissions is what writing a record of each kind needs outside a
// domain step. A kind missing here needs the role Verwaltung (roles_test.go
// checks that every kind of the program is listed).
var kindPermissions = map[string]model.Permission{
	KindPerson:       model.PermPeople,
	KindOrganisation: model.PermPeople,
	KindEinsatz:      model.PermEinsatz,
	KindClaim:        model.PermClaim,
	KindFund:         model.PermSettings,
	KindPayout:       model.PermPayout,
	KindReclaim:      model.PermReclaim,
	KindEvent:        model.PermNetwork,
	KindRegistration: model.PermNetwork,
	KindTask:         model.PermNetwork,
	KindSettings:     model.PermSettings,
	// Taking an event out for an Außentermin and deciding the conflicts of
	// its merge are Netzwerk work (a whole copy needs more: bundle_export.go).
	KindAussenkopie: model.PermNetwork,
	KindConflict:    model.PermNetwork,
}

// mayWrite is asked by Tx.record before a record write is journaled.
func (tx *Tx) mayWrite(kind, id string) error {
	if tx.perm.acting > 0 {
		return nil
	}
	if kind == KindSettings && id == roleListID {
		return tx.require(model.PermRoles)
	}
	if kind == KindSettings && id == bedienungID(tx.who) {
		return nil // one's own Bedienung (the mouse): everybody's business
	}
	p, ok := kindPermissions[kind]
	if !ok {
		// A kind nobody listed (tests, or a new kind not yet given its
		// permission) is the office's own business.
		g, err := tx.Roles()
		if err != nil {
			return err
		}
		if !g.Roles.May(model.PermSettings) {
			return &ErrForbidden{Action: "Datensätze der Art „" + kind + "“ ändern", Role: model.TeamVerwaltung, Who: tx.who, Has: g.Roles}
		}
		return nil
	}
	return tx.require(p)
}

// ---------------------------------------------------------------- role list

const roleListID = settingsIDPrefix + "rollen"

var keyRoleList = []byte("rollen")

// roleListState is the stored form of the role list.
type roleListState struct {
	Members model.TeamRoleList `json:"members"`
}

// LoadRoleList reads the office's role list (empty: none kept).
func LoadRoleList(tx *Tx) (model.TeamRoleList, error) {
	raw := settingsGet(tx, keyRoleList)
	if raw == nil {
		return nil, nil
	}
	var st roleListState
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil, fmt.Errorf("Die Rollenliste ist nicht lesbar (%w); bis sie repariert ist, darf niemand etwas ändern. Bitte „stabsstelle check“ ausführen.", err)
	}
	return st.Members, nil
}

// SaveRoleList stores the role list (needs the role Verwaltung). Nobody
// can take Verwaltung from themselves: a second person with that role has
// to, so the office never locks itself out. An empty list goes back to
// "every local user holds every role".
func SaveRoleList(tx *Tx, list model.TeamRoleList) error {
	if err := tx.require(model.PermRoles); err != nil {
		return err
	}
	for i := range list {
		list[i].Name = strings.Join(strings.Fields(list[i].Name), " ")
	}
	if err := list.Validate(); err != nil {
		return err
	}
	if len(list) > 0 {
		if m, ok := list.Find(tx.who); !ok || !m.Roles.Has(model.TeamVerwaltung) {
			if g, _ := tx.Roles(); g.From != FromKeys {
				return fmt.Errorf("Sie würden sich selbst die Rolle Verwaltung nehmen – bitte „%s“ mit der Rolle Verwaltung in der Liste lassen; eine andere Person mit dieser Rolle kann sie Ihnen nehmen.", tx.who)
			}
		}
	}
	var raw []byte
	if len(list) > 0 {
		var err error
		if raw, err = json.Marshal(roleListState{Members: list.Sorted()}); err != nil {
			return err
		}
	}
	return settingsKind{}.Restore(tx, roleListID, raw)
}

// settingsGet reads one value of the settings bucket (nil if missing).
func settingsGet(tx *Tx, key []byte) []byte {
	b := tx.btx.Bucket(bucketSettings)
	if b == nil {
		return nil
	}
	v, err := tx.get(b, bucketSettings, key)
	if err != nil {
		return nil // a damaged value: check names it; no roles from it
	}
	return bytes.Clone(v)
}
