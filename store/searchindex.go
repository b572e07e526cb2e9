package store

import (
	"bytes"
	"encoding/hex"
	"slices"
	"sort"
	"strings"
)

// The search index lets `search` and ctrl+k touch only the records that
// match, however many there are.
//
// Each searchable collection describes a record as a SearchDoc: its words
// (name, place, language …), its human numbers, the first word of its name
// and the records it refers to (an Einsatz names its institution and its
// interpreter). These become tokens (searchfold.go). For every token the
// bucket idx:search keeps a posting list: the IDs of the records that carry
// it, sorted, in chunks of at most postingChunk IDs under the key
//
//	kind 0x01 token 0x00 first-ID-of-the-chunk
//
// IDs are UUIDv7 (time ordered), stored as their 16 bytes, so a list read
// backwards gives the newest records first and a query stops as soon as it
// has enough hits. A reference is the token "@" + ID of the referenced
// record: "jobcenter" finds the institutions called so, and through their
// tokens their Einsätze, without copying the institution's name into 100 000
// Einsätze (a renamed institution is found by its new name at once).
//
// The lists are written in the same transaction as the record: Put, Delete
// and Restore hand the old and new SearchDoc to updateSearch, which only
// touches the tokens that changed.
//
// Every chunk is sealed like any stored value (seal.go): it is read through
// a sealedBucket, and a chunk whose checksum does not match is never
// rewritten (that would seal the damage as if it were right) nor trusted by
// a search: both end with the bucket's error, which names the list.

var bucketSearch = []byte("idx:search")

// postingChunk bounds the IDs in one stored chunk: a change rewrites at most
// this many (≈ 1 KB); a list of 50 000 needs 900 keys. Four full chunks
// with their keys fit on a 4 KB page, of 64 IDs only three (idx:search of
// the large demo written once: 14.0 instead of 14.8 MB, docs/PERFORMANCE.md).
const postingChunk = 56

// SearchDoc is what the index knows of one record.
type SearchDoc struct {
	Name    string   // shown as the hit's name; its first word counts for "name start"
	Words   []string // free texts whose words are indexed
	Numbers []string // human numbers: found through idx:number, not tokens
	Refs    []string // IDs of referenced records (of the collection's RefKinds)
}

