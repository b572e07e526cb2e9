package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"stabsstelle/model"
)

// Giving back ("Zurückspielen"): a laptop copy writes what changed since
// the copy was made, from its journal. Per record the bundle carries the
// state when the copy was made (Base, null for a record made on the
// laptop) and the state after each of the laptop's writes (Steps, the last
// one is now; null means deleted). The office compares field by field
// (bundle_merge.go). Bundles are cumulative: each one holds everything
// since the copy, so a lost or late bundle loses nothing, and the steps
// let the office tell what an earlier bundle already brought.

// changeLine is one record of a change bundle.
type changeLine struct {
	Kind  string          `json:"k"`
	ID    string          `json:"id"`
	Base  json.RawMessage `json:"base"`
	Steps []changeStep    `json:"steps"`
}

// changeStep is the record's state after one write on the laptop.
type changeStep struct {
	Seq   uint64          `json:"s"`
	At    time.Time       `json:"at"`
	By    string          `json:"by"`
	State json.RawMessage `json:"v"`
}

// ChangesResult says what a change bundle holds.
type ChangesResult struct {
	Manifest Manifest
	Copy     LaptopCopy
	Counts   []KindCount
}

// ErrNotACopy: only a laptop copy gives changes back.
var ErrNotACopy = errors.New("Diese Datenbank ist keine Außenkopie – Änderungen gibt nur eine Außenkopie zurück. Im Büro entsteht ein Paket zum Mitnehmen mit: stabsstelle export bundle --event V-… --out DATEI.stb")

// notReturned are kinds whose changes stay on the laptop: the office's
// own records of copies and conflicts, and the rules and rates (tariffs
// and limits are the office's decision, never merged from a laptop).
var notReturned = map[string]string{
	KindAussenkopie: "",
	KindConflict:    "",
	KindSettings:    "Änderungen an „Regeln & Sätze“ auf dem Laptop werden nicht zurückgegeben; bitte im Büro eintragen.",
}

// ExportChanges writes everything that changed on this laptop copy since
// it was made into a change bundle at out, and notes it in the copy.
func (s *Store) ExportChanges(who, out string, p Protection) (*ChangesResult, error) {
	cp, m, lines, err := s.collectChanges(who)
	if err != nil {
		return nil, err
	}
	m.Records = len(lines)
	if err := writeChangesBundle(out, p, m, lines); err != nil {
		return nil, err
	}
	if err := s.noteReturn(who, out, m, cp, len(lines)); err != nil {
		removeFile(out)
		return nil, err
	}
	return &ChangesResult{Manifest: m, Copy: *cp, Counts: changeCounts(lines)}, nil
}

// collectChanges reads, in one read transaction, the copy this database
// is, the manifest of its change bundle and the changed records.
func (s *Store) collectChanges(who string) (*LaptopCopy, Manifest, []changeLine, error) {
	var lines []changeLine
	var m Manifest
	var cp *LaptopCopy
	err := s.View(func(tx *Tx) error {
		var err error
		if cp, err = LaptopCopyOf(tx); err != nil {
			return err
		}
		if cp == nil {
			return ErrNotACopy
		}
		m = Manifest{Format: bundleFormat, Version: bundleVersion, Kind: BundleChanges, Bundle: newID(), Copy: cp.ID,
			DB: cp.DB, Label: cp.Label, EventIDs: cp.EventIDs, All: cp.All, Taken: cp.Taken, TakenBy: cp.TakenBy,
			Created: tx.Now(), By: who, Schema: SchemaVersion(), Upto: cp.Base}
		lines, err = changesSince(tx, cp.Base, &m)
		return err
	})
	return cp, m, lines, err
}

// writeChangesBundle writes the manifest and the changed records to out.
func writeChangesBundle(out string, p Protection, m Manifest, lines []changeLine) error {
	w, err := createBundle(out, p)
	if err != nil {
		return err
	}
	err = w.line(m)
	for i := 0; err == nil && i < len(lines); i++ {
		err = w.record(lines[i])
	}
	if err != nil {
		w.abort()
		return err
	}
	return w.commit(false)
}

// noteReturn records the return on the copy (updating cp) and in the
// journal.
func (s *Store) noteReturn(who, out string, m Manifest, cp *LaptopCopy, records int) error {
	return s.Update(who, func(tx *Tx) error {
		cur, err := LaptopCopyOf(tx)
		if err != nil || cur == nil {
			return err
		}
		cur.Returns = append(cur.Returns, CopyReturn{Bundle: m.Bundle, At: m.Created, By: who, Upto: m.Upto, File: out})
		if err := setLaptopCopy(tx, cur); err != nil {
			return err
		}
		*cp = *cur
		return tx.Note(KindAussenkopie, fmt.Sprintf("Änderungen der Außenkopie %s zurückgegeben: %d Datensätze (Paket %s)", m.Label, records, m.Bundle))
	})
}

