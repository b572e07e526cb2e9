package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// JournalEntry is one write as the audit trail keeps it: who, when, which
// record and what changed (journal_diff.go has the format). It is also what
// undo works from.
type JournalEntry struct {
	Seq    uint64    `json:"seq"`
	At     time.Time `json:"at"`
	Who    string    `json:"who"`
	Kind   string    `json:"kind"`
	ID     string    `json:"id,omitempty"`
	Number string    `json:"number,omitempty"`
	Op     Op        `json:"op"`
	// Before and After are whole states of the record (nil before =
	// created, nil after = deleted). Stored are only the After of a create
	// and the Before of a delete; an update stores Changes, and History
	// fills in Before and After of every entry it returns.
	Before  json.RawMessage `json:"before,omitempty"`
	After   json.RawMessage `json:"after,omitempty"`
	Changes []FieldDiff     `json:"changes,omitempty"`
	Note    string          `json:"note,omitempty"` // for bulk writes: what was done
	// TxSeq is the Seq of the first entry of the same transaction: undo
	// takes back a whole transaction, and two transactions can share a
	// millisecond.
	TxSeq uint64 `json:"tx,omitempty"`
	// Erased marks an entry whose personal data was removed (Art. 17
	// DSGVO, erase_journal.go): the values are gone; who, when, which
	// record and what kind of change stay. It can never be undone.
	Erased string `json:"erased,omitempty"`
}

// SameTx reports whether two entries were written by one transaction.
// Entries from before TxSeq existed fall back to writer and time stamp.
func (e JournalEntry) SameTx(o JournalEntry) bool {
	if e.TxSeq != 0 && o.TxSeq != 0 {
		return e.TxSeq == o.TxSeq
	}
	return e.Who == o.Who && e.At.Equal(o.At)
}

// record appends the journal entry for one record write and notes the change
// for the feed, inside the same transaction as the write itself.
func (tx *Tx) record(kind, id, number string, op Op, before, after []byte) error {
	if err := tx.mayWrite(kind, id); err != nil {
		return err
	}
	tx.changes = append(tx.changes, Change{Kind: kind, ID: id, Number: number, Op: op})
	if tx.noJournal {
		return nil
	}
	e := JournalEntry{Kind: kind, ID: id, Number: number, Op: op}
	switch {
	case before == nil:
		e.After = bytes.Clone(after)
	case after == nil:
		e.Before = bytes.Clone(before)
	default:
		e.Changes = diffStates(before, after)
	}
	return tx.appendJournal(e)
}

// recordPrepared is record of a create made ready by PrepareNew: its
// entry's middle and JSON were made ahead (createEntryMiddle). Only
// journaled transactions store prepared records (PutPrepared).
func (tx *Tx) recordPrepared(kind, id, number string, middle, after []byte) error {
	if err := tx.mayWrite(kind, id); err != nil {
		return err
	}
	tx.changes = append(tx.changes, Change{Kind: kind, ID: id, Number: number, Op: OpCreate})
	return tx.appendJournalWith(JournalEntry{Kind: kind, ID: id, Number: number, Op: OpCreate, After: after}, middle)
}

// marshalEntry is json.Marshal(e), but the After of a create goes in as it
// is: record gets it straight from json.Marshal of the record in this
// transaction, so it is valid and compact, and encoding/json would check
// and copy it once more (a tenth of an import).
func marshalEntry(e JournalEntry) ([]byte, error) {
	after := e.After
	if after == nil || e.Before != nil {
		return json.Marshal(e)
	}
	e.After = nil
	head, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(head)+len(after)+10)
	out = append(out, head[:len(head)-1]...) // without its '}'
	out = append(out, `,"after":`...)
	out = append(out, after...)
	return append(out, '}'), nil
}

// createEntryMiddle is what marshalEntry writes for the create entry e
// between its seq and its tx: `,"at":…,"op":"create"` (e without Seq,
// TxSeq and After). PrepareNew makes it ahead of the transaction, which
// then only adds the numbers (spliceCreateEntry).
func createEntryMiddle(e JournalEntry) ([]byte, error) {
	e.Seq, e.TxSeq, e.After = 0, 0, nil
	head, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	const start = `{"seq":0`
	if !bytes.HasPrefix(head, []byte(start)) || !bytes.HasSuffix(head, []byte("}")) {
		return nil, fmt.Errorf("Journaleintrag unerwartet aufgebaut: %.40s", head)
	}
	return head[len(start) : len(head)-1], nil
}

// spliceCreateEntry is marshalEntry of a create entry from the middle
// createEntryMiddle made: seq first, then the middle, tx and the After.
func spliceCreateEntry(seq uint64, middle []byte, txSeq uint64, after []byte) []byte {
	out := make([]byte, 0, len(middle)+len(after)+48)
	out = append(out, `{"seq":`...)
	out = strconv.AppendUint(out, seq, 10)
	out = append(out, middle...)
	out = append(out, `,"tx":`...)
	out = strconv.AppendUint(out, txSeq, 10)
	out = append(out, `,"after":`...)
	out = append(out, after...)
	return append(out, '}')
}

