package store

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"time"

	"stabsstelle/model"
)

// A database knows who it is: the office file gets a random ID the first
// time a copy is taken from it, and every bundle carries that ID, so a
// bundle of another office is refused. A laptop copy (Außenkopie) knows
// which copy it is (LaptopCopy, kept in the meta bucket): it hands out
// provisional numbers and refuses to become the source of other copies.

var (
	keyDatabaseID = []byte("dbid")
	keyLaptopCopy = []byte("aussenkopie")
)

// copyMeta reads a value of the meta bucket, checked against its seal. It
// and setCopyMeta are the only places where this file touches stored bytes.
func copyMeta(tx *Tx, key []byte) ([]byte, error) {
	return tx.get(tx.btx.Bucket(bucketMeta), bucketMeta, key)
}

// setCopyMeta stores a value in the meta bucket, sealed.
func setCopyMeta(tx *Tx, key, value []byte) error {
	b, err := tx.bucket(bucketMeta)
	if err != nil {
		return err
	}
	return tx.put(b, key, value)
}

// DatabaseID is the file's ID, "" until a copy was taken from it.
func DatabaseID(tx *Tx) (string, error) {
	v, err := copyMeta(tx, keyDatabaseID)
	return string(v), err
}

// ensureDatabaseID gives the file its ID if it has none yet.
func ensureDatabaseID(tx *Tx) (string, error) {
	if id, err := DatabaseID(tx); id != "" || err != nil {
		return id, err
	}
	id := newID()
	return id, setCopyMeta(tx, keyDatabaseID, []byte(id))
}

// LaptopCopy is what a laptop copy knows about itself.
type LaptopCopy struct {
	ID       string    `json:"id"` // the copy's ID (office: Aussenkopie)
	DB       string    `json:"db"` // the office database it came from
	Label    string    `json:"label"`
	EventIDs []string  `json:"events,omitempty"`
	All      bool      `json:"all,omitempty"`
	Taken    time.Time `json:"taken"` // the snapshot's moment ("Stand")
	TakenBy  string    `json:"takenBy"`
	Imported time.Time `json:"imported"`
	// Base is the laptop journal's position right after the copy was
	// made: every entry after it is a change made on the laptop.
	Base    uint64       `json:"base"`
	Returns []CopyReturn `json:"returns,omitempty"`
}

// CopyReturn is one change bundle the laptop wrote.
type CopyReturn struct {
	Bundle string    `json:"bundle"`
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Upto   uint64    `json:"upto"`
	File   string    `json:"file"`
}

// Marker is the line every screen of a laptop copy shows:
// "Außenkopie: V-2026-003, Stand 05.03. 14:30".
func (c *LaptopCopy) Marker() string {
	t := c.Taken.In(berlin())
	return fmt.Sprintf("Außenkopie: %s, Stand %s", c.Label, t.Format("02.01. 15:04"))
}

// LastReturn is the newest change bundle written, ok false if none.
func (c *LaptopCopy) LastReturn() (CopyReturn, bool) {
	if len(c.Returns) == 0 {
		return CopyReturn{}, false
	}
	return c.Returns[len(c.Returns)-1], true
}

// LaptopCopyOf returns the copy information of the file, nil for an office
// database (or any file that is not a copy).
func LaptopCopyOf(tx *Tx) (*LaptopCopy, error) {
	raw, err := copyMeta(tx, keyLaptopCopy)
	if raw == nil || err != nil {
		return nil, err
	}
	var c LaptopCopy
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("Die Angaben zur Außenkopie in der Datenbank sind nicht lesbar: %w. Bitte „stabsstelle check“ ausführen.", err)
	}
	return &c, nil
}

func setLaptopCopy(tx *Tx, c *LaptopCopy) error {
	raw, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return setCopyMeta(tx, keyLaptopCopy, raw)
}

// IsLaptopCopy reports whether the file is a laptop copy (the key is
// there; its value is checked where it is read).
func IsLaptopCopy(tx *Tx) bool {
	b := tx.btx.Bucket(bucketMeta)
	return b != nil && b.Get(keyLaptopCopy) != nil
}

