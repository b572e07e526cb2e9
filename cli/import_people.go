package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"

	"stabsstelle/model"
	"stabsstelle/store"
)

// personImport describes one list import from Excel (interpreters,
// volunteers): the rules are the same – bad rows are reported with their
// line number and skipped, good rows go in, a person who exists already
// (same name) gets the new role unless they have it.
//
// A list of any length is read as a stream, twice: first every row is
// checked (bad rows, names twice in the file) without writing anything,
// then the good rows are written in batches of importBatch rows per
// transaction (the first one importFirstBatch, store.ImportRun). Memory
// stays flat whatever the length of the file. If a batch fails, or the
// program is killed, everything written so far is taken back (at once, or
// at the next start): nothing half-imported stays.
type personImport struct {
	verb     string   // "import sprachmittler"
	example  string   // "pool.csv"
	noun     string   // "Sprachmittler:innen" in the summary
	extra    string   // "als Profil bei vorhandenen Personen"
	required []string // columns the header must have
	// parse makes the person of one row, or says what is wrong with it.
	parse func(row model.CSVRow, today model.Date) (*model.Person, []string)
	// dupInFile: a second row with the same name is an error (interpreter
	// lists), not a role for the person of the first row.
	dupInFile bool
	// merge gives an existing person the imported role and takes the
	// file's contact data where it differs (notes say what changed); a
	// non-empty skip means there was nothing to change and the row is
	// skipped.
	merge func(old, imported *model.Person) (skip string, notes []string)
}

// importBatch is how many rows one transaction writes: large enough that
// the commit (two fsyncs) costs little per row, small enough that the
// pages a transaction changes stay a few MB. A transaction's cost grows
// faster than its rows; measured on 200 000 rows with the second goroutine
// (BenchmarkImportEngagierteProcess, 07.12.2026): 500 3,7–3,9 s, 1 000
// 3,4 s, 1 500 3,5–3,8 s, 2 000 3,9–4,0 s, 4 000 5,2 s.
const importBatch = 1000

// importFirstBatch is the size of the first batch. A list that fits into
// it is written in one transaction and needs no check of the whole file
// before (beginPersonImport): a list of up to 2 000 rows goes into a
// large database at once. Its transaction costs more per row, once.
const importFirstBatch = 2000

// importBatchHook lets a test make a batch fail, by its number from 0
// (nil in the program).
var importBatchHook func(n int) error

// importCheckedHook lets a test change the list between the two passes
// (nil in the program).
var importCheckedHook func(path string)

// errDryRun rolls back the transaction of a --dry-run.
var errDryRun = errors.New("Probelauf")

func runPersonImport(env *Env, args []string, spec personImport) error {
	path, dry, err := importArgs(spec, args)
	if err != nil {
		return err
	}
	defer bulkGC(importHeapLimit)()
	f, err := os.Open(path)
	if err != nil {
		return FileError(path, err)
	}
	defer f.Close()
	today := model.Today(env.Now())

	// Pass 1: check every row, write nothing.
	problems, bad, total, encoding, err := checkImportFile(f, spec, today)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if importCheckedHook != nil {
		importCheckedHook(path)
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return FileError(path, err)
	}
	w := &personWriter{env: env, st: st, spec: spec, dry: dry, problems: problems,
		progress: importProgress(env, total)}

	// Pass 2: write the good rows in batches.
	if !dry {
		if w.run, err = beginPersonImport(env, st, spec, path, total); err != nil {
			return err
		}
	}
	s, err := model.OpenCSV(f, spec.required)
	if err != nil {
		return abortImport(w.run, fmt.Errorf("%s: %w", path, err))
	}
	if err := w.writeRows(s, bad, today, path); err != nil {
		return abortImport(w.run, err)
	}
	if !dry {
		if err := w.run.Finish(fmt.Sprintf("%d %s importiert aus %s", w.created+w.extended, spec.noun, path)); err != nil {
			return abortImport(w.run, err)
		}
	}
	w.progress(-1)
	return w.report(path, encoding)
}

// beginPersonImport starts the run that takes the import back if a batch
// fails. A list of more than one batch is written in several
// transactions; one that fails later is taken back, but that writes too.
// So such an import starts only on a file that is sound (a list of one
// batch is one transaction: on a damaged file it fails and the file stays
// as it was).
func beginPersonImport(env *Env, st *store.Store, spec personImport, path string, total int) (*store.ImportRun, error) {
	if total > importFirstBatch {
		if err := st.Sound(); err != nil {
			return nil, err
		}
	}
	run, err := st.BeginImport(env.User, spec.noun+" aus "+path)
	if err != nil {
		return nil, fmt.Errorf("Es wurde nichts importiert: %w", err)
	}
	return run, nil
}

