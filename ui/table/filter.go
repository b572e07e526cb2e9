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
	m.dropJob()
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

func (m *Model[T]) afterQuery(words [][]byte, selID string) {
	m.styleGen++ // highlights changed

	keep := m.keepID
	m.keepID = ""
	if len(words) == 0 && selID != "" && m.moveTo(selID) {
		// Clearing the filter keeps the row one found with it, now shown
		// among its neighbours.
		return
	}
	if keep != "" && m.moveTo(keep) {
		return // see catchUp
	}
	// A new query shows its best (first) matches.
	m.cursor, m.offset = 0, 0
	m.clamp()
}
