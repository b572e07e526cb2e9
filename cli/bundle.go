package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"filippo.io/age"
	"github.com/charmbracelet/x/term"

	lk "stabsstelle/lookup"
	"stabsstelle/model"
	"stabsstelle/store"
)

// The Außentermin round trip on the command line (store/bundle_*.go does
// the work): export bundle --event/--all (office), import bundle on the
// laptop (makes the copy), export bundle --changes (laptop), import bundle
// in the office (merges, with the report).

// exportBundleHelp is the help of export bundle.
const exportBundleHelp = `Schreibt ein verschlüsseltes Paket (age) für den Außentermin.

Im Büro – mitnehmen:
  --event V-2026-003   diese Veranstaltung (auch mehrmals): Anmeldungen und Warteliste, die
                       angemeldeten Personen (Name, E-Mail, Telefon, Einrichtung), ihre
                       Einrichtungen und die Aufgaben – nichts aus Sprachmittlung oder
                       Kostenerstattungen
  --all                die ganze Datenbank (Arbeiten außerhalb des Büros)

Auf dem Laptop – zurückgeben:
  --changes            alles, was in dieser Außenkopie seit dem Mitnehmen geändert wurde
                       (jedes Paket enthält alles seit dem Mitnehmen; ein späteres ersetzt
                       ein früheres)

Schutz (eins von beiden ist Pflicht):
  --to DATEI           für die öffentlichen Schlüssel in DATEI, eine Zeile je Person, z. B.
                       die authorized_keys des Teams (ssh-ed25519, ssh-rsa oder age1…);
                       geöffnet wird mit dem eigenen privaten SSH-Schlüssel
  --passphrase         mit einem Passwort (wird zweimal abgefragt, oder aus der Umgebungs-
                       variable STABSSTELLE_PASSPHRASE gelesen)

Eine vorhandene Datei wird nicht ohne Rückfrage überschrieben (ohne Terminal: Ausgang 1;
--force ersetzt sie). Jedes Mitnehmen und Zurückgeben steht im Journal (wer, was, wann).

Beispiele:
  stabsstelle export bundle --event V-2026-003 --out einlass.stb --to ~/.ssh/authorized_keys
  STABSSTELLE_PASSPHRASE=Geheim-2026 stabsstelle export bundle --all --out alles.stb --passphrase
  stabsstelle export bundle --event V-2026-003 --out einlass.stb --to ~/.ssh/authorized_keys && \
    stabsstelle --db laptop.db import bundle einlass.stb && \
    stabsstelle --db laptop.db export bundle --changes --out zurueck.stb --to ~/.ssh/authorized_keys`

// importBundleHelp is the help of import bundle.
const importBundleHelp = `Spielt ein Paket von „export bundle“ ein. Was geschieht, steht im Paket:

Ein Paket zum Mitnehmen legt die Außenkopie an – immer in einer neuen Datei (eine
Datenbank mit Daten wird nie überschrieben):
  stabsstelle --db laptop.db import bundle einlass.stb
Die Oberfläche zeigt dann dauerhaft „Außenkopie: V-2026-003, Stand TT.MM. HH:MM“.
Neue Datensätze bekommen vorläufige Nummern (V-2026-A001), die beim Abgleich endgültig werden.

Ein Paket mit Änderungen wird im Büro abgeglichen – in einem Schritt, während das Team
weiterarbeitet:
  stabsstelle import bundle zurueck.stb
Der Bericht nennt: übernommene Änderungen, neue Datensätze, neue Nummern (vorläufig →
endgültig), verknüpfte Personen und die Konflikte (beide Seiten haben dasselbe Feld
verschieden geändert: der Büro-Wert bleibt, der Laptop-Wert wird aufgehoben; entschieden
wird in der Oberfläche unter „Abgleich“). Dasselbe Paket zweimal ändert nichts.

  --identity DATEI   der private Schlüssel (Standard: ~/.ssh/id_ed25519, sonst
                     ~/.ssh/id_rsa; auch eine age-Schlüsseldatei); ein Schlüssel mit
                     Passwort fragt danach
  --json             der Bericht als JSON (applied, created, renumbered, conflicts, …)

Ein Passwort-Paket fragt nach dem Passwort (oder liest STABSSTELLE_PASSPHRASE).

Die Außenkopie anlegen, und der ganze Weg hin und zurück:

Beispiele:
  stabsstelle export bundle --event V-2026-003 --out einlass.stb --to ~/.ssh/authorized_keys && \
    stabsstelle --db laptop.db import bundle einlass.stb
  stabsstelle export bundle --event V-2026-003 --out einlass.stb --to ~/.ssh/authorized_keys && \
    stabsstelle --db laptop.db import bundle einlass.stb && \
    stabsstelle --db laptop.db export bundle --changes --out zurueck.stb --to ~/.ssh/authorized_keys && \
    stabsstelle import bundle zurueck.stb --json`

