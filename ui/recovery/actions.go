package recovery

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
)

// Action is what the user decided on the recovery screen.
type Action int

const (
	// Quit: nothing was changed (unless Result.Aside says otherwise).
	Quit Action = iota
	// Restored: the damaged file lies aside, the backup is in its place.
	Restored
	// EmptyStart: the damaged file lies aside; opening the path creates a
	// new, empty database.
	EmptyStart
)

// Result is the outcome of the recovery screen.
type Result struct {
	Action Action
	// Backup is the backup restored (Restored), or for Quit the one to
	// restore by hand when Recommended.
	Backup      store.BackupInfo
	Recommended bool
	// Aside is where the damaged file lies now ("" if it was not moved).
	Aside string
}

// Notice is the status-bar line for the normal program after the screen.
func (r Result) Notice() string {
	switch r.Action {
	case Restored:
		return fmt.Sprintf("Sicherung vom %s zurückgespielt; die beschädigte Datei liegt unter %s",
			model.FormatDateTime(r.Backup.Time), filepath.Base(r.Aside))
	case EmptyStart:
		return fmt.Sprintf("Leere Datenbank angelegt; die beschädigte Datei liegt unter %s", filepath.Base(r.Aside))
	}
	return ""
}

// finishedMsg reports a file operation. On failure aside is set only when
// the damaged file could not be put back in its place.
type finishedMsg struct {
	res   Result
	err   error
	aside string
}

// restore moves the damaged file aside (kept byte for byte) and puts the
// backup in its place; if the restore fails, the damaged file goes back
// where it was, so a failed attempt changes nothing. aside is set when an
// earlier attempt already moved it and could not move it back.
func restore(path string, c Candidate, allowProblems bool, aside string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		if aside == "" {
			var err error
			if aside, err = store.MoveAside(path, "defekt", now); err != nil {
				return finishedMsg{err: err}
			}
		}
		if _, err := store.Restore(path, c.Path, now, allowProblems); err != nil {
			if rerr := os.Rename(aside, path); rerr != nil {
				return finishedMsg{err: fmt.Errorf("%v Die beschädigte Datei liegt unter %s.", err, aside), aside: aside}
			}
			return finishedMsg{err: err}
		}
		return finishedMsg{res: Result{Action: Restored, Backup: c.BackupInfo, Aside: aside}}
	}
}

// startEmpty moves the damaged file aside; the caller's next store.Open
// creates an empty database at path.
func startEmpty(path, aside string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		if aside == "" {
			var err error
			if aside, err = store.MoveAside(path, "defekt", now); err != nil {
				return finishedMsg{err: err}
			}
		} else if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			// Something appeared at the path since: never overwrite it.
			return finishedMsg{err: fmt.Errorf("An der Stelle der Datenbank %s liegt inzwischen wieder eine Datei. Bitte das Programm neu starten.", path), aside: aside}
		}
		return finishedMsg{res: Result{Action: EmptyStart, Aside: aside}}
	}
}

// asideExample is how the damaged file will be called, with a placeholder
// for the time stamp (the real one is taken when it is moved).
func asideExample(path string) string {
	base := filepath.Base(path)
	ext := filepath.Ext(base)
	if ext == "" {
		ext = ".db"
	}
	return fmt.Sprintf("%s.defekt-<Zeitstempel>%s", base[:len(base)-len(filepath.Ext(base))], ext)
}

func restoreQuestion(path string, c Candidate) string {
	when := model.FormatDateTime(c.Time)
	return fmt.Sprintf("Sicherung vom %s zurückspielen?\n\nÄnderungen seit %s gehen verloren.\nDie beschädigte Datei wird nicht gelöscht, sondern umbenannt in\n  %s",
		when, when, asideExample(path))
}

func problemsQuestion(c Candidate) string {
	return fmt.Sprintf("Diese Sicherung ist lesbar, hat aber %s (z. B.: %s).\n\nTrotzdem zurückspielen? Danach bitte „stabsstelle check“ ausführen.",
		problemCount(len(c.Problems)), oneLine(c.Problems[0], 80))
}

func emptyQuestion(path string, haveBackups bool) string {
	q := fmt.Sprintf("Mit einer leeren Datenbank beginnen?\n\nIm Programm fehlen dann alle bisherigen Daten. Die beschädigte Datei bleibt erhalten; sie wird umbenannt in\n  %s", asideExample(path))
	if haveBackups {
		q += "\nDie Sicherungen bleiben, wie sie sind."
	}
	return q
}

func problemCount(n int) string {
	if n == 1 {
		return "1 kleineres Problem"
	}
	return fmt.Sprintf("%d kleinere Probleme", n)
}
