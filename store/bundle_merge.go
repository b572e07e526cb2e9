package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"stabsstelle/model"
)

// The Abgleich: a change bundle of a laptop copy is merged into the office
// database in one transaction, while the team keeps working (their screens
// update through the change feed). Per record and field, three values
// meet: the value when the copy was made (base), the office's now and the
// laptop's. Only one side changed it → that side wins. Both changed it to
// different values → a conflict: the office value stays, the laptop's is
// kept in a MergeConflict until someone decides. Never a silent overwrite,
// never a lost value. Time never decides (laptop clocks are wrong often
// enough).
//
// Domain rules come first:
//   - an attendance recorded at the door is a fact: the laptop's
//     "teilgenommen" beats an office "abgemeldet" (reported);
//   - a registration cancelled in the office that the door never saw stays
//     cancelled (that is the one-side rule);
//   - a walk-in who is already a person in the office (same e-mail, else
//     same name and institution) is linked to that person, not created
//     twice; a walk-in registration of someone the office registered
//     meanwhile becomes that registration's check-in;
//   - a record deleted on one side and changed on the other is a conflict;
//   - an Einsatz from the laptop that would book an interpreter twice
//     (travel buffer included) is a conflict, never a second booking;
//   - a record the office has frozen (an approved claim) is never changed.
//
// Records made on the laptop get their final numbers here; the report
// lists provisional → final.

// MergeReport says what a merge did. Its JSON is the output of
// `import bundle --json`.
type MergeReport struct {
	Bundle   string    `json:"bundle"`
	Copy     string    `json:"copy"`
	LaptopBy string    `json:"laptopBy"`
	Written  time.Time `json:"written"`
	// Already is set when this bundle was merged before (nothing changed);
	// Superseded when a later bundle of the copy was (it holds this one).
	Already    *time.Time `json:"alreadyMerged,omitempty"`
	Superseded *time.Time `json:"supersededBy,omitempty"`
	Applied    int        `json:"applied"`
	Created    int        `json:"created"`
	Deleted    int        `json:"deleted"`
	Renumbered []Renumber `json:"renumbered"`
	Linked     []Link     `json:"linked"`
	// Rules lists what a domain rule decided (German sentences).
	Rules     []string        `json:"rules"`
	Conflicts []ConflictEntry `json:"conflicts"`
	Warnings  []string        `json:"warnings,omitempty"`
}

// Renumber is a record that got its final number.
type Renumber struct {
	Kind string `json:"kind"`
	From string `json:"from"`
	To   string `json:"to"`
}

// Link is a record of the laptop that was joined with one of the office.
type Link struct {
	Kind string `json:"kind"`
	What string `json:"what"`
	Why  string `json:"why"`
}

// ConflictEntry is a conflict as the report shows it.
type ConflictEntry struct {
	ID     string          `json:"id"`
	Kind   string          `json:"kind"`
	What   string          `json:"what"`
	Path   []string        `json:"path,omitempty"`
	Field  string          `json:"field"`
	Base   json.RawMessage `json:"base"`
	Office json.RawMessage `json:"office"`
	Laptop json.RawMessage `json:"laptop"`
	Rule   string          `json:"rule"`
}

// maxChanges bounds the plaintext of a change bundle held in memory.
const maxChanges = 256 << 20

