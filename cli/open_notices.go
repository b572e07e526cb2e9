package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"stabsstelle/store"
)

// OpenNotices are what opening the file did to it before any verb ran, in
// German: a migration to this version's format (and the backup written
// before it), an interrupted import taken back, leftover temporary files
// removed. Each is something the user should know once: verbs print them
// on stderr, the terminal interface shows them in its status bar too.
func OpenNotices(s *store.Store) []string {
	var out []string
	if len(s.Migrated) > 0 && s.MigratedFrom > 0 {
		msg := fmt.Sprintf("Die Datenbank ist auf das Format von Version %d umgestellt.", store.SchemaVersion())
		if s.MigrationBackup != "" {
			msg += " Die Sicherung davor: " + s.MigrationBackup
		}
		out = append(out, msg)
	}
	out = append(out, s.Recovered...)
	if len(s.Cleaned) > 0 {
		names := make([]string, len(s.Cleaned))
		for i, p := range s.Cleaned {
			names[i] = filepath.Base(p)
		}
		out = append(out, fmt.Sprintf("Übrig gebliebene Zwischendateien einer abgebrochenen Sicherung oder Verdichtung gelöscht: %s.", strings.Join(names, ", ")))
	}
	return out
}
