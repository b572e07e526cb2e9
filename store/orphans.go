package store

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Backup, compact and restore write into temporary files first and rename
// them when they are complete and checked. A program killed on the way (or
// a full disk) leaves the temporary file behind – as large as the
// database. Their names carry the database's name, so the cleanup of one
// database never touches the files another one is writing in the same
// folder:
//
//	.sicherung-<Name>-<Zufall>.tmp          in the backup folder
//	.verdichten-<Name>-<Zufall>.tmp         beside the database
//	.wiederherstellung-<Name>-<Zufall>.tmp  beside the database
const (
	tmpBackup  = "sicherung"
	tmpCompact = "verdichten"
	tmpRestore = "wiederherstellung"
)

// legacyOrphanAge: temporary files named before the database's name was
// part of them (".sicherung-123.tmp") could belong to any database in the
// folder; they are removed only when nothing has written to them for so
// long that no backup can still be running.
const legacyOrphanAge = time.Hour

// tempPattern is the os.CreateTemp pattern for a temporary file of kind
// for the database at dbPath.
func tempPattern(kind, dbPath string) string {
	return "." + kind + "-" + dbName(dbPath) + "-*.tmp"
}

func dbName(dbPath string) string {
	base := filepath.Base(dbPath)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// Leftover is a temporary file found beside a database.
type Leftover struct {
	Path string
	Size int64
}

// findOrphans lists the temporary files of backup, compact and restore
// that belong to the database at dbPath (see above).
func findOrphans(dbPath string) []Leftover {
	var out []Leftover
	look := func(dir, kind string) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		mine := "." + kind + "-" + dbName(dbPath) + "-"
		legacy := "." + kind + "-"
		for _, e := range entries {
			name := e.Name()
			if !e.Type().IsRegular() || !strings.HasSuffix(name, ".tmp") {
				continue
			}
			info, err := e.Info()
			if err != nil {
				continue
			}
			switch {
			case strings.HasPrefix(name, mine) && digits(strings.TrimSuffix(name[len(mine):], ".tmp")):
			case strings.HasPrefix(name, legacy) && digits(strings.TrimSuffix(name[len(legacy):], ".tmp")) &&
				time.Since(info.ModTime()) > legacyOrphanAge:
			default:
				continue
			}
			out = append(out, Leftover{Path: filepath.Join(dir, name), Size: info.Size()})
		}
	}
	look(filepath.Dir(dbPath), tmpCompact)
	look(filepath.Dir(dbPath), tmpRestore)
	look(BackupDir(dbPath), tmpBackup)
	return out
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// removeOrphans deletes the leftovers of dbPath and returns their paths.
// Open calls it holding the database's exclusive lock: no backup, compact
// or restore of this database can be writing them then.
func removeOrphans(dbPath string) []string {
	var gone []string
	for _, l := range findOrphans(dbPath) {
		if os.Remove(l.Path) == nil {
			gone = append(gone, l.Path)
		}
	}
	return gone
}
