package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "backup",
		Summary: "eine geprüfte Sicherung der Datenbank schreiben",
		Usage:   "stabsstelle backup [--to ORDNER] [--keep N]",
		Help: `Schreibt eine Sicherung der Datenbank, während sie benutzt werden darf (nicht aber,
während ein anderes Programm sie offen hat), und prüft die Sicherung gleich danach.
Sicherungen heißen stabsstelle-JJJJMMTT-HHMMSS.db und liegen im Ordner
stabsstelle-backups neben der Datenbank. Von dort werden nur die neuesten N
aufgehoben (Standard 7). Das Programm sichert außerdem selbst: beim ersten Start
jedes Tages und vor jeder Umstellung auf eine neue Programmversion.

  --to ORDNER   woanders hin sichern, z. B. auf einen USB-Stick
  --keep N      so viele Sicherungen im Ordner behalten (0 = alle)

Beispiele:
  stabsstelle backup
  stabsstelle backup --to ~/sicherungen --keep 14`,
		Run: runBackup,
	})
}

func runBackup(env *Env, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	to := fs.String("to", "", "Zielordner")
	keep := fs.Int("keep", store.BackupKeep, "Generationen")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return UsageError("„stabsstelle backup“ erwartet keine weiteren Angaben, nur --to ORDNER. Hilfe: stabsstelle backup --help")
	}
	if *keep < 0 {
		return UsageError("--keep erwartet eine Zahl ab 0.")
	}
	if _, err := os.Stat(env.DB); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("Die Datenbank %s gibt es nicht – es gibt nichts zu sichern. Bitte den Pfad prüfen (--db).", env.DB)
	}
	s, err := env.Open()
	if err != nil {
		return err
	}
	warnLocation(env)
	old := store.BackupKeep
	store.BackupKeep = *keep
	defer func() { store.BackupKeep = old }()
	path, err := store.Backup(s, *to)
	var problems *store.BackupProblems
	if errors.As(err, &problems) {
		fmt.Fprintf(env.Stdout, "Sicherung geschrieben: %s\n", path)
		return err
	}
	if err != nil {
		return err
	}
	size := int64(0)
	if list, _ := store.ListBackups(filepath.Dir(path)); len(list) > 0 {
		for _, b := range list {
			if b.Path == path {
				size = b.Size
			}
		}
	}
	fmt.Fprintf(env.Stdout, "Sicherung geschrieben und geprüft: %s (%s)\n", path, model.FormatSize(size))
	return nil
}

// warnLocation prints the network-drive / sync-folder and file-mode
// warnings to stderr.
func warnLocation(env *Env) {
	for _, w := range []string{store.LocationWarning(env.DB), store.PermissionWarning(env.DB)} {
		if w != "" {
			fmt.Fprintln(env.Stderr, w)
		}
	}
}