// personWriter is pass 2 of a person import: it writes the good rows in
// batches and keeps what the summary reports.
type personWriter struct {
	env      *Env
	st       *store.Store
	spec     personImport
	dry      bool
	run      *store.ImportRun // nil on a --dry-run
	progress func(done int)

	batch    []importRow
	at       time.Time // the time batch was prepared for
	batches  int       // written so far
	done     int
	created  int
	extended int
	problems []model.CSVProblem // from pass 1, and rows skipped when written
	notes    []model.CSVProblem
	owners   map[model.IBAN]map[string]string // read with the first batch
}

// writeRows reads the list a second time and writes its good rows, a
// batch at a time; the rows pass 1 found bad are skipped. A second
// goroutine reads, parses and prepares the next batch (readBatches) while
// this one writes the current: on two cores the import takes a fifth less.
func (w *personWriter) writeRows(s *model.CSVStream, bad map[int]bool, today model.Date, path string) error {
	batches := make(chan preparedBatch)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.readBatches(s, bad, today, path, batches, stop)
	}()
	// The reader must be gone before the caller closes the file.
	defer func() {
		close(stop)
		<-done
	}()
	for b := range batches {
		if b.err != nil {
			return b.err
		}
		w.batch, w.at = b.rows, b.at
		if err := w.flush(); err != nil {
			return err
		}
	}
	return nil
}

// preparedBatch is a batch of good rows as readBatches hands it over, or
// the error that ended the reading.
type preparedBatch struct {
	rows []importRow
	at   time.Time // the time the rows were prepared for
	err  error
}

// readBatches reads the good rows of the list in batches and sends them to
// out, each new person prepared for the file (store.PrepareNew) at the
// time the batch was started; it stops when the list ends, at an error
// (sent last) or when stop is closed.
func (w *personWriter) readBatches(s *model.CSVStream, bad map[int]bool, today model.Date, path string, out chan<- preparedBatch, stop <-chan struct{}) {
	defer close(out)
	send := func(b preparedBatch) bool {
		select {
		case out <- b:
			return true
		case <-stop:
			return false
		}
	}
	var b preparedBatch
	size := importFirstBatch
	for {
		row, badRow, ok, err := s.Next()
		if err != nil {
			send(preparedBatch{err: fmt.Errorf("%s: %w", path, err)})
			return
		}
		if !ok {
			break
		}
		if badRow != nil || bad[row.Line] {
			continue // reported by pass 1
		}
		p, msgs := w.spec.parse(row, today)
		if len(msgs) > 0 {
			continue // reported by pass 1
		}
		r := importRow{Line: row.Line, Person: p}
		if !w.dry {
			if len(b.rows) == 0 {
				b.at = w.st.Now()
			}
			// A row that cannot be prepared goes in through People.Put,
			// which says what is wrong with it at its place in the batch.
			r.Prep, _ = store.People.PrepareNew(p, w.run.Who(), b.at)
		}
		b.rows = append(b.rows, r)
		if len(b.rows) == size {
			if !send(b) {
				return
			}
			b, size = preparedBatch{}, importBatch
		}
	}
	if len(b.rows) > 0 {
		send(b)
	}
}

// flush writes the rows of the batch: in the import run, or on a
// --dry-run in a transaction that is rolled back.
func (w *personWriter) flush() error {
	if len(w.batch) == 0 {
		return nil
	}
	var err error
	if w.dry {
		err = w.st.Update(w.env.User, func(tx *store.Tx) error {
			if err := w.write(tx); err != nil {
				return err
			}
			return errDryRun
		})
		if errors.Is(err, errDryRun) {
			err = nil
		}
	} else {
		err = w.run.BatchAt(w.at, w.write)
	}
	w.done += len(w.batch)
	w.batches++
	w.batch = w.batch[:0]
	w.progress(w.done)
	return err
}

// write stores the rows of the batch in tx.
func (w *personWriter) write(tx *store.Tx) error {
	if importBatchHook != nil {
		if err := importBatchHook(w.batches); err != nil {
			return err
		}
	}
	if w.owners == nil {
		var err error
		if w.owners, err = store.IBANOwners(tx); err != nil {
			return err
		}
	}
	for _, r := range w.batch {
		c, x, skip, stored, msgs, err := importOne(tx, w.spec, r)
		if err != nil {
			return fmt.Errorf("Zeile %d: %w", r.Line, err)
		}
		if skip != "" {
			w.problems = append(w.problems, model.CSVProblem{Line: r.Line, Msg: skip})
		}
		if stored != nil {
			if msg := sharedIBAN(w.owners, stored); msg != "" {
				msgs = append(msgs, msg)
			}
		}
		for _, m := range msgs {
			w.notes = append(w.notes, model.CSVProblem{Line: r.Line, Msg: m})
		}
		w.created += c
		w.extended += x
	}
	return nil
}