func init() {
	Register(Verb{
		Name:    "export bundle",
		Summary: "Außentermin: Veranstaltungen (oder alles) verschlüsselt zum Mitnehmen, oder die Änderungen eines Laptops zurück",
		Usage:   "stabsstelle export bundle (--event V-2026-003 … | --all | --changes) --out DATEI.stb (--to SCHLÜSSELDATEI | --passphrase) [--force]",
		Help:    exportBundleHelp,
		Run:     runExportBundle,
	})
	Register(Verb{
		Name:    "import bundle",
		Summary: "Außentermin: ein Paket einspielen – auf dem Laptop als Außenkopie, im Büro als Abgleich mit Bericht",
		Usage:   "stabsstelle [--db DATEI] import bundle DATEI.stb [--identity SCHLÜSSEL] [--json]",
		Help:    importBundleHelp,
		Run:     runImportBundle,
	})
}

// eventList collects repeated --event flags.
type eventList []string

func (e *eventList) String() string { return strings.Join(*e, ",") }
func (e *eventList) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*e = append(*e, p)
		}
	}
	return nil
}

func runExportBundle(env *Env, args []string) error {
	fs := flag.NewFlagSet("export bundle", flag.ContinueOnError)
	var events eventList
	fs.Var(&events, "event", "Veranstaltung")
	all := fs.Bool("all", false, "alles")
	changes := fs.Bool("changes", false, "Änderungen")
	out := fs.String("out", "", "Zieldatei")
	to := fs.String("to", "", "Schlüsseldatei")
	pass := fs.Bool("passphrase", false, "Passwort")
	force := fs.Bool("force", false, "vorhandene Datei ersetzen")
	if err := ParseOptions(fs, args); err != nil {
		return err
	}
	modes := 0
	for _, on := range []bool{len(events) > 0, *all, *changes} {
		if on {
			modes++
		}
	}
	switch {
	case modes != 1:
		return UsageError("Bitte genau eins angeben: --event V-2026-003 (auch mehrmals), --all oder --changes. Hilfe: stabsstelle export bundle --help")
	case *out == "":
		return UsageError("Bitte mit --out angeben, wohin das Paket geschrieben wird, z. B. --out einlass.stb")
	case (*to == "") == !*pass:
		return UsageError("Ein Paket wird immer verschlüsselt: bitte entweder --to SCHLÜSSELDATEI (z. B. die authorized_keys des Teams) oder --passphrase angeben.")
	}
	prot, protText, err := bundleProtection(env, *to, *pass, *force, *out)
	if err != nil {
		return err
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	if *changes {
		return exportChanges(env, st, *out, prot, protText)
	}
	res, err := st.ExportCopy(env.User, store.ExportOptions{Events: events, All: *all, Out: *out, Protection: prot})
	if err != nil {
		return err
	}
	m := res.Manifest
	fmt.Fprintf(env.Stdout, "Paket geschrieben: %s (%s)\n", AbsPath(*out), protText)
	fmt.Fprintf(env.Stdout, "  Außenkopie %s, Stand %s", m.Label, model.FormatDateTime(m.Taken))
	if m.All {
		fmt.Fprintf(env.Stdout, " – die ganze Datenbank (%s)\n", model.FormatSize(m.Size))
	} else {
		fmt.Fprintf(env.Stdout, ": %s\n", countsText(res.Counts, ""))
	}
	fmt.Fprintf(env.Stdout, "Auf dem Laptop einspielen: stabsstelle --db laptop.db import bundle %s\n", quoteArg(baseName(*out)))
	return nil
}

// bundleProtection reads the keys of --to, checks that out may be
// written, and asks for the passphrase of --passphrase, in that order.
// protText says how the bundle is protected, for the summary.
func bundleProtection(env *Env, to string, pass, force bool, out string) (store.Protection, string, error) {
	var prot store.Protection
	protText := ""
	if to != "" {
		rs, err := store.ReadRecipients(to)
		if err != nil {
			return prot, "", err
		}
		prot.Recipients = rs
		protText = fmt.Sprintf("verschlüsselt für %d %s aus %s", len(rs), plural(len(rs), "Schlüssel", "Schlüssel"), to)
	}
	if err := checkNew(env, force, out); err != nil {
		return prot, "", err
	}
	if pass {
		pw, err := newPassphrase(env)
		if err != nil {
			return prot, "", err
		}
		prot.Passphrase, protText = pw, "mit Passwort verschlüsselt"
	}
	return prot, protText, nil
}

// exportChanges writes the changes of an Außenkopie to out.
func exportChanges(env *Env, st *store.Store, out string, prot store.Protection, protText string) error {
	res, err := st.ExportChanges(env.User, out, prot)
	if err != nil {
		return err
	}
	m := res.Manifest
	fmt.Fprintf(env.Stdout, "Änderungen der Außenkopie %s geschrieben: %s (%s)\n", m.Label, AbsPath(out), protText)
	fmt.Fprintf(env.Stdout, "  %s seit dem Mitnehmen (Stand %s)\n", countsText(res.Counts, "Datensätze"), model.FormatDateTime(m.Taken))
	for _, w := range m.Warnings {
		fmt.Fprintf(env.Stderr, "Hinweis: %s\n", w)
	}
	fmt.Fprintf(env.Stdout, "Im Büro einspielen: stabsstelle import bundle %s\n", quoteArg(baseName(out)))
	return nil
}

func runImportBundle(env *Env, args []string) error {
	fs := flag.NewFlagSet("import bundle", flag.ContinueOnError)
	identity := fs.String("identity", "", "privater Schlüssel")
	asJSON := fs.Bool("json", false, "JSON")
	var path string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		path, args = args[0], args[1:]
	}
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case path == "" && fs.NArg() == 1:
		path = fs.Arg(0)
	case fs.NArg() > 0:
		return UsageError("Bitte nur eine Paketdatei angeben, nicht „%s“.", strings.Join(fs.Args(), " "))
	case path == "":
		return UsageError("Bitte die Paketdatei angeben, z. B. stabsstelle --db laptop.db import bundle einlass.stb")
	}
	if _, err := os.Stat(path); err != nil {
		return FileError(path, err)
	}
	b, err := openBundle(env, path, *identity)
	if err != nil {
		return err
	}
	defer b.Close()
	if b.Manifest.Kind == store.BundleSnapshot {
		return importCopy(env, b, *asJSON)
	}
	st, err := env.Open()
	var locked *store.ErrLocked
	if errors.As(err, &locked) {
		return mergeThroughHolder(env, b, *asJSON, err)
	}
	if err != nil {
		return err
	}
	rep, err := st.Merge(env.User, b)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return st.View(func(tx *store.Tx) error { store.WriteMergeReport(env.Stdout, tx, rep); return nil })
}

