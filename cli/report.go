package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"stabsstelle/model"
	"stabsstelle/report"
	"stabsstelle/store"
)

func init() {
	Register(Verb{
		Name:    "report monitoring",
		Summary: "Monitoring eines Jahres: Sprachmittlung, Fördertöpfe, Netzwerk (Text, JSON oder Excel)",
		Usage:   "stabsstelle report monitoring --year JJJJ [--json] [--out DATEI.xlsx [--force]]",
		Help: `Die Jahreszahlen für Kreistag und Fachausschuss – dieselben wie im Reiter Berichte.

  --year JJJJ      Kalenderjahr (Standard: das laufende Jahr)
  --json           die Zahlen als JSON für Skripte (Beträge in Cent)
  --out DATEI.xlsx eine Excel-Arbeitsmappe: ein Blatt je Bereich, Summen als Formeln
  --force          eine vorhandene Datei ohne Rückfrage überschreiben (sonst fragt der Befehl
                   im Terminal und bricht im Skript mit 1 ab)

Ohne --json und --out erscheint eine kurze Übersicht als Text.
JSON-Felder (Auszug): sprachmittlung.byStatus (Statuscode → Anzahl der Einsätze mit
Beginn im Jahr, z. B. "durchgefuehrt", "storniert_kurzfristig", "nicht_vermittelbar"),
sprachmittlung.byMonth ("2026-03" → Anzahl), sprachmittlung.byLanguage (Sprache → Anzahl),
kosten.fundingPots ([{name, budgetCents, paidCents, …}]), netzwerk.events …

Beispiele:
  stabsstelle report monitoring --year 2026
  stabsstelle report monitoring --year 2026 --json > monitoring-2026.json
  stabsstelle report monitoring --year 2026 --out monitoring-2026.xlsx`,
		Run: runReportMonitoring,
	})
	Register(Verb{
		Name:    "report verwendungsnachweis",
		Summary: "Verwendungsnachweis eines Fördertopfs als Excel-Datei (Belegliste mit Summen)",
		Usage:   "stabsstelle report verwendungsnachweis --topf NAME --year JJJJ --out DATEI.xlsx [--empfaenger voll] [--force]",
		Help: `Schreibt den zahlenmäßigen Nachweis eines Fördertopfs für den Zuwendungsgeber:
  Übersicht        bewilligt, ausgezahlt, zurückerhalten, verwendet (netto), Rest,
                   Rückforderungen noch offen
  Belegliste       jede Buchung nach Datum: Auszahlungen (Antragssumme am Ausführungstag
                   des Zahllaufs) und zurückerhaltene Rückforderungen (verrechnet oder
                   zurückgezahlt, negativ): lfd. Nr., Datum, Beleg (K- bzw. R-Nummer),
                   Empfänger/Einzahler, Grund, Projekt, Art, Betrag
  Rückforderungen  jede Rückforderung der Anträge des Topfs mit Antrag, Storno/Korrektur,
                   Betrag, verrechnet, zurückgezahlt, offen und Stand
  Monate           Auszahlungen und Rückforderungen je Monat
Alle Buchungen der Anträge des Topfs zählen, auch die nach dem 31.12. seines Jahres.

  --topf NAME          Name des Fördertopfs, z. B. "Sprachmittlung 2026" oder nur "Sprachmittlung"
  --year JJJJ          Haushaltsjahr des Topfs (Standard: das laufende Jahr)
  --out DATEI.xlsx     Zieldatei
  --force              eine vorhandene Datei ohne Rückfrage überschreiben (sonst fragt der
                       Befehl im Terminal und bricht im Skript mit 1 ab)
  --empfaenger voll    Empfänger mit vollem Namen (Standard: nur Initialen, z. B. "A. S." –
                       die K-Nummer führt zu den vollständigen Angaben beim Landkreis)

Beispiel:
  stabsstelle report verwendungsnachweis --topf Sprachmittlung --year 2026 --out vn-sprachmittlung-2026.xlsx`,
		Run: runReportVerwendungsnachweis,
	})
}

