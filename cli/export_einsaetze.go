package cli

import (
	"encoding/json"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "export einsaetze",
		Summary: "alle Einsätze als JSON: Zeiten, Beträge in Cent, Absagen, Antrag (für Prüfungen und Skripte)",
		Usage:   "stabsstelle export einsaetze --json [--year JJJJ]",
		Help: `Schreibt die Einsätze als JSON-Liste (UTF-8) auf die Standardausgabe, einen Einsatz je Zeile,
nach Beginn sortiert. Beträge sind ganze Cent, Zeiten RFC 3339 (deutsche Zeit mit Offset);
was ein Einsatz nicht hat, ist ein leerer Text. Die Beträge sind die Teile, aus denen ein
Antrag entsteht – dieselbe Rechnung wie auf dem Einsatznachweis und im Antrag.

Felder je Einsatz:
  number          E-2026-0042
  status          Code des Status (z. B. durchgefuehrt, storniert_kurzfristig), statusLabel auf Deutsch
  start           geplanter Beginn
  interpreter     Name der Sprachmittler:in
  language        Sprache (dialect: Dialekt)
  minutes         abgerechnete Minuten (Einsatzzeit + vergütete Wartezeit), 0 ohne Einsatznachweis
  allowanceCents  Aufwandsentschädigung für die Zeit
  cancelFeeCents  Ausfallpauschale, wenn sie fällig ist
  km              gefahrene Kilometer (nur vor Ort), kmRateCents der km-Satz
  travelCents     Fahrtkosten = km × km-Satz
  cancelledAt     wann die Absage einging; cancelledBy wer absagte (einrichtung, klient,
                  sprachmittler, stabsstelle); cancelLate kurzfristig
  cancelOverride  Begründung, wenn die Entscheidung der Uhr übergangen wurde, sonst leer
  claim           K-Nummer des Antrags, der den Einsatz bezahlt, sonst leer

  --json          Ausgabe als JSON (Pflicht)
  --year JJJJ     nur Einsätze, die in diesem Jahr beginnen

Beispiele:
  stabsstelle export einsaetze --json --year 2026 > einsaetze-2026.json
  stabsstelle export einsaetze --json | jq '[.[] | select(.claim == "" and .allowanceCents > 0)] | length'`,
		Run: runExportEinsaetze,
	})
}

// EinsatzExport is one Einsatz of `export einsaetze --json`.
type EinsatzExport struct {
	Number         string      `json:"number"`
	Status         string      `json:"status"`
	StatusLabel    string      `json:"statusLabel"`
	Start          string      `json:"start"`
	Interpreter    string      `json:"interpreter"`
	Language       string      `json:"language"`
	Dialect        string      `json:"dialect"`
	Minutes        int         `json:"minutes"`
	AllowanceCents int64       `json:"allowanceCents"`
	CancelFeeCents int64       `json:"cancelFeeCents"`
	Km             json.Number `json:"km"` // kilometres, with a decimal where driven so (12.5)
	KmRateCents    int64       `json:"kmRateCents"`
	TravelCents    int64       `json:"travelCents"`
	CancelledAt    string      `json:"cancelledAt"`
	CancelledBy    string      `json:"cancelledBy"`
	CancelLate     bool        `json:"cancelLate"`
	CancelOverride string      `json:"cancelOverride"`
	Claim          string      `json:"claim"`
}

func exportEinsatz(e *model.Einsatz, interpreter, claim string) EinsatzExport {
	p := e.Parts()
	x := EinsatzExport{Number: e.Number, Status: string(e.Status), StatusLabel: e.Status.Label(), Start: rfc3339(e.Start),
		Interpreter: interpreter, Language: e.Language, Dialect: e.Dialect, Minutes: p.Minutes,
		AllowanceCents: int64(p.Allowance), CancelFeeCents: int64(p.CancelFee), Km: model.KmJSON(p.Km), KmRateCents: int64(p.KmRate),
		TravelCents: int64(p.Travel), Claim: claim}
	if c := e.Cancellation; c != nil {
		x.CancelledAt, x.CancelledBy, x.CancelLate, x.CancelOverride = rfc3339(c.At), string(c.By), c.Late, c.Override
	}
	return x
}

func runExportEinsaetze(env *Env, args []string) error {
	year, err := exportFlags("export einsaetze", "stabsstelle export einsaetze --json --year 2026", args)
	if err != nil {
		return err
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	out := newJSONArray(env.Stdout)
	err = st.View(func(tx *store.Tx) error {
		people, _, err := store.NameMaps(tx)
		if err != nil {
			return err
		}
		claims, err := store.EinsatzClaimNumbers(tx)
		if err != nil {
			return err
		}
		var from, to time.Time
		if year != 0 {
			from, to = yearBounds(year)
		}
		return store.EachEinsatz(tx, from, to, func(e *model.Einsatz) error {
			return out.add(exportEinsatz(e, people[e.InterpreterID], claims[e.ID]))
		})
	})
	if err != nil {
		return err
	}
	return out.close()
}
