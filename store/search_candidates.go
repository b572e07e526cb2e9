package store

// The search of one kind for a query without numbers: candidates are the
// records whose words begin with every term, found through the posting
// lists of the search index (searchindex.go) and merged newest first.

import (
	"bytes"
	"container/heap"
	"sort"
	"strings"
)

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
	if costs {
		q.addCost(kind, src, best)
	}
	return src
}

// addCost adds up the chunks of src's lists in kind, stopping above best.
func (q *kindQuery) addCost(kind string, src *termSource, best int) {
	for _, t := range src.tokens {
		if src.cost += chunksOf(q.b, kind, t, best+1); src.cost > best {
			return
		}
	}
	for id := range src.refs {
		if src.cost += chunksOf(q.b, kind, "@"+id, best+1); src.cost > best {
			return
		}
	}
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
		return q.listsContain(kind, data, src)
	}
	for _, t := range q.tokensOf(id) {
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

// listsContain reports whether one of src's lists in kind holds data.
func (q *kindQuery) listsContain(kind string, data []byte, src *termSource) bool {
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

// tokensOf is the tokens of record id's own document, read once per
// search (an unreadable document is noted on the bucket and has none).
func (q *kindQuery) tokensOf(id string) []string {
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
	return toks
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
