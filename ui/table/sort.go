package table

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sortOrder rebuilds order: all row indices in the current sort order.
// The ascending order of each column is cached until SetRows, so cycling
// through columns and flipping the direction cost O(n), not a sort.
func (m *Model[T]) sortOrder() {
	m.fcache = m.fcache[:0] // results of earlier queries are in the old order
	n := len(m.rows)
	order := m.order[:0]
	if m.orderShared {
		order = nil // it is the cached ascending order of a column
	}
	m.orderShared = false
	if cap(order) < n {
		order = make([]int32, 0, n)
	}
	if m.sortCol < 0 || m.sortCol >= len(m.cols) {
		for i := range n {
			order = append(order, int32(i))
		}
		if m.sortReverse {
			slices.Reverse(order)
		}
		m.order = order
		return
	}
	if !m.sortReverse {
		// The cached order itself, not a copy (400 KB at 100 000 rows);
		// the next sortOrder starts a slice of its own.
		m.order, m.orderShared = m.ascending(m.sortCol), true
		return
	}
	order = append(order, m.ascending(m.sortCol)...)
	reverseStable(order, m.tied(m.sortCol))
	m.order = order
}

// ascending returns the stable ascending order of column col. Ties fall back
// to the row index, so the unstable (and faster) pdqsort gives what a stable
// sort gives.
func (m *Model[T]) ascending(col int) []int32 {
	if asc, ok := m.ascByCol[col]; ok {
		return asc
	}
	asc := make([]int32, len(m.rows))
	for i := range asc {
		asc[i] = int32(i)
	}
	if less := m.cols[col].Less; less != nil {
		rows := m.rows
		slices.SortFunc(asc, func(a, b int32) int {
			switch {
			case less(rows[a], rows[b]):
				return -1
			case less(rows[b], rows[a]):
				return 1
			}
			return cmp.Compare(a, b)
		})
	} else {
		keys := m.sortKeys(col)
		slices.SortFunc(asc, func(a, b int32) int {
			if c := strings.Compare(keys[a], keys[b]); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
	}
	if m.ascByCol == nil {
		m.ascByCol = make(map[int][]int32)
	}
	m.ascByCol[col] = asc
	return asc
}

// tied reports for two rows adjacent in ascending order of col (prev before
// next) whether they compare equal. Sortedness makes one comparison enough.
// Text columns fold their two values again rather than keep every row's
// key: at 100 000 rows that slice was 1.6 MB for the session.
func (m *Model[T]) tied(col int) func(prev, next int32) bool {
	rows := m.rows
	if less := m.cols[col].Less; less != nil {
		return func(prev, next int32) bool { return !less(rows[prev], rows[next]) }
	}
	value := m.cols[col].Value
	if value == nil {
		return func(prev, next int32) bool { return true }
	}
	return func(prev, next int32) bool { return foldKey(value(rows[prev])) == foldKey(value(rows[next])) }
}

// reverseStable turns an ascending order into a descending one in which
// equal rows keep their ascending row order: reverse all, then reverse each
// run of equal rows back.
func reverseStable(order []int32, tied func(prev, next int32) bool) {
	slices.Reverse(order)
	for i := 0; i < len(order); {
		j := i + 1
		// Reversed, order[j] came before order[j-1].
		for j < len(order) && tied(order[j], order[j-1]) {
			j++
		}
		slices.Reverse(order[i:j])
		i = j
	}
}

// sortKeys returns the folded Value of every row for column col, for one
// sort: Value may format, and a sort calls it n·log n times. The keys are
// not kept (ascByCol keeps the order).
func (m *Model[T]) sortKeys(col int) []string {
	value := m.cols[col].Value
	keys := make([]string, len(m.rows))
	if value != nil {
		for i, r := range m.rows {
			keys[i] = foldKey(value(r))
		}
	}
	return keys
}

// foldKey makes a sort key in the manner of DIN 5007-1 (dictionary order):
// case is ignored, umlauts sort as their base letter, ß as ss. Common Latin
// diacritics of names from other countries are folded too. Plain lower-case
// ASCII is returned as is, without allocating.
func foldKey(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		if f, ok := foldRunes[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var foldRunes = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe"}
	for base, letters := range map[string]string{
		"a": "àáâãäåāăą",
		"c": "çćčĉ",
		"d": "ďđ",
		"e": "èéêëēĕėęě",
		"g": "ğĝġģ",
		"i": "ìíîïīĭįı",
		"l": "łľĺļ",
		"n": "ñńňņ",
		"o": "òóôõöøōŏő",
		"r": "řŕŗ",
		"s": "śšşșŝ",
		"t": "ťţț",
		"u": "ùúûüūŭůűų",
		"y": "ýÿŷ",
		"z": "źżž",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
