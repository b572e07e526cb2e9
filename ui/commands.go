package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"time"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
)

// settleAfter is when the lists loaded at start are surely in.
const settleAfter = 3 * time.Second

// settleMemory gives the garbage of loading the lists back to the system
// once they are in (tens of MB of decoded rows; the soft memory limit would
// keep them for a long while). A full collection, on the command's
// goroutine, not the UI's.
func settleMemory() tea.Msg {
	debug.FreeOSMemory()
	return nil
}

// warnings tells at start when the file lies where locking fails (network
// drive, sync folder) or can be read by others.
func warnings(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		for _, w := range []string{store.LocationWarning(st.Path()), store.PermissionWarning(st.Path())} {
			if w != "" {
				return common.StatusMsg{Err: errors.New(w)}
			}
		}
		return nil
	}
}

// dailyBackup writes the first backup of the day (it does nothing when
// today's exists); checking the copy takes seconds on a large file, so it
// runs as a command.
func dailyBackup(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		path, err := store.DailyBackup(st)
		switch {
		case err != nil:
			return common.StatusMsg{Err: err}
		case path != "":
			return common.StatusMsg{Text: "Tägliche Sicherung geschrieben: " + filepath.Base(path)}
		}
		return nil
	}
}

// retentionAfter is when the start says that the Löschlauf has work:
// after the lists and the daily backup's message.
const retentionAfter = 8 * time.Second

// retentionDue offers the Löschlauf at start when something is due (to
// who may run it): a sentence in the status line that says where.
func retentionDue(st *store.Store) tea.Cmd {
	return tea.Tick(retentionAfter, func(time.Time) tea.Msg {
		n := 0
		// The plan reads every record: ViewMuch gives the file's pages
		// back as it goes (RSS 230 MB on the large demo without).
		err := st.ViewMuch(func(tx *store.Tx) error {
			p, err := store.PlanRetention(tx)
			if err == nil {
				n = len(p.Items)
			}
			return err
		})
		// Decoding every record left ≈ 35 MB of garbage that the soft
		// memory limit would keep for a long while: back to the system,
		// as after the lists (settleMemory).
		settleMemory()
		if err != nil || n == 0 {
			return nil
		}
		return common.StatusMsg{Text: fmt.Sprintf("Löschfristen: %d Punkte sind fällig – R, Bereich „Löschfristen“, x führt den Löschlauf aus.", n)}
	})
}

// undo takes back the user's last change, from the journal.
func undo(st *store.Store, user string) tea.Cmd {
	return func() tea.Msg {
		var res store.UndoResult
		err := st.Update(user, func(tx *store.Tx) error {
			var e error
			res, e = store.UndoLast(tx, user)
			return e
		})
		if err != nil {
			return common.StatusMsg{Err: err}
		}
		return common.StatusMsg{Text: res.Text}
	}
}

// writePermissions is every permission of any role: undo needs one of them
// (the store then asks for the one of the record it restores).
var writePermissions = func() []model.Permission {
	var ps []model.Permission
	for _, d := range model.TeamRoleDefs {
		ps = append(ps, d.Perms...)
	}
	return ps
}()

// gateGlobal disables the global keys the roles do not allow.
func gateGlobal(ctx *common.Context) {
	ctx.Gate(&ctx.Global.Undo, writePermissions...)
}

func loadRoles(st *store.Store, user string) tea.Cmd {
	return func() tea.Msg {
		g, err := store.LookupRoles(st, user)
		return rolesLoadedMsg{g, err}
	}
}

func checkEmpty(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		empty := false
		_ = st.View(func(tx *store.Tx) error { empty = store.IsEmpty(tx); return nil })
		return emptyMsg{empty}
	}
}
