package store

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"stabsstelle/model"
)

// Taking a copy out ("Mitnehmen"): the office writes a snapshot bundle of
// one or more events — exactly what the job at the door needs — or of the
// whole database, and keeps a record of the copy (Aussenkopie) that the
// copy's change bundles must match later.

// ExportOptions choose what a snapshot bundle holds.
type ExportOptions struct {
	// Events are the events' numbers (V-2026-003) or IDs; All takes the
	// whole database instead.
	Events     []string
	All        bool
	Out        string
	Protection Protection
}

// ExportResult says what a snapshot bundle holds.
type ExportResult struct {
	Manifest Manifest
	// Counts per kind label, in the order of the bundle (event copies).
	Counts []KindCount
}

// copyKinds are the kinds an event copy holds, in the order they are
// written and read (a registration needs its event and person first).
var copyKinds = []string{KindOrganisation, KindPerson, KindEvent, KindRegistration, KindTask}

// recordLine is one record of a snapshot bundle.
type recordLine struct {
	Kind  string `json:"k"`
	Value any    `json:"v"`
}

// ErrIsCopy: a laptop copy is not a source of further copies.
var ErrIsCopy = errors.New("Diese Datenbank ist selbst eine Außenkopie. Pakete zum Mitnehmen entstehen in der Datenbank des Büros; von hier aus wird nur zurückgegeben: stabsstelle --db DATEI export bundle --changes --out zurueck.stb")

