package cli

import (
	"fmt"
	"strings"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "restore",
		Summary: "eine Sicherung zurückspielen (die jetzige Datenbank wird aufgehoben)",
		Usage:   "stabsstelle restore DATEI [--trotzdem] | stabsstelle restore --list",
		Help: `Spielt eine Sicherung zurück. Die Sicherung wird vorher vollständig geprüft; eine
fehlerhafte oder fremde Datei wird abgelehnt. Die jetzige Datenbank wird nicht
überschrieben, sondern umbenannt in NAME.vor-wiederherstellung-JJJJMMTT-HHMMSS.db
(neben der Datenbank) – sie lässt sich genauso zurückholen. Solange die Datenbank
in einem anderen Fenster oder vom Team-Server geöffnet ist, geht es nicht: erst
dort beenden.

  --list       die vorhandenen Sicherungen zeigen, neueste zuerst
  --trotzdem   auch eine Sicherung zurückspielen, die lesbar ist, aber gegen Regeln des
               Programms verstößt (z. B. ein unvollständiges Verzeichnis); danach
               „stabsstelle check“. Beschädigte oder fremde Dateien nie.

Beispiele:
  stabsstelle restore --list
  stabsstelle restore ~/.local/share/stabsstelle/stabsstelle-backups/stabsstelle-20260305-080000.db`,
		Run: runRestore,
	})
}

func runRestore(env *Env, args []string) error {
	files, list, anyway, err := parseRestoreArgs(args)
	if err != nil {
		return err
	}
	if list || len(files) == 0 {
		if err := printBackups(env); err != nil {
			return err
		}
		if !list {
			return UsageError("Bitte die Sicherung angeben, die zurückgespielt werden soll: stabsstelle restore DATEI")
		}
		return nil
	}
	if len(files) > 1 {
		return UsageError("Bitte genau eine Sicherung angeben (Leerzeichen im Pfad in Anführungszeichen setzen).")
	}
	res, err := store.RestoreErased(env.DB, files[0], env.Now(), anyway)
	if err != nil {
		return err
	}
	aside := res.Aside
	fmt.Fprintf(env.Stdout, "Die Sicherung %s ist zurückgespielt und geprüft.\n", files[0])
	if res.Replayed > 0 {
		fmt.Fprintf(env.Stdout, "%d Löschung(en) aus dem Löschprotokoll wurden in der zurückgespielten Datenbank wiederholt (Art. 17 DSGVO): gelöschte Daten kommen nicht zurück.\n", res.Replayed)
	}
	if aside != "" {
		fmt.Fprintf(env.Stdout, "Die bisherige Datenbank liegt unverändert unter %s.\n", aside)
	}
	return nil
}

// parseRestoreArgs reads the options --list and --trotzdem and the files
// named, in any order.
func parseRestoreArgs(args []string) (files []string, list, anyway bool, err error) {
	args, after := splitAtDashDash(args)
	for _, a := range args {
		switch {
		case a == "--list" || a == "-list":
			list = true
		case a == "--trotzdem" || a == "-trotzdem":
			anyway = true
		case strings.HasPrefix(a, "-") && a != "-":
			return nil, false, false, UsageError("Unbekannte Option %s. Hilfe: stabsstelle restore --help", a)
		default:
			files = append(files, a)
		}
	}
	return append(files, after...), list, anyway, nil
}

// printBackups lists the backups of env.DB, newest first.
func printBackups(env *Env) error {
	backups, err := store.ListBackups(store.BackupDir(env.DB))
	if err != nil {
		return err
	}
	if len(backups) == 0 {
		fmt.Fprintf(env.Stdout, "Im Ordner %s liegen keine Sicherungen.\n", store.BackupDir(env.DB))
		return nil
	}
	fmt.Fprintf(env.Stdout, "Sicherungen in %s (neueste zuerst):\n", store.BackupDir(env.DB))
	for _, b := range backups {
		fmt.Fprintf(env.Stdout, "  %s  %s  %s\n", model.FormatDateTime(b.Time), model.FormatSize(b.Size), b.Path)
	}
	return nil
}
