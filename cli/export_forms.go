package cli

import (
	"bytes"
	"flag"
	"fmt"
	"strings"

	"stabsstelle/forms"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "export protokoll",
		Summary: "Protokoll einer Veranstaltung als PDF oder Markdown",
		Usage:   "stabsstelle export protokoll V-2026-003 --out DATEI.pdf|DATEI.md [--force]",
		Help: `Schreibt das Protokoll einer Sitzung: Termin, Anwesenheit (Zahlen und vertretene
Einrichtungen, keine Namen), Protokolltext, Beschlüsse und Aufgaben.

  --out DATEI.pdf   als PDF (A4, Briefkopf des Landkreises)
  --out DATEI.md    als Markdown (für E-Mail, Wiki oder Textverarbeitung)
  --force           eine vorhandene Datei ohne Rückfrage überschreiben (sonst fragt der Befehl
                    im Terminal und bricht im Skript mit 1 ab)

Beispiel:
  stabsstelle export protokoll V-2026-003 --out protokoll-ak-bildung.pdf`,
		Run: runExportProtokoll,
	})
	Register(Verb{
		Name:    "export einsatznachweis",
		Summary: "Einsatznachweis eines Einsatzes als PDF zum Unterschreiben",
		Usage:   "stabsstelle export einsatznachweis E-2026-0042 --out DATEI.pdf [--force]",
		Help: `Schreibt den Einsatznachweis (A4): die Buchung vorausgefüllt, Felder für Beginn, Ende,
Wartezeit und Kilometer (oder die erfassten Werte) und zwei Felder zum Unterschreiben.

  --force   eine vorhandene Datei ohne Rückfrage überschreiben (sonst fragt der Befehl im
            Terminal und bricht im Skript mit 1 ab)

Beispiel:
  stabsstelle export einsatznachweis E-2026-0042 --out E-2026-0042.pdf`,
		Run: runExportEinsatznachweis,
	})
}

// numberAndOut reads "NUMMER --out DATEI [--force]" in either order.
func numberAndOut(fs *flag.FlagSet, args []string, example string) (number, out string, force bool, err error) {
	o := fs.String("out", "", "Zieldatei")
	f := forceFlag(fs)
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		number, args = args[0], args[1:]
	}
	if err := ParseFlags(fs, args); err != nil {
		return "", "", false, err
	}
	switch {
	case number == "" && fs.NArg() == 1:
		number = fs.Arg(0)
	case fs.NArg() > 0:
		return "", "", false, UsageError("Bitte nur eine Nummer angeben, nicht „%s“.", strings.Join(fs.Args(), " "))
	}
	if number == "" || strings.TrimSpace(*o) == "" {
		return "", "", false, UsageError("Bitte Nummer und --out angeben, z. B. %s", example)
	}
	return strings.ToUpper(strings.TrimSpace(number)), *o, *f, nil
}

func runExportProtokoll(env *Env, args []string) error {
	fs := flag.NewFlagSet("export protokoll", flag.ContinueOnError)
	number, out, force, err := numberAndOut(fs, args, "stabsstelle export protokoll V-2026-003 --out protokoll.pdf")
	if err != nil {
		return err
	}
	lower := strings.ToLower(out)
	md := strings.HasSuffix(lower, ".md")
	if !md && !strings.HasSuffix(lower, ".pdf") {
		return UsageError("--out: die Datei endet auf .pdf oder .md, z. B. --out protokoll.pdf")
	}
	if err := checkNew(env, force, out); err != nil {
		return err
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	err = st.View(func(tx *store.Tx) error {
		ev, err := eventByNumber(tx, number)
		if err != nil {
			return err
		}
		p, err := store.ProtokollOf(tx, ev.ID)
		if err != nil {
			return err
		}
		lh, err := store.LoadLetterhead(tx)
		if err != nil {
			return err
		}
		if md {
			buf.WriteString(p.Markdown(lh, env.Now()))
			return nil
		}
		return forms.Protokoll(&buf, lh, p, env.Now())
	})
	if err != nil {
		return err
	}
	if err := WriteFile(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Protokoll %s geschrieben: %s\n", number, AbsPath(out))
	return nil
}

func runExportEinsatznachweis(env *Env, args []string) error {
	fs := flag.NewFlagSet("export einsatznachweis", flag.ContinueOnError)
	number, out, force, err := numberAndOut(fs, args, "stabsstelle export einsatznachweis E-2026-0042 --out nachweis.pdf")
	if err != nil {
		return err
	}
	if !strings.HasSuffix(strings.ToLower(out), ".pdf") {
		return UsageError("--out: die Datei endet auf .pdf, z. B. --out %s.pdf", number)
	}
	if err := checkNew(env, force, out); err != nil {
		return err
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	err = st.View(func(tx *store.Tx) error {
		e, err := store.Einsaetze.ByNumber(tx, number)
		if err != nil {
			return fmt.Errorf("Einen Einsatz %s gibt es nicht. Bitte die Nummer prüfen, z. B. mit „stabsstelle search %s“.", number, number)
		}
		f, err := store.EinsatzFormOf(tx, e.ID)
		if err != nil {
			return err
		}
		return forms.Einsatznachweis(&buf, f.Letterhead, f.Einsatz, f.Organisation, f.Interpreter, f.Tariff, env.Now())
	})
	if err != nil {
		return err
	}
	if err := WriteFile(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Einsatznachweis %s geschrieben: %s\n", number, AbsPath(out))
	return nil
}
