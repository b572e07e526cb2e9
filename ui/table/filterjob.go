package table

import (
	"bytes"
	"math"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"
)

// A filter over many rows goes in steps. In a table made WithLazyFilter a
// keystroke does one step and the rest follow as FilterMsg, one step per
// message: over a million rows typing never waits for the whole list, and
// the screen shows the last result with „sucht …“ until the new one is
// complete. Other tables (their parents do not hand the messages back)
// finish at once.
//
// A step ends after filterStep rows or stepTime, whichever comes first:
// rows differ in cost (a hit next to the last one's is compared in place,
// a miss searches the rest of the row), and the keystroke's budget is a
// time (BENCHMARKS.md).
var filterStep = 1 << 16 // a variable so that tests can take small steps

const (
	stepChunk = 4096 // rows between two looks at the clock
	stepTime  = 400 * time.Microsecond
	// stepMin rows are done whatever the clock says: a list of a few
	// thousand rows is filtered in its keystroke even on a slow machine
	// (or under the race detector), as every table's users and tests
	// expect.
	stepMin = 2 * stepChunk
)

type jobKind uint8

const (
	jobFull jobKind = iota // search the haystack, then collect in sort order
	jobNeed                // check new words on the rows of the last result
	jobAt                  // the longest word grew at its end: see stepAt
)

// filterJob computes the rows of a query. While it runs, visible, words
// and at keep the last complete result: that is what View shows and what
// the job narrows. It writes into out and outAt only, never into them.
type filterJob struct {
	id     int
	kind   jobKind
	words  [][]byte
	narrow bool     // every row of the result is in the last one: keep that for backspace
	need   [][]byte // jobNeed, jobAt: the words each row must still be checked for

	// jobFull: rows [0, marked) are searched (hitAt), then order[:collected]
	// collected.
	marked, collected int

	// jobNeed, jobAt: src[:done] are checked; srcAt runs parallel (jobAt).
	src   []int32
	srcAt []wordAt
	done  int

	// jobAt: first (the longest word) is atWord+ext; the bytes kept after
	// atWord are next[oldUsed:used] (fromNext) or looked up in hay.
	ext           []byte
	fromNext      bool
	oldUsed, used int

	out    []int32
	outAt  []wordAt
	atWord []byte
	atUsed int
}

// applyQuery sets the filter to q and starts computing its rows. The
// command it returns (lazy tables only) carries on a job that one step did
// not finish.
func (m *Model[T]) applyQuery(q string) tea.Cmd {
	m.query = q
	words := queryWords(q)
	if m.job != nil {
		if sameWords(m.job.words, words) {
			return nil // already on its way (a space typed after a word)
		}
		// Typed on before the last query was done: start again from the
		// last complete result.
		m.dropJob()
	}
	if sameWords(words, m.words) {
		return nil
	}
	if len(words) > 0 && !m.hayBuilt {
		if m.lazyNow() {
			// Kept in query; filterReady applies it when the
			// haystack (requestHay) is there.
			return nil
		}
		m.buildHaystack()
	}
	if len(words) == 0 {
		selID := m.SelectedID()
		m.fcache = m.fcache[:0]
		m.words = nil
		m.showAll()
		// The scratch of the filter goes with it: 28 MB at 1 000 000
		// rows, and the next filter starts with a full search anyway.
		m.spare, m.spareAt, m.hitAt = nil, nil, nil
		m.afterQuery(words, selID)
		return nil
	}
	// Back to a query typed just before (backspace): its result is kept.
	if i := slices.IndexFunc(m.fcache, func(c filterResult) bool { return sameWords(c.words, words) }); i >= 0 {
		c := m.fcache[i]
		m.spareVisible()
		m.words = words
		m.visible, m.visShared = c.visible, false
		m.at, m.atWord, m.atUsed = c.at, c.atWord, c.atUsed
		m.fcache = m.fcache[:i]
		m.afterQuery(words, "")
		return nil
	}
	m.job = m.newJob(words)
	return m.runJob()
}