// tokens lists the distinct tokens of a document, sorted.
func (d SearchDoc) tokens() []string {
	out := make([]string, 0, 16)
	for _, w := range d.Words {
		out = append(out, textTokens(w)...)
	}
	out = append(out, textTokens(d.Name)...)
	if ws := searchWords(d.Name); len(ws) > 0 {
		out = append(out, "^"+ws[0])
	}
	for _, r := range d.Refs {
		if r != "" {
			out = append(out, "@"+r)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// refData is an ID as stored in a posting list: the 16 bytes of a UUID,
// else (IDs made by tests or other programs) 0xff and the ID's bytes, which
// sorts after every UUID.
func refData(id string) []byte {
	if len(id) == 36 && id[8] == '-' && id[13] == '-' && id[18] == '-' && id[23] == '-' {
		var out [16]byte
		src := id[0:8] + id[9:13] + id[14:18] + id[19:23] + id[24:36]
		if _, err := hex.Decode(out[:], []byte(src)); err == nil && strings.ToLower(src) == src {
			return out[:]
		}
	}
	return append([]byte{0xff}, id...)
}

func refID(data []byte) string {
	if len(data) > 0 && data[0] == 0xff {
		return string(data[1:])
	}
	if len(data) != 16 {
		return ""
	}
	var buf [36]byte
	formatUUID(&buf, data)
	return string(buf[:])
}

// A chunk is a run of entries: one length byte, then the ref data.
func parseChunk(v []byte) [][]byte {
	var out [][]byte
	for len(v) > 0 {
		n := int(v[0])
		if n == 0 || 1+n > len(v) {
			break // damaged: keep what is readable
		}
		out = append(out, v[1:1+n])
		v = v[1+n:]
	}
	return out
}

func encodeChunk(refs [][]byte) []byte {
	size := 0
	for _, r := range refs {
		size += 1 + len(r)
	}
	out := make([]byte, 0, size)
	for _, r := range refs {
		out = append(out, byte(len(r)))
		out = append(out, r...)
	}
	return out
}

func tokenPrefix(kind, token string) []byte {
	return []byte(kind + "\x01" + token + "\x00")
}

// findChunk returns the chunk of prefix's list whose first entry is the
// greatest not above data (nil if data comes before every chunk).
func findChunk(c *sealedCursor, prefix, data []byte) (k, v []byte) {
	seek := append(append([]byte(nil), prefix...), data...)
	k, v = c.Seek(seek)
	if k != nil && bytes.Equal(k, seek) {
		return k, v
	}
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	if k != nil && bytes.HasPrefix(k, prefix) {
		return k, v
	}
	return nil, nil
}

// updateSearch moves the record id of kind from the tokens of old to
// those of new (either may be nil: created, deleted). The changes are
// collected and written once, in token order, when the transaction's
// function has returned (flushSearch): a batch of 2 000 Einsätze appends
// to each list once instead of 2 000 times.
func (tx *Tx) updateSearch(kind, id string, old, new *SearchDoc) error {
	var before, after []string
	if old != nil {
		before = old.tokens()
	}
	if new != nil {
		after = new.tokens()
	}
	tx.moveTokens(kind, id, before, after)
	return nil
}

// moveTokens notes the changes of the posting lists of record id from the
// sorted tokens before to the sorted tokens after.
func (tx *Tx) moveTokens(kind, id string, before, after []string) {
	if strings.Join(before, "\x00") == strings.Join(after, "\x00") {
		return
	}
	ref := string(refData(id))
	// Both lists are sorted: walk them together.
	i, j := 0, 0
	for i < len(before) || j < len(after) {
		switch {
		case j == len(after) || (i < len(before) && before[i] < after[j]):
			tx.search = append(tx.search, searchChange{prefix: string(tokenPrefix(kind, before[i])), ref: ref})
			i++
		case i == len(before) || after[j] < before[i]:
			tx.search = append(tx.search, searchChange{prefix: string(tokenPrefix(kind, after[j])), ref: ref, add: true})
			j++
		default:
			i++
			j++
		}
	}
}

// searchChange is one pending change of a posting list.
type searchChange struct {
	prefix, ref string
	add         bool
}

// flushSearch writes the search index changes of the transaction.
func (tx *Tx) flushSearch() error {
	if len(tx.search) == 0 || tx.later != nil {
		return nil // kept after the commit (BuildSearchIndexLater)
	}
	bb, err := tx.bucket(bucketSearch)
	if err != nil {
		return err
	}
	// 0.9 even in bulk transactions: a batch appends to the lists all
	// over the bucket, and pages packed full split again at the next
	// batch (measured on the large demo: 20.0 MB at 1.0, 19.1 MB at 0.9).
	bb.FillPercent = 0.9
	b := tx.sealedOf(bucketSearch, bb)
	for _, list := range groupSearchChanges(tx.search) {
		if err := writeSearchList(b, list); err != nil {
			return err
		}
	}
	tx.search = nil
	return nil
}

// groupSearchChanges returns the changes list by list, the lists in key
// order (bbolt writes neighbouring pages), each list's changes sorted by
// ref with the changes of one ref in the order they were made: the later
// wins. Grouping first and sorting each short list by itself is a third of
// one sort of all changes by list and ref: an import batch makes some
// 30 000 changes in a few thousand lists.
func groupSearchChanges(ch []searchChange) [][]searchChange {
	at := make(map[string]int)
	var lists [][]searchChange
	for _, c := range ch {
		i, ok := at[c.prefix]
		if !ok {
			i = len(lists)
			at[c.prefix] = i
			lists = append(lists, nil)
		}
		lists[i] = append(lists[i], c)
	}
	slices.SortFunc(lists, func(a, b []searchChange) int { return strings.Compare(a[0].prefix, b[0].prefix) })
	byRef := func(a, b searchChange) int { return strings.Compare(a.ref, b.ref) }
	for _, l := range lists {
		// New records come in the order of their IDs: mostly sorted.
		if !slices.IsSortedFunc(l, byRef) {
			slices.SortStableFunc(l, byRef)
		}
	}
	return lists
}

// writeSearchList applies the sorted changes of one list: of each ref only
// its last change counts; removals go first, then the additions in one go.
func writeSearchList(b *sealedBucket, ch []searchChange) error {
	var adds, removes [][]byte
	for i := range ch {
		if i+1 < len(ch) && ch[i+1].ref == ch[i].ref {
			continue
		}
		if ch[i].add {
			adds = append(adds, []byte(ch[i].ref))
		} else {
			removes = append(removes, []byte(ch[i].ref))
		}
	}
	prefix := []byte(ch[0].prefix)
	for _, r := range removes {
		if err := removePosting(b, prefix, r); err != nil {
			return err
		}
	}
	return appendPostings(b, prefix, adds)
}

// buildSearchIndex writes the search index of a whole collection from
// scratch, list by list (migration, reindex): tokens are gathered in memory
// and each list written once, in order.
func buildSearchIndex(b *sealedBucket, kind string, docs func(fn func(id string, d SearchDoc) error) error) error {
	lists := map[string][][]byte{}
	if err := docs(func(id string, d SearchDoc) error {
		data := refData(id)
		for _, t := range d.tokens() {
			lists[t] = append(lists[t], data)
		}
		return nil
	}); err != nil {
		return err
	}
	tokens := make([]string, 0, len(lists))
	for t := range lists {
		tokens = append(tokens, t)
	}
	sort.Strings(tokens)
	for _, t := range tokens {
		refs := lists[t]
		sort.Slice(refs, func(i, j int) bool { return bytes.Compare(refs[i], refs[j]) < 0 })
		if err := writeChunks(b, tokenPrefix(kind, t), refs); err != nil {
			return err
		}
	}
	return nil
}
