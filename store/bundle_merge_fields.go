package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"stabsstelle/model"
)

// refMembers are the members that name other records; a record the
// laptop made and the merge linked to an office record is named by the
// office's ID from then on.
var refMembers = []string{"personId", "organisationId", "eventId", "ownerPersonId", "interpreterId", "claimId", "einsatzId"}

func (mg *merger) mapRefs(state json.RawMessage) json.RawMessage {
	if isNull(state) || len(mg.links) == 0 {
		return state
	}
	out := []byte(state)
	for _, k := range refMembers {
		var v string
		if raw := valueAt(out, []string{k}); raw == nil || json.Unmarshal(raw, &v) != nil {
			continue
		}
		if to, ok := mg.links[v]; ok {
			q, _ := json.Marshal(to)
			if next, err := setPath(out, []string{k}, q); err == nil {
				out = next
			}
		}
	}
	return out
}

// deleted: the laptop deleted a record the office still has. It goes
// only if the office did not change it since the copy; a person or an
// institution of an event copy never goes (the copy held only part of it).
func (mg *merger) deleted(c *change) error {
	if !mg.ak.All && (c.line.Kind == KindPerson || c.line.Kind == KindOrganisation) {
		return mg.conflict(c, nil, "auf dem Laptop gelöscht; die Außenkopie kannte nur einen Teil des Datensatzes")
	}
	if !sameData(c.base, c.office) {
		return mg.conflict(c, nil, "auf dem Laptop gelöscht, im Büro geändert")
	}
	if c.kind.Frozen(mg.tx, c.id) {
		return mg.conflict(c, nil, "auf dem Laptop gelöscht, im Büro festgeschrieben")
	}
	if err := c.kind.remove(mg.tx, c.id); err != nil {
		return err
	}
	mg.rep.Deleted++
	return nil
}

// fields merges field by field.
func (mg *merger) fields(c *change) error {
	diffs := dataDiffs(c.base, c.laptop)
	if len(diffs) == 0 {
		return nil
	}
	fm := &fieldMerge{merged: []byte(c.office), frozen: c.kind.Frozen(mg.tx, c.id)}
	if c.line.Kind == KindRegistration {
		var err error
		if diffs, fm.statusTaken, err = mg.registrationRule(c, diffs, fm.take); err != nil {
			return err
		}
	}
	for _, d := range diffs {
		if setWithOthers(c.line.Kind, d.Path, diffs) {
			continue
		}
		if err := fm.field(c, d.Path); err != nil {
			return err
		}
	}
	if fm.took > 0 {
		err := mg.applyFields(c, fm)
		var clash *errClash
		if errors.As(err, &clash) {
			return mg.conflict(c, nil, clash.rule)
		}
		if err != nil {
			return err
		}
	}
	for _, x := range fm.conflicts {
		if err := mg.conflict(c, x.path, x.rule); err != nil {
			return err
		}
	}
	return nil
}

// setWithOthers says whether a field is not merged by itself: a
// registration's check-in time follows its status (fieldMerge.field), an
// event's calendar sequence is set after the fields (applyFields).
func setWithOthers(kind string, path []string, diffs []FieldDiff) bool {
	switch kind {
	case KindRegistration:
		return pathIs(path, "checkedInAt") && hasPath(diffs, "status")
	case KindEvent:
		return pathIs(path, "icalSequence")
	}
	return false
}

// dataDiffs are the fields the laptop changed, without the record's meta
// members.
func dataDiffs(base, laptop json.RawMessage) []FieldDiff {
	var diffs []FieldDiff
	for _, d := range diffStates(base, laptop) {
		if len(d.Path) > 0 && metaMembers[d.Path[0]] {
			continue
		}
		diffs = append(diffs, d)
	}
	return diffs
}

// fieldMerge is the state of one record's field-by-field merge: the
// office's record with the laptop's values taken so far, and the
// conflicts to record once the record is written.
type fieldMerge struct {
	merged      []byte
	frozen      bool
	took        int
	statusTaken bool
	conflicts   []fieldConflict
}

type fieldConflict struct {
	path []string
	rule string
}

// take sets the laptop's value v at path in the merged record.
func (fm *fieldMerge) take(path []string, v []byte) error {
	var err error
	fm.merged, err = setPath(fm.merged, path, trimJSON(v))
	fm.took++
	return err
}

// field merges one field by the general rule: a value only the laptop
// changed is taken, one both changed differently is a conflict (so is
// every change to a record the office has frozen).
func (fm *fieldMerge) field(c *change, path []string) error {
	b, o, l := valueAt(c.base, path), valueAt(c.office, path), valueAt(c.laptop, path)
	switch {
	case sameValue(o, l):
	case fm.frozen:
		fm.conflicts = append(fm.conflicts, fieldConflict{path, "im Büro festgeschrieben (angeordnet), auf dem Laptop geändert"})
	case sameValue(o, b):
		if err := fm.take(path, l); err != nil {
			return err
		}
		if c.line.Kind == KindRegistration && pathIs(path, "status") {
			fm.statusTaken = true
			if err := fm.take([]string{"checkedInAt"}, valueAt(c.laptop, []string{"checkedInAt"})); err != nil {
				return err
			}
		}
	default:
		fm.conflicts = append(fm.conflicts, fieldConflict{path, "im Büro und auf dem Laptop verschieden geändert"})
	}
	return nil
}

