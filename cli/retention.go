package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "retention",
		Summary: "Löschfristen: was fällig ist (Vorschau) und der Löschlauf",
		Usage:   "stabsstelle retention [--run [--yes]] [--json]",
		Help: `Zeigt die Löschfristen (Art der Daten, Rechtsgrundlage, Frist) und was heute fällig ist:
je Regel die Zahl und wer oder was betroffen ist. Ohne --run wird nichts geändert.

Regeln (Standard, änderbar in den Einstellungen):
  Kontaktdaten der Teilnehmenden      3 Monate nach dem Ende der Veranstaltung
  Initialen der Klient:innen          1 Jahr nach dem Einsatz
  Sprachmittler:innen ohne Einsatz    2 Jahre nach dem letzten Einsatz
  Anträge, Zahlläufe, Rückforderungen 8 Jahre nach dem Ende des Jahres (§ 147 AO)

  --run    den Löschlauf ausführen (fragt vorher; danach wird die Datei verdichtet)
  --yes    ohne Rückfrage (für Skripte), nur mit --run
  --json   die Vorschau (und mit --run das Ergebnis) als JSON

Exit-Code: 0 in Ordnung, 1 abgelehnt oder Fehler, 2 falscher Aufruf.

Beispiele:
  stabsstelle retention
  stabsstelle retention --run --yes`,
		Run: runRetention,
	})
}

// retentionShown is how many items per rule the text lists.
const retentionShown = 10

func runRetention(env *Env, args []string) error {
	fs := flag.NewFlagSet("retention", flag.ContinueOnError)
	run := fs.Bool("run", false, "ausführen")
	yes := fs.Bool("yes", false, "ohne Rückfrage")
	asJSON := fs.Bool("json", false, "JSON")
	if err := ParseOptions(fs, args); err != nil {
		return err
	}
	if *yes && !*run {
		return UsageError("--yes gilt nur zusammen mit --run.")
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	var plan *store.RetentionPlan
	if err := st.View(func(tx *store.Tx) (err error) { plan, err = store.PlanRetention(tx); return err }); err != nil {
		return err
	}
	if !*run {
		return showRetentionPlan(env, plan, *asJSON)
	}
	if !*asJSON {
		printRetention(env.Stdout, plan)
	}
	if len(plan.Items) == 0 {
		if *asJSON {
			return writeJSON(env.Stdout, map[string]any{"plan": plan, "done": 0})
		}
		return nil
	}
	if !*yes {
		if err := confirmRetention(env, len(plan.Items)); err != nil {
			return err
		}
	}
	var res store.RetentionResult
	if err := st.Update(env.User, func(tx *store.Tx) (err error) {
		plan, res, err = store.RunRetention(tx)
		return err
	}); err != nil {
		return err
	}
	if err := reportRetention(env, plan, res, *asJSON); err != nil {
		return err
	}
	out := env.Stdout
	if *asJSON {
		env.Stdout = io.Discard // the JSON stays the only output
	}
	err = env.compactAfterErase()
	env.Stdout = out
	return err
}

// showRetentionPlan shows what a run would erase, and changes nothing.
func showRetentionPlan(env *Env, plan *store.RetentionPlan, asJSON bool) error {
	if asJSON {
		return writeJSON(env.Stdout, plan)
	}
	printRetention(env.Stdout, plan)
	if len(plan.Items) > 0 {
		fmt.Fprintln(env.Stdout, "\nEs wurde nichts geändert. Ausführen: stabsstelle retention --run")
	}
	return nil
}

// confirmRetention asks before the erasure run; without a terminal it
// refuses (only --yes runs unasked).
func confirmRetention(env *Env, items int) error {
	if !interactive(env.Stdin) {
		return errors.New("Es wurde nichts gelöscht: ohne Rückfrage nur mit --yes (stabsstelle retention --run --yes).")
	}
	if !ask(bufio.NewReader(env.Stdin), env.Stderr, fmt.Sprintf("Löschlauf jetzt ausführen (%d Punkte)? [j/n] ", items)) {
		return errors.New("Es wurde nichts gelöscht.")
	}
	return nil
}

// reportRetention says what the run did: as JSON, or a line with the
// points done and one per point skipped.
func reportRetention(env *Env, plan *store.RetentionPlan, res store.RetentionResult, asJSON bool) error {
	if asJSON {
		done := map[string]int{}
		for k, n := range res.Done {
			done[string(k)] = n
		}
		if err := writeJSON(env.Stdout, map[string]any{"plan": plan, "done": done, "total": res.Total, "skipped": res.Errors}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(env.Stdout, "Löschlauf ausgeführt: %d Punkte erledigt.\n", res.Total)
		for _, e := range res.Errors {
			fmt.Fprintln(env.Stdout, "  übersprungen: "+e)
		}
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func printRetention(w io.Writer, plan *store.RetentionPlan) {
	fmt.Fprintf(w, "Löschfristen am %s:\n", plan.Today)
	for _, r := range plan.Rules {
		fmt.Fprintf(w, "\n%s – %s %s: %d fällig\n", r.Kind.Label(), r.PeriodLabel(), r.Kind.From(), plan.Count(r.Kind))
		fmt.Fprintf(w, "  Rechtsgrundlage: %s\n", r.Basis)
		shown := 0
		for _, it := range plan.Items {
			if it.Rule != r.Kind {
				continue
			}
			if shown == retentionShown {
				fmt.Fprintf(w, "  … und %d weitere (alle: stabsstelle retention --json)\n", plan.Count(r.Kind)-shown)
				break
			}
			fmt.Fprintf(w, "  %s (fällig seit %s): %s\n", it.Label, it.Due, it.Action)
			shown++
		}
	}
	if len(plan.Items) == 0 {
		fmt.Fprintln(w, "\nNichts fällig.")
	}
}
