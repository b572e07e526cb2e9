package store

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"stabsstelle/model"
)

// Hit is one search result, for the TUI's "überall suchen" and for
// `stabsstelle search`.
type Hit struct {
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	Number  string `json:"number,omitempty"`
	Name    string `json:"name,omitempty"`
	Summary string `json:"summary"`
	// Rank orders hits: lower first (exact number 0, the record's own name
	// starts with the query 1, the name of the person it belongs to – a
	// claim's, a Rückforderung's – starts with it 2, a word starts with
	// each term 3). So "Samira Aziz" finds the person before her claims.
	Rank int `json:"-"`
	// ofPerson: Name is the name of the person the record belongs to, not
	// the record's own.
	ofPerson bool
	// Sort breaks ties within a rank, larger first: the record ID, so the
	// newest record comes first (IDs are time ordered).
	Sort string `json:"-"`
}

// searchable is a collection the index can search (Collection with a
// Search function).
type searchable interface {
	KindName() string
	refKinds() []string
	docOf(tx *Tx, id string) (SearchDoc, bool, error)
	hitOf(tx *Tx, id string, n *hitNames) (Hit, bool, error)
	hasDates() bool
	inRange(tx *Tx, id string, from, to model.Date) bool
}

var (
	searchMu    sync.Mutex
	searchables []searchable
)

func registerSearchable(s searchable) {
	searchMu.Lock()
	searchables = append(searchables, s)
	searchMu.Unlock()
}

// SearchTerms splits a query into folded words (lower case, accents as base
// letters, hyphens dropped), each matched as the beginning of a word.
func SearchTerms(q string) []string { return searchWords(q) }

// Search finds the records whose words begin with every term of q, through
// the search index: exact human numbers first, then records whose name
// begins with the query, then the rest; within a rank the newest first. At
// most limit hits.
func Search(tx *Tx, q string, limit int) ([]Hit, error) {
	return SearchFiltered(tx, q, limit, SearchFilter{})
}

// SearchFilter narrows a search to some kinds (KindEinsatz, KindPerson,
// …; none: all) and to records whose date lies between From and To (both
// days included; a zero Date leaves that side open). With a date, kinds
// without one (people, institutions) are left out: the question "Tigrinya
// ab 1.3." asks for Einsätze, not for the interpreters.
type SearchFilter struct {
	Kinds    []string
	From, To model.Date
}

func (f SearchFilter) dated() bool { return !f.From.IsZero() || !f.To.IsZero() }

// allows reports whether records of s can be hits.
func (f SearchFilter) allows(s searchable) bool {
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, s.KindName()) {
		return false
	}
	return !f.dated() || s.hasDates()
}

// accept is the check of one record, nil when every record of an allowed
// kind is a hit.
func (f SearchFilter) accept(tx *Tx, s searchable) func(id string) bool {
	if !f.dated() {
		return nil
	}
	if s.KindName() == KindEinsatz {
		d := &einsatzDates{tx: tx, from: f.From, to: f.To}
		return d.accept
	}
	return func(id string) bool { return s.inRange(tx, id, f.From, f.To) }
}

// SearchFiltered is Search narrowed by f.
func SearchFiltered(tx *Tx, q string, limit int, f SearchFilter) ([]Hit, error) {
	if limit < 1 {
		return nil, nil
	}
	numbers, terms := splitQuery(q)
	if len(terms) == 0 && len(numbers) == 0 {
		return nil, nil
	}
	names := newHitNames(tx)
	seen := map[string]bool{}
	ss, byKind := searchKinds()
	if len(numbers) > 0 {
		return searchNumbers(tx, numbers, terms, limit, byKind, names, f)
	}
	// Every chunk read is checked (seal.go); a damaged one ends the search
	// with an error that names the list, never a quietly shorter result.
	b := tx.sealed(bucketSearch)
	if b == nil {
		return nil, nil
	}
	var cands []candidate
	for _, s := range ss {
		if !f.allows(s) {
			continue
		}
		q := &kindQuery{tx: tx, b: b, s: s, limit: limit, seen: seen, byKind: byKind, accept: f.accept(tx, s)}
		cands = append(cands, q.run(terms)...)
	}
	if err := b.Err(); err != nil {
		return nil, err
	}
	return rankCandidates(tx, cands, limit, names, strings.Join(terms, " "))
}

