package store

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPostingListsAgainstAModel: random additions and removals – one by
// one and in batches as a transaction flushes them, in and out of order,
// across chunk splits and emptied chunks – leave every list holding exactly
// the IDs of a plain set, newest first, each found by contains.
func TestPostingListsAgainstAModel(t *testing.T) {
	s, _ := openTemp(t)
	rng := rand.New(rand.NewPCG(7, 11))
	model := map[string]map[string]bool{}
	ids := make([]string, 600)
	for i := range ids {
		ids[i] = fmt.Sprintf("01a24d38-%04x-7ecc-893a-2bdac98bb6e4", i*7%0x10000)
	}
	ids = append(ids, "p1", "p2", "x-not-a-uuid") // IDs made elsewhere
	tokens := []string{"arabisch", "tigrinya", "gifhorn"}
	for round := 0; round < 40; round++ {
		err := s.Update("t", func(tx *Tx) error {
			for n := rng.IntN(200); n > 0; n-- {
				tok := tokens[rng.IntN(len(tokens))]
				id := ids[rng.IntN(len(ids))]
				if model[tok] == nil {
					model[tok] = map[string]bool{}
				}
				add := rng.IntN(3) > 0
				var old, new *SearchDoc
				if add {
					new = &SearchDoc{Words: []string{tok}}
				} else {
					old = &SearchDoc{Words: []string{tok}}
				}
				if err := tx.updateSearch("k", id, old, new); err != nil {
					return err
				}
				model[tok][id] = add
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	s.View(func(tx *Tx) error {
		b := tx.sealed(bucketSearch)
		for _, tok := range tokens {
			var want []string
			for id, in := range model[tok] {
				if in {
					want = append(want, id)
				}
			}
			slices.SortFunc(want, func(a, b string) int { return -slices.Compare(refData(a), refData(b)) })
			var got []string
			l := newPostingList(b, "k", tok)
			for d := l.peek(); d != nil; d = l.peek() {
				got = append(got, refID(d))
				l.pop()
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%s: %d entries, want %d\n%v\n%v", tok, len(got), len(want), got, want)
			}
			for id, in := range model[tok] {
				if contains(b, tokenPrefix("k", tok), refData(id)) != in {
					t.Errorf("%s: contains(%s) = %v", tok, id, !in)
				}
			}
			checkChunks(t, b, tok)
		}
		if err := b.Err(); err != nil {
			t.Errorf("a chunk's checksum: %v", err)
		}
		return nil
	})
}

// checkChunks: every chunk is named by its first entry, sorted, not empty
// and not over postingChunk.
func checkChunks(t *testing.T, b *sealedBucket, tok string) {
	t.Helper()
	prefix := tokenPrefix("k", tok)
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && string(k[:min(len(k), len(prefix))]) == string(prefix); k, v = c.Next() {
		refs := parseChunk(v)
		if len(refs) == 0 || len(refs) > postingChunk {
			t.Errorf("%s: chunk of %d", tok, len(refs))
			continue
		}
		if string(k[len(prefix):]) != string(refs[0]) {
			t.Errorf("%s: chunk key is not its first entry", tok)
		}
		if !slices.IsSortedFunc(refs, func(a, b []byte) int { return slices.Compare(a, b) }) {
			t.Errorf("%s: chunk not sorted", tok)
		}
	}
}
