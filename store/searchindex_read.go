package store

// Reading the search index (searchindex.go): a token's list newest first,
// membership, the cost of a list and the tokens that begin with a term.

import "bytes"

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
	p.load(seekLastBefore(p.c, []byte(kind+"\x01"+token+"\x01")))
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