// changeCounts counts the changed records per kind, in the order of Kinds.
func changeCounts(lines []changeLine) []KindCount {
	counts := map[string]int{}
	for _, l := range lines {
		counts[l.Kind]++
	}
	var out []KindCount
	for _, k := range Kinds() {
		if n := counts[k.KindName()]; n > 0 {
			out = append(out, KindCount{Kind: k.KindName(), Label: k.KindLabel(), Count: n})
		}
	}
	return out
}

// changesSince collects the records written after journal position base,
// with their states; it sets m.Upto to the newest entry and adds warnings
// for what cannot travel.
func changesSince(tx *Tx, base uint64, m *Manifest) ([]changeLine, error) {
	touched, err := touchedSince(tx, base, m)
	if err != nil {
		return nil, err
	}
	var out []changeLine
	for i := len(touched) - 1; i >= 0; i-- { // oldest first
		l, changed, err := changeLineOf(tx, touched[i], base)
		if err != nil {
			return nil, err
		}
		if changed {
			out = append(out, l)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return kindRank(out[i].Kind) < kindRank(out[j].Kind) })
	return out, nil
}

// recordRef names a record the journal wrote.
type recordRef struct{ kind, id string }

// touchedSince walks the journal back to position base and returns the
// records written since, newest first, each once. It sets m.Upto and
// warns of what cannot travel.
func touchedSince(tx *Tx, base uint64, m *Manifest) ([]recordRef, error) {
	var touched []recordRef
	seen := map[string]bool{}
	warned := map[string]bool{}
	warn := func(s string) {
		if s != "" && !warned[s] {
			warned[s] = true
			m.Warnings = append(m.Warnings, s)
		}
	}
	err := tx.Journal(func(e JournalEntry) bool {
		if e.Seq <= base {
			return false
		}
		if e.Seq > m.Upto {
			m.Upto = e.Seq
		}
		if why, skip := notReturned[e.Kind]; skip {
			warn(why)
			return true
		}
		if e.ID == "" {
			// A list imported in bulk writes no entry per record.
			if e.Note != "" && e.Kind != "demo" {
				warn(fmt.Sprintf("Auf dem Laptop wurde in einem Zug importiert („%s“); diese Datensätze sind nicht im Paket – bitte die Liste im Büro importieren.", e.Note))
			}
			return true
		}
		if !seen[e.ID] {
			seen[e.ID] = true
			touched = append(touched, recordRef{e.Kind, e.ID})
		}
		return true
	})
	return touched, err
}

// changeLineOf is the change line of record r since journal position
// base; changed is false when it ends as it began (changed and changed
// back, or made and deleted again).
func changeLineOf(tx *Tx, r recordRef, base uint64) (l changeLine, changed bool, err error) {
	hist, err := tx.History(r.id)
	if err != nil {
		return l, false, err
	}
	l = changeLine{Kind: r.kind, ID: r.id}
	started := false
	for _, e := range hist {
		if e.Seq <= base {
			continue
		}
		if !started {
			l.Base = nullable(e.Before)
			started = true
		}
		l.Steps = append(l.Steps, changeStep{Seq: e.Seq, At: e.At, By: e.Who, State: nullable(e.After)})
	}
	if len(l.Steps) == 0 {
		return l, false, nil
	}
	last := l.Steps[len(l.Steps)-1].State
	return l, !sameData(l.Base, last), nil
}

// nullable makes an absent state JSON null.
func nullable(raw []byte) json.RawMessage {
	raw = trimJSON(raw)
	if raw == nil {
		return json.RawMessage("null")
	}
	return bytes.Clone(raw)
}

// isNull reports a state or value that is absent or JSON null.
func isNull(raw []byte) bool {
	raw = trimJSON(raw)
	return raw == nil || string(raw) == "null"
}

// kindRank orders records so that what others refer to comes first.
func kindRank(kind string) int {
	for i, k := range copyKinds {
		if k == kind {
			return i
		}
	}
	return len(copyKinds)
}

// metaMembers are the bookkeeping members of every record: they differ
// between office and laptop by nature and are never merged.
var metaMembers = map[string]bool{"id": true, "number": true, "version": true, "created": true,
	"createdBy": true, "updated": true, "updatedBy": true}

// sameData reports whether two record states hold the same data (the
// bookkeeping members aside); null equals null.
func sameData(a, b []byte) bool {
	if isNull(a) || isNull(b) {
		return isNull(a) && isNull(b)
	}
	for _, d := range diffStates(a, b) {
		if len(d.Path) == 0 || !metaMembers[d.Path[0]] {
			return false
		}
	}
	return true
}

// sameValue compares two JSON values of a field; absent equals null.
func sameValue(a, b []byte) bool {
	if isNull(a) || isNull(b) {
		return isNull(a) && isNull(b)
	}
	a, b = trimJSON(a), trimJSON(b)
	if bytes.Equal(a, b) {
		return true
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}

// describeCopy is the one-line German description of a copy for messages.
func describeCopy(label string, taken time.Time) string {
	return fmt.Sprintf("Außenkopie %s (Stand %s)", label, model.FormatDateTime(taken))
}
