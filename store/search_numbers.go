package store

import (
	"bytes"
	"sort"
	"strings"
)

// searchNumbers answers a query with a (beginning of a) human number: the
// number directory lists them in order, the highest first; an exact number
// ranks first. Other words of the query must match the record too.
func searchNumbers(tx *Tx, numbers, terms []string, limit int, byKind map[string]searchable, names *hitNames, f SearchFilter) ([]Hit, error) {
	nb := tx.sealed(bucketNumbers)
	if nb == nil {
		return nil, nil
	}
	var hits []Hit
	prefix := []byte(numbers[0])
	c := nb.Cursor()
	k, v := seekLastBefore(c, append(append([]byte(nil), prefix...), 0xff))
	for ; k != nil && bytes.HasPrefix(k, prefix) && len(hits) < limit; k, v = c.Prev() {
		if err := nb.Err(); err != nil {
			return nil, err
		}
		s, id, ok := numberRecord(tx, v, byKind, f)
		if !ok {
			continue
		}
		if ok, err := matchesRest(tx, s, byKind, id, numbers, terms); err != nil || !ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		h, ok, err := s.hitOf(tx, id, names)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		h.Rank = 3
		if string(k) == numbers[0] {
			h.Rank = 0
		}
		hits = append(hits, h)
	}
	if err := nb.Err(); err != nil {
		return nil, err
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Rank < hits[j].Rank })
	return hits, nil
}

// numberRecord is the kind and ID an entry of the number directory names
// (numberValue); false when the filter leaves the record out.
func numberRecord(tx *Tx, v []byte, byKind map[string]searchable, f SearchFilter) (searchable, string, bool) {
	var buf [36]byte
	kind, raw, _ := splitIndexKey(v, &buf)
	id := string(raw)
	s, ok := byKind[string(kind)]
	if !ok || !f.allows(s) {
		return nil, "", false
	}
	if accept := f.accept(tx, s); accept != nil && !accept(id) {
		return nil, "", false
	}
	return s, id, true
}

// matchesRest checks the words of a number query after the first number
// (more numbers, terms) on record id; with none, every record matches.
func matchesRest(tx *Tx, s searchable, byKind map[string]searchable, id string, numbers, terms []string) (bool, error) {
	if len(numbers) < 2 && len(terms) == 0 {
		return true, nil
	}
	doc, ok, err := s.docOf(tx, id)
	if err != nil || !ok {
		return false, err
	}
	return docMatches(tx, s, byKind, doc, numbers[1:], terms)
}

// docMatches checks numbers and terms on one record's document (and the
// records it refers to).
func docMatches(tx *Tx, s searchable, byKind map[string]searchable, doc SearchDoc, numbers, terms []string) (bool, error) {
	for _, n := range numbers {
		if !hasNumberPrefix(doc, n) {
			return false, nil
		}
	}
	toks, err := docTokensWithRefs(tx, s, byKind, doc)
	if err != nil {
		return false, err
	}
	for _, t := range terms {
		if !hasWordPrefix(toks, t) {
			return false, nil
		}
	}
	return true, nil
}

// hasNumberPrefix reports whether one of doc's numbers begins with n.
func hasNumberPrefix(doc SearchDoc, n string) bool {
	ok := false
	for _, dn := range doc.Numbers {
		ok = ok || strings.HasPrefix(strings.ToUpper(dn), n)
	}
	return ok
}

// docTokensWithRefs are doc's tokens and those of the records it refers to.
func docTokensWithRefs(tx *Tx, s searchable, byKind map[string]searchable, doc SearchDoc) ([]string, error) {
	toks := doc.tokens()
	for _, r := range doc.Refs {
		for _, rk := range s.refKinds() {
			if rs, ok := byKind[rk]; ok {
				rd, ok, err := rs.docOf(tx, r)
				if err != nil {
					return nil, err
				}
				if ok {
					toks = append(toks, rd.tokens()...)
				}
			}
		}
	}
	return toks, nil
}

// hasWordPrefix reports whether a word token (not a name start "^" or a
// reference "@") begins with t.
func hasWordPrefix(toks []string, t string) bool {
	for _, tok := range toks {
		if tok != "" && tok[0] != '^' && tok[0] != '@' && strings.HasPrefix(tok, t) {
			return true
		}
	}
	return false
}