// applyFields writes the merged record over the office's (an *errClash
// when the office cannot take it) and notes a check-in the merge made.
func (mg *merger) applyFields(c *change, fm *fieldMerge) error {
	merged := fm.merged
	if c.line.Kind == KindEvent {
		merged = mg.icalSequence(c, merged)
	}
	if err := mg.apply(c, merged); err != nil {
		return err
	}
	mg.rep.Applied++
	if fm.statusTaken {
		if st := stringAt(merged, "status"); st == string(model.RegTeilgenommen) && stringAt(c.office, "status") != st {
			mg.checkedIn = append(mg.checkedIn, c.id)
		}
	}
	return nil
}

// registrationRule: attendance at the door is a fact. When the laptop set
// a registration to "teilgenommen", the status and the check-in time are
// taken whatever the office did meanwhile (reported if it did something);
// the diffs left are merged by the general rule.
func (mg *merger) registrationRule(c *change, diffs []FieldDiff, take func([]string, []byte) error) ([]FieldDiff, bool, error) {
	if !hasPath(diffs, "status") || stringAt(c.laptop, "status") != string(model.RegTeilgenommen) {
		return diffs, false, nil
	}
	officeStatus := stringAt(c.office, "status")
	if officeStatus == string(model.RegTeilgenommen) {
		return dropPaths(diffs, "status", "checkedInAt"), false, nil
	}
	if string(valueAt(c.office, []string{"erased"})) == "true" {
		return diffs, false, nil // the office erased the contact data: the general rule
	}
	if err := take([]string{"status"}, valueAt(c.laptop, []string{"status"})); err != nil {
		return nil, false, err
	}
	if err := take([]string{"checkedInAt"}, valueAt(c.laptop, []string{"checkedInAt"})); err != nil {
		return nil, false, err
	}
	if officeStatus != stringAt(c.base, "status") {
		mg.rep.Rules = append(mg.rep.Rules, fmt.Sprintf("Anwesenheit an der Tür gilt: %s war im Büro auf „%s“ gesetzt und ist gekommen.",
			mg.describe(c.line.Kind, c.office), officeStatus))
	}
	return dropPaths(diffs, "status", "checkedInAt"), true, nil
}

// icalSequence keeps the calendar sequence growing: the larger of the two
// sides, one more if the merge itself changed what calendars show.
func (mg *merger) icalSequence(c *change, merged []byte) []byte {
	var o, l, cur model.Event
	if json.Unmarshal(c.office, &o) != nil || json.Unmarshal(c.laptop, &l) != nil || json.Unmarshal(merged, &cur) != nil {
		return merged
	}
	seq := max(o.ICalSequence, l.ICalSequence)
	if cur.ICalChanged(&o) && seq == o.ICalSequence {
		seq++
	}
	q, _ := json.Marshal(seq)
	out, err := setPath(merged, []string{"icalSequence"}, q)
	if err != nil {
		return merged
	}
	return out
}

// errClash: a merged state the office cannot take (a double booking, a
// record that breaks the rules); the laptop's record becomes a conflict.
type errClash struct{ rule string }

func (e *errClash) Error() string { return e.rule }

// apply writes a merged state over the office's record.
func (mg *merger) apply(c *change, merged []byte) error {
	if err := mg.checkBooking(c.line.Kind, merged); err != nil {
		return err
	}
	_, err := c.kind.putState(mg.tx, merged, versionOf(c.office))
	return asClash(err)
}

// asClash turns a validation error into a conflict.
func asClash(err error) error {
	var v model.ValidationError
	if errors.As(err, &v) {
		return &errClash{rule: "vom Laptop, aber ungültig: " + v.Error()}
	}
	return err
}

// checkBooking refuses an Einsatz that would book its interpreter twice.
func (mg *merger) checkBooking(kind string, state []byte) error {
	if kind != KindEinsatz {
		return nil
	}
	var e model.Einsatz
	if json.Unmarshal(state, &e) != nil || e.InterpreterID == "" || !e.Status.BlocksInterpreter() {
		return nil
	}
	n, err := ConflictFor(mg.tx, &e, e.InterpreterID)
	if err != nil {
		return err
	}
	if n != "" {
		return &errClash{rule: fmt.Sprintf("Doppelbuchung: die Sprachmittler:in ist zu dieser Zeit schon für %s eingeteilt (mit Fahrtpuffer)", n)}
	}
	return nil
}

func pathIs(p []string, name string) bool { return len(p) == 1 && p[0] == name }

func hasPath(diffs []FieldDiff, name string) bool {
	for _, d := range diffs {
		if pathIs(d.Path, name) {
			return true
		}
	}
	return false
}

func dropPaths(diffs []FieldDiff, names ...string) []FieldDiff {
	return slices.DeleteFunc(diffs, func(d FieldDiff) bool {
		return len(d.Path) == 1 && slices.Contains(names, d.Path[0])
	})
}

// stringAt reads a top-level string member of a state.
func stringAt(state []byte, name string) string {
	var s string
	if raw := valueAt(state, []string{name}); raw != nil {
		_ = json.Unmarshal(raw, &s)
	}
	return s
}
