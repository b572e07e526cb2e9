package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// The access trail: every session of the team server (stabsstelle serve) is
// kept – who, with which key, from where, from when to when – so the office
// can answer "who could see the data, and when" (Art. 5 (2), 32 DSGVO). Each
// start and end is a journal note of kind KindAccess (in the journal with
// everything else, never undone), and the session itself one record in the
// bucket "access" for the list under R → Zugriffe, which only the role
// Verwaltung reads: the trail is about the team, not about the data.

// KindAccess is the journal kind of the access notes.
const KindAccess = "zugriff"

var bucketAccess = []byte("access")

// Access is one session.
type Access struct {
	ID          string    `json:"id"`
	Who         string    `json:"who"`
	Fingerprint string    `json:"key"`  // SHA256:… of the key that logged in
	From        string    `json:"from"` // remote address
	Start       time.Time `json:"start"`
	End         time.Time `json:"end,omitzero"`
	// Reason why it ended: "abgemeldet", "ohne Eingabe", "Schlüssel
	// entfernt", "Server beendet", "nicht beendet" (the server stopped
	// without closing it).
	Reason string `json:"reason,omitempty"`
}

// Duration is how long the session lasted (0 while open or unknown).
func (a Access) Duration() time.Duration {
	if a.End.IsZero() {
		return 0
	}
	return a.End.Sub(a.Start)
}

// accessKey orders the records by start (newest last) and keeps two
// sessions of the same millisecond apart.
func accessKey(a *Access) []byte {
	return []byte(a.Start.UTC().Format("20060102T150405.000") + "\x00" + a.ID)
}

// AccessStarted records the start of a session: a journal note and the
// record. It needs no role – a member who may only read is journaled too.
func AccessStarted(s *Store, a *Access) error {
	a.ID, a.Start = newID(), a.Start.UTC().Truncate(time.Millisecond)
	return s.Update(a.Who, func(tx *Tx) error {
		if err := putAccess(tx, a); err != nil {
			return err
		}
		return tx.Note(KindAccess, fmt.Sprintf("Anmeldung über SSH von %s (Schlüssel %s)", a.From, a.Fingerprint))
	})
}

// AccessEnded records the end of a session started with AccessStarted.
func AccessEnded(s *Store, a *Access, end time.Time, reason string) error {
	a.End, a.Reason = end.UTC().Truncate(time.Millisecond), reason
	return s.Update(a.Who, func(tx *Tx) error {
		if err := putAccess(tx, a); err != nil {
			return err
		}
		return tx.Note(KindAccess, fmt.Sprintf("Abmeldung (%s) nach %s, angemeldet seit %s von %s (Schlüssel %s)",
			reason, FormatSessionDuration(a.Duration()), a.Start.In(berlin()).Format("02.01.2006 15:04"), a.From, a.Fingerprint))
	})
}

// CloseDanglingAccess marks sessions that never ended (the server was
// killed) when a server starts again, so the list does not show them as
// still open. It returns how many there were.
func CloseDanglingAccess(s *Store) (int, error) {
	n := 0
	err := s.Update("stabsstelle", func(tx *Tx) error {
		list, err := accessRecords(tx, 0, true)
		if err != nil {
			return err
		}
		for i := range list {
			a := &list[i]
			a.Reason = "nicht beendet (Server unerwartet gestoppt)"
			if err := putAccess(tx, a); err != nil {
				return err
			}
			n++
		}
		if n > 0 {
			return tx.Note(KindAccess, fmt.Sprintf("%d Sitzungen ohne Abmeldung beim Start des Servers als nicht beendet vermerkt", n))
		}
		return nil
	})
	return n, err
}

// AccessLog returns the newest sessions first, at most limit (0: all).
func AccessLog(tx *Tx, limit int) ([]Access, error) { return accessRecords(tx, limit, false) }

func accessRecords(tx *Tx, limit int, onlyOpen bool) ([]Access, error) {
	b := tx.btx.Bucket(bucketAccess)
	if b == nil {
		return nil, nil
	}
	var out []Access
	sb := tx.sealedOf(bucketAccess, b)
	c := sb.Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		if v == nil {
			continue // a damaged entry: sb.Err() says which
		}
		var a Access
		if err := json.Unmarshal(v, &a); err != nil {
			return nil, fmt.Errorf("Ein Eintrag des Zugriffsprotokolls ist nicht lesbar (%w). Bitte „stabsstelle check“ ausführen.", err)
		}
		if onlyOpen && (!a.End.IsZero() || a.Reason != "") {
			continue
		}
		out = append(out, a)
		if limit > 0 && len(out) >= limit {
			break
		}
	}
	return out, sb.Err()
}

func putAccess(tx *Tx, a *Access) error {
	b, err := tx.bucket(bucketAccess)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(a)
	if err != nil {
		return err
	}
	if bytes.ContainsAny(raw, "\x00") {
		return fmt.Errorf("Zugriff von %q kann nicht vermerkt werden", a.Who)
	}
	return tx.put(b, accessKey(a), raw)
}

// FormatSessionDuration is "1 h 05 min", "12 min" or "unter 1 min".
func FormatSessionDuration(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	switch {
	case d <= 0:
		return "—"
	case m == 0:
		return "unter 1 min"
	case m < 60:
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}

// ---------------------------------------------------------------- changes

// PersonChange is one change of a person record as the person page shows
// it: who, when, what kind of change and which fields.
type PersonChange struct {
	At     time.Time
	Who    string
	Op     Op
	Fields []string // JSON paths of the fields that changed ("phone", "interpreter.languages")
}

// RecordChanges returns who changed the record id and when, newest first,
// at most limit (0: all), from the record's journal entries.
func RecordChanges(tx *Tx, id string, limit int) ([]PersonChange, error) {
	entries, err := tx.History(id)
	if err != nil {
		return nil, fmt.Errorf("Der Verlauf ist nicht lesbar (%w). Bitte „stabsstelle check“ ausführen.", err)
	}
	var out []PersonChange
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		c := PersonChange{At: e.At, Who: e.Who, Op: e.Op}
		if e.Op == OpUpdate {
			for _, f := range Diff(e.Before, e.After) {
				c.Fields = append(c.Fields, f.Field)
			}
			if len(c.Fields) == 0 && e.Before != nil {
				continue // only the version stamps moved
			}
		}
		out = append(out, c)
		if limit > 0 && len(out) >= limit {
			break
		}
	}
	return out, nil
}
