// Package cli holds the command-line verbs of stabsstelle: parsing the global
// flags, opening the store with German error messages and running the verb.
// Each verb lives in its own file and registers itself, so areas add verbs
// without touching this file. Exit codes: 0 success, 1 a problem the user can
// fix, 2 wrong usage.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/adrg/xdg"

	"stabsstelle/model"
	"stabsstelle/store"
)

// Verb is one command such as "today" or "export sepa".
type Verb struct {
	Name    string // one or two words
	Summary string // one German line for the overview
	Usage   string
	Help    string // German help with examples
	Run     func(env *Env, args []string) error
}

var (
	verbsMu sync.Mutex
	verbs   = map[string]Verb{}
)

// Register adds a verb; called from init functions.
func Register(v Verb) {
	verbsMu.Lock()
	defer verbsMu.Unlock()
	verbs[v.Name] = v
}

// Env is what a verb gets: the chosen database, the user, output streams
// and the clock.
type Env struct {
	DB     string
	User   string
	Stdout io.Writer
	Stderr io.Writer
	Stdin  io.Reader
	Now    func() time.Time
	// Verbose adds the original (technical) words to an error message.
	Verbose bool
	// Restored is set when Open replaced a damaged file by a backup.
	Restored bool
	// Notices are what Open did to the file (OpenNotices); already
	// printed on Stderr.
	Notices []string
	// Recover handles an error of store.Open before Open returns it; when
	// it reports restored, Open opens the file again. nil means
	// RecoverDamaged (questions on the terminal); the TUI sets its own,
	// which shows the recovery screen instead.
	Recover func(env *Env, err error) (restored bool, e error)
	store   *store.Store
}

// Open opens the store once per run; Run closes it.
func (e *Env) Open() (*store.Store, error) {
	if e.store != nil {
		return e.store, nil
	}
	opts := store.Options{Now: e.Now, Notify: func(msg string) { fmt.Fprintln(e.Stderr, msg) }}
	s, err := store.Open(e.DB, opts)
	if err != nil {
		// A damaged file is moved aside and the newest good backup offered;
		// every other refusal passes through unchanged.
		recoverFn := e.Recover
		if recoverFn == nil {
			recoverFn = RecoverDamaged
		}
		restored, rerr := recoverFn(e, err)
		if !restored {
			return nil, rerr
		}
		if s, err = store.Open(e.DB, opts); err != nil {
			return nil, err
		}
		e.Restored = true
	}
	e.store = s
	e.Notices = OpenNotices(s)
	for _, n := range e.Notices {
		fmt.Fprintln(e.Stderr, n)
	}
	return s, nil
}

// usageError makes Run exit with 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// UsageError reports wrong usage (exit code 2) in German.
func UsageError(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// DefaultDB is where the database lives when neither --db nor STABSSTELLE_DB
// says otherwise: the user's data directory (XDG on Linux, AppData on
// Windows, Application Support on macOS).
func DefaultDB() string {
	if p := os.Getenv("STABSSTELLE_DB"); p != "" {
		return p
	}
	return filepath.Join(xdg.DataHome, "stabsstelle", "stabsstelle.db")
}

// DefaultUser is the operating system's login name.
func DefaultUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		name := u.Username
		if i := strings.LastIndexAny(name, `\/`); i >= 0 { // Windows DOMAIN\name
			name = name[i+1:]
		}
		return name
	}
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "unbekannt"
}

// TUI is set by main to start the terminal interface; Run calls it when no
// verb is given. Kept as a variable so cli does not import ui.
var TUI func(env *Env) error

// Run parses args (without the program name), runs the verb and returns the
// exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	env := &Env{Stdout: stdout, Stderr: stderr, Stdin: os.Stdin, Now: time.Now}
	fs := globalFlags(env)
	help := fs.Bool("help", false, "Hilfe")
	fs.BoolVar(help, "h", false, "Hilfe")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(stderr, "%s\nHilfe: stabsstelle --help\n", flagError(err))
		return 2
	}
	rest := fs.Args()
	if *help || (len(rest) > 0 && rest[0] == "help") {
		printRequestedHelp(stdout, rest)
		return 0
	}
	err := runVerb(env, rest)
	if env.store != nil {
		if cerr := env.store.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}
	return exitCode(env, err)
}