func runReportMonitoring(env *Env, args []string) error {
	fs := flag.NewFlagSet("report monitoring", flag.ContinueOnError)
	year := fs.Int("year", model.Today(env.Now()).Year, "Jahr")
	asJSON := fs.Bool("json", false, "JSON")
	out := fs.String("out", "", "Excel-Datei")
	force := forceFlag(fs)
	if err := ParseOptions(fs, args); err != nil {
		return err
	}
	if *year < 2000 || *year > 2199 {
		return UsageError("--year: bitte ein Jahr wie 2026 angeben.")
	}
	if *out != "" && !strings.HasSuffix(strings.ToLower(*out), ".xlsx") {
		return UsageError("--out: die Datei muss auf .xlsx enden, z. B. --out monitoring-%d.xlsx", *year)
	}
	if *out != "" {
		if err := checkNew(env, *force, *out); err != nil {
			return err
		}
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	var m *model.Monitoring
	if err := st.View(func(tx *store.Tx) (err error) {
		m, err = store.Monitoring(tx, model.YearPeriod(*year), model.ReportFilter{})
		return err
	}); err != nil {
		return err
	}
	if *out != "" {
		if err := writeMonitoringXLSX(*out, m); err != nil {
			return err
		}
		if !*asJSON {
			fmt.Fprintf(env.Stdout, "Monitoring %d geschrieben: %s\n", *year, AbsPath(*out))
		}
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	}
	if *out == "" {
		writeMonitoringText(env, m)
	}
	return nil
}

// writeMonitoringXLSX writes the workbook of m to path.
func writeMonitoringXLSX(path string, m *model.Monitoring) error {
	var buf bytes.Buffer
	if err := report.WriteMonitoring(&buf, m); err != nil {
		return err
	}
	return WriteFile(path, buf.Bytes())
}

// writeMonitoringText is the short overview on the terminal.
func writeMonitoringText(env *Env, m *model.Monitoring) {
	w := env.Stdout
	sm, k, n := m.Sprachmittlung, m.Kosten, m.Netzwerk
	fmt.Fprintf(w, "Monitoring %s\n\nSprachmittlung\n", m.Period.Label)
	num := func(n int) string { return model.Thousands(int64(n)) }
	fmt.Fprintf(w, "  Einsätze: %s, davon durchgeführt %s, nicht vermittelbar %s\n", num(sm.Total), num(sm.CarriedOut), num(sm.Unmet))
	for _, c := range sm.StatusCounts() {
		if c.Count > 0 {
			fmt.Fprintf(w, "    %-28s %7s\n", c.Name, num(c.Count))
		}
	}
	fmt.Fprintf(w, "  Stunden: %s · Aufwandsentschädigung %s · Fahrtkosten %s · Ausfallpauschalen %s\n",
		model.FormatHours(int64(sm.Minutes)), sm.AllowanceCents, sm.TravelCents, sm.CancelFeeCents)
	fmt.Fprintf(w, "  Ø Vorlauf %s Tage · zu kurzer Vorlauf: %s (%s %%)\n", model.Decimal1(sm.LeadDaysAvg), num(sm.ShortNotice), model.Decimal1(sm.ShortNoticePercent))
	top := sm.Languages
	if len(top) > 5 {
		top = top[:5]
	}
	var langs []string
	for _, c := range top {
		langs = append(langs, c.Name+" "+num(c.Count))
	}
	fmt.Fprintf(w, "  Sprachen (%d): %s\n\nFördertöpfe\n", len(sm.Languages), strings.Join(langs, ", "))
	for _, f := range k.FundingPots {
		runs := ""
		if f.RunsOut != "" {
			runs = " · aufgebraucht im " + model.MonthLabel(f.RunsOut)
		}
		fmt.Fprintf(w, "  %-36s %14s von %14s · Rest %s%s\n", f.Name, f.PaidCents, f.BudgetCents, f.LeftCents, runs)
	}
	fmt.Fprintf(w, "  Rückforderungen zurückerhalten: %s · noch offen: %s · nahe am Freibetrag: %d Personen\n\nNetzwerk\n",
		-k.Rueckforderungen, k.ReclaimsOpenCents, k.NearLimit)
	fmt.Fprintf(w, "  Veranstaltungen %s · Anmeldungen %s · Teilnehmende %s · Anwesenheit %s %% · Einrichtungen %s\n",
		num(n.Events), num(n.Registered), num(n.Participants), model.Decimal1(n.AttendancePercent), num(n.Organisations))
	fmt.Fprintln(w, "\nAls Excel: --out DATEI.xlsx · für Skripte: --json")
}

func runReportVerwendungsnachweis(env *Env, args []string) error {
	fs := flag.NewFlagSet("report verwendungsnachweis", flag.ContinueOnError)
	topf := fs.String("topf", "", "Fördertopf")
	year := fs.Int("year", model.Today(env.Now()).Year, "Jahr")
	out := fs.String("out", "", "Excel-Datei")
	force := forceFlag(fs)
	payee := fs.String("empfaenger", "kurz", "kurz oder voll")
	if err := ParseOptions(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*topf) == "" || strings.TrimSpace(*out) == "" {
		return UsageError("Bitte --topf NAME und --out DATEI.xlsx angeben, z. B. --topf Sprachmittlung --year 2026 --out vn.xlsx")
	}
	if *year < 2000 || *year > 2199 {
		return UsageError("--year: bitte ein Jahr wie 2026 angeben.")
	}
	if !strings.HasSuffix(strings.ToLower(*out), ".xlsx") {
		return UsageError("--out: die Datei muss auf .xlsx enden, z. B. --out vn-%d.xlsx", *year)
	}
	mode := report.PayeeMasked
	switch *payee {
	case "kurz":
	case "voll":
		mode = report.PayeeFull
	default:
		return UsageError("--empfaenger kennt nur kurz oder voll, nicht „%s“.", *payee)
	}
	if err := checkNew(env, *force, *out); err != nil {
		return err
	}
	st, err := env.Open()
	if err != nil {
		return err
	}
	var vn *model.Verwendungsnachweis
	if err := st.View(func(tx *store.Tx) error {
		f, err := store.FundByName(tx, *topf, *year)
		if err != nil {
			return err
		}
		vn, err = store.Verwendungsnachweis(tx, f)
		return err
	}); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.WriteVerwendungsnachweis(&buf, vn, mode); err != nil {
		return err
	}
	if err := WriteFile(*out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Verwendungsnachweis „%s“ geschrieben: %s\n  %d Belege · ausgezahlt %s · Rückforderungen zurückerhalten %s · verwendet %s von %s · Rest %s\n  %d Rückforderungen, noch offen %s\n",
		vn.Fund.Name, AbsPath(*out), len(vn.Payments), vn.Paid, -vn.Rueckforderungen, vn.Net, vn.Fund.Amount, vn.Left, len(vn.Reclaims), vn.ReclaimsOpen)
	return nil
}
