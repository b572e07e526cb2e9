package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
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
	// Warnings are German sentences that need no repair but a person's
	// action (a laptop copy older than 14 days); they leave the file "in
	// Ordnung".
	Warnings []string
	// Damaged is true when the file itself is broken (bbolt's structure
	// check failed, a checksum is wrong, or it is not ours); records that
	// break the program's own rules alone leave it false.
	Damaged bool
	// Corrupt counts values whose checksum is wrong or missing (seal.go).
	Corrupt int
	// Repairable: every problem is one `compact` repairs – a damaged meta
	// page, pages neither used nor free – because compact copies what is
	// readable into a new file and swaps it in only after the full check
	// of the new file passed.
	Repairable bool
	// Leftovers are temporary files of a backup, compact or restore that
	// was cut off; the next start removes them. They are no problem of
	// the database and do not make the report fail.
	Leftovers []Leftover
	// Findings are records that are intact but pay the wrong amount (claims
	// that pay km twice, Stornos an older version left without effect),
	// each with what to do. They are no damage: the
	// team fixes them with a Korrektur, never a restore.
	Findings []string
}

// OK reports whether nothing is wrong.
func (r CheckReport) OK() bool { return len(r.Problems) == 0 }

// Records is the number of records of all kinds.
func (r CheckReport) Records() int {
	n := 0
	for _, c := range r.Counts {
		n += c.Count
	}
	return n
}

// Advice is what to do about the problems, one German sentence ("" when
// there are none).
func (r CheckReport) Advice() string {
	switch {
	case r.OK():
		return ""
	case r.Repairable:
		return "Das behebt „stabsstelle compact“ (bei geschlossenem Programm): es schreibt die Daten in eine neue Datei und tauscht sie erst aus, wenn die neue Datei fehlerfrei ist."
	case r.Damaged || r.Corrupt > 0:
		return "Bitte die neueste gute Sicherung zurückspielen: stabsstelle restore --list, dann stabsstelle restore DATEI. Die beschädigte Datei bleibt dabei erhalten."
	}
	return "Bitte die neueste gute Sicherung zurückspielen (stabsstelle restore --list, dann stabsstelle restore DATEI) oder die genannten Datensätze prüfen."
}

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

// checkTx runs the steps of the check in order inside one read
// transaction; the order matters: nothing may run on a tree that fails the
// page check, and the kinds are verified only in a file that is ours.
func checkTx(path string, tx *Tx, full, findings bool) CheckReport {
	rep := CheckReport{Path: path}
	btx := tx.btx
	// 0. The tree, read from the file with plain reads: pages inside the
	// file, each reached once, elements inside their pages (pages.go).
	// Nothing after this step may run on a tree that fails it.
	if probs := checkPages(btx); len(probs) > 0 {
		rep.Problems = append(rep.Problems, probs...)
		rep.Damaged = true
		return rep
	}
	checkSeals(tx, &rep)
	checkStructure(btx, &rep)
	if !checkOurs(btx, &rep) {
		return rep
	}
	checkKinds(tx, &rep, full)
	// 4. Money that is wrong although every record is intact (only for
	// `stabsstelle check`: backups and restores need not read every claim
	// and Einsatz a second time).
	if findings {
		checkMoney(tx, &rep)
	}
	// 4b. Laptop copies that stay out too long (only for `check`).
	if findings {
		rep.Warnings = append(CopyWarnings(tx), OutstandingCopyWarnings(tx)...)
	}
	checkJournal(tx, &rep)
	return rep
}

// checkSeals checks every value of every bucket against its checksum. This
// reads every page bbolt's structure check (checkStructure) reads, here
// under safely: a page outside the file faults now, in this goroutine, and
// ends the check before bbolt's goroutine could fault on it.
func checkSeals(tx *Tx, rep *CheckReport) {
	bad, corrupt := sealCheck(tx, maxStructureProblems)
	for _, what := range bad {
		rep.Problems = append(rep.Problems, what+" ist beschädigt: die Prüfsumme stimmt nicht.")
	}
	if corrupt > len(bad) {
		rep.Problems = append(rep.Problems, fmt.Sprintf("… und %d weitere beschädigte Werte.", corrupt-len(bad)))
	}
	rep.Corrupt = corrupt
	// A value that is not what was written makes the file damaged: a
	// backup of it is no backup, a restore of it no repair.
	rep.Damaged = corrupt > 0
}

// checkStructure is step 1, bbolt's structure: every page reachable or
// free, none twice. Pages neither used nor free alone are what compact
// repairs (rep.Repairable).
func checkStructure(btx *bolt.Tx, rep *CheckReport) {
	n, leaks := 0, 0
	func() {
		defer func() {
			if r := recover(); r != nil {
				rep.Problems = append(rep.Problems, "Die Dateistruktur ist beschädigt (Technische Angabe: "+damageDetail(r)+").")
				rep.Damaged = true
			}
		}()
		for err := range btx.Check(bolt.WithKVStringer(shortKV{})) {
			n++
			if strings.HasSuffix(err.Error(), ": unreachable unfreed") {
				leaks++
			}
			if n <= maxStructureProblems {
				rep.Problems = append(rep.Problems, "Dateistruktur: "+boltProblem(err.Error()))
			}
		}
	}()
	if n > 0 {
		rep.Damaged = true
	}
	if n > maxStructureProblems {
		rep.Problems = append(rep.Problems, fmt.Sprintf("… und %d weitere Fehler in der Dateistruktur.", n-maxStructureProblems))
	}
	rep.Repairable = n > 0 && n == leaks && rep.Corrupt == 0
}

