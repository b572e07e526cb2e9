package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"time"
)

// KindCount is how many records of one kind a file holds.
type KindCount struct {
	Kind, Label string
	Count       int
}

// CheckReport is the result of a full check: bbolt's own structure check,
// every registered kind's Verify (records decode, numbers unique, indexes
// match, the records' own invariants such as money totals) and the journal.
type CheckReport struct {
	Path     string
	Schema   uint64
	Counts   []KindCount
	Journal  int      // readable journal entries
	Problems []string // German sentences; empty means "in Ordnung"
	// Damaged is true when the file itself is broken (bbolt's structure
	// check failed, or it is not ours); records that break the program's
	// own rules alone leave it false.
	Damaged bool
	// Findings are records that are intact but pay the wrong amount (claims
	// that pay km twice, Stornos an older version left without effect),
	// each with what to do. They are no damage: the
	// team fixes them with a Korrektur, never a restore.
	Findings []string
}

// OK reports whether nothing is wrong.
func (r CheckReport) OK() bool { return len(r.Problems) == 0 }

// maxStructureProblems caps the list of bbolt structure errors: a badly
// damaged file would otherwise produce thousands of lines.
const maxStructureProblems = 20

// Check runs the full check on an open store inside one read transaction.
// It never panics: bbolt's panics on broken pages become problems.
func (s *Store) Check() CheckReport { return s.check(true, false) }

// check runs the structure check and, if full, every kind's Verify; with
// findings also the money checks (CheckReport.Findings).
func (s *Store) check(full, findings bool) CheckReport {
	rep := CheckReport{Path: s.path}
	err := safely(s.path, func() error {
		return s.View(func(tx *Tx) error {
			// The check reads the whole file; give its pages back as it
			// goes instead of holding all of them at the end (mmap.go).
			dropWhile(tx.btx, func() { rep = checkTx(s.path, tx, full, findings) })
			return nil
		})
	})
	if err != nil {
		rep.Problems = append(rep.Problems, damageProblem(err))
		rep.Damaged = true
	}
	return rep
}

// damageProblem is the check report's line for a file whose read panicked:
// the plain reason and bbolt's words, without ErrDamaged's advice to restore
// (the screens that show a report give their own way out).
func damageProblem(err error) string {
	var dmg *ErrDamaged
	if !errors.As(err, &dmg) {
		return "Die Datei ist beschädigt: " + err.Error()
	}
	if dmg.Detail == "" {
		return "Die Datei ist beschädigt."
	}
	return "Die Datei ist beschädigt (Technische Angabe: " + dmg.Detail + ")."
}

