package kosten

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"stabsstelle/model"
	"stabsstelle/store"
)

// outputDir is where the payout files and certificates are proposed: the
// user's documents folder (store.OutputDir); in team mode the folder
// "ausgaben" next to the database on the team machine. The server's own working
// directory is nobody's folder there (under systemd it is "/", read-only),
// so every payout run over SSH failed before a name was typed by hand.
func (t *Tab) outputDir() string {
	if t.ctx.Remote {
		db := t.ctx.Store.Path()
		if abs, err := filepath.Abs(db); err == nil {
			db = abs
		}
		return filepath.Join(filepath.Dir(db), "ausgaben")
	}
	return store.OutputDir()
}

// ensureDir creates the folder of path (mode 0700: the files hold IBANs)
// if it is missing, e.g. the team machine's "ausgaben" on the first run.
func ensureDir(path string) error {
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("Der Ordner %s kann nicht angelegt werden: %v", dir, err)
	}
	return nil
}

// fileTitle names the file field; in team mode it says where the file
// will be, so nobody looks for it on their own computer.
func (t *Tab) fileTitle() string {
	if t.ctx.Remote {
		return "Datei (auf dem Teamrechner)"
	}
	return "Datei"
}

func fileSafe(s string) string {
	r := strings.NewReplacer(" ", "-", "/", "-", "\\", "-", ":", "-")
	return model.SEPAText(r.Replace(s), 60)
}
