package report

import (
	"fmt"
	"io"

	"stabsstelle/model"
)

// Payee says how the Belegliste names the people paid.
type Payee int

const (
	// PayeeMasked gives initials only ("A. S."): the default, since a
	// funding body checks the Belegliste against the K-numbers and can see
	// the full records at the county.
	PayeeMasked Payee = iota
	// PayeeFull gives the full name, for a body whose Vordruck asks for it.
	PayeeFull
)

func (p Payee) name(full string) string {
	if p == PayeeFull {
		return full
	}
	return model.MaskName(full)
}

// VerwendungsnachweisTables lays the Verwendungsnachweis out: Übersicht,
// Belegliste (every Auszahlung and every Rückforderung that came back, in
// date order), Rückforderungen (each with its status) and the bookings per
// month.
func VerwendungsnachweisTables(vn *model.Verwendungsnachweis, payee Payee) []*table {
	return []*table{overviewTable(vn), belegTable(vn, payee), reclaimsTable(vn, payee), bookingMonthsTable(vn)}
}

// belegTable is the Belegliste: every Auszahlung and every Rückforderung
// that came back, in date order.
func belegTable(vn *model.Verwendungsnachweis, payee Payee) *table {
	beleg := &table{Sheet: "Belegliste", Name: "Belegliste", Cols: []col{
		{Head: "lfd. Nr.", Width: 8, Kind: kCount}, {Head: "Datum", Width: 12, Kind: kDate}, {Head: "Beleg", Width: 14},
		{Head: "Empfänger/Einzahler", Width: 24}, {Head: "Grund", Width: 48}, {Head: "Projekt", Width: 22}, {Head: "Art", Width: 15},
		{Head: "Betrag", Width: 16, Kind: kEuro, Sum: true}}}
	for i, p := range vn.Payments {
		beleg.Rows = append(beleg.Rows, []cell{i + 1, p.Date, p.Number, payee.name(p.Payee), p.Purpose, p.Project, p.Kind.Label(), p.Amount})
	}
	beleg.Totals = []cell{vn.Net}
	beleg.Notes = []string{
		"Belegliste nach Nr. 6 ANBest-P: Tag, Empfänger/Einzahler, Grund und Einzelbetrag, nach Datum geordnet. Beleg = Nummer der Kostenerstattung (K-…) oder der Rückforderung (R-…).",
		"Auszahlung: die Antragssumme am Ausführungstag des Zahllaufs. Rückforderung: was zurückkam, mit negativem Betrag – verrechnet am Ausführungstag des Zahllaufs, der es einbehielt, oder zurückgezahlt am Tag der Zahlung.",
		"Offene Rückforderungen mindern die Summe nicht (das Geld ist noch nicht zurück); sie stehen im Blatt Rückforderungen.",
	}
	if payee == PayeeMasked {
		beleg.Notes = append(beleg.Notes, "Empfänger als Initialen (Datenminimierung); die vollständigen Angaben liegen beim Landkreis unter der Belegnummer vor.")
	}
	return beleg
}

