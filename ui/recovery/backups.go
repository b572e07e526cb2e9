package recovery

import (
	"errors"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/store"
)

// State is what the check found in one backup.
type State int

const (
	// Pending: not checked yet.
	Pending State = iota
	// Clean: passes the full check (fehlerfrei).
	Clean
	// Problems: readable, but breaks some of the program's own rules
	// (lesbar, N kleinere Probleme); restoring it needs a second yes.
	Problems
	// Unusable: damaged, foreign or unreadable; it cannot be chosen.
	Unusable
)

// Candidate is one backup in the list with what its check found.
type Candidate struct {
	store.BackupInfo // Problems is filled for State Problems
	State            State
	// Reason says in one German sentence why an unusable backup is unusable.
	Reason string
}

type (
	listedMsg struct {
		list    []store.BackupInfo
		missing bool // no backup folder
		err     error
	}
	checkedMsg struct {
		i        int
		path     string
		state    State
		problems []string
		reason   string
	}
)

// listBackups reads the backup folder beside the database (names and sizes
// only; the checks follow one by one).
func listBackups(dbPath string) tea.Cmd {
	return func() tea.Msg {
		dir := store.BackupDir(dbPath)
		_, err := os.Stat(dir)
		if errors.Is(err, os.ErrNotExist) {
			return listedMsg{missing: true}
		}
		list, err := store.ListBackups(dir)
		return listedMsg{list: list, err: err}
	}
}

// checkBackup runs the full check on one backup, read-only. On a large file
// this takes seconds, hence one command per backup.
func checkBackup(i int, path string) tea.Cmd {
	return func() tea.Msg {
		rep, err := store.CheckFile(path)
		msg := checkedMsg{i: i, path: path}
		var damaged *store.ErrDamaged
		var notOurs *store.ErrNotOurs
		var locked *store.ErrLocked
		var empty *store.ErrEmpty
		switch {
		case errors.As(err, &empty):
			msg.state, msg.reason = Unusable, "Die Datei ist leer (0 Byte)."
		case errors.As(err, &damaged):
			msg.state, msg.reason = Unusable, "Die Datei ist beschädigt."
			if damaged.Detail != "" {
				msg.reason += " (Technische Angabe: " + damaged.Detail + ")"
			}
		case errors.As(err, &notOurs):
			msg.state, msg.reason = Unusable, "Die Datei ist keine Datenbank von stabsstelle."
		case errors.As(err, &locked):
			msg.state, msg.reason = Unusable, "Die Datei ist gerade in einem anderen Programm geöffnet."
		case err != nil:
			msg.state, msg.reason = Unusable, err.Error()
		case rep.Damaged:
			msg.state, msg.reason = Unusable, rep.Problems[0]
			if !strings.HasPrefix(msg.reason, "Die Datei ist") {
				msg.reason = "Die Datei ist beschädigt: " + msg.reason
			}
		case !rep.OK():
			msg.state, msg.problems = Problems, rep.Problems
		default:
			msg.state = Clean
		}
		return msg
	}
}

// gotList shows the backups and starts checking the newest.
func (m *Model) gotList(msg listedMsg) tea.Cmd {
	m.listed, m.listErr, m.dirMissing = true, msg.err, msg.missing
	m.rows = make([]Candidate, len(msg.list))
	for i, b := range msg.list {
		m.rows[i] = Candidate{BackupInfo: b}
	}
	m.preselect()
	if len(m.rows) == 0 {
		return nil
	}
	return checkBackup(0, m.rows[0].Path)
}

// checked records one result and checks the next older backup: one at a
// time, newest first, so the newest good one is known as early as possible
// and a two-core laptop stays usable.
func (m *Model) checked(msg checkedMsg) tea.Cmd {
	if msg.i >= len(m.rows) || m.rows[msg.i].Path != msg.path {
		return nil
	}
	r := &m.rows[msg.i]
	r.State, r.Problems, r.Reason = msg.state, msg.problems, msg.reason
	m.preselect()
	if next := msg.i + 1; next < len(m.rows) {
		return checkBackup(next, m.rows[next].Path)
	}
	return nil
}

// pending counts the backups not yet checked.
func (m *Model) pending() int {
	n := 0
	for _, r := range m.rows {
		if r.State == Pending {
			n++
		}
	}
	return n
}

// preselect puts the cursor on the best backup known so far, unless the
// user has chosen one or a dialog is open.
func (m *Model) preselect() {
	if m.moved || m.confirm != nil || m.working != "" {
		return
	}
	if i, _ := best(m.rows); i >= 0 {
		m.cursor = i
	}
}

// best is the backup store.NewestGoodBackup would pick: the newest clean
// one; if there is none, the newest with problems. While checks are still
// running and no clean one is found yet, it is the newest unchecked one
// (final false). -1 when every backup is unusable (or there is none).
func best(rows []Candidate) (i int, final bool) {
	problems, pending := -1, -1
	for i, r := range rows {
		switch r.State {
		case Clean:
			return i, true
		case Problems:
			if problems < 0 {
				problems = i
			}
		case Pending:
			if pending < 0 {
				pending = i
			}
		}
	}
	if pending >= 0 {
		return pending, false
	}
	return problems, problems >= 0
}