// report prints the skipped rows on stderr and the notes and the summary
// on stdout; skipped rows make the verb fail (exit 1).
func (w *personWriter) report(path, encoding string) error {
	env, spec, problems := w.env, w.spec, w.problems
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	for _, p := range problems {
		fmt.Fprintf(env.Stderr, "%s\n", p)
	}
	// what the import changed at people who were there, and IBANs that
	// several people share: on stdout, with the run's result
	for _, n := range w.notes {
		fmt.Fprintf(env.Stdout, "%s\n", n)
	}
	doneText := "importiert"
	if w.dry {
		doneText = "würden importiert (Probelauf, nichts gespeichert)"
	}
	fmt.Fprintf(env.Stdout, "%d %s %s", w.created+w.extended, spec.noun, doneText)
	if w.extended > 0 {
		fmt.Fprintf(env.Stdout, " (%d davon %s)", w.extended, spec.extra)
	}
	fmt.Fprintf(env.Stdout, ", %s übersprungen; gelesen als %s.\n", linesText(len(problems)), encoding)
	if len(problems) > 0 {
		verb := "wurden"
		if len(problems) == 1 {
			verb = "wurde"
		}
		return fmt.Errorf("%s der Datei %s %s nicht übernommen (siehe oben). Bitte korrigieren und nur diese Zeilen erneut importieren.", linesText(len(problems)), path, verb)
	}
	return nil
}

type importRow struct {
	Line   int
	Person *model.Person
	// Prep is Person made ready for the file as a new person; nil on a
	// --dry-run. It is not used when the person is there already.
	Prep *store.Prepared[*model.Person]
}

// checkImportFile reads the whole list once: the problems of every bad
// row, their lines (to skip them when writing), the number of rows and the
// character set the list was read in.
// Rows that name a person twice are bad for lists that say so (dupInFile);
// the set of names is the only thing kept per row (a hash, 8 bytes).
func checkImportFile(r io.ReadSeeker, spec personImport, today model.Date) ([]model.CSVProblem, map[int]bool, int, string, error) {
	s, err := model.OpenCSV(r, spec.required)
	if err != nil {
		return nil, nil, 0, "", err
	}
	var problems []model.CSVProblem
	bad := map[int]bool{}
	names := map[string]int{}
	total := 0
	for {
		row, badRow, ok, err := s.Next()
		if err != nil {
			return nil, nil, 0, "", err
		}
		if !ok {
			break
		}
		total++
		if badRow != nil {
			problems = append(problems, *badRow)
			bad[badRow.Line] = true
			continue
		}
		p, msgs := spec.parse(row, today)
		if len(msgs) == 0 && spec.dupInFile {
			key := strings.ToLower(strings.Join(strings.Fields(p.Name), " "))
			if first, dup := names[key]; dup {
				msgs = append(msgs, fmt.Sprintf("%s steht schon in Zeile %d.", p.Name, first))
			} else {
				names[key] = row.Line
			}
		}
		if len(msgs) > 0 {
			problems = append(problems, model.CSVProblem{Line: row.Line, Msg: strings.Join(msgs, " ")})
			bad[row.Line] = true
		}
	}
	return problems, bad, total, s.Encoding, nil
}

// importOne writes one row: a new person, or the role and the file's
// contact data for the person of the same name (found through the name
// index, not a scan). stored is the person as written (nil: skipped).
func importOne(tx *store.Tx, spec personImport, r importRow) (created, extended int, skip string, stored *model.Person, notes []string, err error) {
	p := r.Person
	if old, err := personNamed(tx, p.Name); err != nil {
		return 0, 0, "", nil, nil, err
	} else if old != nil {
		msg, notes := spec.merge(old, p)
		if msg != "" {
			return 0, 0, msg, nil, nil, nil
		}
		return 0, 1, "", old, notes, store.People.Put(tx, old)
	}
	if r.Prep != nil {
		return 1, 0, "", p, nil, store.People.PutPrepared(tx, r.Prep)
	}
	return 1, 0, "", p, nil, store.People.Put(tx, p)
}