// provisionalSeries is the letter of the laptop's own number series:
// V-2026-A001 cannot clash with the office's V-2026-001, and it marks the
// number as provisional until the merge gives the record its final one.
const provisionalSeries = "A"

var provisionalRe = regexp.MustCompile(`^[A-Z]+-[0-9]{4}-` + provisionalSeries + `[0-9]{3,}$`)

// IsProvisional reports whether number was given by a laptop copy.
func IsProvisional(number string) bool { return provisionalRe.MatchString(number) }

// CopyState is what the program shows about copies at start: on a laptop
// copy its marker and whether it was given back and not changed since (so
// it may go); in the office the number of open merge conflicts.
type CopyState struct {
	Copy      *LaptopCopy
	Returned  bool
	Conflicts int
}

// StateOfCopies reads the CopyState of the file.
func StateOfCopies(tx *Tx) (CopyState, error) {
	var st CopyState
	cp, err := LaptopCopyOf(tx)
	if err != nil {
		return st, err
	}
	if cp == nil {
		st.Conflicts = OpenConflictCount(tx)
		return st, nil
	}
	st.Copy = cp
	if ret, ok := cp.LastReturn(); ok {
		st.Returned = true
		err = tx.Journal(func(e JournalEntry) bool {
			if e.Seq <= ret.Upto {
				return false
			}
			if e.ID != "" {
				st.Returned = false
				return false
			}
			return true
		})
	}
	return st, err
}

// CopyWarnings are what `check` says about a laptop copy: one older than
// 14 days should go back to the office and be deleted.
func CopyWarnings(tx *Tx) []string {
	cp, err := LaptopCopyOf(tx)
	if err != nil || cp == nil {
		return nil
	}
	age := tx.Now().Sub(cp.Taken)
	if age <= copyAge {
		return nil
	}
	return []string{fmt.Sprintf("Diese Datenbank ist eine Außenkopie (%s) vom %s, also %d Tage alt. Bitte die Änderungen zurückgeben (stabsstelle --db DATEI export bundle --changes …) und die Kopie danach löschen – sie enthält personenbezogene Daten.",
		cp.Label, model.FormatDate(cp.Taken), int(age.Hours()/24))}
}

// OutstandingCopyWarnings are what `check` says in the office about
// copies handed out more than 14 days ago that never came back.
func OutstandingCopyWarnings(tx *Tx) []string {
	var out []string
	_ = Aussenkopien.Each(tx, func(ak *model.Aussenkopie) error {
		if age := tx.Now().Sub(ak.Taken); len(ak.Merges) == 0 && age > copyAge {
			out = append(out, fmt.Sprintf("Die Außenkopie %s vom %s ist seit %d Tagen unterwegs und noch nicht zurückgegeben. Bitte die Änderungen einspielen (stabsstelle import bundle DATEI) und die Kopie auf dem Laptop löschen lassen.",
				ak.Label, model.FormatDate(ak.Taken), int(age.Hours()/24)))
		}
		return nil
	})
	return out
}

// DeleteLaptopCopy removes a laptop copy at path, closed, and the backups
// of the same copy beside it. It refuses any file that is not a copy.
func DeleteLaptopCopy(path string) error {
	id, err := copyIDOfFile(path)
	if err != nil {
		return err
	}
	if id == "" {
		return fmt.Errorf("%s ist keine Außenkopie und wird nicht gelöscht.", path)
	}
	backups, _ := ListBackups(BackupDir(path))
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("Die Außenkopie %s konnte nicht gelöscht werden: %w", path, err)
	}
	for _, b := range backups {
		if bid, err := copyIDOfFile(b.Path); err == nil && bid == id {
			_ = os.Remove(b.Path)
		}
	}
	return nil
}

// copyIDOfFile opens a database read-only and returns its copy ID ("" for
// a file that is not a copy).
func copyIDOfFile(path string) (string, error) {
	if err := inspect(path); err != nil {
		return "", err
	}
	db, err := openBolt(path, true, false)
	if err != nil {
		return "", err
	}
	defer db.Close()
	s := &Store{db: db, path: path, now: time.Now}
	id := ""
	err = s.View(func(tx *Tx) error {
		cp, err := LaptopCopyOf(tx)
		if cp != nil {
			id = cp.ID
		}
		return err
	})
	return id, err
}
