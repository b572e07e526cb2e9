package cli

import (
	"bytes"
	"flag"
	"fmt"
	"strings"
	"time"

	"stabsstelle/forms"
	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "export jahresbescheinigung",
		Summary: "Jahresbescheinigung über Aufwandsentschädigungen (PDF, eine Person oder alle eines Jahres)",
		Usage:   "stabsstelle export jahresbescheinigung (--person NAME | --alle) [--year JJJJ] --out DATEI.pdf [--force]",
		Help: `Schreibt die Bescheinigung über die im Kalenderjahr ausgezahlten Aufwandsentschädigungen
(Pauschalen) – für die Steuererklärung oder das Jobcenter – als PDF (A4, Briefkopf des
Landkreises, Feld für die Unterschrift). Fahrt- und Sachkosten (Auslagenersatz) sind nicht enthalten.

  --person NAME   Name der Person (genau wie gespeichert, Groß-/Kleinschreibung egal)
  --alle          alle Personen, die im Jahr Aufwandsentschädigungen erhalten haben,
                  eine Seite je Person in einer PDF-Datei (zum Drucken und Versenden)
  --year JJJJ     Kalenderjahr (Standard: das laufende Jahr)
  --out DATEI     Zieldatei; endet sie auf .txt, wird die Bescheinigung als Text geschrieben
                  (nur mit --person)
  --force         eine vorhandene Datei ohne Rückfrage überschreiben (sonst fragt der Befehl
                  im Terminal und bricht im Skript mit 1 ab)

Beispiele:
  stabsstelle export jahresbescheinigung --person "Bashir Kaya" --year 2026 --out bashir-2026.pdf
  stabsstelle export jahresbescheinigung --alle --year 2026 --out bescheinigungen-2026.pdf`,
		Run: runExportJahresbescheinigung,
	})
}

func runExportJahresbescheinigung(env *Env, args []string) error {
	fs := flag.NewFlagSet("export jahresbescheinigung", flag.ContinueOnError)
	name := fs.String("person", "", "Name")
	all := fs.Bool("alle", false, "alle Personen")
	year := fs.Int("year", model.Today(env.Now()).Year, "Jahr")
	out := fs.String("out", "", "Zieldatei")
	force := forceFlag(fs)
	if err := ParseOptions(fs, args); err != nil {
		return err
	}
	hasName := strings.TrimSpace(*name) != ""
	if hasName == *all || strings.TrimSpace(*out) == "" {
		return UsageError("Bitte --person NAME oder --alle, und --out DATEI angeben, z. B. --person \"Anna Schmidt\" --out anna.pdf")
	}
	if *year < 2000 || *year > 2199 {
		return UsageError("--year: bitte ein Jahr wie 2026 angeben.")
	}
	asText := strings.HasSuffix(strings.ToLower(*out), ".txt")
	if asText && *all {
		return UsageError("--alle schreibt eine PDF-Datei: bitte --out DATEI.pdf angeben.")
	}
	if err := checkNew(env, *force, *out); err != nil {
		return err
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	var data []byte
	var certs []model.Certificate
	err = st.View(func(tx *store.Tx) error {
		var err error
		if asText {
			data, err = jahresbescheinigungText(tx, *name, *year)
			return err
		}
		data, certs, err = jahresbescheinigungPDF(tx, *name, *all, *year, env.Now())
		return err
	})
	if err != nil {
		return err
	}
	if err := WriteFile(*out, data); err != nil {
		return err
	}
	switch {
	case *all:
		fmt.Fprintf(env.Stdout, "%d Jahresbescheinigungen %d geschrieben (eine Seite je Person): %s\n", len(certs), *year, AbsPath(*out))
	default:
		fmt.Fprintf(env.Stdout, "Jahresbescheinigung %d für %s geschrieben: %s\n", *year, *name, AbsPath(*out))
	}
	return nil
}

// jahresbescheinigungText is the certificate of one person as plain text.
func jahresbescheinigungText(tx *store.Tx, name string, year int) ([]byte, error) {
	p, err := personByName(tx, name)
	if err != nil {
		return nil, err
	}
	txt, err := store.Jahresbescheinigung(tx, p.ID, year)
	return []byte(txt), err
}

// jahresbescheinigungPDF is the PDF of one person's certificate, or of
// everyone's (all), one page each, and the certificates on it.
func jahresbescheinigungPDF(tx *store.Tx, name string, all bool, year int, now time.Time) ([]byte, []model.Certificate, error) {
	var certs []model.Certificate
	var err error
	if all {
		certs, err = store.Certificates(tx, year)
	} else {
		var p *model.Person
		if p, err = personByName(tx, name); err != nil {
			return nil, nil, err
		}
		var c model.Certificate
		c, err = store.CertificateOf(tx, p.ID, year)
		certs = []model.Certificate{c}
	}
	if err != nil {
		return nil, nil, err
	}
	if len(certs) == 0 {
		return nil, nil, fmt.Errorf("Im Jahr %d wurden keine Aufwandsentschädigungen ausgezahlt – es gibt nichts zu bescheinigen.", year)
	}
	lh, err := store.LoadLetterhead(tx)
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	err = forms.Jahresbescheinigung(&buf, lh, certs, now)
	return buf.Bytes(), certs, err
}

// personByName finds exactly one person by name, with German messages.
func personByName(tx *store.Tx, name string) (*model.Person, error) {
	var found []*model.Person
	err := store.People.Each(tx, func(p *model.Person) error {
		if strings.EqualFold(strings.TrimSpace(p.Name), strings.TrimSpace(name)) {
			found = append(found, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("Es gibt keine Person „%s“. Bitte den Namen prüfen (stabsstelle search %s).", name, name)
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("Es gibt %d Personen mit dem Namen „%s“ – bitte die Bescheinigung im Reiter Kostenerstattungen → Engagierte schreiben.", len(found), name)
}
