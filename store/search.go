package store

import (
	"bytes"
	"container/heap"
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
	// Rank orders hits: lower first (exact number 0, name starts with the
	// query 1, a word starts with each term 2).
	Rank int `json:"-"`
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
	inRange := func(id string) bool { return s.inRange(tx, id, f.From, f.To) }
	if s.KindName() != KindEinsatz {
		return inRange
	}
	// Candidates come newest first. Reading each one's record is cheap
	// while most pass ("ab 1.3."); behind an early "bis" tens of thousands
	// fail first. After many have failed, one scan of the start index's
	// keys over the range answers the rest.
	var ids map[string]bool
	failed := 0
	return func(id string) bool {
		if ids != nil {
			return ids[id]
		}
		if inRange(id) {
			return true
		}
		if failed++; failed == searchSwitchToIndex {
			ids = einsatzIDsBetween(tx, f.From, f.To)
		}
		return false
	}
}

// searchSwitchToIndex is how many Einsätze may fail a date filter one by
// one before the ids of the range are read from the start index (a record
// costs about as much as 20 index keys); a variable for the tests.
var searchSwitchToIndex = 500

// SearchFiltered is Search narrowed by f.
func SearchFiltered(tx *Tx, q string, limit int, f SearchFilter) ([]Hit, error) {
	if limit < 1 {
		return nil, nil
	}
	var numbers, words []string
	for _, w := range strings.Fields(q) {
		if looksLikeNumber(w) {
			numbers = append(numbers, strings.ToUpper(w))
		} else {
			words = append(words, w)
		}
	}
	terms := SearchTerms(strings.Join(words, " "))
	if len(terms) == 0 && len(numbers) == 0 {
		return nil, nil
	}
	names := newHitNames(tx)
	var hits []Hit
	seen := map[string]bool{}
	searchMu.Lock()
	ss := append([]searchable(nil), searchables...)
	searchMu.Unlock()
	byKind := map[string]searchable{}
	for _, s := range ss {
		byKind[s.KindName()] = s
	}
	if len(numbers) > 0 {
		return searchNumbers(tx, numbers, terms, limit, byKind, names, f)
	}
	// Every chunk read is checked (seal.go); a damaged one ends the search
	// with an error that names the list, never a quietly shorter result.
	b := tx.sealed(bucketSearch)
	if b == nil {
		return hits, nil
	}
	query := strings.Join(terms, " ")
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
	// Records are read only for the hits shown: every candidate whose name
	// may begin with the query, and the newest others up to the limit.
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].first != cands[j].first {
			return cands[i].first
		}
		return cands[i].id > cands[j].id
	})
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
		h.Rank = 2
		if c.first && strings.HasPrefix(FoldText(h.Name), query) {
			h.Rank = 1
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
	k, _ := c.Seek(append(append([]byte(nil), prefix...), 0xff))
	var v []byte
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	for ; k != nil && bytes.HasPrefix(k, prefix) && len(hits) < limit; k, v = c.Prev() {
		if err := nb.Err(); err != nil {
			return nil, err
		}
		kind, id, _ := strings.Cut(string(v), "\x00")
		s, ok := byKind[kind]
		if !ok || !f.allows(s) {
			continue
		}
		if accept := f.accept(tx, s); accept != nil && !accept(id) {
			continue
		}
		if len(numbers) > 1 || len(terms) > 0 {
			doc, ok, err := s.docOf(tx, id)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			if match, err := docMatches(tx, s, byKind, doc, numbers[1:], terms); err != nil || !match {
				if err != nil {
					return nil, err
				}
				continue
			}
		}
		h, ok, err := s.hitOf(tx, id, names)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		h.Rank = 2
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

// docMatches checks numbers and terms on one record's document (and the
// records it refers to).
func docMatches(tx *Tx, s searchable, byKind map[string]searchable, doc SearchDoc, numbers, terms []string) (bool, error) {
	for _, n := range numbers {
		ok := false
		for _, dn := range doc.Numbers {
			ok = ok || strings.HasPrefix(strings.ToUpper(dn), n)
		}
		if !ok {
			return false, nil
		}
	}
	toks := doc.tokens()
	for _, r := range doc.Refs {
		for _, rk := range s.refKinds() {
			if rs, ok := byKind[rk]; ok {
				rd, ok, err := rs.docOf(tx, r)
				if err != nil {
					return false, err
				}
				if ok {
					toks = append(toks, rd.tokens()...)
				}
			}
		}
	}
	for _, t := range terms {
		ok := false
		for _, tok := range toks {
			if tok != "" && tok[0] != '^' && tok[0] != '@' && strings.HasPrefix(tok, t) {
				ok = true
				break
			}
		}
		if !ok {
			return false, nil
		}
	}
	return true, nil
}

// candidate is a record that matches every term; first: its name's first
// word begins with the first term (it may rank as "name start").
type candidate struct {
	s     searchable
	id    string
	first bool
}

// maxTokensPerTerm and maxRefsPerTerm bound how wide one short term may
// fan out ("a" begins thousands of words); beyond them the term is checked
// on each candidate's own document instead.
const (
	maxTokensPerTerm = 4000
	maxRefsPerTerm   = 4000
)

// termSource is where one term can match in one kind: the lists of the
// kind's tokens that begin with it, and the records of referenced kinds
// whose tokens begin with it.
type termSource struct {
	term     string
	tokens   []string        // own tokens with the term as prefix
	refs     map[string]bool // IDs of referenced records that match
	complete bool            // tokens and refs are all there are
	cost     int             // chunks to read to list every match
}

type kindQuery struct {
	tx     *Tx
	b      *sealedBucket // damage met on the way is noted here (Err)
	s      searchable
	limit  int
	seen   map[string]bool
	byKind map[string]searchable
	// accept, if set, checks a candidate against the filter (its date)
	// before it counts towards the limit.
	accept func(id string) bool
	docs   map[string][]string // record ID → its tokens, for checking terms
	chunks map[string][][]byte // list → the chunk last read (contains)
}

func (q *kindQuery) run(terms []string) []candidate {
	kind := q.s.KindName()
	srcs := make([]*termSource, len(terms))
	best := 1 << 40
	for i, t := range terms {
		// With one term there is nothing to choose: skip the costs.
		srcs[i] = q.source(kind, t, len(terms) > 1, best)
		if srcs[i].complete && len(srcs[i].tokens) == 0 && len(srcs[i].refs) == 0 {
			return nil // a term that matches nothing in this kind
		}
		best = min(best, srcs[i].cost)
	}
	// Drive with the cheapest term; check the others on each candidate.
	d := 0
	for i := range srcs {
		if srcs[i].cost < srcs[d].cost {
			d = i
		}
	}
	var out []candidate
	found := map[string]bool{}
	collect := func(driver *termSource, others []*termSource, first bool) {
		n := 0
		q.each(kind, driver, func(data []byte) bool {
			id := refID(data)
			if found[id] || q.seen[id] {
				return true
			}
			for _, o := range others {
				if !q.matches(kind, id, data, o) {
					return true
				}
			}
			if q.accept != nil && !q.accept(id) {
				return true
			}
			found[id] = true
			out = append(out, candidate{s: q.s, id: id, first: first})
			n++
			return n < q.limit
		})
	}
	// Records whose name begins with the query rank first even when they
	// are old: look for them through the first word of their names.
	first := &termSource{term: "^" + terms[0], complete: true}
	first.tokens, _ = tokensWithPrefix(q.b, kind, first.term, maxTokensPerTerm)
	if len(first.tokens) > 0 {
		collect(first, srcs[1:], true)
	}
	others := append(append([]*termSource(nil), srcs[:d]...), srcs[d+1:]...)
	collect(srcs[d], others, false)
	return out
}

// source finds where term can match in kind; with costs it adds up the
// chunks of its lists, stopping above best (it will not drive then).
func (q *kindQuery) source(kind, term string, costs bool, best int) *termSource {
	src := &termSource{term: term, complete: true}
	var more bool
	src.tokens, more = tokensWithPrefix(q.b, kind, term, maxTokensPerTerm)
	if more {
		src.complete = false
	}
	for _, rk := range q.s.refKinds() {
		toks, more := tokensWithPrefix(q.b, rk, term, maxTokensPerTerm)
		if more {
			src.complete = false
		}
		for _, t := range toks {
			if strings.HasPrefix(t, "^") || strings.HasPrefix(t, "@") {
				continue
			}
			l := newPostingList(q.b, rk, t)
			for d := l.peek(); d != nil; d = l.peek() {
				l.pop()
				id := refID(d)
				if src.refs[id] {
					continue
				}
				// Only records this kind refers to count (of the people
				// called Müller, the interpreters).
				if !q.hasList(kind, "@"+id) {
					continue
				}
				if src.refs == nil {
					src.refs = map[string]bool{}
				}
				if len(src.refs) >= maxRefsPerTerm {
					src.complete = false
					break
				}
				src.refs[id] = true
			}
		}
	}
	if !src.complete {
		src.cost = 1 << 40 // only as the last resort
		return src
	}
	if !costs {
		return src
	}
	for _, t := range src.tokens {
		if src.cost += chunksOf(q.b, kind, t, best+1); src.cost > best {
			return src
		}
	}
	for id := range src.refs {
		if src.cost += chunksOf(q.b, kind, "@"+id, best+1); src.cost > best {
			return src
		}
	}
	return src
}

// hasList reports whether kind has a list for token.
func (q *kindQuery) hasList(kind, token string) bool {
	p := tokenPrefix(kind, token)
	k, _ := q.b.Keys().Seek(p)
	return k != nil && bytes.HasPrefix(k, p)
}

// each hands fn the records of src's lists, newest first, until fn
// returns false.
func (q *kindQuery) each(kind string, src *termSource, fn func(data []byte) bool) {
	var h postingHeap
	for _, t := range src.tokens {
		if strings.HasPrefix(t, "@") {
			continue
		}
		if l := newPostingList(q.b, kind, t); l.peek() != nil {
			h = append(h, l)
		}
	}
	for id := range src.refs {
		if l := newPostingList(q.b, kind, "@"+id); l.peek() != nil {
			h = append(h, l)
		}
	}
	heap.Init(&h)
	var last []byte
	for h.Len() > 0 {
		l := h[0]
		d := l.peek()
		l.pop()
		if l.peek() == nil {
			heap.Pop(&h)
		} else {
			heap.Fix(&h, 0)
		}
		if last != nil && bytes.Equal(d, last) {
			continue
		}
		last = d
		if !fn(d) {
			return
		}
	}
}

// matches reports whether term src matches the record id: through the
// lists when they are few, else on the record's own tokens.
func (q *kindQuery) matches(kind, id string, data []byte, src *termSource) bool {
	if src.complete && len(src.tokens)+len(src.refs) <= 4 {
		for _, t := range src.tokens {
			if q.contains(kind, t, data) {
				return true
			}
		}
		for r := range src.refs {
			if q.contains(kind, "@"+r, data) {
				return true
			}
		}
		return false
	}
	toks, ok := q.docs[id]
	if !ok {
		doc, ok, err := q.s.docOf(q.tx, id)
		q.b.note(err)
		if ok {
			toks = doc.tokens()
		}
		if q.docs == nil {
			q.docs = map[string][]string{}
		}
		q.docs[id] = toks
	}
	for _, t := range toks {
		switch {
		case strings.HasPrefix(t, "@"):
			r := t[1:]
			if src.refs[r] {
				return true
			}
			if !src.complete && q.refMatches(r, src.term) {
				return true
			}
		case strings.HasPrefix(t, "^"):
		case strings.HasPrefix(t, src.term):
			return true
		}
	}
	return false
}

// contains reports whether the list of token holds data. Candidates come
// newest first and close together, so the chunk last read answers most
// questions without a new seek.
func (q *kindQuery) contains(kind, token string, data []byte) bool {
	if q.chunks == nil {
		q.chunks = map[string][][]byte{}
	}
	key := kind + "\x01" + token
	if c := q.chunks[key]; len(c) > 0 && bytes.Compare(c[0], data) <= 0 && bytes.Compare(data, c[len(c)-1]) <= 0 {
		i := sort.Search(len(c), func(i int) bool { return bytes.Compare(c[i], data) >= 0 })
		return i < len(c) && bytes.Equal(c[i], data)
	}
	k, v := findChunk(q.b.Cursor(), tokenPrefix(kind, token), data)
	if k == nil {
		return false
	}
	c := parseChunk(v)
	q.chunks[key] = c
	i := sort.Search(len(c), func(i int) bool { return bytes.Compare(c[i], data) >= 0 })
	return i < len(c) && bytes.Equal(c[i], data)
}

// refMatches checks a referenced record's own tokens (when the term was too
// short to list all records it matches).
func (q *kindQuery) refMatches(id, term string) bool {
	for _, rk := range q.s.refKinds() {
		s, ok := q.byKind[rk]
		if !ok {
			continue
		}
		doc, ok, err := s.docOf(q.tx, id)
		q.b.note(err)
		if ok {
			for _, t := range doc.tokens() {
				if !strings.HasPrefix(t, "@") && !strings.HasPrefix(t, "^") && strings.HasPrefix(t, term) {
					return true
				}
			}
		}
	}
	return false
}

// postingHeap merges lists by their newest entry.
type postingHeap []*postingList

func (h postingHeap) Len() int           { return len(h) }
func (h postingHeap) Less(i, j int) bool { return bytes.Compare(h[i].peek(), h[j].peek()) > 0 }
func (h postingHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *postingHeap) Push(x any)        { *h = append(*h, x.(*postingList)) }
func (h *postingHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
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