// openBundle opens the bundle at path with the private key of --identity
// (else the default one), or asks for its passphrase.
func openBundle(env *Env, path, identity string) (*store.Bundle, error) {
	keyPath, explicit := identity, identity != ""
	if !explicit {
		keyPath = store.DefaultIdentity()
	}
	return store.OpenBundle(path, store.Unlock{
		Passphrase: func() (string, error) { return passphrase(env, "Passwort des Pakets: ") },
		Identities: func() ([]age.Identity, error) {
			if keyPath == "" {
				return nil, errors.New("Kein privater Schlüssel gefunden. Bitte mit --identity angeben, z. B. --identity ~/.ssh/id_ed25519")
			}
			return store.ReadIdentity(keyPath, func(prompt string) (string, error) { return passphrase(env, prompt) })
		},
	})
}

// importCopy makes the laptop copy at env.DB.
func importCopy(env *Env, b *store.Bundle, asJSON bool) error {
	res, err := b.CreateCopy(env.DB, env.User, env.Now)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	c := res.Copy
	if res.Already {
		fmt.Fprintf(env.Stdout, "Diese Außenkopie ist bereits in %s eingespielt (am %s) – nichts geändert.\n", AbsPath(env.DB), model.FormatDateTime(c.Imported))
		return nil
	}
	fmt.Fprintf(env.Stdout, "Außenkopie angelegt: %s\n  %s (mitgenommen von %s): %s\n", AbsPath(env.DB), c.Marker(), c.TakenBy, countsText(res.Counts, ""))
	fmt.Fprintf(env.Stdout, "Starten: stabsstelle --db %s\nZurückgeben: stabsstelle --db %s export bundle --changes --out zurueck.stb (--to SCHLÜSSELDATEI oder --passphrase)\n",
		quoteArg(env.DB), quoteArg(env.DB))
	return nil
}