// splitQuery separates the words of a query that look like human numbers
// (upper-cased) from the rest, which become folded search terms.
func splitQuery(q string) (numbers, terms []string) {
	var words []string
	for _, w := range strings.Fields(q) {
		if looksLikeNumber(w) || looksLikeBareNumber(w) {
			numbers = append(numbers, strings.ToUpper(w))
		} else {
			words = append(words, w)
		}
	}
	return numbers, SearchTerms(strings.Join(words, " "))
}

// searchKinds is a copy of the registered searchable kinds, in order of
// registration and by kind name.
func searchKinds() ([]searchable, map[string]searchable) {
	searchMu.Lock()
	ss := append([]searchable(nil), searchables...)
	searchMu.Unlock()
	byKind := map[string]searchable{}
	for _, s := range ss {
		byKind[s.KindName()] = s
	}
	return ss, byKind
}

// rankCandidates reads the records of the hits shown and ranks them: a
// name that begins with query first (a record's own before a person's it
// belongs to), then the newest. Records are read
// only for every candidate whose name may begin with the query, and the
// newest others up to the limit.
func rankCandidates(tx *Tx, cands []candidate, limit int, names *hitNames, query string) ([]Hit, error) {
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].first != cands[j].first {
			return cands[i].first
		}
		return cands[i].id > cands[j].id
	})
	var hits []Hit
	others := 0
	for _, c := range cands {
		if !c.first {
			if others == limit {
				break
			}
			others++
		}
		h, ok, err := c.s.hitOf(tx, c.id, names)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		h.Rank = 3
		if c.first && strings.HasPrefix(FoldText(h.Name), query) {
			h.Rank = 1
			if h.ofPerson {
				h.Rank = 2
			}
		}
		hits = append(hits, h)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Rank != hits[j].Rank {
			return hits[i].Rank < hits[j].Rank
		}
		return hits[i].Sort > hits[j].Sort
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}

// looksLikeNumber: a human number or its beginning (E-2026-0042,
// "k-2025-"): letters, a hyphen, then a digit.
func looksLikeNumber(w string) bool {
	i := 0
	for i < len(w) && (w[i] >= 'a' && w[i] <= 'z' || w[i] >= 'A' && w[i] <= 'Z') {
		i++
	}
	return i > 0 && i+1 < len(w) && w[i] == '-' && w[i+1] >= '0' && w[i+1] <= '9'
}

// looksLikeBareNumber: a human number without its letter, as read off a
// paper form or said on the phone ("2026-0042", "2026-00"): the four digits
// of the year, a hyphen, then digits. It finds the Einsatz, the claim and
// the event of that number.
func looksLikeBareNumber(w string) bool {
	if len(w) < 6 || w[4] != '-' {
		return false
	}
	for i := 0; i < len(w); i++ {
		if i != 4 && (w[i] < '0' || w[i] > '9') {
			return false
		}
	}
	return true
}

// hitNames resolves the IDs a summary names (interpreter, institution) once
// per search.
type hitNames struct {
	tx    *Tx
	names map[string]string
}

func newHitNames(tx *Tx) *hitNames { return &hitNames{tx: tx, names: map[string]string{}} }

func (n *hitNames) person(id string) string {
	return n.get(id, func() string { return PersonName(n.tx, id) })
}

func (n *hitNames) org(id string) string {
	return n.get(id, func() string { return OrganisationName(n.tx, id) })
}

func (n *hitNames) get(id string, load func() string) string {
	if id == "" {
		return ""
	}
	if s, ok := n.names[id]; ok {
		return s
	}
	s := load()
	n.names[id] = s
	return s
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && s != "—" {
			out = append(out, s)
		}
	}
	return out
}
