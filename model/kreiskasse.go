package model

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// KreiskasseHeader are the columns of the payout list for the Kreiskasse.
var KreiskasseHeader = []string{"Nr.", "Name", "IBAN", "BIC", "Betrag", "Verwendungszweck", "Haushaltsstelle", "Fördertopf", "Ausführungsdatum"}

// WriteKreiskasse writes the payout list of run for German Excel
// (semicolons, UTF-8 with BOM, CRLF, decimal comma, TT.MM.JJJJ), one row per
// transfer and a final sum row.
func WriteKreiskasse(w io.Writer, run PayoutRun) error {
	c := NewExcelCSV(w)
	if err := c.Write(KreiskasseHeader...); err != nil {
		return err
	}
	exec := NextBankingDay(run.ExecutionDate).String()
	for _, it := range run.Items {
		if err := c.Write(it.Number, it.Name, it.IBAN.String(), it.BIC, it.Amount.Plain(),
			RemittanceText(it.Number, it.Remittance), it.Haushaltsstelle, it.FundName, exec); err != nil {
			return err
		}
	}
	if err := c.Write("Summe", fmt.Sprintf("%d Überweisungen", len(run.Items)), "", "", run.Total().Plain(), run.Number, "", "", exec); err != nil {
		return err
	}
	return c.Flush()
}

// Jahresbescheinigung is the yearly statement of the allowances (Aufwands-
// entschädigungen) paid to p in year, for the person's tax return and, if
// they receive Bürgergeld, the Jobcenter (domain.md §2.2). Only paid claims
// count (and ordered Storno claims, which reduce them); each is listed with
// its number and payment date.
func Jahresbescheinigung(p *Person, year int, claims []*Claim, limits Limits, issuer Account, now time.Time) string {
	cert := NewCertificate(p, year, claims, limits)
	kind, limit := cert.Kind, cert.Limit
	var b strings.Builder
	line := func(f string, a ...any) { fmt.Fprintf(&b, f+"\n", a...) }
	line("%s", issuer.Name)
	if s := joinNonEmpty(" ", issuer.Street, issuer.BuildingNo); s != "" {
		line("%s", s)
	}
	if s := joinNonEmpty(" ", issuer.PostalCode, issuer.Town); s != "" {
		line("%s", s)
	}
	line("")
	line("%s", p.Name)
	if s := p.Street; s != "" {
		line("%s", s)
	}
	if s := p.Place(); s != "" {
		line("%s", s)
	}
	line("")
	line("%s, %s", joinNonEmpty("", issuer.Town), Today(now))
	line("")
	line("Bescheinigung über Aufwandsentschädigungen im Kalenderjahr %d", year)
	line("%s", strings.Repeat("=", 64))
	line("")
	line("Hiermit wird bescheinigt, dass %s im Kalenderjahr %d für eine", p.Name, year)
	line("nebenberufliche ehrenamtliche Tätigkeit folgende Aufwandsentschädigungen")
	line("erhalten hat (steuerfrei nach %s bis %s im Jahr):", kind.Label(), limit)
	line("")
	total := cert.Total
	for _, r := range cert.Rows {
		paid := ""
		if !r.Paid.IsZero() {
			paid = r.Paid.String()
		}
		line("  %-12s  ausgezahlt %-10s  %14s", r.Number, paid, r.Amount.String())
	}
	if len(cert.Rows) == 0 {
		line("  (keine Aufwandsentschädigungen ausgezahlt)")
	}
	line("  %s", strings.Repeat("-", 50))
	line("  %-35s %14s", "Summe", total.String())
	line("")
	if limit > 0 && total > limit {
		line("Die Summe übersteigt den steuerfreien Höchstbetrag von %s um %s.", limit, total-limit)
		line("Der übersteigende Betrag ist gegebenenfalls zu versteuern.")
	} else if limit > 0 {
		line("Der steuerfreie Höchstbetrag von %s ist damit nicht überschritten.", limit)
	}
	line("Fahrt- und Sachkostenerstattungen gegen Nachweis sind Auslagenersatz und")
	line("hier nicht enthalten.")
	line("")
	line("Im Auftrag")
	line("")
	line("")
	line("______________________________")
	line("(Unterschrift)")
	return b.String()
}
