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
// this many (≈ 1 KB); a list of 50 000 needs 800 keys.
const postingChunk = 64

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
	hex.Encode(buf[0:8], data[0:4])
	buf[8] = '-'
	hex.Encode(buf[9:13], data[4:6])
	buf[13] = '-'
	hex.Encode(buf[14:18], data[6:8])
	buf[18] = '-'
	hex.Encode(buf[19:23], data[8:10])
	buf[23] = '-'
	hex.Encode(buf[24:36], data[10:16])
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

func putChunk(b *sealedBucket, prefix []byte, refs [][]byte) error {
	for len(refs) > 0 {
		n := len(refs)
		if n > postingChunk {
			n = postingChunk / 2
		}
		key := append(append([]byte(nil), prefix...), refs[0]...)
		if err := b.Put(key, encodeChunk(refs[:n])); err != nil {
			return err
		}
		refs = refs[n:]
	}
	return nil
}

// addPosting inserts data into the list of prefix.
func addPosting(b *sealedBucket, prefix, data []byte) error {
	c := b.Cursor()
	k, v := findChunk(c, prefix, data)
	// The chunk is rewritten below: work on a copy, not on the page.
	k, v = bytes.Clone(k), bytes.Clone(v)
	if k == nil {
		// Before every chunk: join the first one, if any.
		if k, v = c.Seek(prefix); k == nil || !bytes.HasPrefix(k, prefix) {
			if err := b.Err(); err != nil {
				return err
			}
			return putChunk(b, prefix, [][]byte{data})
		}
		k, v = bytes.Clone(k), bytes.Clone(v)
	}
	if err := b.Err(); err != nil {
		return err // never rewrite a damaged chunk
	}
	refs := parseChunk(v)
	i := sort.Search(len(refs), func(i int) bool { return bytes.Compare(refs[i], data) >= 0 })
	if i < len(refs) && bytes.Equal(refs[i], data) {
		return nil
	}
	refs = append(refs[:i], append([][]byte{data}, refs[i:]...)...)
	// Appending to the last chunk is the common case (new records have the
	// newest IDs): fill it to the end instead of halving it.
	if len(refs) > postingChunk {
		old := append([]byte(nil), k...)
		if err := b.Delete(old); err != nil {
			return err
		}
		half := len(refs) / 2
		if err := putChunk(b, prefix, refs[:half]); err != nil {
			return err
		}
		return putChunk(b, prefix, refs[half:])
	}
	if i == 0 {
		if err := b.Delete(append([]byte(nil), k...)); err != nil {
			return err
		}
	}
	key := append(append([]byte(nil), prefix...), refs[0]...)
	return b.Put(key, encodeChunk(refs))
}

