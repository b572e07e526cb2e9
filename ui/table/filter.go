package table

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// haystack is the lower-cased filter text of all rows, back to back: per
// keystroke the filter then only runs bytes.Contains over memory that is
// already laid out, with no allocation and no call into the caller's code.
type haystack struct {
	hay  []byte   // lower-cased texts of all rows, each ended by a NUL
	off  []int32  // row i's text is hay[off[i]:off[i+1]-1]
	freq [256]int // how common each byte is in hay
}

// buildHaystack makes the haystack of the current rows now, on the
// caller's goroutine, reusing the buffers of the last one.
func (m *Model[T]) buildHaystack() {
	h := makeHaystack(m.rows, m.cols, m.filterText, m.hay, m.hayOff)
	m.setHaystack(h)
}

func (m *Model[T]) setHaystack(h haystack) {
	m.hay, m.hayOff, m.freq = h.hay, h.off, h.freq
	m.hayBuilt = true
}

// dropHaystack gives the haystack up until the filter is used again
// (WithLazyFilter): 100 000 rows keep 10–20 MB in it.
func (m *Model[T]) dropHaystack() {
	m.hay, m.hayOff, m.hitAt = nil, nil, nil
	m.hayBuilt = false
}

// makeHaystack lowers every row's filter text once, into one byte slice.
// It reads only its arguments, so a command can run it off the UI
// goroutine (WithLazyFilter); hay and off are reused if given.
//
// The slice is sized from the first rows instead of grown by appending:
// growing would leave up to a quarter of it unused and copy it several
// times (10 MB for 100 000 rows; the memory budget is in BENCHMARKS.md).
func makeHaystack[T any](rows []T, cols []Column[T], text func(T) string, hay []byte, off []int32) haystack {
	n := len(rows)
	hay, off = hay[:0], off[:0]
	if cap(off) < n+1 || cap(off) > 2*(n+1) {
		off = make([]int32, 0, n+1)
	}
	const sample = 512
	if n <= 2*sample && cap(hay) > n*256 {
		hay = nil // far too large, left by an earlier, longer list
	}
	for i, r := range rows {
		if i == sample && n > 2*sample {
			// The rest will look like the first rows; 1/16 spare.
			want := len(hay) / sample * n * 17 / 16
			if cap(hay) < want || cap(hay) > want*5/4 {
				hay = append(make([]byte, 0, want), hay...)
			}
		}
		off = append(off, int32(len(hay)))
		hay = appendRow(hay, r, cols, text)
	}
	off = append(off, int32(len(hay)))
	if cap(hay)-len(hay) > len(hay)/8+4096 {
		// The first rows were longer than the rest.
		hay = append(make([]byte, 0, len(hay)), hay...)
	}
	return haystack{hay: hay, off: off, freq: countBytes(hay)}
}

// appendRow appends row r's filter text, lowered, and the NUL that ends it.
func appendRow[T any](hay []byte, r T, cols []Column[T], text func(T) string) []byte {
	if text != nil {
		hay = appendLower(hay, text(r))
	} else {
		for j, c := range cols {
			if c.Value == nil {
				continue
			}
			if j > 0 {
				// NUL cannot be typed, so no query word spans two
				// cells.
				hay = append(hay, 0)
			}
			hay = appendLower(hay, c.Value(r))
		}
	}
	// Nor two rows: filterFull searches the whole slice at once.
	return append(hay, 0)
}

// countBytes counts byte frequencies from an even sample of about 1 MB of
// the haystack: enough to tell common letters from rare ones.
func countBytes(hay []byte) (freq [256]int) {
	step := max(1, len(hay)/(1<<20))
	for i := 0; i < len(hay); i += step {
		freq[hay[i]]++
	}
	return freq
}

// appendLower appends s lower-cased rune by rune. Rune by rune (not
// strings.ToLower) so that highlighting can map matches back to the shown
// text one rune to one rune.
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
		i += size
	}
	return dst
}

// queryWords splits a query into lower-cased words, longest first: the
// longest word usually rejects a row soonest.
func queryWords(q string) [][]byte {
	fields := strings.Fields(q)
	if len(fields) == 0 {
		return nil
	}
	words := make([][]byte, len(fields))
	for i, f := range fields {
		words[i] = appendLower(nil, f)
	}
	slices.SortStableFunc(words, func(a, b []byte) int { return len(b) - len(a) })
	return words
}

func sameWords(a, b [][]byte) bool {
	return slices.EqualFunc(a, b, bytes.Equal)
}

// narrows reports whether every row matching next also matches prev: each
// old word is contained in some new word. Then only the previous result
// needs scanning.
func narrows(prev, next [][]byte) bool {
	for _, p := range prev {
		if !slices.ContainsFunc(next, func(w []byte) bool { return bytes.Contains(w, p) }) {
			return false
		}
	}
	return true
}

