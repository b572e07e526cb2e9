package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"stabsstelle/model"
)

// UndoResult says what UndoLast did, for the status bar.
type UndoResult struct {
	Kind, ID string
	Text     string // "Rückgängig: E-2026-0042 geändert → vorheriger Stand"
}

// ErrNothingToUndo: the user has no change left that could be undone.
var ErrNothingToUndo = errors.New("Es gibt nichts mehr rückgängig zu machen.")

// undoNote marks a journal entry written by UndoLast; the number is the
// sequence of the entry it undid. Notes are never shown raw in lists.
const undoNote = "rückgängig #"

// undoScanLimit bounds how far back UndoLast looks in the journal.
const undoScanLimit = 20000

// UndoLast undoes who's newest change that is not undone yet: the record
// goes back to its state before that change (a created record is removed,
// a deleted one comes back, an update returns to the previous state). All
// records changed in that same transaction are undone together. The undo
// is journaled itself and marked, so a second call goes one change further
// back (it never redoes). It refuses, changing nothing, when a record was
// changed since (by anybody) or has become frozen (an approved claim).
func UndoLast(tx *Tx, who string) (UndoResult, error) {
	if !tx.Writable() {
		return UndoResult{}, errors.New("Rückgängig machen braucht eine schreibende Transaktion.")
	}
	group, since, err := lastUndoable(tx, who)
	if err != nil {
		return UndoResult{}, err
	}
	steps := undoSteps(group)
	// Check everything first, then write: all or nothing.
	for _, st := range steps {
		if err := checkUndoable(tx, st, since); err != nil {
			return UndoResult{}, err
		}
	}
	for _, st := range steps {
		if err := undoStep(tx, st); err != nil {
			return UndoResult{}, err
		}
	}
	first := steps[0].newest
	return UndoResult{Kind: first.Kind, ID: first.ID, Text: undoText(tx, steps)}, nil
}

// undoRecord is one step of an undo: the entries of one record in the
// transaction to undo. The newest entry's After must still be current,
// the oldest entry's Before is what comes back.
type undoRecord struct {
	newest, oldest JournalEntry
	seqs           []uint64
	group          []JournalEntry // the record's entries, newest first
}

// undoSteps groups the entries of one transaction (newest first) by
// record, in the order each record first appears.
func undoSteps(group []JournalEntry) []*undoRecord {
	var steps []*undoRecord
	byID := map[string]*undoRecord{}
	for _, e := range group {
		key := e.Kind + "\x00" + e.ID
		if st, ok := byID[key]; ok {
			st.oldest = e
			st.seqs = append(st.seqs, e.Seq)
			st.group = append(st.group, e)
			continue
		}
		st := &undoRecord{newest: e, oldest: e, seqs: []uint64{e.Seq}, group: []JournalEntry{e}}
		byID[key] = st
		steps = append(steps, st)
	}
	return steps
}

// checkUndoable refuses a step whose record touches erased personal data,
// is of an unknown kind, was changed since, or has become frozen.
func checkUndoable(tx *Tx, st *undoRecord, since map[string]laterState) error {
	e := st.newest
	for _, g := range st.group {
		if g.Erased != "" {
			return fmt.Errorf("Die letzte Änderung (%s) betrifft gelöschte personenbezogene Daten (Art. 17 DSGVO) und kann nicht rückgängig gemacht werden.", entryName(tx, e))
		}
	}
	k, ok := KindOf(e.Kind)
	if !ok {
		return fmt.Errorf("Die letzte Änderung (%s) kann nicht rückgängig gemacht werden.", entryName(tx, e))
	}
	cur, err := currentRaw(tx, k, e.ID)
	if err != nil {
		return err
	}
	expect, changed := e, false
	if later, ok := since[e.ID]; ok {
		expect, changed = later.entry, later.changed
	}
	if changed || !stillCurrent(cur, expect) {
		return changedSince(tx, e, cur, since)
	}
	if cur != nil && k.Frozen(tx, e.ID) {
		what := "festgeschrieben"
		if e.Kind == "claim" {
			what = "angeordnet"
		}
		return fmt.Errorf("%s ist %s und kann nicht mehr rückgängig gemacht werden.", entryName(tx, e), what)
	}
	return nil
}

// changedSince is the refusal for a record written after the change to
// undo: it names who changed it and when, or says it was deleted.
func changedSince(tx *Tx, e JournalEntry, cur []byte, since map[string]laterState) error {
	if cur == nil {
		return fmt.Errorf("%s wurde inzwischen gelöscht und kann nicht mehr rückgängig gemacht werden.", entryName(tx, e))
	}
	who, at := stamp(cur)
	if later, ok := since[e.ID]; ok && later.by != "" && who == "jemand anderem" {
		who, at = later.by, model.FormatDateTime(later.at)
	}
	by := "von " + who
	if at != "" {
		by += " am " + at
	}
	return fmt.Errorf("%s wurde seitdem geändert (%s) und kann nicht mehr rückgängig gemacht werden.",
		entryName(tx, e), by)
}

