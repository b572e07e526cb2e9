package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stabsstelle/model"
)

// rolesFixture is one file with something of every kind, a role list, and
// one member per role.
type rolesFixture struct {
	s                               *Store
	vol, interp                     *model.Person
	org                             *model.Organisation
	draft, handedIn, sachlich, rech *model.Claim
	ordered, inRun                  *model.Claim
	run                             *model.PayoutRun
	reclaim                         *model.Reclaim
	future, past                    *model.Event
	reg                             *model.Registration
	task                            *model.Task
	fund                            *model.Fund
	open                            *model.Einsatz
}

// the members of the role list
const (
	admin = "admin" // every role: builds the fixture
	lea   = "lea"   // lesen
	sam   = "sam"   // sachbearbeitung
	ana   = "ana"   // anordnung
	vera  = "vera"  // verwaltung
)

func rolesOpen(t *testing.T) *rolesFixture {
	t.Helper()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	s, err := Open(filepath.Join(t.TempDir(), "roles.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	f := &rolesFixture{s: s}
	f.vol = &model.Person{Name: "Anna Schmidt", City: "Gifhorn", Volunteer: &model.VolunteerProfile{IBAN: "DE89370400440532013000"}}
	f.interp = &model.Person{Name: "Amina Haddad", Interpreter: &model.InterpreterProfile{Languages: []model.LanguageSkill{{Language: "Arabisch"}},
		HomePlace: "Gifhorn", Active: true, Grundschulung: model.NewDate(2025, 1, 1), Schweigepflicht: model.NewDate(2025, 1, 1), FuehrungszeugnisSeen: model.NewDate(2025, 1, 1)}}
	f.org = &model.Organisation{Name: "Jobcenter Gifhorn", Kind: model.OrgJobcenter, City: "Gifhorn"}
	must := func(who string, fn func(tx *Tx) error) {
		t.Helper()
		if err := s.Update(who, fn); err != nil {
			t.Fatal(err)
		}
	}
	must(admin, func(tx *Tx) error {
		for _, p := range []*model.Person{f.vol, f.interp} {
			if err := People.Put(tx, p); err != nil {
				return err
			}
		}
		f.fund = &model.Fund{Name: "Integrationslotsen", Year: 2026, Amount: 500000}
		if err := Funds.Put(tx, f.fund); err != nil {
			return err
		}
		return Organisations.Put(tx, f.org)
	})
	f.open = &model.Einsatz{OrganisationID: f.org.ID, Language: "Arabisch", Setting: model.SettingOnSite, Place: "Gifhorn", Address: "Am Markt 1",
		Start: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), Duration: time.Hour, Status: model.StatusSuche}
	must(admin, func(tx *Tx) error { return Einsaetze.Put(tx, f.open) })
	claim := func(upto ...struct {
		who string
		a   model.ClaimAction
	}) *model.Claim {
		c := draft(f.vol.ID)
		must(admin, func(tx *Tx) error { return SaveClaim(tx, c) })
		for _, st := range upto {
			if err := step(t, s, st.who, c.ID, st.a); err != nil {
				t.Fatal(err)
			}
		}
		must(admin, func(tx *Tx) error { var err error; c, err = Claims.Get(tx, c.ID); return err })
		return c
	}
	type st = struct {
		who string
		a   model.ClaimAction
	}
	submit, sach, rech, ord := st{"meier", model.ActSubmit}, st{"meier", model.ActSachlich}, st{"schulz", model.ActRechnerisch}, st{"weber", model.ActAnordnen}
	f.draft = claim()
	f.handedIn = claim(submit)
	f.sachlich = claim(submit, sach)
	f.rech = claim(submit, sach, rech)
	f.ordered = claim(submit, sach, rech, ord)
	f.inRun = claim(submit, sach, rech, ord)
	must(admin, func(tx *Tx) error {
		var err error
		f.run, err = CreatePayoutRun(tx, []string{f.inRun.ID}, model.Date{})
		return err
	})
	f.reclaim = &model.Reclaim{PersonID: f.vol.ID, PersonName: f.vol.Name, Amount: 500, Reason: "zu viel gezahlt",
		Due: model.NewDate(2026, 12, 20), Status: model.ReclaimOffen}
	must(admin, func(tx *Tx) error { return Reclaims.Put(tx, f.reclaim) })
	f.future = newEvent(t, s, 20, now.Add(72*time.Hour), false)
	f.past = newEvent(t, s, 20, now.Add(-72*time.Hour), false)
	f.reg = register(t, s, f.future.ID, f.vol.ID)
	register(t, s, f.past.ID, f.vol.ID)
	f.task = &model.Task{Text: "Protokoll verschicken", Status: model.TaskOffen, Due: model.NewDate(2026, 11, 30), EventID: f.future.ID}
	must(admin, func(tx *Tx) error { return Tasks.Put(tx, f.task) })
	must(admin, func(tx *Tx) error {
		return SaveRoleList(tx, model.TeamRoleList{
			{Name: admin, Roles: model.AllTeamRoles},
			{Name: lea, Roles: model.TeamRolesOf(model.TeamLesen)},
			{Name: sam, Roles: model.TeamRolesOf(model.TeamSachbearbeitung)},
			{Name: ana, Roles: model.TeamRolesOf(model.TeamAnordnung)},
			{Name: vera, Roles: model.TeamRolesOf(model.TeamVerwaltung)},
		})
	})
	return f
}

// errRollback ends a trial transaction that succeeded, so the next trial
// finds the fixture unchanged.
var errRollback = errors.New("rollback")

// guardedActions are the writes of the program, each with the permission
// it needs.
func guardedActions(f *rolesFixture) []struct {
	name string
	perm model.Permission
	do   func(tx *Tx) error
} {
	type action = struct {
		name string
		perm model.Permission
		do   func(tx *Tx) error
	}
	claimStep := func(c **model.Claim, a model.ClaimAction) func(tx *Tx) error {
		return func(tx *Tx) error { _, err := ApplyClaim(tx, (*c).ID, 0, a, "geprüft"); return err }
	}
	return []action{
		{"Person anlegen", model.PermPeople, func(tx *Tx) error { return People.Put(tx, &model.Person{Name: "Neu"}) }},
		{"Person ändern", model.PermPeople, func(tx *Tx) error {
			p, err := People.Get(tx, f.vol.ID)
			if err != nil {
				return err
			}
			p.Phone = "05371 1234"
			return People.Put(tx, p)
		}},
		{"Person löschen", model.PermPeople, func(tx *Tx) error { return People.Delete(tx, f.interp.ID) }},
		{"Einrichtung anlegen", model.PermPeople, func(tx *Tx) error {
			return Organisations.Put(tx, &model.Organisation{Name: "Schule", Kind: model.OrgSchule, City: "Gifhorn"})
		}},
		{"Einsatz buchen", model.PermEinsatz, func(tx *Tx) error {
			e := *f.open
			e.ID, e.Version, e.Number = "", 0, ""
			return SaveEinsatz(tx, &e)
		}},
		{"Sprachmittler:in zuordnen", model.PermEinsatz, func(tx *Tx) error { return AssignInterpreter(tx, f.open.ID, f.interp.ID, f.open.Version) }},
		{"Einsatz direkt ändern", model.PermEinsatz, func(tx *Tx) error {
			e, err := Einsaetze.Get(tx, f.open.ID)
			if err != nil {
				return err
			}
			e.Place = "Wittingen"
			return Einsaetze.Put(tx, e)
		}},
		{"Antrag anlegen", model.PermClaim, func(tx *Tx) error { return SaveClaim(tx, draft(f.vol.ID)) }},
		{"Antrag einreichen", model.PermClaim, claimStep(&f.draft, model.ActSubmit)},
		{"Entwurf löschen", model.PermClaim, func(tx *Tx) error { return DeleteClaim(tx, f.draft.ID) }},
		{"Storno anlegen", model.PermClaim, func(tx *Tx) error {
			_, err := CreateCorrection(tx, f.ordered.ID, model.ClaimStorno, "doppelt erfasst")
			return err
		}},
		{"sachlich richtig", model.PermSign, claimStep(&f.handedIn, model.ActSachlich)},
		{"rechnerisch richtig", model.PermSign, claimStep(&f.sachlich, model.ActRechnerisch)},
		{"anordnen", model.PermOrder, claimStep(&f.rech, model.ActAnordnen)},
		{"Zahllauf erstellen", model.PermPayout, func(tx *Tx) error {
			_, err := CreatePayoutRun(tx, []string{f.ordered.ID}, model.Date{})
			return err
		}},
		{"Zahllauf bestätigen", model.PermPayout, func(tx *Tx) error { _, err := ConfirmPayoutRun(tx, f.run.ID); return err }},
		{"Zahllauf stornieren", model.PermPayout, func(tx *Tx) error { _, err := CancelPayoutRun(tx, f.run.ID, "falsches Datum"); return err }},
		{"Rückforderung zurückgezahlt", model.PermReclaim, func(tx *Tx) error {
			_, err := MarkReclaimPaidBack(tx, f.reclaim.ID, 0, model.NewDate(2026, 11, 20), "")
			return err
		}},
		{"Rückforderung verrechnen", model.PermReclaim, func(tx *Tx) error { _, err := SetReclaimNetting(tx, f.reclaim.ID, 0, true); return err }},
		{"Veranstaltung anlegen", model.PermNetwork, func(tx *Tx) error {
			ev := *f.future
			ev.ID, ev.Version, ev.Number = "", 0, ""
			return SaveEvent(tx, &ev)
		}},
		{"anmelden", model.PermNetwork, func(tx *Tx) error {
			_, err := Register(tx, f.future.ID, f.interp.ID, RegisterOptions{Role: model.RoleEhrenamt})
			return err
		}},
		{"neu anmelden", model.PermNetwork, func(tx *Tx) error {
			_, err := RegisterNewPerson(tx, f.future.ID, &model.Person{Name: "Walk In"}, RegisterOptions{})
			return err
		}},
		{"Einlass", model.PermNetwork, func(tx *Tx) error { _, err := CheckIn(tx, f.reg.ID); return err }},
		{"abmelden", model.PermNetwork, func(tx *Tx) error { _, err := Cancel(tx, f.reg.ID); return err }},
		{"Gremium", model.PermNetwork, func(tx *Tx) error { return SetGremiumMember(tx, f.vol.ID, model.Gremien[0], true) }},
		{"Aufgabe anlegen", model.PermNetwork, func(tx *Tx) error {
			return Tasks.Put(tx, &model.Task{Text: "Raum buchen", Status: model.TaskOffen, Due: model.NewDate(2026, 12, 1)})
		}},
		{"Aufgabe erledigt", model.PermNetwork, func(tx *Tx) error { _, err := SetTaskDone(tx, f.task.ID, true); return err }},
		{"nicht erschienen", model.PermNetwork, func(tx *Tx) error { _, err := MarkNoShows(tx, f.past.ID); return err }},
		{"Kontaktdaten löschen", model.PermErase, func(tx *Tx) error { _, err := EraseContactData(tx, f.past.ID); return err }},
		{"Sätze der Sprachmittlung", model.PermSettings, func(tx *Tx) error {
			return SaveSprachmittlungSettings(tx, DefaultSprachmittlungSettings())
		}},
		{"Sätze der Kostenerstattung", model.PermSettings, func(tx *Tx) error { return SaveKostenSettings(tx, DefaultKostenSettings()) }},
		{"Fördertopf anlegen", model.PermSettings, func(tx *Tx) error {
			return Funds.Put(tx, &model.Fund{Name: "Sprachmittlung", Year: 2026, Amount: 100000})
		}},
		{"Topf für Sprachmittlung", model.PermSettings, func(tx *Tx) error { _, err := SetSprachmittlungFund(tx, f.fund.ID); return err }},
		{"Person löschen (Art. 17)", model.PermErase, func(tx *Tx) error { _, err := ErasePerson(tx, f.interp.ID, "Antrag"); return err }},
		{"Person einschränken (Art. 18)", model.PermErase, func(tx *Tx) error { _, err := RestrictPerson(tx, f.vol.ID, "Antrag"); return err }},
		{"Löschfristen ändern", model.PermRetention, func(tx *Tx) error { return SaveRetentionRules(tx, model.DefaultRetentionRules()) }},
		{"Löschlauf", model.PermRetention, func(tx *Tx) error { _, _, err := RunRetention(tx); return err }},
		{"Rollen vergeben", model.PermRoles, func(tx *Tx) error {
			list, err := LoadRoleList(tx)
			if err != nil {
				return err
			}
			return SaveRoleList(tx, append(list, model.TeamMember{Name: "neu", Roles: model.TeamRolesOf(model.TeamLesen)}))
		}},
	}
}

// TestStoreRefusesWhatARoleMayNot calls the store directly, as each member,
// for every write of the program: what the role allows goes through, the
// rest is refused with ErrForbidden naming the action and the role.
func TestStoreRefusesWhatARoleMayNot(t *testing.T) {
	f := rolesOpen(t)
	members := []struct {
		who   string
		roles model.TeamRoles
	}{
		{lea, model.TeamRolesOf(model.TeamLesen)},
		{sam, model.TeamRolesOf(model.TeamSachbearbeitung)},
		{ana, model.TeamRolesOf(model.TeamAnordnung)},
		{vera, model.TeamRolesOf(model.TeamVerwaltung)},
		{admin, model.AllTeamRoles},
		{"unbekannt", 0}, // not on the list: lesen
	}
	// what each role may, written out by hand (not computed from RoleDefs)
	allowed := map[string][]model.Permission{
		sam:   {model.PermPeople, model.PermEinsatz, model.PermClaim, model.PermSign, model.PermNetwork},
		ana:   {model.PermOrder, model.PermPayout, model.PermReclaim},
		vera:  {model.PermSettings, model.PermRoles, model.PermErase, model.PermRetention},
		admin: {model.PermPeople, model.PermEinsatz, model.PermClaim, model.PermSign, model.PermNetwork, model.PermOrder, model.PermPayout, model.PermReclaim, model.PermSettings, model.PermRoles, model.PermErase, model.PermRetention},
	}
	for _, m := range members {
		for _, a := range guardedActions(f) {
			want := false
			for _, p := range allowed[m.who] {
				want = want || p == a.perm
			}
			err := f.s.Update(m.who, func(tx *Tx) error {
				if err := a.do(tx); err != nil {
					return err
				}
				return errRollback
			})
			var forbidden *ErrForbidden
			switch {
			case want && err != errRollback:
				t.Errorf("%s (%s) %s: %v", m.who, m.roles.Label(), a.name, err)
			case !want && !errors.As(err, &forbidden):
				t.Errorf("%s (%s) %s: not refused: %v", m.who, m.roles.Label(), a.name, err)
			case !want && (forbidden.Role != model.Granting(a.perm) || forbidden.Action != a.perm.Label()):
				t.Errorf("%s %s: refusal names %q / %s, want %q / %s", m.who, a.name, forbidden.Action, forbidden.Role, a.perm.Label(), model.Granting(a.perm))
			case !want && !strings.Contains(err.Error(), "Es wurde nichts gespeichert"):
				t.Errorf("%s %s: message %q", m.who, a.name, err)
			}
		}
	}
	// Reject: whoever checks or whoever would order may send it back.
	for who, ok := range map[string]bool{lea: false, sam: true, ana: true, vera: false} {
		err := f.s.Update(who, func(tx *Tx) error {
			if _, err := ApplyClaim(tx, f.rech.ID, 0, model.ActReject, "Beleg fehlt"); err != nil {
				return err
			}
			return errRollback
		})
		if ok != (err == errRollback) {
			t.Errorf("reject by %s: %v", who, err)
		}
	}
}

// TestRefusedWriteLeavesNoTrace: a refused write changes no record, index
// or journal entry and publishes nothing.
func TestRefusedWriteLeavesNoTrace(t *testing.T) {
	f := rolesOpen(t)
	sub := f.s.Subscribe()
	got := make(chan []Event, 1)
	go func() {
		if evs, ok := sub.Wait(); ok {
			got <- evs
		}
	}()
	defer sub.Close()
	var before int
	f.s.View(func(tx *Tx) error { before = tx.btx.Bucket(bucketJournal).Stats().KeyN; return nil })
	err := f.s.Update(lea, func(tx *Tx) error {
		p, err := People.Get(tx, f.vol.ID)
		if err != nil {
			return err
		}
		p.Name = "Geändert"
		return People.Put(tx, p)
	})
	var forbidden *ErrForbidden
	if !errors.As(err, &forbidden) || forbidden.Who != lea || !forbidden.Has.ReadOnly() {
		t.Fatalf("lesen changed a person: %v", err)
	}
	if !strings.Contains(err.Error(), "Sachbearbeitung") || !strings.Contains(err.Error(), "nur die Rolle Lesen") {
		t.Errorf("message: %s", err)
	}
	f.s.View(func(tx *Tx) error {
		p, _ := People.Get(tx, f.vol.ID)
		if p.Name != "Anna Schmidt" {
			t.Errorf("name %q", p.Name)
		}
		if n := tx.btx.Bucket(bucketJournal).Stats().KeyN; n != before {
			t.Errorf("journal %d → %d entries", before, n)
		}
		return nil
	})
	select {
	case evs := <-got:
		t.Errorf("refused write published %v", evs)
	case <-time.After(50 * time.Millisecond):
	}
}

// TestUndoNeedsTheRole: a member who lost a role cannot take back what
// they did with it.
func TestUndoNeedsTheRole(t *testing.T) {
	f := rolesOpen(t)
	if err := f.s.Update(sam, func(tx *Tx) error {
		return Tasks.Put(tx, &model.Task{Text: "Flyer", Status: model.TaskOffen, Due: model.NewDate(2026, 12, 1)})
	}); err != nil {
		t.Fatal(err)
	}
	setRoles(t, f.s, sam, model.TeamRolesOf(model.TeamLesen))
	err := f.s.Update(sam, func(tx *Tx) error { _, err := UndoLast(tx, sam); return err })
	var forbidden *ErrForbidden
	if !errors.As(err, &forbidden) || forbidden.Role != model.TeamSachbearbeitung {
		t.Fatalf("undo without the role: %v", err)
	}
	setRoles(t, f.s, sam, model.TeamRolesOf(model.TeamSachbearbeitung))
	if err := f.s.Update(sam, func(tx *Tx) error { _, err := UndoLast(tx, sam); return err }); err != nil {
		t.Fatalf("undo with the role: %v", err)
	}
}

func setRoles(t *testing.T, s *Store, who string, rs model.TeamRoles) {
	t.Helper()
	if err := s.Update(admin, func(tx *Tx) error {
		list, err := LoadRoleList(tx)
		if err != nil {
			return err
		}
		for i := range list {
			if list[i].Name == who {
				list[i].Roles = rs
			}
		}
		return SaveRoleList(tx, list)
	}); err != nil {
		t.Fatal(err)
	}
}

// TestFourEyesWithRoles: the role alone is not enough – angeordnet needs a
// person who did not sign before, rechnerisch one who did not sign
// sachlich, even when they hold every role.
func TestFourEyesWithRoles(t *testing.T) {
	f := rolesOpen(t)
	c := draft(f.vol.ID)
	if err := f.s.Update(admin, func(tx *Tx) error { return SaveClaim(tx, c) }); err != nil {
		t.Fatal(err)
	}
	try := func(who string, a model.ClaimAction) error {
		return f.s.Update(who, func(tx *Tx) error { _, err := ApplyClaim(tx, c.ID, 0, a, ""); return err })
	}
	for _, s := range []struct {
		who    string
		a      model.ClaimAction
		refuse string // "" = goes through
	}{
		{lea, model.ActSubmit, "Rolle Sachbearbeitung"},
		{admin, model.ActSubmit, ""},
		{ana, model.ActSachlich, "Rolle Sachbearbeitung"},
		{sam, model.ActSachlich, ""},
		{sam, model.ActRechnerisch, "Vier-Augen"},
		{ana, model.ActRechnerisch, "Rolle Sachbearbeitung"},
		{vera, model.ActRechnerisch, "Rolle Sachbearbeitung"},
		{"berta", model.ActRechnerisch, "Rolle Sachbearbeitung"}, // not on the list: lesen
		{admin, model.ActRechnerisch, ""},                        // handed in, did not sign sachlich
		{admin, model.ActAnordnen, "Vier-Augen"},                 // handed in and signed rechnerisch
		{sam, model.ActAnordnen, "Rolle Anordnung"},
		{vera, model.ActAnordnen, "Rolle Anordnung"},
		{lea, model.ActAnordnen, "Rolle Anordnung"},
		{ana, model.ActAnordnen, ""},
	} {
		err := try(s.who, s.a)
		if s.refuse == "" && err != nil || s.refuse != "" && (err == nil || !strings.Contains(err.Error(), s.refuse)) {
			t.Fatalf("%s %s: %v (want %q)", s.who, s.a, err, s.refuse)
		}
	}
	f.s.View(func(tx *Tx) error {
		got, _ := Claims.Get(tx, c.ID)
		if got.Status != model.ClaimAngeordnet || got.Sachlich.By != sam || got.Rechnerisch.By != admin || got.Angeordnet.By != ana {
			t.Errorf("claim %s %+v %+v %+v", got.Status, got.Sachlich, got.Rechnerisch, got.Angeordnet)
		}
		return nil
	})
}

// TestRoleSources: keys file, then role list, then the default.
func TestRoleSources(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "r.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g, err := LookupRoles(s, "wer")
	if err != nil || g.Roles != model.AllTeamRoles || g.From != FromNoList {
		t.Fatalf("local without list: %+v %v", g, err)
	}
	if err := s.Update("chefin", func(tx *Tx) error {
		return SaveRoleList(tx, model.TeamRoleList{{Name: "chefin", Roles: model.TeamRolesOf(model.TeamVerwaltung, model.TeamSachbearbeitung)}, {Name: "Ben", Roles: model.TeamRolesOf(model.TeamAnordnung)}})
	}); err != nil {
		t.Fatal(err)
	}
	for who, want := range map[string]RoleGrant{
		"wer":   {0, FromNotListed},
		" ben ": {model.TeamRolesOf(model.TeamAnordnung), FromList},
	} {
		if g, err := LookupRoles(s, who); err != nil || g != want {
			t.Errorf("local %q: %+v %v, want %+v", who, g, err, want)
		}
	}
	s.SetTeamRoles(func(who string) (model.TeamRoles, bool) {
		if who == "ben" {
			return model.TeamRolesOf(model.TeamLesen), true
		}
		return 0, false
	})
	defer s.SetTeamRoles(nil)
	for who, want := range map[string]RoleGrant{
		"ben":    {model.TeamRolesOf(model.TeamLesen), FromKeys}, // the keys file wins
		"chefin": {model.TeamRolesOf(model.TeamVerwaltung, model.TeamSachbearbeitung), FromList},
		"wer":    {0, FromNoRole},
	} {
		if g, err := LookupRoles(s, who); err != nil || g != want {
			t.Errorf("team %q: %+v %v, want %+v", who, g, err, want)
		}
	}
	if err := s.Update("ben", func(tx *Tx) error { return People.Put(tx, &model.Person{Name: "X"}) }); err == nil {
		t.Error("ben (lesen by the keys file) wrote a person")
	}
}

func TestRoleListRules(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "r.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	save := func(who string, l model.TeamRoleList) error {
		return s.Update(who, func(tx *Tx) error { return SaveRoleList(tx, l) })
	}
	v, sb := model.TeamRolesOf(model.TeamVerwaltung), model.TeamRolesOf(model.TeamSachbearbeitung)
	for _, c := range []struct {
		who  string
		list model.TeamRoleList
		want string
	}{
		{"anna", model.TeamRoleList{{Name: "ben", Roles: v}}, "selbst die Rolle Verwaltung"},
		{"anna", model.TeamRoleList{{Name: "anna", Roles: sb}}, "Mindestens eine Person"},
		{"anna", model.TeamRoleList{{Name: "anna", Roles: v}, {Name: "Anna ", Roles: sb}}, "zweimal"},
		{"anna", model.TeamRoleList{{Name: "anna", Roles: v}, {Name: "", Roles: sb}}, "keinen Namen"},
		{"anna", model.TeamRoleList{{Name: "anna", Roles: v}, {Name: "b\x1b[2J", Roles: sb}}, "Steuerzeichen"},
		{"anna", model.TeamRoleList{{Name: "anna", Roles: v}, {Name: "ben", Roles: sb}}, ""},
		{"ben", model.TeamRoleList{{Name: "ben", Roles: v}}, "Rolle Verwaltung"}, // ben may not
		{"anna", model.TeamRoleList{{Name: "anna", Roles: v}, {Name: "ben", Roles: v}}, ""},
		{"ben", model.TeamRoleList{{Name: "ben", Roles: v}}, ""}, // ben takes it from anna
		{"anna", nil, "Rolle Verwaltung"},                        // anna now lesen
		{"ben", nil, ""},                                         // no list: every role again
		{"anna", model.TeamRoleList{{Name: "anna", Roles: v}}, ""},
	} {
		err := save(c.who, c.list)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Fatalf("%s saves %v: %v (want %q)", c.who, c.list, err, c.want)
		}
	}
}

// TestEveryKindHasAPermission: a new kind of record must say which role
// writes it, or only Verwaltung can.
func TestEveryKindHasAPermission(t *testing.T) {
	for _, k := range append([]Kind{People, Organisations, Einsaetze, Claims, Funds, Payouts, Reclaims, Events, Registrations, Tasks, settingsKind{}}, Kinds()...) {
		if strings.HasPrefix(k.KindName(), "test") {
			continue
		}
		if _, ok := kindPermissions[k.KindName()]; !ok {
			t.Errorf("kind %q has no permission in kindPermissions", k.KindName())
		}
	}
}