// checkOurs is step 2: the file is ours, and which schema. It reports
// false when the file is not ours: then no kind may be read.
func checkOurs(btx *bolt.Tx, rep *CheckReport) bool {
	m := btx.Bucket(bucketMeta)
	var app []byte
	if m != nil {
		app, _ = metaValue(m, keyApp)
	}
	if string(app) != appMarker {
		rep.Problems = append(rep.Problems, "Die Datei ist keine Datenbank von stabsstelle (oder ihre Kennung ist beschädigt).")
		rep.Damaged = true
		return false
	}
	rep.Schema, _ = schemaOf(m)
	if rep.Schema > SchemaVersion() {
		rep.Problems = append(rep.Problems, fmt.Sprintf("Die Datei hat Schema %d, dieses Programm kennt nur bis %d.", rep.Schema, SchemaVersion()))
	}
	return true
}

// checkKinds is step 3: counts every kind's records and, if full, checks
// every kind's own invariants. A kind whose Verify panics is named and the
// others are still checked.
func checkKinds(tx *Tx, rep *CheckReport, full bool) {
	for _, k := range Kinds() {
		if _, ok := k.(singleton); !ok {
			count := 0
			if b := tx.btx.Bucket([]byte("rec:" + k.KindName())); b != nil {
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
}

// checkMoney is step 4: claims that pay km twice and Korrekturen left
// pending (rep.Findings). A panic ends this step only.
func checkMoney(tx *Tx, rep *CheckReport) {
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
}

// checkJournal is step 5: the journal must be readable, it is the audit
// trail and undo.
func checkJournal(tx *Tx, rep *CheckReport) {
	j := tx.btx.Bucket(bucketJournal)
	if j == nil {
		return
	}
	bad := 0
	_ = j.ForEach(func(k, raw []byte) error {
		v, err := tx.unseal(bucketJournal, k, raw)
		if err != nil {
			return nil // named by the check of all values above
		}
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
		return CheckReport{}, ioError(err, "Die Datei %s kann nicht gelesen werden", path)
	}
	if fi.IsDir() {
		return CheckReport{}, &ErrNotOurs{Path: path, Why: fmt.Sprintf("%s ist ein Ordner, keine Datenbankdatei.", path)}
	}
	if !fi.Mode().IsRegular() {
		return CheckReport{}, &ErrNotOurs{Path: path, Why: fmt.Sprintf("%s ist keine gewöhnliche Datei (sondern ein Gerät, eine Pipe oder ein Socket).", path)}
	}
	if fi.Size() == 0 {
		return CheckReport{}, &ErrEmpty{Path: path}
	}
	if err := inspect(path); err != nil {
		var tooNew *ErrTooNew
		if !errors.As(err, &tooNew) {
			return CheckReport{}, err
		}
	}
	db, err := openBoltForCheck(path)
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
	var schema uint64
	_ = safely(path, func() error {
		return db.View(func(tx *bolt.Tx) error {
			if m := tx.Bucket(bucketMeta); m != nil {
				schema, _ = schemaOf(m)
			}
			return nil
		})
	})
	s.legacy = schema < sealSchema()
	rep := s.check(full, findings)
	// A damaged meta page: bbolt works from the other one (the state
	// before the last change) without a word.
	if head, err := headOf(path); err == nil && head.otherBad {
		rep.Problems = append([]string{fmt.Sprintf(
			"Die Kopfseite %d (Meta-Seite) der Datei ist beschädigt; gelesen wird die andere, die letzte Änderung vor der Beschädigung kann fehlen.", head.otherMeta)},
			rep.Problems...)
		if len(rep.Problems) == 1 {
			rep.Repairable = true
		}
	}
	rep.Leftovers = findOrphans(path)
	return rep, nil
}

// shortKV prints keys and values in bbolt's structure errors readably and
// short: text as text, other bytes as a short hex prefix (bbolt's default
// prints them whole in hex, hundreds of characters).
type shortKV struct{}

func (shortKV) KeyToString(k []byte) string   { return printableKey(k) }
func (shortKV) ValueToString(v []byte) string { return fmt.Sprintf("%d Bytes", len(v)) }

// boltProblems are bbolt's structure errors (tx_check.go) in German.
var boltProblems = []struct {
	re  *regexp.Regexp
	say string
}{
	{regexp.MustCompile(`^page (\d+): unreachable unfreed`), "Seite $1 wird weder benutzt noch ist sie als frei eingetragen."},
	{regexp.MustCompile(`^page (\d+): already freed`), "Seite $1 ist doppelt als frei eingetragen."},
	{regexp.MustCompile(`^page (\d+): multiple references`), "Seite $1 wird mehrfach benutzt."},
	{regexp.MustCompile(`^page (\d+): reachable freed`), "Seite $1 wird benutzt und ist zugleich als frei eingetragen."},
	{regexp.MustCompile(`^page (\d+): out of bounds`), "Seite $1 liegt außerhalb der Datei."},
	{regexp.MustCompile(`^page (\d+): invalid type`), "Seite $1 hat einen ungültigen Typ."},
	{regexp.MustCompile(`pgId:(\d+)`), "Seite $1 hat einen unerwarteten Typ."},
	{regexp.MustCompile(`page\((\d+)\)`), "Die Schlüssel auf Seite $1 stehen in falscher Reihenfolge."},
}

// boltProblem says one of bbolt's structure errors in German; an unknown
// one is kept short as a technical detail.
func boltProblem(msg string) string {
	for _, p := range boltProblems {
		if m := p.re.FindStringSubmatchIndex(msg); m != nil {
			return string(p.re.ExpandString(nil, p.say, msg, m))
		}
	}
	return "Fehler im Aufbau der Datei (Technische Angabe: " + shortLine(msg, 120) + ")."
}
