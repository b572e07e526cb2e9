package store

import (
	"sort"
	"strings"
	"sync"
)

// Hit is one search result, for the TUI's "überall suchen" and for
// `stabsstelle search`.
type Hit struct {
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	Number  string `json:"number,omitempty"`
	Name    string `json:"name,omitempty"`
	Summary string `json:"summary"`
	// Rank orders hits: lower first (exact number match 0, name 1, text 2).
	Rank int `json:"-"`
	// Sort breaks ties within a rank, e.g. an ISO date for newest first.
	Sort string `json:"-"`
}

// Searcher finds records of one area. terms are lower-cased words that must
// all match; limit bounds the hits it returns.
type Searcher func(tx *Tx, terms []string, limit int) ([]Hit, error)

var (
	searchMu  sync.Mutex
	searchers []Searcher
)

// RegisterSearcher adds an area's searcher; each domain file registers its own
// in init, so adding an area does not touch this file.
func RegisterSearcher(s Searcher) {
	searchMu.Lock()
	searchers = append(searchers, s)
	searchMu.Unlock()
}

// SearchTerms splits a query into lower-cased words.
func SearchTerms(q string) []string { return strings.Fields(strings.ToLower(q)) }

// MatchAll reports whether every term occurs in hay (already lower-cased).
func MatchAll(hay string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(hay, t) {
			return false
		}
	}
	return true
}

// Search runs every area's searcher and returns at most limit hits, best
// first.
func Search(tx *Tx, q string, limit int) ([]Hit, error) {
	terms := SearchTerms(q)
	if len(terms) == 0 {
		return nil, nil
	}
	tx.readsMuch()
	searchMu.Lock()
	ss := append([]Searcher(nil), searchers...)
	searchMu.Unlock()
	var hits []Hit
	for _, s := range ss {
		h, err := s(tx, terms, limit)
		if err != nil {
			return nil, err
		}
		hits = append(hits, h...)
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

func init() {
	RegisterSearcher(searchPeople)
	RegisterSearcher(searchOrganisations)
}

func searchPeople(tx *Tx, terms []string, limit int) ([]Hit, error) {
	var hits []Hit
	err := People.Each(tx, func(p *Person) error {
		hay := strings.ToLower(strings.Join([]string{p.Name, p.Email, p.Phone, p.City, strings.Join(p.Roles(), " ")}, " "))
		if MatchAll(hay, terms) && len(hits) < limit {
			hits = append(hits, Hit{Kind: KindPerson, ID: p.ID, Name: p.Name, Rank: 1,
				Summary: strings.Join(append([]string{p.Name}, nonEmpty(strings.Join(p.Roles(), ", "), p.Place())...), " · ")})
		}
		return nil
	})
	return hits, err
}

func searchOrganisations(tx *Tx, terms []string, limit int) ([]Hit, error) {
	var hits []Hit
	err := Organisations.Each(tx, func(o *Organisation) error {
		hay := strings.ToLower(strings.Join([]string{o.Name, o.Kind.Label(), o.City, o.Email}, " "))
		if MatchAll(hay, terms) && len(hits) < limit {
			hits = append(hits, Hit{Kind: KindOrganisation, ID: o.ID, Name: o.Name, Rank: 1,
				Summary: strings.Join(append([]string{o.Name}, nonEmpty(o.Kind.Label(), o.Place())...), " · ")})
		}
		return nil
	})
	return hits, err
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
