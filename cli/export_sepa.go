package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "export sepa",
		Summary: "Zahllauf: alle angeordneten Anträge als SEPA-Datei und Liste für die Kreiskasse",
		Usage:   "stabsstelle export sepa --out DATEI.xml [--date TT.MM.JJJJ]",
		Help: `Legt einen Zahllauf aus allen angeordneten Kostenerstattungen an, die noch in keinem
Zahllauf sind (eine Korrektur eines noch nicht ausgezahlten Antrags wird mit ihm zusammen
überwiesen), verrechnet offene Rückforderungen mit den Auszahlungen an dieselbe Person und
schreibt – erst nachdem der Zahllauf gespeichert ist –
  - die SEPA-Überweisungsdatei (pain.001.001.09, für das Online-Banking der Kreiskasse) nach DATEI
  - die Liste für die Kreiskasse daneben (gleicher Name mit .csv; öffnet sich in Excel richtig),
    mit einem eigenen Abschnitt für die Rückforderungen.
Wird eine Auszahlung durch die Verrechnung 0 €, steht sie nur auf der Liste, nicht in der
SEPA-Datei. Vorhandene Dateien werden nie überschrieben.

Die Anträge werden erst „ausgezahlt“, wenn der Zahllauf im Reiter Kostenerstattungen → Zahlläufe
als ausgeführt bestätigt wird; dort kann er vorher auch storniert werden (die Anträge sind dann
wieder frei).

  --out DATEI        Ziel der SEPA-Datei (Pflicht), z. B. zahllauf.xml
  --date TT.MM.JJJJ  gewünschtes Ausführungsdatum (Standard: nächster Bankarbeitstag nach heute;
                     Wochenenden und TARGET2-Feiertage werden auf den nächsten Bankarbeitstag gelegt)

Beispiel:
  stabsstelle export sepa --out zahllauf-november.xml
  → zahllauf-november.xml und zahllauf-november.csv`,
		Run: runExportSEPA,
	})
}

func runExportSEPA(env *Env, args []string) error {
	fs := flag.NewFlagSet("export sepa", flag.ContinueOnError)
	out := fs.String("out", "", "Zieldatei")
	date := fs.String("date", "", "Ausführungsdatum")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return UsageError("Unerwartetes Argument %q. Hilfe: stabsstelle export sepa --help", fs.Arg(0))
	}
	if strings.TrimSpace(*out) == "" {
		return UsageError("Bitte mit --out angeben, wohin die SEPA-Datei geschrieben wird, z. B. --out zahllauf.xml")
	}
	exec, err := executionDate(*date, model.Today(env.Now()))
	if err != nil {
		return err
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	var skipped []string
	if err := st.View(func(tx *store.Tx) error {
		_, skip, err := store.Payables(tx)
		for _, r := range skip {
			skipped = append(skipped, r.Number)
		}
		return err
	}); err != nil {
		return err
	}
	// The rules of what goes into the run are the store's (the TUI uses
	// the same); the files are written after the run is stored.
	run, files, err := store.MakePayoutRun(st, env.User, nil, exec, *out)
	if err != nil {
		return err
	}
	printPayoutRun(env.Stdout, run, files, skipped)
	return nil
}

// executionDate is the date of --date (not in the past), or without it the
// day after today; the store moves it to the next bank working day.
func executionDate(date string, today model.Date) (model.Date, error) {
	if date == "" {
		return today.AddDays(1), nil
	}
	d, err := model.ParseDate(date, today)
	if err != nil {
		return model.Date{}, UsageError("%v", err)
	}
	if d.Before(today) {
		return model.Date{}, UsageError("Das Ausführungsdatum %s liegt in der Vergangenheit.", d)
	}
	return d, nil
}

// printPayoutRun says what the new run holds, where its files are, which
// claims were left out (skipped) and what is left to do.
func printPayoutRun(w io.Writer, run *model.PayoutRun, files store.PayoutFiles, skipped []string) {
	fmt.Fprintf(w, "Zahllauf %s angelegt: %d Überweisung(en), Summe %s, Ausführung am %s.\n",
		run.Number, len(run.Transfers()), run.Total(), run.ExecutionDate)
	if n := run.NettedTotal(); n > 0 {
		fmt.Fprintf(w, "Mit offenen Rückforderungen verrechnet: %s.\n", n)
	}
	for _, it := range run.Items {
		if !it.Transferred() {
			fmt.Fprintf(w, "Nicht überwiesen (vollständig verrechnet, steht auf der Liste): %s %s\n", it.Number, it.Name)
		}
	}
	if files.XML != "" {
		fmt.Fprintf(w, "SEPA-Datei (pain.001.001.09): %s\n", store.AbsPath(files.XML))
	} else {
		fmt.Fprintf(w, "Keine SEPA-Datei: alles ist verrechnet, es wird nichts überwiesen.\n")
	}
	fmt.Fprintf(w, "Liste für die Kreiskasse:     %s\n", store.AbsPath(files.CSV))
	if len(skipped) > 0 {
		fmt.Fprintf(w, "Nicht aufgenommen (Betrag nicht über 0 €): %s\n", strings.Join(skipped, ", "))
	}
	if len(run.Reclaims) > 0 {
		fmt.Fprintf(w, "Die Liste nennt %d offene oder verrechnete Rückforderung(en) in einem eigenen Abschnitt.\n", len(run.Reclaims))
	}
	fmt.Fprintf(w, "Nach der Ausführung bitte im Reiter Kostenerstattungen → Zahlläufe bestätigen.\n")
}
