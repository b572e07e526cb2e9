package store

// Writing one posting list of the search index (searchindex.go): a record
// goes into or out of a list, a batch is appended at once; a damaged chunk
// is never rewritten.

import (
	"bytes"
	"sort"
)

// putChunk writes refs as chunks of the list of prefix, halving them when
// they are more than a chunk holds, so the next inserts find room.
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

// appendPostings adds sorted refs to the list of prefix: those after the
// list's last entry (new records: the common case) fill its last chunk and
// new ones in one go, the others go in one by one.
func appendPostings(b *sealedBucket, prefix []byte, refs [][]byte) error {
	if len(refs) == 0 {
		return nil
	}
	end := append(bytes.Clone(prefix[:len(prefix)-1]), 1)
	k, v := seekLastBefore(b.Cursor(), end)
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
	return writeChunks(b, prefix, all)
}

// writeChunks writes sorted refs as the full chunks of the list of prefix
// (the last one may be shorter); the caller has made room for them.
func writeChunks(b *sealedBucket, prefix []byte, refs [][]byte) error {
	for len(refs) > 0 {
		n := min(len(refs), postingChunk)
		key := append(bytes.Clone(prefix), refs[0]...)
		if err := b.Put(key, encodeChunk(refs[:n])); err != nil {
			return err
		}
		refs = refs[n:]
	}
	return nil
}

// seekLastBefore puts c on the last key below end (nil when there is none).
func seekLastBefore(c *sealedCursor, end []byte) (k, v []byte) {
	if k, _ = c.Seek(end); k == nil {
		return c.Last()
	}
	return c.Prev()
}