// journalTaken reports whether the journal has an entry at seq, which its
// counter has just handed out. One look per transaction: the first finds
// the lowest entry at or above the transaction's first seq (none, unless
// the counter is damaged), and every seq below that is free.
func (tx *Tx) journalTaken(b *bolt.Bucket, seq uint64) bool {
	if !tx.journalFreeKnown {
		tx.journalFreeKnown = true
		tx.journalFreeBelow = math.MaxUint64
		c := b.Cursor()
		for k, _ := c.Seek(encodeUint(seq)); k != nil; k, _ = c.Next() {
			if len(k) == 8 { // an entry's key
				tx.journalFreeBelow = decodeUint(k)
				break
			}
		}
	}
	return seq >= tx.journalFreeBelow
}

// Note writes a journal entry that is not about one record, e.g. "Demodaten
// erzeugt: 100 000 Einsätze" after a bulk write.
func (tx *Tx) Note(kind, text string) error {
	return tx.appendJournal(JournalEntry{Kind: kind, Op: OpUpdate, Note: text})
}

func (tx *Tx) appendJournal(e JournalEntry) error {
	return tx.appendJournalWith(e, nil)
}

// appendJournalWith appends e; a create made ready ahead of its
// transaction brings the middle of its entry (createEntryMiddle) and its
// After, so only the numbers are written here.
func (tx *Tx) appendJournalWith(e JournalEntry, middle []byte) error {
	b, err := tx.bucket(bucketJournal)
	if err != nil {
		return err
	}
	// Entries are keyed by their rising number: always appended, so a full
	// page never takes another one. bbolt's default 0.5 left the pages of
	// an import's journal 39 % full (263 MB for 102 MB of entries, 200 000
	// rows).
	b.FillPercent = 1.0
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	if tx.txSeq == 0 {
		tx.txSeq = seq
	}
	e.Seq, e.At, e.Who, e.TxSeq = seq, tx.now, tx.who, tx.txSeq
	var raw []byte
	if middle != nil {
		raw = spliceCreateEntry(seq, middle, tx.txSeq, e.After)
	} else if raw, err = marshalEntry(e); err != nil {
		return err
	}
	if tx.journalTaken(b, seq) {
		// The bucket's sequence (kept by bbolt outside any value) points
		// at an entry that exists: writing would overwrite the audit trail.
		return fmt.Errorf("Der Zähler des Journals ist beschädigt (Eintrag %d gibt es schon); es wurde nichts gespeichert. Bitte „stabsstelle check“ ausführen und eine Sicherung zurückspielen.", seq)
	}
	if err := tx.put(b, encodeUint(seq), raw); err != nil {
		return err
	}
	if e.ID == "" {
		return nil
	}
	h, err := tx.bucket(bucketHistory)
	if err != nil {
		return err
	}
	// record ID, then number: new records append, changes of older ones
	// go in between (tx.fillPercent leaves room for those)
	h.FillPercent = tx.fillPercent()
	return tx.put(h, append([]byte(e.ID+"\x00"), encodeUint(seq)...), nil)
}

// History returns the journal entries of one record, oldest first, each
// with the whole state before and after it: walking backwards from the
// stored record, every update's changes are set back to their old values
// (rebuild).
func (tx *Tx) History(id string) ([]JournalEntry, error) {
	out, err := tx.historyEntries(id)
	if err != nil || len(out) == 0 {
		return out, err
	}
	var state []byte
	if k, ok := KindOf(out[len(out)-1].Kind); ok {
		cur, err := currentRaw(tx, k, id)
		if err != nil {
			return nil, err
		}
		state = bytes.Clone(cur)
	}
	rebuild(out, state)
	return out, nil
}

// rebuild fills Before and After of entries (one record's, oldest first)
// from the record's current state.
func rebuild(entries []JournalEntry, state []byte) {
	for i := len(entries) - 1; i >= 0; i-- {
		e := &entries[i]
		switch {
		case e.Op == OpDelete && e.Before != nil:
			state = e.Before
		case e.After != nil && e.Before == nil && len(e.Changes) == 0:
			// A create (or a wave-1 entry that kept only its After).
			state = nil
		case len(e.Changes) > 0:
			e.After = state
			before, err := applyDiffs(state, e.Changes, true)
			if err != nil {
				before = nil
			}
			e.Before, state = before, before
		default:
			if e.Before != nil {
				state = e.Before
			}
		}
	}
}

func (tx *Tx) historyEntries(id string) ([]JournalEntry, error) {
	h, j := tx.btx.Bucket(bucketHistory), tx.btx.Bucket(bucketJournal)
	if h == nil || j == nil {
		return nil, nil
	}
	prefix := []byte(id + "\x00")
	var out []JournalEntry
	c := h.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		raw, err := tx.unseal(bucketJournal, k[len(prefix):], j.Get(k[len(prefix):]))
		if err != nil {
			return nil, err
		}
		if raw == nil {
			continue
		}
		var e JournalEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// Journal walks the journal from the newest entry backwards until fn returns
// false.
func (tx *Tx) Journal(fn func(JournalEntry) bool) error {
	j := tx.btx.Bucket(bucketJournal)
	if j == nil {
		return nil
	}
	c := j.Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		raw, err := tx.unseal(bucketJournal, k, v)
		if err != nil {
			return err
		}
		var e JournalEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return err
		}
		if !fn(e) {
			return nil
		}
	}
	return nil
}
