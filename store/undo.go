package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
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
	// One step per record: the newest entry's After must still be current,
	// the oldest entry's Before is what comes back.
	type step struct {
		newest, oldest JournalEntry
		seqs           []uint64
		group          []JournalEntry // the record's entries, newest first
	}
	var steps []*step
	byID := map[string]*step{}
	for _, e := range group {
		key := e.Kind + "\x00" + e.ID
		if st, ok := byID[key]; ok {
			st.oldest = e
			st.seqs = append(st.seqs, e.Seq)
			st.group = append(st.group, e)
			continue
		}
		st := &step{newest: e, oldest: e, seqs: []uint64{e.Seq}, group: []JournalEntry{e}}
		byID[key] = st
		steps = append(steps, st)
	}
	// Check everything first, then write: all or nothing.
	for _, st := range steps {
		e := st.newest
		for _, g := range st.group {
			if g.Erased != "" {
				return UndoResult{}, fmt.Errorf("Die letzte Änderung (%s) betrifft gelöschte personenbezogene Daten (Art. 17 DSGVO) und kann nicht rückgängig gemacht werden.", entryName(tx, e))
			}
		}
		k, ok := KindOf(e.Kind)
		if !ok {
			return UndoResult{}, fmt.Errorf("Die letzte Änderung (%s) kann nicht rückgängig gemacht werden.", entryName(tx, e))
		}
		cur, err := currentRaw(tx, k, e.ID)
		if err != nil {
			return UndoResult{}, err
		}
		expect, changed := e, false
		if later, ok := since[e.ID]; ok {
			expect, changed = later.entry, later.changed
		}
		if changed || !stillCurrent(cur, expect) {
			if cur == nil {
				return UndoResult{}, fmt.Errorf("%s wurde inzwischen gelöscht und kann nicht mehr rückgängig gemacht werden.", entryName(tx, e))
			}
			who, at := stamp(cur)
			if later, ok := since[e.ID]; ok && later.by != "" && who == "jemand anderem" {
				who, at = later.by, model.FormatDateTime(later.at)
			}
			by := "von " + who
			if at != "" {
				by += " am " + at
			}
			return UndoResult{}, fmt.Errorf("%s wurde seitdem geändert (%s) und kann nicht mehr rückgängig gemacht werden.",
				entryName(tx, e), by)
		}
		if cur != nil && k.Frozen(tx, e.ID) {
			what := "festgeschrieben"
			if e.Kind == "claim" {
				what = "angeordnet"
			}
			return UndoResult{}, fmt.Errorf("%s ist %s und kann nicht mehr rückgängig gemacht werden.", entryName(tx, e), what)
		}
	}
	for _, st := range steps {
		k, _ := KindOf(st.newest.Kind)
		cur, err := currentRaw(tx, k, st.newest.ID)
		if err != nil {
			return UndoResult{}, err
		}
		before, err := stateBefore(cur, st.group)
		if err != nil {
			return UndoResult{}, fmt.Errorf("Die letzte Änderung (%s) kann nicht rückgängig gemacht werden: %w", entryName(tx, st.newest), err)
		}
		if err := k.Restore(tx, st.newest.ID, before); err != nil {
			return UndoResult{}, err
		}
		if err := markUndo(tx, st.newest.ID, st.seqs); err != nil {
			return UndoResult{}, err
		}
	}
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
	return UndoResult{Kind: first.Kind, ID: first.ID, Text: text}, nil
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
	undone := map[uint64]bool{}
	since := map[string]laterState{}
	var group []JournalEntry
	seen := 0
	note := func(e JournalEntry, changed bool) {
		st, ok := since[e.ID]
		if !ok {
			st.entry, st.by, st.at = e, e.Who, e.At
		}
		st.changed = st.changed || changed
		since[e.ID] = st
	}
	err := tx.Journal(func(e JournalEntry) bool {
		seen++
		if seen > undoScanLimit {
			return false
		}
		if targets, ok := undoTargets(e); ok {
			if len(group) > 0 {
				return false
			}
			for _, t := range targets {
				undone[t] = true
			}
			note(e, false)
			return true
		}
		if len(group) > 0 {
			if e.SameTx(group[0]) {
				if e.ID != "" && !undone[e.Seq] {
					group = append(group, e)
				}
				return true
			}
			return false
		}
		if e.ID == "" {
			return true
		}
		if undone[e.Seq] {
			note(e, false)
			return true
		}
		if e.Who != who {
			note(e, true)
			return true
		}
		group = append(group, e)
		return true
	})
	if err != nil {
		return nil, nil, fmt.Errorf("Das Journal ist nicht lesbar (%w). Bitte „stabsstelle check“ ausführen.", err)
	}
	if len(group) == 0 {
		return nil, nil, ErrNothingToUndo
	}
	return group, since, nil
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

// FieldChange is one field that differs between two states of a record.
// Field is the JSON path ("name", "interpreter.languages"); Old and New are
// short readable renderings ("" when absent).
type FieldChange struct {
	Field    string
	Old, New string
}

// metaFields change with every write and say nothing to a reader.
var metaFields = map[string]bool{"id": true, "version": true, "created": true, "createdBy": true, "updated": true, "updatedBy": true}

// Diff compares two journaled states of a record field by field (nested
// objects are flattened to dotted paths; lists are compared whole). Either
// side may be empty (created / deleted). Unreadable JSON gives one change
// for the whole record. Bookkeeping fields (id, version, stamps) are left out.
func Diff(before, after []byte) []FieldChange {
	b, errB := flatten(before)
	a, errA := flatten(after)
	if errB != nil || errA != nil {
		if bytes.Equal(before, after) {
			return nil
		}
		return []FieldChange{{Field: "", Old: clip(string(before)), New: clip(string(after))}}
	}
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var out []FieldChange
	for k := range keys {
		if metaFields[k] {
			continue
		}
		if b[k] != a[k] {
			out = append(out, FieldChange{Field: k, Old: b[k], New: a[k]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

func flatten(raw []byte) (map[string]string, error) {
	out := map[string]string{}
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return out, nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	flattenInto(out, "", v, 0, render)
	return out, nil
}

// flattenInto turns nested objects into dotted keys ("interpreter.notes"),
// each value shown by show; empty values are left out.
func flattenInto(out map[string]string, prefix string, v any, depth int, show func(any) string) {
	if m, ok := v.(map[string]any); ok && depth < 8 {
		for k, x := range m {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			flattenInto(out, p, x, depth+1, show)
		}
		return
	}
	if s := show(v); s != "" {
		out[prefix] = s
	}
}

// render shows one JSON value briefly; empty values ("", null, [], {}, false)
// count as absent so "not set" and "empty" do not show as a change.
func render(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return clip(x)
	case bool:
		if x {
			return "ja"
		}
		return ""
	case json.Number:
		return x.String()
	case []any:
		if len(x) == 0 {
			return ""
		}
		parts := make([]string, 0, len(x))
		for _, e := range x {
			if s := render(e); s != "" {
				parts = append(parts, s)
			}
		}
		return clip(strings.Join(parts, ", "))
	case map[string]any:
		if len(x) == 0 {
			return ""
		}
		raw, _ := json.Marshal(x)
		return clip(string(raw))
	}
	return clip(fmt.Sprint(v))
}

func clip(s string) string {
	const max = 200
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}
