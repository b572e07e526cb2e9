package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"

	"stabsstelle/model"
	"stabsstelle/store"
)

// RecoverDamaged handles a database that cannot be read at start. For any
// error but store.ErrDamaged and store.ErrEmpty it does nothing and returns
// (false, err). For a
// damaged file it explains the situation on the terminal and asks (j/n)
// whether to put the damaged file aside (<name>.defekt-<Zeitstempel>.db,
// its bytes kept) and restore the newest backup that passes the check,
// saying what would be lost. Without a good backup it asks whether to start
// with an empty database instead. restored is true when the caller should
// open the database again; on "n" the file stays untouched and the error
// says how to go on. It never starts an empty database unasked.
func RecoverDamaged(env *Env, err error) (restored bool, e error) {
	var damaged *store.ErrDamaged
	var empty *store.ErrEmpty
	if !errors.As(err, &damaged) && !errors.As(err, &empty) {
		return false, err
	}
	out := env.Stderr
	if out == nil {
		out = os.Stderr
	}
	path := env.DB
	sayDamage(out, damaged, empty)
	fmt.Fprintln(out, "Suche die neueste fehlerfreie Sicherung …")
	b, ok := store.NewestGoodBackup(path)
	manual := ManualRestore(path, b, ok)
	if !interactive(env.Stdin) {
		return false, manual
	}
	in := bufio.NewReader(env.Stdin)
	now := time.Now
	if env.Now != nil {
		now = env.Now
	}
	if ok {
		return offerBackup(in, out, path, b, now, manual)
	}
	return offerEmptyStart(in, out, path, now, manual)
}

// sayDamage explains on out why the file cannot be used: empty, or damaged
// with the technical detail when there is one.
func sayDamage(out io.Writer, damaged *store.ErrDamaged, empty *store.ErrEmpty) {
	if empty != nil {
		fmt.Fprintf(out, "\n%s\n", empty.Reason())
		return
	}
	fmt.Fprintf(out, "\n%s\n", damaged.Reason())
	if damaged.Detail != "" {
		fmt.Fprintf(out, "(Technische Angabe: %s)\n", damaged.Detail)
	}
}

// offerBackup says what restoring the backup b loses and, on "j", puts the
// damaged file aside and restores b. If the restore fails, the damaged file
// is put back. On "n" the answer is manual, the way to restore by hand.
func offerBackup(in *bufio.Reader, out io.Writer, path string, b store.BackupInfo, now func() time.Time, manual error) (bool, error) {
	when := model.FormatDateTime(b.Time)
	what := "fehlerfreie"
	if len(b.Problems) > 0 {
		what = "lesbare"
	}
	fmt.Fprintf(out, "Die neueste %s Sicherung ist vom %s:\n  %s\n", what, when, b.Path)
	fmt.Fprintf(out, "Änderungen seit %s gehen verloren.\n", when)
	if len(b.Problems) > 0 {
		fmt.Fprintf(out, "Eine ganz fehlerfreie Sicherung gibt es nicht; diese ist lesbar, hat aber %d kleinere Probleme (z. B.: %s).\n", len(b.Problems), b.Problems[0])
		fmt.Fprintln(out, "Nach dem Zurückspielen bitte „stabsstelle check“ ausführen.")
	}
	fmt.Fprintf(out, "Die beschädigte Datei wird nicht gelöscht, sondern umbenannt (…defekt-ZEITSTEMPEL.db).\n")
	if !ask(in, out, "Sicherung zurückspielen? [j/n] ") {
		return false, manual
	}
	aside, err := store.MoveAside(path, "defekt", now())
	if err != nil {
		return false, err
	}
	if _, err := store.Restore(path, b.Path, now(), true); err != nil {
		if rerr := os.Rename(aside, path); rerr != nil {
			return false, fmt.Errorf("%v Die beschädigte Datei liegt unter %s.", err, aside)
		}
		return false, err
	}
	fmt.Fprintf(out, "Die Sicherung vom %s ist zurückgespielt. Die beschädigte Datei liegt unter %s.\n\n", when, aside)
	return true, nil
}

// offerEmptyStart is the offer when no backup is good: on "j" the damaged
// file is put aside and the caller starts an empty database.
func offerEmptyStart(in *bufio.Reader, out io.Writer, path string, now func() time.Time, manual error) (bool, error) {
	fmt.Fprintf(out, "Im Ordner %s gibt es keine fehlerfreie Sicherung.\n", store.BackupDir(path))
	fmt.Fprintln(out, "Sie können die beschädigte Datei beiseitelegen (sie bleibt erhalten) und mit einer leeren Datenbank beginnen.")
	if !ask(in, out, "Beschädigte Datei umbenennen und mit einer LEEREN Datenbank beginnen? [j/n] ") {
		return false, manual
	}
	aside, err := store.MoveAside(path, "defekt", now())
	if err != nil {
		return false, err
	}
	fmt.Fprintf(out, "Die beschädigte Datei liegt unter %s. Es wird eine neue, leere Datenbank angelegt.\n\n", aside)
	return true, nil
}

// ManualRestore is the way out when the user declines the offer to
// restore a damaged database at start: the file is untouched, and the error
// names the command for the newest good backup b (ok), with --trotzdem if b
// has problems, or else how to list the backups.
func ManualRestore(path string, b store.BackupInfo, ok bool) error {
	if !ok {
		return fmt.Errorf("Die Datenbank %s ist beschädigt und wurde nicht verändert. Eine Sicherung zurückspielen: stabsstelle restore --list, dann stabsstelle restore DATEI.", path)
	}
	flag := ""
	if len(b.Problems) > 0 {
		flag = "--trotzdem "
	}
	return fmt.Errorf("Die Datenbank %s ist beschädigt und wurde nicht verändert. Die neueste gute Sicherung (%s) zurückspielen: stabsstelle --db %s restore %s%s",
		path, model.FormatDateTime(b.Time), quoteArg(path), flag, quoteArg(b.Path))
}

// quoteArg puts a path with spaces in quotes for copying into a shell.
func quoteArg(p string) string {
	if strings.ContainsAny(p, " \t'\"") {
		return "\"" + p + "\""
	}
	return p
}

// ask reads one answer; only j/ja (or y/yes) counts as yes, end of input as no.
func ask(in *bufio.Reader, out io.Writer, question string) bool {
	for i := 0; i < 3; i++ {
		fmt.Fprint(out, question)
		line, err := in.ReadString('\n')
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "j", "ja", "y", "yes":
			return true
		case "n", "nein", "no":
			return false
		}
		if err != nil {
			fmt.Fprintln(out)
			return false
		}
		fmt.Fprintln(out, "Bitte j (ja) oder n (nein) eingeben.")
	}
	return false
}

// interactive: a terminal, or (in tests) any reader that is not a file.
func interactive(r io.Reader) bool {
	if r == nil {
		return false
	}
	f, ok := r.(*os.File)
	if !ok {
		return true
	}
	return term.IsTerminal(f.Fd())
}