// sharedIBAN says which other people have p's IBAN, and counts p as one
// of its owners for the rows that follow.
func sharedIBAN(owners map[model.IBAN]map[string]string, p *model.Person) string {
	if p.Volunteer == nil || p.Volunteer.IBAN == "" {
		return ""
	}
	iban := p.Volunteer.IBAN
	var others []string
	for id, name := range owners[iban] {
		if id != p.ID {
			others = append(others, name)
		}
	}
	if owners[iban] == nil {
		owners[iban] = map[string]string{}
	}
	owners[iban][p.ID] = p.Name
	if len(others) == 0 {
		return ""
	}
	sort.Strings(others)
	return fmt.Sprintf("%s hat dieselbe IBAN (%s) wie %s – bitte prüfen, ob das stimmt.", p.Name, iban.Masked(), strings.Join(others, ", "))
}

// updateContact takes the file's contact data where it differs from the
// stored one – the list is the newer source – and says what changed, old
// → new; an empty cell in the file keeps what is stored.
func updateContact(old, p *model.Person, fields ...string) []string {
	ptr := func(x *model.Person, f string) *string {
		switch f {
		case "Telefon":
			return &x.Phone
		case "E-Mail":
			return &x.Email
		case "Straße":
			return &x.Street
		case "PLZ":
			return &x.PostalCode
		case "Ort":
			return &x.City
		}
		panic("updateContact: unknown field " + f)
	}
	var changes []string
	for _, f := range fields {
		o, n := ptr(old, f), strings.TrimSpace(*ptr(p, f))
		switch {
		case n == "" || n == *o:
		case *o == "":
			*o = n
			changes = append(changes, fmt.Sprintf("%s %s ergänzt", f, n))
		default:
			changes = append(changes, fmt.Sprintf("%s %s → %s", f, *o, n))
			*o = n
		}
	}
	if len(changes) == 0 {
		return nil
	}
	return []string{p.Name + " gab es schon – aktualisiert: " + strings.Join(changes, ", ") + "."}
}

// personNamed finds a person by name (case-insensitive) in the name index.
func personNamed(tx *store.Tx, name string) (*model.Person, error) {
	key := []byte(strings.ToLower(name))
	var id string
	err := store.People.Scan(tx, "name", append(bytes.Clone(key), 0), append(bytes.Clone(key), 1), func(i string, _, _ []byte) error {
		if id == "" {
			id = i
		}
		return nil
	})
	if err != nil || id == "" {
		return nil, err
	}
	return store.People.Get(tx, id)
}

// abortImport takes back what a failed run wrote and says so.
func abortImport(run *store.ImportRun, err error) error {
	if run != nil {
		if rerr := run.Abort(); rerr != nil {
			return fmt.Errorf("Es wurde nichts importiert: %w. %v", err, rerr)
		}
	}
	return fmt.Errorf("Es wurde nichts importiert: %w", err)
}

// importProgress shows "Import: 40 000 von 200 000 Zeilen" on a terminal
// (never in files or tests); done -1 ends the line.
func importProgress(env *Env, total int) func(done int) {
	f, ok := env.Stderr.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) || total < importBatch {
		return func(int) {}
	}
	return func(done int) {
		if done < 0 {
			fmt.Fprint(f, "\r\033[K")
			return
		}
		fmt.Fprintf(f, "\rImport: %s von %s Zeilen", model.Thousands(int64(done)), model.Thousands(int64(total)))
	}
}

// linesText is "1 Zeile" or "3 Zeilen".
func linesText(n int) string {
	if n == 1 {
		return "1 Zeile"
	}
	return fmt.Sprintf("%d Zeilen", n)
}

// importArgs reads `FILE [--dry-run]`.
func importArgs(spec personImport, args []string) (path string, dry bool, err error) {
	args, after := splitAtDashDash(args)
	for _, a := range args {
		switch {
		case a == "--dry-run" || a == "-dry-run":
			dry = true
		case strings.HasPrefix(a, "-") && a != "-":
			return "", false, UsageError("Unbekannte Option %s. Hilfe: stabsstelle %s --help", a, spec.verb)
		case path == "":
			path = a
		default:
			return "", false, UsageError("Bitte nur eine Datei angeben.")
		}
	}
	for _, a := range after {
		if path != "" {
			return "", false, UsageError("Bitte nur eine Datei angeben.")
		}
		path = a
	}
	if path == "" {
		return "", false, UsageError("Bitte die CSV-Datei angeben, z. B.: stabsstelle %s %s", spec.verb, spec.example)
	}
	return path, dry, nil
}