// removePosting takes data out of the list of prefix.
func removePosting(b *sealedBucket, prefix, data []byte) error {
	c := b.Cursor()
	k, v := findChunk(c, prefix, data)
	if err := b.Err(); err != nil {
		return err // never rewrite a damaged chunk
	}
	if k == nil {
		return nil
	}
	k, v = bytes.Clone(k), bytes.Clone(v)
	refs := parseChunk(v)
	i := sort.Search(len(refs), func(i int) bool { return bytes.Compare(refs[i], data) >= 0 })
	if i == len(refs) || !bytes.Equal(refs[i], data) {
		return nil
	}
	refs = append(refs[:i], refs[i+1:]...)
	old := append([]byte(nil), k...)
	if len(refs) == 0 || i == 0 {
		if err := b.Delete(old); err != nil {
			return err
		}
		if len(refs) == 0 {
			return nil
		}
	}
	key := append(append([]byte(nil), prefix...), refs[0]...)
	return b.Put(key, encodeChunk(refs))
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
	if strings.Join(before, "\x00") == strings.Join(after, "\x00") {
		return nil
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
	return nil
}

// searchChange is one pending change of a posting list.
type searchChange struct {
	prefix, ref string
	add         bool
	seq         int // order of the changes, the later wins
}

// flushSearch writes the search index changes of the transaction.
func (tx *Tx) flushSearch() error {
	if len(tx.search) == 0 {
		return nil
	}
	bb, err := tx.bucket(bucketSearch)
	if err != nil {
		return err
	}
	bb.FillPercent = 0.9
	b := tx.sealedOf(bucketSearch, bb)
	// Sorted by list and ref, the later change of the same ref wins.
	ch := tx.search
	for i := range ch {
		ch[i].seq = i
	}
	slices.SortFunc(ch, func(a, b searchChange) int {
		if c := strings.Compare(a.prefix, b.prefix); c != 0 {
			return c
		}
		if c := strings.Compare(a.ref, b.ref); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	for len(ch) > 0 {
		n := 1
		for n < len(ch) && ch[n].prefix == ch[0].prefix {
			n++
		}
		var adds, removes [][]byte
		for i := 0; i < n; i++ {
			if i+1 < n && ch[i+1].ref == ch[i].ref {
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
		if err := appendPostings(b, prefix, adds); err != nil {
			return err
		}
		ch = ch[n:]
	}
	tx.search = nil
	return nil
}

// appendPostings adds sorted refs to the list of prefix: those after the
// list's last entry (new records: the common case) fill its last chunk and
// new ones in one go, the others go in one by one.
func appendPostings(b *sealedBucket, prefix []byte, refs [][]byte) error {
	if len(refs) == 0 {
		return nil
	}
	c := b.Cursor()
	end := append(bytes.Clone(prefix[:len(prefix)-1]), 1)
	k, _ := c.Seek(end)
	var v []byte
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	if err := b.Err(); err != nil {
		return err // never rewrite a damaged chunk
	}
	var last [][]byte
	if k != nil && bytes.HasPrefix(k, prefix) {
		k, v = bytes.Clone(k), bytes.Clone(v)
		last = parseChunk(v)
	}
	i := 0
	if len(last) > 0 {
		for i < len(refs) && bytes.Compare(refs[i], last[len(last)-1]) <= 0 {
			if err := addPosting(b, prefix, refs[i]); err != nil {
				return err
			}
			i++
		}
		if i == len(refs) {
			return nil
		}
		// addPosting may have changed the last chunk: read it again.
		if k, v = findChunk(b.Cursor(), prefix, refs[i]); k != nil {
			k, v = bytes.Clone(k), bytes.Clone(v)
			last = parseChunk(v)
		}
		if err := b.Err(); err != nil {
			return err
		}
	}
	all := append(last, refs[i:]...)
	if k != nil && len(last) > 0 {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	for len(all) > 0 {
		n := min(len(all), postingChunk)
		key := append(bytes.Clone(prefix), all[0]...)
		if err := b.Put(key, encodeChunk(all[:n])); err != nil {
			return err
		}
		all = all[n:]
	}
	return nil
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
		prefix := tokenPrefix(kind, t)
		for len(refs) > 0 {
			n := min(len(refs), postingChunk)
			key := append(append([]byte(nil), prefix...), refs[0]...)
			if err := b.Put(key, encodeChunk(refs[:n])); err != nil {
				return err
			}
			refs = refs[n:]
		}
	}
	return nil
}

// postingList reads one token's list from the newest entry backwards. A
// damaged chunk ends it early; the bucket's Err says so.
type postingList struct {
	c      *sealedCursor
	prefix []byte
	buf    [][]byte // entries of the current chunk still to hand out, oldest first
	done   bool
}

func newPostingList(b *sealedBucket, kind, token string) *postingList {
	p := &postingList{c: b.Cursor(), prefix: tokenPrefix(kind, token)}
	end := []byte(kind + "\x01" + token + "\x01")
	k, _ := p.c.Seek(end)
	var v []byte
	if k == nil {
		k, v = p.c.Last()
	} else {
		k, v = p.c.Prev()
	}
	p.load(k, v)
	return p
}

func (p *postingList) load(k, v []byte) {
	if k == nil || !bytes.HasPrefix(k, p.prefix) {
		p.done, p.buf = true, nil
		return
	}
	p.buf = parseChunk(v)
}

// peek is the newest entry not handed out yet (nil at the end).
func (p *postingList) peek() []byte {
	for !p.done && len(p.buf) == 0 {
		p.load(p.c.Prev())
	}
	if p.done {
		return nil
	}
	return p.buf[len(p.buf)-1]
}

func (p *postingList) pop() { p.buf = p.buf[:len(p.buf)-1] }

// contains reports whether the list of prefix holds data (false for a
// damaged chunk; the bucket's Err says so).
func contains(b *sealedBucket, prefix, data []byte) bool {
	k, v := findChunk(b.Cursor(), prefix, data)
	if k == nil {
		return false
	}
	for len(v) > 0 {
		n := int(v[0])
		if n == 0 || 1+n > len(v) {
			return false
		}
		if bytes.Equal(v[1:1+n], data) {
			return true
		}
		v = v[1+n:]
	}
	return false
}

// chunksOf counts the chunks of a token's list, up to max: the cost of
// reading it, to pick the cheapest term of a query.
func chunksOf(b *sealedBucket, kind, token string, max int) int {
	prefix := tokenPrefix(kind, token)
	c := b.Keys()
	n := 0
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && n < max; k, _ = c.Next() {
		n++
	}
	return n
}

// tokensWithPrefix lists the tokens of kind that begin with p, at most max
// (more = true when there were more).
func tokensWithPrefix(b *sealedBucket, kind, p string, max int) (out []string, more bool) {
	start := []byte(kind + "\x01" + p)
	c := b.Keys()
	for k, _ := c.Seek(start); k != nil && bytes.HasPrefix(k, start); {
		i := bytes.IndexByte(k[len(kind)+1:], 0)
		if i < 0 {
			k, _ = c.Next()
			continue
		}
		tok := string(k[len(kind)+1 : len(kind)+1+i])
		if len(out) == max {
			return out, true
		}
		out = append(out, tok)
		k, _ = c.Seek([]byte(kind + "\x01" + tok + "\x01"))
	}
	return out, false
}