// countsText is "Veranstaltung: 1, Anmeldungen: 742" or "37 Datensätze".
func countsText(cs []store.KindCount, total string) string {
	if len(cs) == 0 {
		return "keine Änderungen"
	}
	var parts []string
	n := 0
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s: %d", c.Label, c.Count))
		n += c.Count
	}
	if total != "" {
		return fmt.Sprintf("%d %s (%s)", n, total, strings.Join(parts, ", "))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// passphrase reads a passphrase: STABSSTELLE_PASSPHRASE, else asked on
// the terminal without echo.
func passphrase(env *Env, prompt string) (string, error) {
	if pw := os.Getenv("STABSSTELLE_PASSPHRASE"); pw != "" {
		return pw, nil
	}
	return readSecret(env, prompt)
}

// newPassphrase asks twice for a new passphrase.
func newPassphrase(env *Env) (string, error) {
	if pw := os.Getenv("STABSSTELLE_PASSPHRASE"); pw != "" {
		return pw, nil
	}
	pw, err := readSecret(env, "Passwort für das Paket: ")
	if err != nil {
		return "", err
	}
	if len([]rune(pw)) < 8 {
		return "", errors.New("Das Passwort ist zu kurz – bitte mindestens 8 Zeichen wählen. Es wurde nichts geschrieben.")
	}
	again, err := readSecret(env, "Noch einmal: ")
	if err != nil {
		return "", err
	}
	if again != pw {
		return "", errors.New("Die beiden Passwörter sind verschieden. Es wurde nichts geschrieben.")
	}
	return pw, nil
}

// secretIn keeps the reader of a non-terminal stdin (tests) across
// questions, so the second answer is not lost in the first one's buffer.
var secretIn struct {
	r  io.Reader
	br *bufio.Reader
}

func readSecret(env *Env, prompt string) (string, error) {
	if f, ok := env.Stdin.(*os.File); ok {
		if !term.IsTerminal(f.Fd()) {
			return "", errors.New("Das Passwort kann hier nicht abgefragt werden (kein Terminal). Bitte in der Umgebungsvariable STABSSTELLE_PASSPHRASE übergeben.")
		}
		fmt.Fprint(env.Stderr, prompt)
		pw, err := term.ReadPassword(f.Fd())
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", fmt.Errorf("Das Passwort konnte nicht gelesen werden: %w", err)
		}
		return string(pw), nil
	}
	if env.Stdin == nil {
		return "", errors.New("Das Passwort kann hier nicht abgefragt werden. Bitte in der Umgebungsvariable STABSSTELLE_PASSPHRASE übergeben.")
	}
	if secretIn.r != env.Stdin {
		secretIn.r, secretIn.br = env.Stdin, bufio.NewReader(env.Stdin)
	}
	fmt.Fprint(env.Stderr, prompt)
	line, err := secretIn.br.ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("Es wurde kein Passwort eingegeben.")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// mergeThroughHolder lets the program that holds the office's database
// (the interface or `stabsstelle serve`) merge, so the team keeps working
// and sees the merge at once. It hands the bundle over re-encrypted to a
// key of this request only (store.Handover), in the folder of the lookup
// socket, which only this user can enter. Nobody listening: locked, the
// message of the held file, stays the answer.
func mergeThroughHolder(env *Env, b *store.Bundle, asJSON bool, locked error) error {
	dir := lk.SocketDir()
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return locked
	}
	path, key, err := b.Handover(dir)
	if err != nil {
		return err
	}
	defer os.Remove(path)
	resp, err := lk.Ask(env.DB, lk.Request{Verb: lk.VerbMerge, Bundle: path, Key: key, Who: env.User})
	switch {
	case errors.Is(err, lk.ErrNotListening):
		return locked
	case err != nil:
		return fmt.Errorf("Das Programm, das die Datenbank geöffnet hat, hat den Abgleich nicht bestätigt (%w). Bitte dort unter „Verlauf“ nachsehen, ob er eingespielt ist, und sonst noch einmal versuchen – dasselbe Paket zweimal ändert nichts.", err)
	case strings.HasPrefix(resp.Error, "Unbekannte Abfrage"), resp.Error == "" && resp.Merge == nil:
		// an older version holds the file
		return errors.New("Das Programm, das die Datenbank geöffnet hat, kennt den Abgleich noch nicht. Bitte es auf diese Version aktualisieren oder beenden und noch einmal versuchen.")
	case resp.Error != "":
		return errors.New(resp.Error)
	}
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(resp.Merge)
	}
	_, err = io.WriteString(env.Stdout, resp.MergeText)
	return err
}
