package store

import (
	"bytes"
	"sort"
	"strings"
)

// searchNumbers answers a query with a (beginning of a) human number: the
// number directory lists them in order, the highest first; an exact number
// ranks first. Other words of the query must match the record too. A number
// without its letter ("2026-0042") is looked up in every series (E-, K-,
// V-, …): the Einsatz and the claim of that number both answer.
func searchNumbers(tx *Tx, numbers, terms []string, limit int, byKind map[string]searchable, names *hitNames, f SearchFilter) ([]Hit, error) {
	nb := tx.sealed(bucketNumbers)
	if nb == nil {
		return nil, nil
	}
	var hits []Hit
	for _, first := range numberSeries(nb, numbers[0]) {
		hs, err := searchNumberSeries(tx, nb, first, numbers, terms, limit, byKind, names, f)
		if err != nil {
			return nil, err
		}
		hits = append(hits, hs...)
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Rank < hits[j].Rank })
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}

// numberSeries is what the number directory is searched for: n itself,
// or for a number without its letter n behind each letter in use ("K-" + n).
func numberSeries(nb *sealedBucket, n string) []string {
	if n == "" || n[0] < '0' || n[0] > '9' {
		return []string{n}
	}
	var out []string
	c := nb.Keys()
	for k, _ := c.First(); k != nil; {
		i := bytes.IndexByte(k, '-')
		if i <= 0 {
			break // not a number: a damaged key, which check names
		}
		letters := string(k[:i])
		out = append(out, letters+"-"+n)
		// The next series: '.' sorts right after '-'.
		k, _ = c.Seek([]byte(letters + "."))
	}
	return out
}

// searchNumberSeries lists the records whose number begins with first,
// the highest first, at most limit.
func searchNumberSeries(tx *Tx, nb *sealedBucket, first string, numbers, terms []string, limit int, byKind map[string]searchable, names *hitNames, f SearchFilter) ([]Hit, error) {
	var hits []Hit
	prefix := []byte(first)
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
		if string(k) == first {
			h.Rank = 0
		}
		hits = append(hits, h)
	}
	if err := nb.Err(); err != nil {
		return nil, err
	}
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

// hasNumberPrefix reports whether one of doc's numbers begins with n; a
// number without its letter is compared with the part after the letter.
func hasNumberPrefix(doc SearchDoc, n string) bool {
	bare := n != "" && n[0] >= '0' && n[0] <= '9'
	ok := false
	for _, dn := range doc.Numbers {
		dn = strings.ToUpper(dn)
		if bare {
			if i := strings.IndexByte(dn, '-'); i >= 0 {
				dn = dn[i+1:]
			}
		}
		ok = ok || strings.HasPrefix(dn, n)
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