// Merge merges a change bundle into this (office) database. Nothing is
// written when the bundle is damaged, from another database or another
// office's copy, or reaches beyond its copy.
func (s *Store) Merge(who string, b *Bundle) (*MergeReport, error) {
	m := b.Manifest
	if m.Kind != BundleChanges {
		return nil, errors.New("Dieses Paket ist eine Außenkopie zum Mitnehmen, keine Rückgabe. Auf dem Laptop wird es in eine neue Datei eingespielt: stabsstelle --db laptop.db import bundle DATEI")
	}
	lines, err := b.readChanges()
	if err != nil {
		return nil, err
	}
	rep := &MergeReport{Bundle: m.Bundle, Copy: m.Label, LaptopBy: m.By, Written: m.Created,
		Renumbered: []Renumber{}, Linked: []Link{}, Rules: []string{}, Conflicts: []ConflictEntry{}, Warnings: m.Warnings}
	err = s.Update(who, func(tx *Tx) error {
		mg, err := newMerger(tx, m, rep)
		if err != nil || mg == nil {
			return err
		}
		if err := mg.checkScope(lines); err != nil {
			return err
		}
		for i := range lines {
			if err := mg.one(&lines[i]); err != nil {
				return err
			}
		}
		return mg.finish()
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// readChanges reads and checks every line of a change bundle, to the end.
func (b *Bundle) readChanges() ([]changeLine, error) {
	var out []changeLine
	total := 0
	for {
		raw, err := b.next()
		if err != nil {
			return nil, err
		}
		if raw == nil {
			break
		}
		if total += len(raw); total > maxChanges {
			return nil, &ErrBundle{Path: b.Path, Reason: "ist zu groß für einen Abgleich"}
		}
		var l changeLine
		if err := json.Unmarshal(raw, &l); err != nil || !l.valid(b.Manifest.Upto) {
			return nil, &ErrBundle{Path: b.Path, Reason: fmt.Sprintf("ist in Zeile %d fehlerhaft", b.lines+1)}
		}
		out = append(out, l)
	}
	if err := b.finish(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(x, y changeLine) int { return kindRank(x.Kind) - kindRank(y.Kind) })
	return out, nil
}

// valid checks the shape of a change line: a known kind, an ID, states
// that are objects of that ID, steps in order up to the bundle's end.
func (l *changeLine) valid(upto uint64) bool {
	if _, ok := bundleKindOf(l.Kind); !ok || !validID(l.ID) || len(l.Steps) == 0 {
		return false
	}
	if _, skip := notReturned[l.Kind]; skip {
		return false
	}
	stateOK := func(raw json.RawMessage) bool {
		if isNull(raw) {
			return true
		}
		var v struct {
			ID string `json:"id"`
		}
		return trimJSON(raw)[0] == '{' && json.Unmarshal(raw, &v) == nil && v.ID == l.ID
	}
	if !stateOK(l.Base) {
		return false
	}
	var last uint64
	for _, s := range l.Steps {
		if s.Seq <= last || s.Seq > upto || !stateOK(s.State) {
			return false
		}
		last = s.Seq
	}
	return true
}

// merger carries one merge.
type merger struct {
	tx    *Tx
	m     Manifest
	rep   *MergeReport
	ak    *model.Aussenkopie
	hwm   uint64
	links map[string]string
	made  map[string]bool
	scope map[string]bool
	// open conflicts of this copy by record and field, to update instead
	// of repeating them
	open map[string]*model.MergeConflict
	// people and registrations of the office, loaded when first needed
	people *personFinder
	regs   map[string]map[string]string // event → person → registration
	// registrations that became "teilgenommen" through the merge
	checkedIn []string
}

func newMerger(tx *Tx, m Manifest, rep *MergeReport) (*merger, error) {
	if err := checkMergeTarget(tx, m); err != nil {
		return nil, err
	}
	ak, err := Aussenkopien.Get(tx, m.Copy)
	if errors.Is(err, ErrNotFound) {
		return nil, errors.New("Das Paket gehört zu keiner Außenkopie, die aus dieser Datenbank mitgenommen wurde, und wird nicht eingespielt.")
	}
	if err != nil {
		return nil, err
	}
	if alreadyMerged(ak, m, rep) {
		return nil, nil
	}
	mg := &merger{tx: tx, m: m, rep: rep, ak: ak, hwm: ak.HighWater, links: map[string]string{},
		made: map[string]bool{}, scope: map[string]bool{}, open: map[string]*model.MergeConflict{},
		regs: map[string]map[string]string{}}
	for k, v := range ak.Links {
		mg.links[k] = v
	}
	for _, id := range ak.Made {
		mg.made[id] = true
	}
	for _, id := range ak.Scope {
		mg.scope[id] = true
	}
	open, err := OpenConflicts(tx)
	if err != nil {
		return nil, err
	}
	for _, c := range open {
		if c.CopyID == ak.ID {
			mg.open[c.RecordID+"\x00"+strings.Join(c.Path, "\x00")] = c
		}
	}
	return mg, nil
}

// checkMergeTarget refuses a laptop copy and a database other than the
// one the copy was taken from.
func checkMergeTarget(tx *Tx, m Manifest) error {
	if IsLaptopCopy(tx) {
		return errors.New("Diese Datenbank ist selbst eine Außenkopie. Rückgaben werden in der Datenbank des Büros eingespielt (stabsstelle import bundle DATEI, ohne --db laptop.db).")
	}
	if id, err := DatabaseID(tx); err != nil {
		return err
	} else if id == "" || id != m.DB {
		return errors.New("Das Paket stammt aus einer anderen Datenbank als dieser und wird nicht eingespielt. Bitte die Datenbank des Büros angeben, aus der die Außenkopie mitgenommen wurde (--db).")
	}
	return nil
}

// alreadyMerged says whether the bundle, or a later one of the copy, was
// merged before, and notes when in rep: then there is nothing to do.
func alreadyMerged(ak *model.Aussenkopie, m Manifest, rep *MergeReport) bool {
	if done, ok := ak.MergedAt(m.Bundle); ok {
		at := done.At
		rep.Already = &at
		return true
	}
	if m.Upto <= ak.HighWater && len(ak.Merges) > 0 {
		at := ak.Merges[len(ak.Merges)-1].At
		rep.Superseded = &at
		return true
	}
	return false
}

// checkScope refuses a bundle that reaches beyond its copy: an event copy
// may change what it held and what the laptop made, nothing else.
func (mg *merger) checkScope(lines []changeLine) error {
	if mg.ak.All {
		return nil
	}
	for _, l := range lines {
		if !slices.Contains(copyKinds, l.Kind) {
			return fmt.Errorf("Das Paket enthält %s – das gehört nicht zur Außenkopie %s. Es wurde nichts eingespielt.", kindLabel(l.Kind), mg.ak.Label)
		}
		if !isNull(l.Base) {
			if !mg.scope[l.ID] {
				return fmt.Errorf("Das Paket ändert einen Datensatz (%s), der nicht in der Außenkopie %s war. Es wurde nichts eingespielt.", kindLabel(l.Kind), mg.ak.Label)
			}
			continue
		}
		if _, linked := mg.links[l.ID]; linked || mg.made[l.ID] {
			continue
		}
		bk, _ := bundleKindOf(l.Kind)
		if cur, err := bk.stateOf(mg.tx, l.ID); err != nil {
			return err
		} else if cur != nil {
			return fmt.Errorf("Das Paket will einen Datensatz (%s) neu anlegen, den es im Büro schon gibt. Es wurde nichts eingespielt.", kindLabel(l.Kind))
		}
	}
	return nil
}

func kindLabel(kind string) string {
	if k, ok := KindOf(kind); ok {
		return k.KindLabel()
	}
	return kind
}

// one merges the changes of one record.
func (mg *merger) one(l *changeLine) error {
	bk, _ := bundleKindOf(l.Kind)
	base := l.Base
	for _, s := range l.Steps {
		if s.Seq <= mg.hwm {
			base = s.State // an earlier bundle brought this much
		}
	}
	last := l.Steps[len(l.Steps)-1]
	laptop := last.State
	if sameData(base, laptop) {
		return nil
	}
	id := l.ID
	if to, ok := mg.links[id]; ok {
		id = to
	}
	base, laptop = mg.mapRefs(base), mg.mapRefs(laptop)
	office, err := bk.stateOf(mg.tx, id)
	if err != nil {
		return err
	}
	c := change{line: l, kind: bk, id: id, base: base, laptop: laptop, office: office, by: last.By, at: last.At}
	switch {
	case isNull(base) && office == nil:
		return mg.create(&c)
	case isNull(base):
		// Made on the laptop, but the office has it (linked or made by
		// an earlier bundle without its steps): every differing field is
		// a conflict.
		c.base = json.RawMessage("{}")
		return mg.fields(&c)
	case office == nil:
		if isNull(laptop) {
			return nil // deleted on both sides
		}
		return mg.conflict(&c, nil, "im Büro gelöscht, auf dem Laptop geändert")
	case isNull(laptop):
		return mg.deleted(&c)
	}
	return mg.fields(&c)
}

// change is one record's merge.
type change struct {
	line                 *changeLine
	kind                 bundleKind
	id                   string
	base, office, laptop json.RawMessage
	by                   string
	at                   time.Time
}

// conflict keeps the laptop's value (path nil: the whole record) in an
// open MergeConflict; an open conflict of the same copy, record and field
// is updated instead of repeated.
func (mg *merger) conflict(c *change, path []string, rule string) error {
	var b, o, l json.RawMessage
	if path == nil {
		b, o, l = nullable(c.base), nullable(c.office), nullable(c.laptop)
	} else {
		b, o, l = nullable(valueAt(c.base, path)), nullable(valueAt(c.office, path)), nullable(valueAt(c.laptop, path))
	}
	what := mg.describe(c.line.Kind, firstState(c.office, c.laptop, c.base))
	key := c.id + "\x00" + strings.Join(path, "\x00")
	mc := mg.open[key]
	if mc == nil {
		mc = &model.MergeConflict{CopyID: mg.ak.ID, CopyLabel: mg.ak.Label, Kind: c.line.Kind, RecordID: c.id,
			Path: path, Status: model.ConflictOpen}
		mg.open[key] = mc
	}
	mc.Bundle, mc.What, mc.Field, mc.Rule = mg.m.Bundle, what, FieldLabel(c.line.Kind, path), rule
	if mc.ID == "" {
		mc.Base = b
	}
	mc.Office, mc.Laptop, mc.LaptopBy, mc.LaptopAt = o, l, c.by, c.at
	if err := MergeConflicts.Put(mg.tx, mc); err != nil {
		return err
	}
	mg.rep.Conflicts = append(mg.rep.Conflicts, ConflictEntry{ID: mc.ID, Kind: mc.Kind, What: mc.What, Path: mc.Path, Field: mc.Field,
		Base: mc.Base, Office: mc.Office, Laptop: mc.Laptop, Rule: rule})
	return nil
}

func firstState(states ...json.RawMessage) json.RawMessage {
	for _, s := range states {
		if !isNull(s) {
			return s
		}
	}
	return nil
}

// finish records the merge on the copy and in the journal, and notes the
// Grundschulung of everyone the merge checked in at one.
func (mg *merger) finish() error {
	for _, id := range mg.checkedIn {
		r, err := Registrations.Get(mg.tx, id)
		if err != nil {
			return err
		}
		ev, err := Events.Get(mg.tx, r.EventID)
		if err != nil {
			return err
		}
		if ev.Grundschulung && r.PersonID != "" {
			if err := markGrundschulung(mg.tx, ev, r); err != nil {
				return err
			}
		}
	}
	ak, rep := mg.ak, mg.rep
	ak.HighWater = mg.m.Upto
	ak.Merges = append(ak.Merges, model.CopyMerge{Bundle: mg.m.Bundle, At: mg.tx.Now(), By: mg.tx.Who(), LaptopBy: mg.m.By,
		Upto: mg.m.Upto, Applied: rep.Applied, Created: rep.Created, Conflicts: len(rep.Conflicts)})
	ak.Links = mg.links
	ak.Made = sortedKeys(mg.made)
	if err := Aussenkopien.Put(mg.tx, ak); err != nil {
		return err
	}
	return mg.tx.Note(KindAussenkopie, fmt.Sprintf("Abgleich der Außenkopie %s (Paket %s von %s): %d geändert, %d neu, %d gelöscht, %d Konflikte",
		ak.Label, mg.m.Bundle, mg.m.By, rep.Applied, rep.Created, rep.Deleted, len(rep.Conflicts)))
}
