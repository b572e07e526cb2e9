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
		Name:    "export sepa",
		Summary: "Zahllauf: alle angeordneten Anträge als SEPA-Datei und Liste für die Kreiskasse",
		Usage:   "stabsstelle export sepa --out DATEI.xml [--date TT.MM.JJJJ]",
		Help: `Legt einen Zahllauf aus allen angeordneten Kostenerstattungen an, die noch in keinem
Zahllauf sind, und schreibt
  - die SEPA-Überweisungsdatei (pain.001.001.09, für das Online-Banking der Kreiskasse) nach DATEI
  - die Liste für die Kreiskasse daneben (gleicher Name mit .csv; öffnet sich in Excel richtig).

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
	today := model.Today(env.Now())
	exec := today.AddDays(1)
	if *date != "" {
		d, err := model.ParseDate(*date, today)
		if err != nil {
			return UsageError("%v", err)
		}
		if d.Before(today) {
			return UsageError("Das Ausführungsdatum %s liegt in der Vergangenheit.", d)
		}
		exec = d
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	var run *model.PayoutRun
	var csvPath string
	var skipped []string
	err = st.Update(env.User, func(tx *store.Tx) error {
		rows, err := store.PayableRows(tx)
		if err != nil {
			return err
		}
		var ids []string
		for _, r := range rows {
			if r.Total <= 0 {
				skipped = append(skipped, r.Number)
				continue
			}
			ids = append(ids, r.ID)
		}
		if len(ids) == 0 {
			return fmt.Errorf("Es gibt keine angeordneten Anträge, die noch nicht in einem Zahllauf sind – es wurde keine Datei geschrieben.")
		}
		set, err := store.LoadKostenSettings(tx)
		if err != nil {
			return err
		}
		if run, err = store.CreatePayoutRun(tx, ids, exec); err != nil {
			return err
		}
		// Files are written inside the transaction: if they cannot be
		// written, the run is not stored and the claims stay free.
		if csvPath, err = store.WritePayoutFiles(*out, run, set.Account, tx.Now()); err != nil {
			return err
		}
		return store.SetPayoutFile(tx, run.ID, *out)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Zahllauf %s angelegt: %d Überweisung(en), Summe %s, Ausführung am %s.\n",
		run.Number, len(run.Items), run.Total(), run.ExecutionDate)
	fmt.Fprintf(env.Stdout, "SEPA-Datei (pain.001.001.09): %s\n", *out)
	fmt.Fprintf(env.Stdout, "Liste für die Kreiskasse:     %s\n", csvPath)
	if len(skipped) > 0 {
		fmt.Fprintf(env.Stdout, "Nicht aufgenommen (Betrag nicht über 0 €): %s\n", strings.Join(skipped, ", "))
	}
	fmt.Fprintf(env.Stdout, "Nach der Ausführung bitte im Reiter Kostenerstattungen → Zahlläufe bestätigen.\n")
	return nil
}