// undoStep writes one record back to its state before the transaction
// and marks the journal entry Restore wrote as an undo.
func undoStep(tx *Tx, st *undoRecord) error {
	k, _ := KindOf(st.newest.Kind)
	cur, err := currentRaw(tx, k, st.newest.ID)
	if err != nil {
		return err
	}
	before, err := stateBefore(cur, st.group)
	if err != nil {
		return fmt.Errorf("Die letzte Änderung (%s) kann nicht rückgängig gemacht werden: %w", entryName(tx, st.newest), err)
	}
	if err := k.Restore(tx, st.newest.ID, before); err != nil {
		return err
	}
	return markUndo(tx, st.newest.ID, st.seqs)
}

// undoText is the status bar line: the first record, what was undone,
// and how many other records came back with it.
func undoText(tx *Tx, steps []*undoRecord) string {
	first := steps[0].newest
	op := first.Op
	if o := steps[0].oldest; o.Op == OpCreate && first.Op != OpDelete {
		op = OpCreate
	}
	text := "Rückgängig: " + entryName(tx, first) + " " + opPast(op) + " → " + undoneAs(op)
	if n := len(steps) - 1; n == 1 {
		text += " (und 1 weitere Änderung)"
	} else if n > 1 {
		text += fmt.Sprintf(" (und %d weitere Änderungen)", n)
	}
	return text
}

// laterState is what happened to a record after the change to undo: the
// state its newest journal entry left (an undo may have restored an older
// state), and whether a change that was not undone came in between.
type laterState struct {
	entry   JournalEntry // the newest entry of the record
	changed bool
	// by and at are who made the newest later change and when: records
	// without their own stamp (settings) are named by them in a refusal.
	by string
	at time.Time
}

// lastUndoable finds who's newest not-yet-undone record change and the
// other changes of the same transaction, and
// what happened to records after it.
func lastUndoable(tx *Tx, who string) ([]JournalEntry, map[string]laterState, error) {
	scan := undoScan{who: who, undone: map[uint64]bool{}, since: map[string]laterState{}}
	if err := tx.Journal(scan.visit); err != nil {
		return nil, nil, fmt.Errorf("Das Journal ist nicht lesbar (%w). Bitte „stabsstelle check“ ausführen.", err)
	}
	if len(scan.group) == 0 {
		return nil, nil, ErrNothingToUndo
	}
	return scan.group, scan.since, nil
}

// undoScan is lastUndoable's walk through the journal, newest first.
type undoScan struct {
	who    string
	undone map[uint64]bool       // sequences an earlier undo took back
	since  map[string]laterState // what happened to records after the change
	group  []JournalEntry        // the change to undo and the rest of its transaction
	seen   int
}

// visit looks at one journal entry; it returns false to stop the walk.
func (s *undoScan) visit(e JournalEntry) bool {
	s.seen++
	if s.seen > undoScanLimit {
		return false
	}
	if targets, ok := undoTargets(e); ok {
		if len(s.group) > 0 {
			return false
		}
		for _, t := range targets {
			s.undone[t] = true
		}
		s.note(e, false)
		return true
	}
	if len(s.group) > 0 {
		if e.SameTx(s.group[0]) {
			if e.ID != "" && !s.undone[e.Seq] {
				s.group = append(s.group, e)
			}
			return true
		}
		return false
	}
	if e.ID == "" {
		return true
	}
	if s.undone[e.Seq] {
		s.note(e, false)
		return true
	}
	if e.Who != s.who {
		s.note(e, true)
		return true
	}
	s.group = append(s.group, e)
	return true
}

// note records a later entry of a record: the first seen is its newest
// state; changed sticks once any later change was not undone.
func (s *undoScan) note(e JournalEntry, changed bool) {
	st, ok := s.since[e.ID]
	if !ok {
		st.entry, st.by, st.at = e, e.Who, e.At
	}
	st.changed = st.changed || changed
	s.since[e.ID] = st
}

func undoTargets(e JournalEntry) ([]uint64, bool) {
	if !strings.HasPrefix(e.Note, undoNote) {
		return nil, false
	}
	var out []uint64
	for _, f := range strings.Split(e.Note[len(undoNote):], ",") {
		seq, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
		if err != nil {
			return nil, false
		}
		out = append(out, seq)
	}
	return out, true
}

// IsUndo reports whether a journal entry was written by UndoLast.
func IsUndo(e JournalEntry) bool {
	_, ok := undoTargets(e)
	return ok
}

