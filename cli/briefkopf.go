package cli

import (
	"flag"
	"fmt"
	"strings"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "briefkopf",
		Summary: "Briefkopf der gedruckten Formulare anzeigen oder ändern (Behörde, Dienststelle, Anschrift)",
		Usage:   "stabsstelle briefkopf [--behoerde T] [--dienststelle T] [--strasse T] [--plz T] [--ort T] [--telefon T] [--email T]",
		Help: `Jedes PDF (Einsatznachweis, Unterschriftenliste, Jahresbescheinigung, Protokoll) trägt oben
den Briefkopf. Vorgabe: Name und Anschrift aus dem Konto des Landkreises (Reiter
Kostenerstattungen) und die Stabsstelle Integration – bitte einmal an den eigenen Landkreis
anpassen. Ohne Optionen wird der jetzige Briefkopf gezeigt; angegebene Felder werden ersetzt,
die anderen bleiben.

Beispiel:
  stabsstelle briefkopf --behoerde "Landkreis Gifhorn" --dienststelle "Stabsstelle Integration" \
      --strasse "Schlossplatz 1" --plz 38518 --ort Gifhorn --telefon "05371 82-0" --email integration@gifhorn.de`,
		Run: runBriefkopf,
	})
}

func runBriefkopf(env *Env, args []string) error {
	fs := flag.NewFlagSet("briefkopf", flag.ContinueOnError)
	vals := map[string]*string{}
	for _, n := range []string{"behoerde", "dienststelle", "strasse", "plz", "ort", "telefon", "email"} {
		vals[n] = fs.String(n, "\x00", n)
	}
	if err := ParseOptions(fs, args); err != nil {
		return err
	}
	set := func(name string, dst *string) bool {
		if v := *vals[name]; v != "\x00" {
			*dst = strings.TrimSpace(v)
			return true
		}
		return false
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	var l model.Letterhead
	changed := false
	err = st.Update(env.User, func(tx *store.Tx) error {
		if l, err = store.LoadLetterhead(tx); err != nil {
			return err
		}
		for _, f := range []struct {
			name string
			dst  *string
		}{{"behoerde", &l.Authority}, {"dienststelle", &l.Office}, {"strasse", &l.Street}, {"plz", &l.PostalCode},
			{"ort", &l.Town}, {"telefon", &l.Phone}, {"email", &l.Email}} {
			if set(f.name, f.dst) {
				changed = true
			}
		}
		if !changed {
			return nil
		}
		return store.SaveLetterhead(tx, l)
	})
	if err != nil {
		return err
	}
	if changed {
		fmt.Fprintln(env.Stdout, "Briefkopf gespeichert:")
	}
	fmt.Fprintf(env.Stdout, "  %s\n  %s\n  %s\n  %s\n", l.Authority, l.Office, l.Address(), l.Contact())
	return nil
}