// newJob plans the cheapest way from the last result to words.
func (m *Model[T]) newJob(words [][]byte) *filterJob {
	m.jobs++
	j := &filterJob{id: m.jobs, words: words, narrow: len(m.words) > 0 && narrows(m.words, words)}
	j.out, j.outAt = m.spare[:0], m.spareAt[:0]
	m.spare, m.spareAt = nil, nil
	// Words already required are known to match; check only new ones.
	newWords := func(ws [][]byte) (need [][]byte) {
		for _, w := range ws {
			if !slices.ContainsFunc(m.words, func(p []byte) bool { return bytes.Equal(p, w) }) {
				need = append(need, w)
			}
		}
		return need
	}
	switch {
	case j.narrow && m.atWord != nil && bytes.HasPrefix(words[0], m.atWord):
		// The usual typing: a letter added to the end of the longest word.
		j.kind, j.src, j.srcAt = jobAt, m.visible, m.at
		j.need = newWords(words[1:])
		j.ext = words[0][len(m.atWord):]
		j.oldUsed, j.used = m.atUsed, m.atUsed+len(j.ext)
		j.fromNext = j.used <= len(wordAt{}.next) // else: every row refills from hay
		if !j.fromNext {
			j.used = 0
		}
	case j.narrow && len(m.visible) <= len(m.rows)/8:
		// Narrowing a small result is cheapest row by row; a large one
		// (as after the first letter) goes faster through the one-pass
		// search of jobFull.
		j.kind, j.src, j.need = jobNeed, m.visible, newWords(words)
	default:
		j.kind = jobFull
	}
	return j
}

// runJob does one step of the job and installs its result when it is
// done; else it returns the command for the next step.
func (m *Model[T]) runJob() tea.Cmd {
	j := m.job
	done := false
	if !m.lazy {
		done = m.step(j, math.MaxInt) // nobody would hand a FilterMsg back
	} else {
		start := time.Now()
		for rows := 0; !done && rows < filterStep && (rows < stepMin || time.Since(start) < stepTime); {
			n := min(stepChunk, filterStep-rows)
			done = m.step(j, n)
			rows += n
		}
	}
	if !done {
		return func() tea.Msg { return FilterMsg{owner: m, job: j.id} }
	}
	m.install(j)
	return nil
}

// finishJob completes a running job now (SetFilter: the caller wants the
// result).
func (m *Model[T]) finishJob() {
	if j := m.job; j != nil {
		m.step(j, math.MaxInt)
		m.install(j)
	}
}

// install makes a finished job's result the shown one.
func (m *Model[T]) install(j *filterJob) {
	if j.narrow {
		m.remember()
	} else {
		m.fcache = m.fcache[:0]
		m.spareVisible()
	}
	m.words = j.words
	m.visible, m.visShared = j.out, false
	m.at, m.atWord, m.atUsed = j.outAt, j.atWord, j.atUsed
	m.job = nil
	m.afterQuery(j.words, "")
}

// dropJob gives up a running job; its buffers are used again.
func (m *Model[T]) dropJob() {
	if j := m.job; j != nil {
		m.job = nil
		if cap(j.out) > cap(m.spare) {
			m.spare, m.spareAt = j.out[:0], j.outAt[:0]
		}
	}
}

// spareVisible keeps the buffers of the shown result, about to be
// replaced, for the next job – unless they are order itself.
func (m *Model[T]) spareVisible() {
	if !m.visShared && cap(m.visible) > cap(m.spare) {
		m.spare, m.spareAt = m.visible[:0], m.at[:0]
	}
}

// showAll shows every row: visible is order itself (a copy would be
// 400 KB at 100 000 rows).
func (m *Model[T]) showAll() {
	m.spareVisible()
	m.visible, m.visShared = m.order, true
	m.at, m.atWord, m.atUsed = nil, nil, 0
}

// remember keeps the shown result before the query narrows it: the words
// typed one letter at a time, so backspace shows the query before at once.
// The cache takes the buffers themselves; no job writes into them.
func (m *Model[T]) remember() {
	if len(m.fcache) == maxFilterCache {
		copy(m.fcache, m.fcache[1:])
		m.fcache = m.fcache[:maxFilterCache-1]
	}
	m.fcache = append(m.fcache, filterResult{words: m.words, visible: m.visible, at: m.at, atWord: m.atWord, atUsed: m.atUsed})
}

// filterResult is the result of an earlier query of the same typing.
type filterResult struct {
	words   [][]byte
	visible []int32
	at      []wordAt // see Model.at; nil with atWord
	atWord  []byte
	atUsed  int
}

// maxFilterCache bounds the kept results.
const maxFilterCache = 8

