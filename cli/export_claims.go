package cli

import (
	"encoding/json"
	"strings"

	"stabsstelle/model"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "export claims",
		Summary: "alle Kostenerstattungen als JSON: Positionen, Storno/Korrektur, Zahllauf, Rückforderungen",
		Usage:   "stabsstelle export claims --json [--year JJJJ]",
		Help: `Schreibt die Anträge auf Kostenerstattung als JSON-Liste (UTF-8) auf die Standardausgabe,
einen Antrag je Zeile, nach Nummer sortiert – für die Kreiskasse, die Rechnungsprüfung und
Skripte. Beträge sind ganze Cent, Daten JJJJ-MM-TT; was ein Antrag nicht hat, ist ein
leerer Text oder eine leere Liste.

Felder je Antrag:
  number        K-2026-0017; kind: antrag, storno oder korrektur
  person        Name der Person
  status        entwurf, eingereicht, sachlich, rechnerisch, angeordnet, ausgezahlt,
                storniert (wird nie ausgezahlt) oder verbucht (Storno/Korrektur eines
                ausgezahlten Antrags, als Rückforderung); statusLabel auf Deutsch
  fundingPot    Name des Fördertopfs
  totalCents    Summe der Positionen (Storno und Korrekturen nach unten: negativ)
  stornoOf      bei einem Storno: die Nummer des stornierten Antrags
  correctionOf  bei einer Korrektur: die Nummer des korrigierten Antrags
  reversedBy    bei einem ausgezahlten Antrag, den ein Storno ganz zurückgenommen hat: die
                Nummer des Stornos; seine Einsätze sind wieder frei für einen neuen Antrag
  payoutRun     Nummer des Zahllaufs (A-2026-003), der ihn auszahlt oder ausgezahlt hat
  lines         Positionen: kind (fahrt, sachkosten, aufwand), amountCents, km (Zahl, eine
                Nachkommastelle), kmRateCents, einsaetze (E-Nummern), date, description
  reclaims      Rückforderungen für Geld, das mit diesem Antrag gezahlt wurde: number,
                amountCents, leftCents (noch offen), status (offen, verrechnet,
                zurueckgezahlt), due, correction (der Storno/die Korrektur dazu)

  --json          Ausgabe als JSON (Pflicht)
  --year JJJJ     nur Anträge dieses Jahres (ein Antrag gehört in das Jahr seines Zeitraums)

Beispiele:
  stabsstelle export claims --json --year 2026 > antraege-2026.json
  stabsstelle export claims --json | jq '[.[] | select(.status == "ausgezahlt") | .totalCents] | add'`,
		Run: runExportClaims,
	})
}

// ClaimExport is one claim of `export claims --json`.
type ClaimExport struct {
	Number       string               `json:"number"`
	Kind         string               `json:"kind"`
	Person       string               `json:"person"`
	Status       string               `json:"status"`
	StatusLabel  string               `json:"statusLabel"`
	Year         int                  `json:"year"`
	PeriodFrom   string               `json:"periodFrom"`
	PeriodTo     string               `json:"periodTo"`
	FundingPot   string               `json:"fundingPot"`
	TotalCents   int64                `json:"totalCents"`
	StornoOf     string               `json:"stornoOf"`
	CorrectionOf string               `json:"correctionOf"`
	ReversedBy   string               `json:"reversedBy"`
	PayoutRun    string               `json:"payoutRun"`
	Lines        []ClaimLineExport    `json:"lines"`
	Reclaims     []ClaimReclaimExport `json:"reclaims"`
}

// ClaimLineExport is one line of a claim.
type ClaimLineExport struct {
	Kind        string      `json:"kind"` // fahrt, sachkosten, aufwand
	Date        string      `json:"date"`
	AmountCents int64       `json:"amountCents"`
	Km          json.Number `json:"km"`
	KmRateCents int64       `json:"kmRateCents"`
	Einsaetze   []string    `json:"einsaetze"`
	Description string      `json:"description"`
}

// ClaimReclaimExport is a Rückforderung of money paid with the claim.
type ClaimReclaimExport struct {
	Number      string `json:"number"`
	AmountCents int64  `json:"amountCents"`
	LeftCents   int64  `json:"leftCents"`
	Status      string `json:"status"`
	Due         string `json:"due"`
	Correction  string `json:"correction"`
}

func exportClaim(c *model.Claim, fund, run string, reclaims []*model.Reclaim) ClaimExport {
	x := ClaimExport{Number: c.Number, Kind: strings.ToLower(c.Kind.Label()), Person: c.PersonName, Status: string(c.Status),
		StatusLabel: c.Status.Label(), Year: c.Year(), PeriodFrom: isoDate(c.PeriodFrom), PeriodTo: isoDate(c.PeriodTo),
		FundingPot: fund, TotalCents: int64(c.Total()), PayoutRun: run, ReversedBy: c.ReversedBy,
		Lines: make([]ClaimLineExport, 0, len(c.Lines)), Reclaims: []ClaimReclaimExport{}}
	switch c.Kind {
	case model.ClaimStorno:
		x.StornoOf = c.CorrectsNumber
	case model.ClaimKorrektur:
		x.CorrectionOf = c.CorrectsNumber
	}
	for _, l := range c.Lines {
		el := ClaimLineExport{Kind: l.Kind.ExportKind(), Date: isoDate(l.Date), AmountCents: int64(l.Amount),
			Km: json.Number(strings.Replace(l.Km.Plain(), ",", ".", 1)), Einsaetze: []string{}, Description: l.Summary()}
		if l.Kind == model.LineFahrt {
			el.KmRateCents = int64(l.Rate)
		}
		el.Einsaetze = append(el.Einsaetze, l.EinsatzNumbers...)
		x.Lines = append(x.Lines, el)
	}
	for _, r := range reclaims {
		x.Reclaims = append(x.Reclaims, ClaimReclaimExport{Number: r.Number, AmountCents: int64(r.Amount), LeftCents: int64(r.Left()),
			Status: string(r.Status), Due: isoDate(r.Due), Correction: r.CorrectionNumber})
	}
	return x
}

func runExportClaims(env *Env, args []string) error {
	year, err := exportFlags("export claims", "stabsstelle export claims --json --year 2026", args)
	if err != nil {
		return err
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	out := newJSONArray(env.Stdout)
	err = st.View(func(tx *store.Tx) error {
		funds := map[string]string{}
		if err := store.Funds.Each(tx, func(f *model.Fund) error { funds[f.ID] = f.Name; return nil }); err != nil {
			return err
		}
		runs := map[string]string{}
		if err := store.Payouts.Each(tx, func(r *model.PayoutRun) error { runs[r.ID] = r.Number; return nil }); err != nil {
			return err
		}
		reclaims := map[string][]*model.Reclaim{}
		if err := store.Reclaims.Each(tx, func(r *model.Reclaim) error {
			reclaims[r.ClaimID] = append(reclaims[r.ClaimID], r)
			return nil
		}); err != nil {
			return err
		}
		return store.EachClaim(tx, year, func(c *model.Claim) error {
			return out.add(exportClaim(c, funds[c.FundID], runs[c.PayoutRunID], reclaims[c.ID]))
		})
	})
	if err != nil {
		return err
	}
	return out.close()
}
