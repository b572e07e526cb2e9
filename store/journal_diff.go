package store

import (
	"bytes"
	"encoding/json"
	"sort"
)

// The journal stores, since schema 2, what each write changed and nothing
// more:
//
//   - a create keeps the new record whole (JournalEntry.After),
//   - a delete keeps the removed record whole (JournalEntry.Before),
//   - an update keeps only the changed fields, each with its old and its new
//     value (JournalEntry.Changes).
//
// Wave-1 files kept full before/after copies of every update; with 100 000
// records that is the bulk of a busy file. A field diff is also exactly what
// the other users of the journal need:
//
//   - undo sets the changed fields back to their old values (it runs only
//     while the record still carries the new ones, see UndoLast);
//   - Verlauf (tx.History) rebuilds every earlier state of a record by
//     walking its entries backwards from the stored record;
//   - the three-way merge of Außentermin bundles compares, per record and
//     field, the base value (Old) with the office's and the laptop's;
//   - erasure (Datenschutz) redacts personal values in place: Old, New and the
//     snapshots are plain JSON values that can be overwritten without
//     touching the rest of the entry.
//
// A field is named by its path of JSON member names from the top of the
// record (["interpreter", "languages"]): diffs go into nested objects, so two
// edits of different parts of a profile are different fields; lists and
// scalars are compared whole. The bookkeeping members version, updated and
// updatedBy are diffed like any other field, so every diff can be undone
// exactly.

// FieldDiff is one changed field of an update. Old and New are the field's
// JSON values; nil means the member was absent on that side (added or
// removed by the write).
type FieldDiff struct {
	Path []string        `json:"p"`
	Old  json.RawMessage `json:"o,omitempty"`
	New  json.RawMessage `json:"n,omitempty"`
}

// diffStates lists the fields that differ between two JSON states of a
// record. Objects on both sides are compared member by member, recursively;
// anything else (lists, scalars, a whole record that is not an object) is one
// field. The result is sorted by path, so the same change gives the same
// bytes.
func diffStates(before, after []byte) []FieldDiff {
	var out []FieldDiff
	diffInto(&out, nil, trimJSON(before), trimJSON(after))
	sort.Slice(out, func(i, j int) bool { return lessPath(out[i].Path, out[j].Path) })
	return out
}

func diffInto(out *[]FieldDiff, path []string, a, b []byte) {
	if bytes.Equal(a, b) {
		return
	}
	ma, okA := objectMembers(a)
	mb, okB := objectMembers(b)
	if !okA || !okB {
		*out = append(*out, FieldDiff{Path: clonePath(path), Old: cloneRaw(a), New: cloneRaw(b)})
		return
	}
	for k, va := range ma {
		diffInto(out, append(path, k), va, mb[k])
	}
	for k, vb := range mb {
		if _, ok := ma[k]; !ok {
			diffInto(out, append(path, k), nil, vb)
		}
	}
}

// applyDiffs sets every field of diffs in state to its New value (forward)
// or its Old value (backward) and returns the new state. An empty path
// stands for the whole record. Members of the state that no diff names keep
// their bytes; objects are written back with sorted member names (the
// program decodes records by name, so order does not matter).
func applyDiffs(state []byte, diffs []FieldDiff, backward bool) ([]byte, error) {
	doc := trimJSON(state)
	for _, d := range diffs {
		v := d.New
		if backward {
			v = d.Old
		}
		var err error
		if doc, err = setPath(doc, d.Path, trimJSON(v)); err != nil {
			return nil, err
		}
	}
	return doc, nil
}

// setPath returns doc with the member at path set to v (nil removes it).
func setPath(doc []byte, path []string, v []byte) ([]byte, error) {
	if len(path) == 0 {
		return cloneRaw(v), nil
	}
	m, ok := objectMembers(doc)
	if !ok {
		m = map[string]json.RawMessage{}
	}
	if len(path) == 1 {
		if v == nil {
			delete(m, path[0])
		} else {
			m[path[0]] = v
		}
	} else {
		sub, err := setPath(m[path[0]], path[1:], v)
		if err != nil {
			return nil, err
		}
		m[path[0]] = sub
	}
	return json.Marshal(m)
}

// valueAt returns the JSON value at path in doc, nil if absent.
func valueAt(doc []byte, path []string) []byte {
	doc = trimJSON(doc)
	for _, p := range path {
		m, ok := objectMembers(doc)
		if !ok {
			return nil
		}
		doc = trimJSON(m[p])
	}
	return doc
}

// objectMembers splits a JSON object into its members; ok is false for
// anything that is not an object (absent, null, a list, a scalar, broken).
func objectMembers(raw []byte) (map[string]json.RawMessage, bool) {
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || m == nil {
		return nil, false
	}
	return m, true
}

func trimJSON(raw []byte) []byte {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	return raw
}

func cloneRaw(raw []byte) json.RawMessage {
	if raw == nil {
		return nil
	}
	return bytes.Clone(raw)
}

func clonePath(p []string) []string { return append([]string{}, p...) }

func lessPath(a, b []string) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}

// versionOf reads the version stamp of a record state (0 for unversioned
// states such as the settings, or nil).
func versionOf(state []byte) uint64 {
	var v struct {
		Version uint64 `json:"version"`
	}
	if json.Unmarshal(trimJSON(state), &v) != nil {
		return 0
	}
	return v.Version
}
