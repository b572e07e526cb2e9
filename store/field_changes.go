package store

// Field-by-field comparison of two journaled states of a record, for the
// history views (what changed, briefly rendered).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

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