func checkTx(path string, tx *Tx, full, findings bool) CheckReport {
	rep := CheckReport{Path: path}
	btx := tx.btx
	// 1. bbolt's structure: every page reachable or free, none twice.
	n := 0
	func() {
		defer func() {
			if r := recover(); r != nil {
				rep.Problems = append(rep.Problems, fmt.Sprintf("Die Dateistruktur ist beschädigt (%v).", r))
				rep.Damaged = true
			}
		}()
		for err := range btx.Check() {
			n++
			if n <= maxStructureProblems {
				rep.Problems = append(rep.Problems, "Dateistruktur: "+err.Error())
			}
		}
	}()
	if n > 0 {
		rep.Damaged = true
	}
	if n > maxStructureProblems {
		rep.Problems = append(rep.Problems, fmt.Sprintf("… und %d weitere Fehler in der Dateistruktur.", n-maxStructureProblems))
	}
	// 2. Ours, and which schema.
	m := btx.Bucket(bucketMeta)
	if m == nil || string(m.Get(keyApp)) != appMarker {
		rep.Problems = append(rep.Problems, "Die Datei ist keine Datenbank von stabsstelle.")
		rep.Damaged = true
		return rep
	}
	rep.Schema = decodeUint(m.Get(keySchema))
	if rep.Schema > SchemaVersion() {
		rep.Problems = append(rep.Problems, fmt.Sprintf("Die Datei hat Schema %d, dieses Programm kennt nur bis %d.", rep.Schema, SchemaVersion()))
	}
	// 3. Every kind's own invariants.
	for _, k := range Kinds() {
		if _, ok := k.(singleton); !ok {
			count := 0
			if b := btx.Bucket([]byte("rec:" + k.KindName())); b != nil {
				count = b.Stats().KeyN
			}
			rep.Counts = append(rep.Counts, KindCount{Kind: k.KindName(), Label: k.KindLabel(), Count: count})
		}
		if !full {
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					rep.Problems = append(rep.Problems, fmt.Sprintf("Die Prüfung von %s ist abgebrochen (%v).", k.KindLabel(), r))
				}
			}()
			rep.Problems = append(rep.Problems, k.Verify(tx)...)
		}()
	}
	// 4. Money that is wrong although every record is intact (only for
	// `stabsstelle check`: backups and restores need not read every claim
	// and Einsatz a second time).
	if findings {
		func() {
			defer func() {
				if r := recover(); r != nil {
					rep.Problems = append(rep.Problems, fmt.Sprintf("Die Prüfung der Beträge ist abgebrochen (%v).", r))
				}
			}()
			f, err := KmTwiceFindings(tx)
			if err == nil {
				var p []string
				p, err = PendingCorrectionFindings(tx)
				f = append(f, p...)
			}
			if err != nil {
				rep.Problems = append(rep.Problems, "Die Prüfung der Beträge ist abgebrochen: "+err.Error())
			}
			rep.Findings = f
		}()
	}
	// 5. The journal must be readable: it is the audit trail and undo.
	if j := btx.Bucket(bucketJournal); j != nil {
		bad := 0
		_ = j.ForEach(func(k, v []byte) error {
			var e JournalEntry
			if len(k) != 8 || json.Unmarshal(v, &e) != nil || e.Seq != decodeUint(k) {
				bad++
				return nil
			}
			rep.Journal++
			return nil
		})
		if bad > 0 {
			rep.Problems = append(rep.Problems, fmt.Sprintf("%d Einträge im Journal (Änderungsverlauf) sind nicht lesbar.", bad))
		}
	}
	return rep
}

// CheckFile checks a database file without changing it: it is opened
// read-only (a shared lock, no writes). A file another program has open
// gives ErrLocked after LockTimeout; a file that is not ours ErrNotOurs; a
// file too damaged to open ErrDamaged. Problems found inside a readable file
// are in the report.
func CheckFile(path string) (CheckReport, error) { return checkFile(path, true, false) }

// CheckFileFindings is CheckFile and also names the records that pay a
// wrong amount (CheckReport.Findings), for `stabsstelle check`.
func CheckFileFindings(path string) (CheckReport, error) { return checkFile(path, true, true) }

func checkFile(path string, full, findings bool) (CheckReport, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return CheckReport{}, fmt.Errorf("Die Datei %s gibt es nicht. Bitte den Pfad prüfen.", path)
	}
	if err != nil {
		return CheckReport{}, fmt.Errorf("Die Datei %s kann nicht gelesen werden: %v", path, err)
	}
	if fi.IsDir() {
		return CheckReport{}, fmt.Errorf("%s ist ein Ordner, keine Datenbankdatei.", path)
	}
	if fi.Size() == 0 {
		return CheckReport{}, &ErrNotOurs{Path: path}
	}
	if err := inspect(path); err != nil {
		if strings.Contains(err.Error(), "file size too small") {
			return CheckReport{}, &ErrNotOurs{Path: path}
		}
		var tooNew *ErrTooNew
		if !errors.As(err, &tooNew) {
			return CheckReport{}, err
		}
	}
	db, err := openBolt(path, true)
	if err != nil {
		return CheckReport{}, err
	}
	defer func() {
		db.Close()
		// The check decodes every record: on the large demo ≈ 540 MB of
		// short-lived allocations, which leave the heap at the soft memory
		// limit (main.go) for a long while. Give that memory back now (once
		// per file checked; a full GC is cheap against the check).
		debug.FreeOSMemory()
	}()
	s := &Store{db: db, path: path, now: time.Now}
	return s.check(full, findings), nil
}