// ExportCopy writes a snapshot bundle to opt.Out and records the copy in
// the journal (who took what out, when). The data is read in one read
// transaction, so the team keeps working meanwhile.
func (s *Store) ExportCopy(who string, opt ExportOptions) (*ExportResult, error) {
	if strings.TrimSpace(who) == "" {
		return nil, ErrNoUser
	}
	if opt.All == (len(opt.Events) > 0) {
		return nil, errors.New("Bitte entweder --event V-… (auch mehrmals) oder --all angeben.")
	}
	var dbID string
	if err := s.Update(who, func(tx *Tx) error {
		if IsLaptopCopy(tx) {
			return ErrIsCopy
		}
		// An event goes out with the role for Netzwerk; the whole file
		// holds every area's data, so it needs the roles of all of them.
		need := []model.Permission{model.PermNetwork}
		if opt.All {
			need = []model.Permission{model.PermPeople, model.PermEinsatz, model.PermClaim, model.PermNetwork, model.PermSettings}
		}
		for _, p := range need {
			if err := tx.require(p); err != nil {
				return err
			}
		}
		var err error
		dbID, err = ensureDatabaseID(tx)
		return err
	}); err != nil {
		return nil, err
	}
	copyID := newID()
	m := Manifest{Format: bundleFormat, Version: bundleVersion, Kind: BundleSnapshot, Bundle: copyID, Copy: copyID,
		DB: dbID, All: opt.All, By: who, TakenBy: who, Schema: SchemaVersion()}
	res := &ExportResult{}
	var scope []string
	w, err := createBundle(opt.Out, opt.Protection)
	if err != nil {
		return nil, err
	}
	err = s.View(func(tx *Tx) error {
		m.Taken, m.Created = tx.Now(), tx.Now()
		if opt.All {
			m.Label = "alles"
			m.Base = lastJournalSeq(tx)
			m.Size = tx.btx.Size()
			if err := w.line(m); err != nil {
				return err
			}
			tx.readsMuch()
			_, err := tx.btx.WriteTo(w.z)
			return err
		}
		set, err := gatherEvents(tx, opt.Events)
		if err != nil {
			return err
		}
		m.EventIDs, m.Label, m.Records = set.eventIDs, strings.Join(set.numbers, ", "), len(set.lines)
		scope = set.scope
		res.Counts = set.counts
		if err := w.line(m); err != nil {
			return err
		}
		for _, l := range set.lines {
			if err := w.record(l); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = w.commit(opt.All)
	} else {
		w.abort()
	}
	if err != nil {
		return nil, err
	}
	res.Manifest = m
	// The office remembers the copy; without this record its change
	// bundles would be refused, so a failure here takes the file back.
	err = s.Update(who, func(tx *Tx) error {
		ak := &model.Aussenkopie{Label: m.Label, EventIDs: m.EventIDs, All: m.All, Scope: scope, Taken: m.Taken}
		ak.ID = copyID
		if err := Aussenkopien.Put(tx, ak); err != nil {
			return err
		}
		return tx.Note(KindAussenkopie, fmt.Sprintf("Außenkopie %s mitgenommen (Stand %s, Paket %s)", m.Label, model.FormatDateTime(m.Taken), m.Bundle))
	})
	if err != nil {
		removeFile(opt.Out)
		return nil, err
	}
	return res, nil
}

// lastJournalSeq is the sequence number of the newest journal entry.
func lastJournalSeq(tx *Tx) uint64 {
	var seq uint64
	_ = tx.Journal(func(e JournalEntry) bool { seq = e.Seq; return false })
	return seq
}

// eventSet is what an event copy holds.
type eventSet struct {
	lines    []recordLine
	scope    []string
	eventIDs []string
	numbers  []string
	counts   []KindCount
}

// gatherEvents collects the events named by refs with what the door needs:
// their registrations (waiting list included), the registered people
// (name, e-mail, telephone, institution, function, network profile – no
// address, no notes, no interpreter or volunteer profile), their
// institutions and the events' tasks.
func gatherEvents(tx *Tx, refs []string) (*eventSet, error) {
	set := &eventSet{}
	seen := map[string]bool{}
	byKind := map[string][]any{}
	add := func(kind, id string, v any) {
		if seen[id] {
			return
		}
		seen[id] = true
		set.scope = append(set.scope, id)
		byKind[kind] = append(byKind[kind], v)
	}
	orgs := map[string]bool{}
	people := map[string]bool{}
	for _, ref := range refs {
		ev, err := eventByRef(tx, ref)
		if err != nil {
			return nil, err
		}
		if seen[ev.ID] {
			continue
		}
		set.eventIDs = append(set.eventIDs, ev.ID)
		set.numbers = append(set.numbers, ev.Number)
		add(KindEvent, ev.ID, ev)
		regs, err := RegistrationsOf(tx, ev.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range regs {
			add(KindRegistration, r.ID, r)
			if r.PersonID != "" {
				people[r.PersonID] = true
			}
			if r.OrganisationID != "" {
				orgs[r.OrganisationID] = true
			}
		}
		tasks, err := TasksOf(tx, ev.ID)
		if err != nil {
			return nil, err
		}
		for _, t := range tasks {
			add(KindTask, t.ID, t)
			if t.OwnerPersonID != "" {
				people[t.OwnerPersonID] = true
			}
		}
	}
	for _, id := range sortedKeys(people) {
		p, err := People.Get(tx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if p.OrganisationID != "" {
			orgs[p.OrganisationID] = true
		}
		add(KindPerson, p.ID, personForCopy(p))
	}
	for _, id := range sortedKeys(orgs) {
		o, err := Organisations.Get(tx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		o.Notes = ""
		add(KindOrganisation, o.ID, o)
	}
	for _, k := range copyKinds {
		for _, v := range byKind[k] {
			set.lines = append(set.lines, recordLine{Kind: k, Value: v})
		}
		if n := len(byKind[k]); n > 0 {
			kk, _ := KindOf(k)
			set.counts = append(set.counts, KindCount{Kind: k, Label: kk.KindLabel(), Count: n})
		}
	}
	return set, nil
}

// personForCopy keeps of a person what the door needs.
func personForCopy(p *model.Person) *model.Person {
	return &model.Person{Meta: p.Meta, Name: p.Name, Email: p.Email, Phone: p.Phone,
		OrganisationID: p.OrganisationID, Function: p.Function, Network: p.Network}
}

// eventByRef finds an event by number (V-2026-003) or ID.
func eventByRef(tx *Tx, ref string) (*model.Event, error) {
	ref = strings.TrimSpace(ref)
	ev, err := Events.ByNumber(tx, ref)
	if errors.Is(err, ErrNotFound) && validID(ref) {
		ev, err = Events.Get(tx, ref)
	}
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("Die Veranstaltung %s gibt es nicht. Die Nummern stehen in der Liste im Reiter Netzwerk (z. B. V-2026-003).", ref)
	}
	return ev, err
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func removeFile(path string) { _ = os.Remove(path) }

// copyAge is how old a laptop copy (or a copy not yet returned) may be
// before `check` warns.
const copyAge = 14 * 24 * time.Hour