func (m *Model[T]) matches(r int32, words [][]byte) bool {
	h := m.hay[m.hayOff[r] : m.hayOff[r+1]-1]
	for _, w := range words {
		if !bytes.Contains(h, w) {
			return false
		}
	}
	return true
}

// applyQuery sets the filter to q and recomputes the visible rows.
func (m *Model[T]) applyQuery(q string) {
	m.query = q
	words := queryWords(q)
	if sameWords(words, m.words) {
		return
	}
	if len(words) > 0 && !m.hayBuilt {
		if m.lazyNow() {
			// Kept in query; filterReady applies it when the
			// haystack (requestHay) is there.
			return
		}
		m.buildHaystack()
	}
	selID := m.SelectedID()
	// Back to a query typed just before (backspace): its result is kept.
	if i := slices.IndexFunc(m.fcache, func(c filterResult) bool { return sameWords(c.words, words) }); i >= 0 {
		c := m.fcache[i]
		m.words = words
		m.visible = append(m.visibleBuf(), c.visible...)
		m.at, m.atWord, m.atUsed = append(m.at[:0], c.at...), c.atWord, c.atUsed
		m.fcache = m.fcache[:i]
		m.afterQuery(words, selID)
		return
	}
	if narrows(m.words, words) {
		m.remember()
	} else {
		m.fcache = m.fcache[:0]
	}
	// The usual typing: a letter added to the end of the longest word.
	if narrows(m.words, words) && m.atWord != nil && bytes.HasPrefix(words[0], m.atWord) {
		m.narrowAt(words)
		m.afterQuery(words, selID)
		return
	}
	// Narrowing a small result is cheapest row by row; a large one (as
	// after the first letter) goes faster through the one-pass scan.
	if narrows(m.words, words) && len(m.visible) <= len(m.rows)/8 {
		// Words already required are known to match; check only new ones.
		var need [][]byte
		for _, w := range words {
			if !slices.ContainsFunc(m.words, func(p []byte) bool { return bytes.Equal(p, w) }) {
				need = append(need, w)
			}
		}
		m.words = words
		m.at, m.atWord, m.atUsed = m.at[:0], nil, 0 // positions not looked for here
		// Compacting in place is safe: the write index never passes the
		// read index.
		kept := m.visibleBuf()
		for _, r := range m.visible {
			if m.matches(r, need) {
				kept = append(kept, r)
			}
		}
		m.visible = kept
	} else {
		m.words = words
		m.filterFull()
	}
	m.afterQuery(words, selID)
}

// wordAt is where the longest query word first occurs in one visible row:
// pos, an offset into hay, and the next bytes of the row after the word (0
// past the row's end; NUL cannot be typed, so it never matches). Kept next
// to visible, the bytes make typing on a cache-friendly scan of a small
// array instead of a jump into the large haystack per row.
type wordAt struct {
	pos  int32
	next [8]byte
}

// setAt records that atWord's longer successor w (len wl) first occurs at
// p in the row ending at end; next[from:] gets the bytes after it.
func (m *Model[T]) setAt(a *wordAt, p int32, wl int, end int32, from int) {
	a.pos = p
	if s := int(p) + wl; from == 0 && s+8 <= int(end) {
		a.next = [8]byte(m.hay[s : s+8]) // the common case: one load
		return
	}
	a.next = [8]byte{}
	tail := m.hay[min(int(p)+wl, int(end)):min(int(p)+wl+8-from, int(end))]
	copy(a.next[from:], tail)
}

// narrowAt narrows the visible rows to words, whose longest word extends
// atWord at its end. Every occurrence of the longer word is one of atWord,
// so a row's first match can only lie at or after atWord's first match.
// Where the bytes kept after that match go on with the new letters, the
// row matches there (the usual case: a few bytes compared, no look into
// the haystack); else the rest of the row is searched. Other new words are
// checked row by row.
func (m *Model[T]) narrowAt(words [][]byte) {
	first := words[0]
	ext := first[len(m.atWord):]
	var need [][]byte
	for _, w := range words[1:] {
		if !slices.ContainsFunc(m.words, func(p []byte) bool { return bytes.Equal(p, w) }) {
			need = append(need, w)
		}
	}
	m.words = words
	used := m.atUsed + len(ext)
	fromNext := used <= len(wordAt{}.next) // else: every row refills from hay
	if !fromNext {
		used = 0
	}
	// Compacting in place is safe: the write index never passes the read
	// index, and each at[i] is read before it can be written.
	kept, at := m.visibleBuf(), m.at[:0]
	for i, r := range m.visible {
		a, end := m.at[i], m.hayOff[r+1]-1
		switch {
		case fromNext && bytes.Equal(a.next[m.atUsed:used], ext):
			// matches where atWord did; a.next stays valid
		case !fromNext && bytes.HasPrefix(m.hay[a.pos:end], first):
			m.setAt(&a, a.pos, len(first), end, used)
		default:
			j := bytes.Index(m.hay[a.pos+1:end], first)
			if j < 0 {
				continue
			}
			m.setAt(&a, a.pos+1+int32(j), len(first), end, used)
		}
		if m.matches(r, need) {
			kept = append(kept, r)
			at = append(at, a)
		}
	}
	m.visible, m.at, m.atWord, m.atUsed = kept, at, first, used
}

