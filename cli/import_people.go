package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"stabsstelle/model"
	"stabsstelle/store"
)

// personImport describes one list import from Excel (interpreters,
// volunteers): the rules are the same – bad rows are reported with their
// line number and skipped, good rows go in in one transaction, a person who
// exists already (same name) gets the new role unless they have it.
type personImport struct {
	verb    string // "import sprachmittler"
	example string // "pool.csv"
	noun    string // "Sprachmittler:innen" in the summary
	extra   string // "als Profil bei vorhandenen Personen"
	parse   func(r io.Reader, today model.Date) ([]importRow, []model.CSVProblem, error)
	// merge gives an existing person the imported role; a non-empty
	// message means they have it already and the row is skipped.
	merge func(old, imported *model.Person) (skip string)
}

type importRow struct {
	Line   int
	Person *model.Person
}

// errDryRun rolls back the transaction of a --dry-run.
var errDryRun = errors.New("Probelauf")

func runPersonImport(env *Env, args []string, spec personImport) error {
	path, dry, err := importArgs(spec, args)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return FileError(path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, model.MaxCSVBytes+1))
	if err != nil {
		return FileError(path, err)
	}
	rows, problems, err := spec.parse(bytes.NewReader(data), model.Today(env.Now()))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	encoding := model.CSVEncoding(data)
	st, err := env.Open()
	if err != nil {
		return err
	}
	created, extended := 0, 0
	err = st.Update(env.User, func(tx *store.Tx) error {
		existing := map[string]*model.Person{}
		if err := store.People.Each(tx, func(p *model.Person) error {
			existing[strings.ToLower(p.Name)] = p
			return nil
		}); err != nil {
			return err
		}
		for _, r := range rows {
			p := r.Person
			if old, ok := existing[strings.ToLower(p.Name)]; ok {
				if msg := spec.merge(old, p); msg != "" {
					problems = append(problems, model.CSVProblem{Line: r.Line, Msg: msg})
					continue
				}
				if err := store.People.Put(tx, old); err != nil {
					return fmt.Errorf("Zeile %d: %w", r.Line, err)
				}
				extended++
				continue
			}
			if err := store.People.Put(tx, p); err != nil {
				return fmt.Errorf("Zeile %d: %w", r.Line, err)
			}
			existing[strings.ToLower(p.Name)] = p
			created++
		}
		if dry {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return fmt.Errorf("Es wurde nichts importiert: %w", err)
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	for _, p := range problems {
		fmt.Fprintf(env.Stderr, "%s\n", p)
	}
	done := "importiert"
	if dry {
		done = "würden importiert (Probelauf, nichts gespeichert)"
	}
	fmt.Fprintf(env.Stdout, "%d %s %s", created+extended, spec.noun, done)
	if extended > 0 {
		fmt.Fprintf(env.Stdout, " (%d davon %s)", extended, spec.extra)
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

// linesText is "1 Zeile" or "3 Zeilen".
func linesText(n int) string {
	if n == 1 {
		return "1 Zeile"
	}
	return fmt.Sprintf("%d Zeilen", n)
}

// importArgs reads `FILE [--dry-run]`.
func importArgs(spec personImport, args []string) (path string, dry bool, err error) {
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
	if path == "" {
		return "", false, UsageError("Bitte die CSV-Datei angeben, z. B.: stabsstelle %s %s", spec.verb, spec.example)
	}
	return path, dry, nil
}

// fillEmpty copies src into the fields of dst that are still empty.
func fillEmpty(pairs ...[2]*string) {
	for _, p := range pairs {
		if *p[0] == "" {
			*p[0] = *p[1]
		}
	}
}