// reclaimsTable is every Rückforderung with its status and its sums.
func reclaimsTable(vn *model.Verwendungsnachweis, payee Payee) *table {
	back := &table{Sheet: "Rückforderungen", Name: "Rueckforderungen", Cols: []col{
		{Head: "lfd. Nr.", Width: 8, Kind: kCount}, {Head: "Rückforderung", Width: 14}, {Head: "seit", Width: 12, Kind: kDate},
		{Head: "Antrag", Width: 14}, {Head: "Storno/Korrektur", Width: 16}, {Head: "Person", Width: 24}, {Head: "Grund", Width: 44},
		{Head: "Betrag", Width: 14, Kind: kEuro, Sum: true}, {Head: "verrechnet", Width: 14, Kind: kEuro, Sum: true},
		{Head: "zurückgezahlt", Width: 14, Kind: kEuro, Sum: true}, {Head: "offen", Width: 14, Kind: kEuro, Sum: true},
		{Head: "Stand", Width: 14}, {Head: "fällig am", Width: 12, Kind: kDate}}}
	var amount, netted, paidBack model.Money
	for i, r := range vn.Reclaims {
		back.Rows = append(back.Rows, []cell{i + 1, r.Number, r.Date, r.ClaimNumber, r.CorrectionNumber, payee.name(r.Payee), r.Reason,
			r.Amount, r.Netted, r.PaidBack, r.Left, r.Status.Label(), r.Due})
		amount, netted, paidBack = amount+r.Amount, netted+r.Netted, paidBack+r.PaidBack
	}
	back.Totals = []cell{amount, netted, paidBack, vn.ReclaimsOpen}
	back.Notes = []string{"Eine Rückforderung entsteht, wenn ein Storno oder eine Korrektur eines ausgezahlten Antrags angeordnet wird. " +
		"Verrechnet und zurückgezahlt stehen auch in der Belegliste; offen ist, was noch zurückkommen muss."}
	return back
}

// overviewTable is the Übersicht: the fund, its sums and the signature.
func overviewTable(vn *model.Verwendungsnachweis) *table {
	f := vn.Fund
	over := &table{Sheet: "Übersicht", Name: "Uebersicht", Cols: []col{{Head: "Angabe", Width: 40}, {Head: "Wert", Width: 36}}}
	add := func(label string, v cell) { over.Rows = append(over.Rows, []cell{label, v}) }
	add("Fördertopf", f.Name)
	add("Haushaltsjahr", f.Year)
	add("Haushaltsstelle", f.Haushaltsstelle)
	add("Zeitraum der Buchungen", vn.Period.From.String()+" – "+vn.Period.To.String())
	add("bewilligt (Budget)", f.Amount)
	add("ausgezahlt", vn.Paid)
	add("Rückforderungen zurückerhalten", vn.Rueckforderungen)
	add("verwendet (netto)", vn.Net)
	add("nicht verwendet", vn.Left)
	add("Rückforderungen noch offen", vn.ReclaimsOpen)
	add("Anzahl Belege", len(vn.Payments))
	if f.Notes != "" {
		add("Grundlage", f.Notes)
	}
	over.Notes = []string{
		"verwendet (netto) = ausgezahlt − zurückerhaltene Rückforderungen; die Summen stehen als Formeln in den Blättern Belegliste und Rückforderungen.",
		"Es wird bestätigt, dass die Ausgaben notwendig waren, wirtschaftlich und sparsam verfahren wurde und die Angaben mit den Büchern und Belegen übereinstimmen.",
		"",
		"Ort, Datum: ____________________    Unterschrift: ______________________________",
	}
	return over
}

// bookingMonthsTable is the bookings per month.
func bookingMonthsTable(vn *model.Verwendungsnachweis) *table {
	months := &table{Sheet: "Monate", Name: "Monate", Cols: []col{{Head: "Monat", Width: 16},
		{Head: "Auszahlungen", Width: 16, Kind: kEuro, Sum: true}, {Head: "Rückforderungen", Width: 16, Kind: kEuro, Sum: true}}}
	for _, m := range vn.Months {
		months.Rows = append(months.Rows, []cell{model.MonthLabel(m.Month), m.Paid, m.Rueckforderungen})
	}
	months.Totals = []cell{vn.Paid, vn.Rueckforderungen}
	return months
}

// WriteVerwendungsnachweis writes the Verwendungsnachweis as an Excel
// workbook to w.
func WriteVerwendungsnachweis(w io.Writer, vn *model.Verwendungsnachweis, payee Payee) error {
	b, err := newBook()
	if err != nil {
		return err
	}
	for _, t := range VerwendungsnachweisTables(vn, payee) {
		if err := b.addTable(t); err != nil {
			return fmt.Errorf("Tabelle %s: %w", t.Sheet, err)
		}
	}
	return b.write(w, "Verwendungsnachweis "+vn.Fund.Name)
}