// filterFull recomputes visible for words from the full order now (new
// rows, a new sort, a new filter text), giving up a running job.
func (m *Model[T]) filterFull() {
	m.dropJob()
	if len(m.words) == 0 {
		m.showAll()
		return
	}
	j := &filterJob{kind: jobFull, words: m.words}
	m.spareVisible()
	j.out, j.outAt = m.spare[:0], m.spareAt[:0]
	m.spare, m.spareAt = nil, nil
	m.step(j, math.MaxInt)
	m.visible, m.visShared = j.out, false
	m.at, m.atWord, m.atUsed = j.outAt, j.atWord, j.atUsed
}

// step does up to budget rows of j and reports whether it is done.
func (m *Model[T]) step(j *filterJob, budget int) bool {
	switch j.kind {
	case jobAt:
		return m.stepAt(j, budget)
	case jobNeed:
		for j.done < len(j.src) && budget > 0 {
			end := j.done + min(budget, len(j.src)-j.done)
			for _, r := range j.src[j.done:end] {
				if m.matches(r, j.need) {
					j.out = append(j.out, r)
				}
			}
			budget -= end - j.done
			j.done = end
		}
		return j.done == len(j.src)
	}
	// jobFull: search the haystack in one pass for the longest word,
	// noting in hitAt where each row first matches it (pos -1: not at
	// all) and checking the other words on those rows only; then collect
	// the rows hit in sort order, with at.
	n := len(m.rows)
	if len(m.hitAt) != n {
		m.hitAt = make([]wordAt, n)
	}
	for j.marked < n && budget > 0 {
		end := j.marked + min(budget, n-j.marked)
		m.markHits(m.hitAt, j.words[0], j.words[1:], j.marked, end)
		budget -= end - j.marked
		j.marked = end
	}
	for j.marked == n && j.collected < len(m.order) && budget > 0 {
		end := j.collected + min(budget, len(m.order)-j.collected)
		for _, r := range m.order[j.collected:end] {
			if a := m.hitAt[r]; a.pos >= 0 {
				j.out = append(j.out, r)
				j.outAt = append(j.outAt, a)
			}
		}
		budget -= end - j.collected
		j.collected = end
	}
	j.atWord = j.words[0]
	return j.marked == n && j.collected == len(m.order)
}

// stepAt narrows the last result to j.words, whose longest word extends
// atWord at its end. Every occurrence of the longer word is one of atWord,
// so a row's first match can only lie at or after atWord's first match.
// Where the bytes kept after that match go on with the new letters, the
// row matches there (the usual case: a few bytes compared, no look into
// the haystack); else the rest of the row is searched. Other new words are
// checked row by row.
func (m *Model[T]) stepAt(j *filterJob, budget int) bool {
	first := j.words[0]
	for j.done < len(j.src) && budget > 0 {
		end := j.done + min(budget, len(j.src)-j.done)
		for i := j.done; i < end; i++ {
			r, a := j.src[i], j.srcAt[i]
			rowEnd := m.hayOff[r+1] - 1
			switch {
			case j.fromNext && bytes.Equal(a.next[j.oldUsed:j.used], j.ext):
				// matches where atWord did; a.next stays valid
			case !j.fromNext && bytes.HasPrefix(m.hay[a.pos:rowEnd], first):
				m.setAt(&a, a.pos, len(first), rowEnd, j.used)
			default:
				k := bytes.Index(m.hay[a.pos+1:rowEnd], first)
				if k < 0 {
					continue
				}
				m.setAt(&a, a.pos+1+int32(k), len(first), rowEnd, j.used)
			}
			if m.matches(r, j.need) {
				j.out = append(j.out, r)
				j.outAt = append(j.outAt, a)
			}
		}
		budget -= end - j.done
		j.done = end
	}
	j.atWord, j.atUsed = first, j.used
	return j.done == len(j.src)
}

// markHits searches rows [r0, r1) of the haystack for first and notes in
// hit where each row that also has the words of rest first matches it;
// the other rows of the range get pos -1.
func (m *Model[T]) markHits(hit []wordAt, first []byte, rest [][]byte, r0, r1 int) {
	for r := r0; r < r1; r++ {
		hit[r].pos = -1
	}
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
	end := int(off[r1])
	r, pos := r0, int(off[r0])+k
	for pos < end {
		i := bytes.IndexByte(hay[pos:end], rare)
		if i < 0 {
			break
		}
		found := pos + i
		start := found - k
		if start+wl > end || !bytes.Equal(hay[start:start+wl], first) {
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