// printRequestedHelp prints the help of the verb after "help" when there is
// one (stabsstelle help export sepa), else the overview.
func printRequestedHelp(stdout io.Writer, rest []string) {
	if len(rest) > 1 && rest[0] == "help" {
		if v, ok := lookup(rest[1:]); ok {
			printVerbHelp(stdout, v)
			return
		}
	}
	printHelp(stdout)
}

// runVerb runs the verb named at the start of rest with the words after it,
// or the terminal interface when rest is empty. A verb that is not known or
// global flags after it that cannot be read are a usage error.
func runVerb(env *Env, rest []string) error {
	if len(rest) == 0 {
		if TUI == nil {
			return errors.New("Die Oberfläche ist in diesem Programm nicht verfügbar.")
		}
		return TUI(env)
	}
	v, ok := lookup(rest)
	if !ok {
		return UsageError("Unbekannter Befehl „%s“. Alle Befehle: stabsstelle --help", strings.Join(rest, " "))
	}
	vargs := rest[len(strings.Fields(v.Name)):]
	if wantsHelp(vargs) {
		printVerbHelp(env.Stdout, v)
		return nil
	}
	// The global flags may follow the verb as well (stabsstelle demo
	// --db F, as the welcome screen shows it).
	vargs, err := takeGlobalFlags(globalFlags(env), vargs)
	if err != nil {
		return UsageError("%v\nHilfe: stabsstelle %s --help", err, v.Name)
	}
	return v.Run(env, vargs)
}

// exitCode says err on env.Stderr and returns the exit code: 0 without an
// error, 2 for wrong usage, 1 for everything else.
func exitCode(env *Env, err error) int {
	if err == nil {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(env.Stderr, ue.msg)
		return 2
	}
	// One German sentence; an English operating-system message that came
	// in through a %v is said in German too. The original words only with
	// --verbose (for a bug report or the IT department).
	fmt.Fprintln(env.Stderr, model.GermanOS(err.Error()))
	if env.Verbose {
		if orig := model.Original(err); orig != "" {
			fmt.Fprintln(env.Stderr, "Technische Angabe: "+orig)
		}
	}
	return 1
}

// globalFlags are the options of every verb (--db, --user, --verbose): before the
// verb they are parsed by the flag set itself, after it by takeGlobalFlags,
// both writing into env. The defaults are set here, once.
func globalFlags(env *Env) *flag.FlagSet {
	fs := flag.NewFlagSet("stabsstelle", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if env.DB == "" {
		env.DB = DefaultDB()
	}
	if env.User == "" {
		env.User = DefaultUser()
	}
	fs.StringVar(&env.DB, "db", env.DB, "Datenbankdatei")
	fs.StringVar(&env.User, "user", env.User, "wer arbeitet")
	fs.BoolVar(&env.Verbose, "verbose", env.Verbose, "technische Angaben zu Fehlern")
	return fs
}

// takeGlobalFlags removes the flags of global from a verb's arguments and
// sets them, in the forms the flag package knows (--db F, --db=F, -db F;
// a boolean flag alone). Everything after "--" belongs to the verb. The
// verb's own flags and words stay in their order.
func takeGlobalFlags(global *flag.FlagSet, args []string) ([]string, error) {
	rest := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := global.Lookup(name)
		if !strings.HasPrefix(a, "-") || strings.HasPrefix(a, "---") || f == nil {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				value, hasValue = "true", true
			} else if i+1 < len(args) {
				i++
				value, hasValue = args[i], true
			}
		}
		if !hasValue {
			return nil, fmt.Errorf("Die Option --%s braucht einen Wert.", name)
		}
		if err := global.Set(name, value); err != nil {
			return nil, fmt.Errorf("Ungültiger Wert „%s“ für --%s.", value, name)
		}
	}
	return rest, nil
}

// splitAtDashDash splits a verb's arguments at the first "--": after it
// every argument is a word, even one that begins with "-" (a file named
// "-liste.csv", a search for "-x"). The verbs that read their arguments
// themselves use it, as the flag package does for the others.
func splitAtDashDash(args []string) (options, words []string) {
	for i, a := range args {
		if a == "--" {
			return args[:i], args[i+1:]
		}
	}
	return args, nil
}

// ParseFlags parses a verb's flags and turns flag's English errors into a
// German usage error.
func ParseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return usageError{flagError(err) + "\nHilfe: stabsstelle " + fs.Name() + " --help"}
	}
	return nil
}