// markUndo adds the undo note to the journal entry Restore just wrote.
func markUndo(tx *Tx, id string, seqs []uint64) error {
	j := tx.btx.Bucket(bucketJournal)
	if j == nil {
		return nil
	}
	key := encodeUint(j.Sequence())
	raw, err := tx.unseal(bucketJournal, key, j.Get(key))
	if err != nil || raw == nil {
		return err
	}
	var e JournalEntry
	if err := json.Unmarshal(raw, &e); err != nil {
		return err
	}
	if e.ID != id {
		return nil // Restore had nothing to do
	}
	parts := make([]string, len(seqs))
	for i, q := range seqs {
		parts[i] = strconv.FormatUint(q, 10)
	}
	e.Note = undoNote + strings.Join(parts, ",")
	out, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return tx.put(j, key, out)
}

func currentRaw(tx *Tx, k Kind, id string) ([]byte, error) {
	if s, ok := k.(singleton); ok {
		return s.Current(tx, id)
	}
	name := []byte("rec:" + k.KindName())
	raw, err := tx.get(tx.btx.Bucket(name), name, []byte(id))
	if raw == nil || err != nil {
		return nil, err
	}
	js, err := decodeValue(raw)
	if err != nil {
		return nil, fmt.Errorf("%s ist nicht lesbar (%w). Bitte „stabsstelle check“ ausführen.", describeValue(tx, name, []byte(id)), err)
	}
	return js, nil
}

type versionStamp struct {
	Version   uint64    `json:"version"`
	Updated   time.Time `json:"updated"`
	UpdatedBy string    `json:"updatedBy"`
}

// stillCurrent reports whether cur, the stored state of a record, is what
// its newest journal entry e left: nothing was written since. Versioned
// records compare their version; unversioned ones (settings) every field
// the entry wrote.
func stillCurrent(cur []byte, e JournalEntry) bool {
	switch {
	case e.Op == OpDelete || (e.After == nil && len(e.Changes) == 0):
		return cur == nil
	case cur == nil:
		return false
	case e.After != nil:
		if v := versionOf(e.After); v != 0 {
			return versionOf(cur) == v
		}
		return bytes.Equal(bytes.TrimSpace(cur), bytes.TrimSpace(e.After))
	}
	for _, d := range e.Changes {
		if !bytes.Equal(valueAt(cur, d.Path), trimJSON(d.New)) {
			return false
		}
	}
	return true
}

// stateBefore is a record's state before group (its entries of one
// transaction, newest first), from cur, the state the newest one left:
// nil when the oldest created the record.
func stateBefore(cur []byte, group []JournalEntry) ([]byte, error) {
	state := cur
	for _, e := range group {
		switch {
		case e.Op == OpDelete:
			state = e.Before
		case len(e.Changes) > 0:
			var err error
			if state, err = applyDiffs(state, e.Changes, true); err != nil {
				return nil, err
			}
		case e.Before != nil: // a wave-1 update with both copies
			state = e.Before
		default: // a create
			state = nil
		}
	}
	if len(state) == 0 {
		return nil, nil
	}
	return state, nil
}

func stamp(cur []byte) (who, at string) {
	var v versionStamp
	_ = json.Unmarshal(cur, &v)
	who = v.UpdatedBy
	if who == "" {
		who = "jemand anderem"
	}
	if !v.Updated.IsZero() {
		at = model.FormatDateTime(v.Updated)
	}
	return who, at
}

// entryName names the record of a journal entry: its number, else what
// Describe says of its last known state (the stored record for an update),
// else the kind's label.
func entryName(tx *Tx, e JournalEntry) string {
	if e.Number != "" {
		return e.Number
	}
	label := e.Kind
	if k, ok := KindOf(e.Kind); ok {
		label = k.KindLabel()
		state := e.After
		if len(state) == 0 {
			state = e.Before
		}
		if len(state) == 0 && tx != nil {
			state, _ = currentRaw(tx, k, e.ID) // a name only: unreadable gives the label
		}
		if d := k.Describe(state); d != "" && d != label {
			return label + " „" + d + "“"
		}
	}
	return label
}

func opPast(op Op) string {
	switch op {
	case OpCreate:
		return "angelegt"
	case OpDelete:
		return "gelöscht"
	}
	return "geändert"
}

func undoneAs(op Op) string {
	switch op {
	case OpCreate:
		return "wieder entfernt"
	case OpDelete:
		return "wiederhergestellt"
	}
	return "vorheriger Stand"
}

// OpLabel is the German word for what a journal entry did ("angelegt",
// "geändert", "gelöscht").
func OpLabel(op Op) string { return opPast(op) }
