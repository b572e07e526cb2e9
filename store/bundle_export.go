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
	dbID, err := s.copySource(who, opt.All)
	if err != nil {
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
			return writeWholeCopy(tx, w, &m)
		}
		var err error
		scope, res.Counts, err = writeEventCopy(tx, w, &m, opt.Events)
		return err
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
	if err := s.recordCopy(who, copyID, m, scope); err != nil {
		removeFile(opt.Out)
		return nil, err
	}
	return res, nil
}

// copySource checks that this database may give out a copy and that who
// holds the roles it needs, and returns the database's ID.
func (s *Store) copySource(who string, all bool) (string, error) {
	var dbID string
	err := s.Update(who, func(tx *Tx) error {
		if IsLaptopCopy(tx) {
			return ErrIsCopy
		}
		// An event goes out with the role for Netzwerk; the whole file
		// holds every area's data, so it needs the roles of all of them.
		need := []model.Permission{model.PermNetwork}
		if all {
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
	})
	return dbID, err
}

// writeWholeCopy writes the manifest and the whole database file.
func writeWholeCopy(tx *Tx, w *bundleWriter, m *Manifest) error {
	m.Label = "alles"
	m.Base = lastJournalSeq(tx)
	m.Size = tx.btx.Size()
	if err := w.line(*m); err != nil {
		return err
	}
	tx.readsMuch()
	_, err := tx.btx.WriteTo(w.z)
	return err
}

// writeEventCopy writes the manifest and the records of the events refs
// name; it returns the IDs of the records and their counts per kind.
func writeEventCopy(tx *Tx, w *bundleWriter, m *Manifest, refs []string) ([]string, []KindCount, error) {
	set, err := gatherEvents(tx, refs)
	if err != nil {
		return nil, nil, err
	}
	m.EventIDs, m.Label, m.Records = set.eventIDs, strings.Join(set.numbers, ", "), len(set.lines)
	if err := w.line(*m); err != nil {
		return set.scope, set.counts, err
	}
	for _, l := range set.lines {
		if err := w.record(l); err != nil {
			return set.scope, set.counts, err
		}
	}
	return set.scope, set.counts, nil
}

// recordCopy keeps the copy (Aussenkopie) and notes it in the journal.
func (s *Store) recordCopy(who, copyID string, m Manifest, scope []string) error {
	return s.Update(who, func(tx *Tx) error {
		ak := &model.Aussenkopie{Label: m.Label, EventIDs: m.EventIDs, All: m.All, Scope: scope, Taken: m.Taken}
		ak.ID = copyID
		if err := Aussenkopien.Put(tx, ak); err != nil {
			return err
		}
		return tx.Note(KindAussenkopie, fmt.Sprintf("Außenkopie %s mitgenommen (Stand %s, Paket %s)", m.Label, model.FormatDateTime(m.Taken), m.Bundle))
	})
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
	g := &copyGatherer{set: &eventSet{}, seen: map[string]bool{}, byKind: map[string][]any{},
		orgs: map[string]bool{}, people: map[string]bool{}}
	for _, ref := range refs {
		if err := g.addEvent(tx, ref); err != nil {
			return nil, err
		}
	}
	if err := g.addPeople(tx); err != nil {
		return nil, err
	}
	if err := g.addOrganisations(tx); err != nil {
		return nil, err
	}
	g.finish()
	return g.set, nil
}

// copyGatherer collects the records of an event copy, each once.
type copyGatherer struct {
	set    *eventSet
	seen   map[string]bool
	byKind map[string][]any
	// the people and institutions the events' records name
	orgs, people map[string]bool
}

func (g *copyGatherer) add(kind, id string, v any) {
	if g.seen[id] {
		return
	}
	g.seen[id] = true
	g.set.scope = append(g.set.scope, id)
	g.byKind[kind] = append(g.byKind[kind], v)
}

// addEvent adds the event named ref with its registrations and tasks and
// notes the people and institutions they name.
func (g *copyGatherer) addEvent(tx *Tx, ref string) error {
	ev, err := eventByRef(tx, ref)
	if err != nil {
		return err
	}
	if g.seen[ev.ID] {
		return nil
	}
	g.set.eventIDs = append(g.set.eventIDs, ev.ID)
	g.set.numbers = append(g.set.numbers, ev.Number)
	g.add(KindEvent, ev.ID, ev)
	regs, err := RegistrationsOf(tx, ev.ID)
	if err != nil {
		return err
	}
	for _, r := range regs {
		g.add(KindRegistration, r.ID, r)
		if r.PersonID != "" {
			g.people[r.PersonID] = true
		}
		if r.OrganisationID != "" {
			g.orgs[r.OrganisationID] = true
		}
	}
	tasks, err := TasksOf(tx, ev.ID)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		g.add(KindTask, t.ID, t)
		if t.OwnerPersonID != "" {
			g.people[t.OwnerPersonID] = true
		}
	}
	return nil
}

// addPeople adds the people noted, reduced to what the door needs, and
// notes their institutions.
func (g *copyGatherer) addPeople(tx *Tx) error {
	for _, id := range sortedKeys(g.people) {
		p, err := People.Get(tx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if p.OrganisationID != "" {
			g.orgs[p.OrganisationID] = true
		}
		g.add(KindPerson, p.ID, personForCopy(p))
	}
	return nil
}

// addOrganisations adds the institutions noted, without their notes.
func (g *copyGatherer) addOrganisations(tx *Tx) error {
	for _, id := range sortedKeys(g.orgs) {
		o, err := Organisations.Get(tx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		o.Notes = ""
		g.add(KindOrganisation, o.ID, o)
	}
	return nil
}

// finish puts the records in the order of copyKinds and counts them.
func (g *copyGatherer) finish() {
	for _, k := range copyKinds {
		for _, v := range g.byKind[k] {
			g.set.lines = append(g.set.lines, recordLine{Kind: k, Value: v})
		}
		if n := len(g.byKind[k]); n > 0 {
			kk, _ := KindOf(k)
			g.set.counts = append(g.set.counts, KindCount{Kind: k, Label: kk.KindLabel(), Count: n})
		}
	}
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