// ParseOptions is ParseFlags for a verb that takes options only: anything
// else on the line is a usage error that names it.
func ParseOptions(fs *flag.FlagSet, args []string) error {
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return UsageError("Unbekannte Angabe „%s“. Hilfe: stabsstelle %s --help", strings.Join(fs.Args(), " "), fs.Name())
	}
	return nil
}

func flagError(err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		return "Unbekannte Option " + longFlag(strings.TrimPrefix(msg, "flag provided but not defined: ")) + "."
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return "Die Option " + longFlag(strings.TrimPrefix(msg, "flag needs an argument: ")) + " braucht einen Wert."
	case strings.HasPrefix(msg, "invalid value "):
		return "Ungültiger Wert: " + strings.TrimPrefix(msg, "invalid value ")
	}
	return msg
}

// longFlag names an option as the help writes it: the flag package says
// "-passphrase" for a typed "--passphrase"; one letter stays "-h".
func longFlag(name string) string {
	if len(name) > 2 && strings.HasPrefix(name, "-") && !strings.HasPrefix(name, "--") {
		return "-" + name
	}
	return name
}

func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "--help" || a == "-h" || a == "-help" {
			return true
		}
	}
	return false
}

// Verbs returns every registered verb, sorted by name (tests run the
// examples of each).
func Verbs() []Verb {
	verbsMu.Lock()
	defer verbsMu.Unlock()
	out := make([]Verb, 0, len(verbs))
	for _, v := range verbs {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Examples are the lines of a verb's help under "Beispiel:" or
// "Beispiele:" that are a command ("stabsstelle …" or a shell line with
// it), as printed.
func (v Verb) Examples() []string {
	var out []string
	in, cont := false, false
	for _, l := range strings.Split(v.Help, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case cont: // the line before ended in a backslash
			out[len(out)-1] += "\n" + t
		case t == "Beispiel:" || t == "Beispiele:":
			in = true
		case in && strings.HasPrefix(l, "  ") && strings.Contains(t, "stabsstelle "):
			out = append(out, t)
		case in && t != "" && !strings.HasPrefix(l, "  "):
			in = false
		default:
			continue
		}
		cont = len(out) > 0 && strings.HasSuffix(out[len(out)-1], "\\")
	}
	return out
}

func lookup(rest []string) (Verb, bool) {
	verbsMu.Lock()
	defer verbsMu.Unlock()
	if len(rest) >= 2 {
		if v, ok := verbs[rest[0]+" "+rest[1]]; ok {
			return v, true
		}
	}
	v, ok := verbs[rest[0]]
	return v, ok
}

func printVerbHelp(w io.Writer, v Verb) {
	fmt.Fprintf(w, "%s\n\nAufruf: %s\n", v.Summary, v.Usage)
	if v.Help != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(v.Help))
	}
}

func printHelp(w io.Writer) {
	verbsMu.Lock()
	names := make([]string, 0, len(verbs))
	for n := range verbs {
		names = append(names, n)
	}
	sort.Strings(names)
	list := make([]Verb, len(names))
	for i, n := range names {
		list[i] = verbs[n]
	}
	verbsMu.Unlock()
	fmt.Fprintf(w, `stabsstelle – Sprachmittlung, Kostenerstattungen und Netzwerk der Stabsstelle Integration

Aufruf:
  stabsstelle [--db DATEI] [--user NAME]            die Oberfläche starten
  stabsstelle BEFEHL … [--db DATEI] [--user NAME]   einen Befehl ausführen

Optionen für alle Befehle (vor oder nach dem Befehl):
  --db DATEI    Datenbankdatei (sonst $STABSSTELLE_DB oder %s)
  --user NAME   wer arbeitet – steht bei jeder Änderung im Journal (sonst der Anmeldename)
  --verbose     bei Fehlern zusätzlich die technische Meldung (für Fehlerberichte)

Befehle:
`, DefaultDB())
	for _, v := range list {
		fmt.Fprintf(w, "  %-27s %s\n", v.Name, v.Summary)
	}
	fmt.Fprint(w, `
Hilfe zu einem Befehl: stabsstelle BEFEHL --help
Beispiele:
  stabsstelle demo --db /tmp/demo.db
  stabsstelle today --db /tmp/demo.db --date 05.03.2026
  stabsstelle --db /tmp/demo.db search tigrinya
`)
}