// filterResult is the result of an earlier query of the same typing.
type filterResult struct {
	words   [][]byte
	visible []int32
	at      []wordAt // see Model.at; nil with atWord
	atWord  []byte
	atUsed  int
}

// maxFilterCache bounds the kept results: the words typed one letter at a
// time, so backspace shows the query before at once instead of searching
// every row again.
const maxFilterCache = 8

// remember keeps the current result before the query narrows it.
func (m *Model[T]) remember() {
	if len(m.fcache) == maxFilterCache {
		copy(m.fcache, m.fcache[1:])
		m.fcache = m.fcache[:maxFilterCache-1]
	}
	m.fcache = append(m.fcache, filterResult{words: m.words, visible: slices.Clone(m.visible), at: slices.Clone(m.at), atWord: m.atWord, atUsed: m.atUsed})
}

func (m *Model[T]) afterQuery(words [][]byte, selID string) {
	m.styleGen++ // highlights changed

	if len(words) == 0 && selID != "" && m.moveTo(selID) {
		// Clearing the filter keeps the row one found with it, now shown
		// among its neighbours.
		return
	}
	// A new query shows its best (first) matches.
	m.cursor, m.offset = 0, 0
	m.clamp()
}

// visibleBuf is visible emptied for refilling – or nil while visible is
// order itself (filterFull), which must not be overwritten.
func (m *Model[T]) visibleBuf() []int32 {
	if m.visShared {
		m.visShared = false
		return nil
	}
	return m.visible[:0]
}

// filterFull recomputes visible from the full order. It searches the whole
// haystack for the longest word in one pass, notes in hitAt where each row
// first matches it (pos -1: not at all), and checks the other words on
// those rows only; then it collects the rows hit in sort order, with at.
func (m *Model[T]) filterFull() {
	vis := m.visibleBuf()
	m.at, m.atWord, m.atUsed = m.at[:0], nil, 0
	if len(m.words) == 0 {
		// Without a filter every row is visible: visible is order itself
		// (a copy would be 400 KB at 100 000 rows).
		m.visible, m.visShared = m.order, true
		return
	}
	hit := m.clearHits()
	first, rest := m.words[0], m.words[1:]
	m.markHits(hit, first, rest)
	at := m.at[:0]
	for _, r := range m.order {
		if hit[r].pos >= 0 {
			vis = append(vis, r)
			at = append(at, hit[r])
		}
	}
	m.visible, m.at, m.atWord = vis, at, first
}

// clearHits is hitAt for every row, each set to "not hit" (pos -1).
func (m *Model[T]) clearHits() []wordAt {
	n := len(m.rows)
	if cap(m.hitAt) < n {
		m.hitAt = make([]wordAt, n)
	}
	hit := m.hitAt[:n]
	for i := range hit {
		hit[i].pos = -1
	}
	return hit
}

// markHits searches the haystack once for first and notes in hit where
// each row that also has the words of rest first matches it.
func (m *Model[T]) markHits(hit []wordAt, first []byte, rest [][]byte) {
	// Look for the word's rarest byte, not its first: "tigrinya" starts
	// with a letter found every few bytes, which makes bytes.Index stop and
	// compare all the time; its y is found by a vectorised skip over
	// hundreds of bytes.
	k := 0
	for j := range first {
		if m.freq[first[j]] < m.freq[first[k]] {
			k = j
		}
	}
	rare, wl := first[k], len(first)
	hay, off := m.hay, m.hayOff
	r, pos := 0, k
	for pos < len(hay) {
		i := bytes.IndexByte(hay[pos:], rare)
		if i < 0 {
			break
		}
		found := pos + i
		start := found - k
		if start < 0 || start+wl > len(hay) || !bytes.Equal(hay[start:start+wl], first) {
			pos = found + 1
			continue
		}
		// Hits come in ascending order, so r only moves forward: O(n) in
		// all, however the hits fall.
		for int(off[r+1]) <= start {
			r++
		}
		if m.matches(int32(r), rest) {
			// Noted here, where the row's bytes are in the cache.
			m.setAt(&hit[r], int32(start), wl, off[r+1]-1, 0)
		}
		// Go on from the next row: no row needs a second hit. Words hold
		// no NUL, so a match never spans two rows.
		pos = int(off[r+1]) + k
	}
}
