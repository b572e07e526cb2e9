package model

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// KreiskasseHeader are the columns of the payout list for the Kreiskasse:
// Betrag is the transfer; Antragssumme and verrechnet show what was netted
// against Rückforderungen (Betrag = Antragssumme − verrechnet).
var KreiskasseHeader = []string{"Nr.", "Name", "IBAN", "BIC", "Betrag", "Verwendungszweck", "Haushaltsstelle", "Fördertopf", "Ausführungsdatum",
	"Antragssumme", "verrechnet", "Rückforderung"}

// KreiskasseReclaimHeader are the columns of the list's second section.
var KreiskasseReclaimHeader = []string{"Rückforderung", "Name", "Antrag", "Grund", "Betrag", "in diesem Lauf verrechnet", "danach offen", "fällig am"}

// WriteKreiskasse writes the payout list of run for German Excel
// (semicolons, UTF-8 with BOM, CRLF, decimal comma, TT.MM.JJJJ): one row per
// claim and a final sum row; then, if there are any, the Rückforderungen in
// a section of their own (netted in this run, or still open). A claim
// settled completely by netting has Betrag 0,00 and is not in the SEPA file.
func WriteKreiskasse(w io.Writer, run PayoutRun) error {
	c := NewExcelCSV(w)
	if err := c.Write(KreiskasseHeader...); err != nil {
		return err
	}
	exec := NextBankingDay(run.ExecutionDate).String()
	for _, it := range run.Items {
		text := RemittanceText(it.Number, it.Remittance)
		if !it.Transferred() {
			text = "nicht überwiesen – vollständig verrechnet mit " + strings.Join(it.Reclaims, ", ")
		}
		if err := c.Write(it.Number, it.Name, it.IBAN.String(), it.BIC, it.Amount.Plain(),
			text, it.Haushaltsstelle, it.FundName, exec,
			it.GrossAmount().Plain(), it.Netted.Plain(), strings.Join(it.Reclaims, ", ")); err != nil {
			return err
		}
	}
	if err := c.Write("Summe", fmt.Sprintf("%d Überweisungen", len(run.Transfers())), "", "", run.Total().Plain(), run.Number, "", "", exec,
		Sum(run.Total(), run.NettedTotal()).Plain(), run.NettedTotal().Plain(), ""); err != nil {
		return err
	}
	if len(run.Reclaims) > 0 {
		if err := c.Write(); err != nil {
			return err
		}
		if err := c.Write("Rückforderungen (offen oder in diesem Zahllauf verrechnet)"); err != nil {
			return err
		}
		if err := c.Write(KreiskasseReclaimHeader...); err != nil {
			return err
		}
		for _, r := range run.Reclaims {
			if err := c.Write(r.Number, r.Name, r.ClaimNumber, r.Reason, r.Amount.Plain(), r.Netted.Plain(), r.Left.Plain(), r.Due.String()); err != nil {
				return err
			}
		}
	}
	return c.Flush()
}

// Jahresbescheinigung is the yearly statement of the allowances (Aufwands-
// entschädigungen) paid to p in year, for the person's tax return and, if
// they receive Bürgergeld, the Jobcenter (docs/DOMAIN.md §2.2). Only paid claims
// count, net: a verbucht Storno or Korrektur reduces them with its negative
// allowance (the money is owed back through a Rückforderung); each is
// listed with its number and date.
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
		line("  %-12s  %-10s %-10s  %14s", r.Number, r.What(), paid, r.Amount.String())
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
