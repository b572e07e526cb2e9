package report

import (
	"fmt"
	"io"

	"stabsstelle/model"
)

// MonitoringTables lays the monitoring out as the workbook's tables, one
// sheet each: Kennzahlen, Sprachmittlung per month, Sprachen,
// Einrichtungen, Fördertöpfe, Fördertöpfe per month, Netzwerk, Regionen and
// Aufgaben. Exported for the tests, which hold every sum cell against
// Totals.
func MonitoringTables(m *model.Monitoring) []*table {
	sm, k, n := &m.Sprachmittlung, &m.Kosten, &m.Netzwerk
	return []*table{
		kennzahlenTable(m),
		sprachmittlungMonthsTable(sm),
		languagesTable(sm),
		institutionsTable(sm),
		fundingPotsTable(k),
		fundingPotsByMonthTable(m, k),
		themenfelderTable(n),
		regionsTable(n, sm),
		tasksTable(n),
	}
}

// kennzahlenTable is the sheet of the key figures of all three areas, and
// the filter if one is set.
func kennzahlenTable(m *model.Monitoring) *table {
	sm, k, n := &m.Sprachmittlung, &m.Kosten, &m.Netzwerk
	kenn := &table{Sheet: "Kennzahlen", Name: "Kennzahlen", Cols: []col{{Head: "Kennzahl", Width: 52}, {Head: "Wert", Width: 18}, {Head: "Einheit", Width: 12}}}
	add := func(label string, v cell, unit string) { kenn.Rows = append(kenn.Rows, []cell{label, v, unit}) }
	add("Zeitraum", m.Period.Label, "")
	add("Einsätze (Beginn im Zeitraum)", sm.Total, "Anzahl")
	add("davon durchgeführt", sm.CarriedOut, "Anzahl")
	add("davon nicht vermittelbar (ungedeckter Bedarf)", sm.Unmet, "Anzahl")
	add("Einsatzstunden", Hours(sm.Minutes), "Stunden")
	add("Aufwandsentschädigung", sm.AllowanceCents, "Euro")
	add("Fahrtkosten", sm.TravelCents, "Euro")
	add("Ausfallpauschalen", sm.CancelFeeCents, "Euro")
	add("Ø Vorlauf zwischen Anfrage und Einsatz", sm.LeadDaysAvg, "Tage")
	add("Anfragen mit zu kurzem Vorlauf", sm.ShortNotice, "Anzahl")
	add("Anteil zu kurzer Vorlauf", sm.ShortNoticePercent, "%")
	add("Aktive Sprachmittler:innen", sm.Interpreters.Active, "Anzahl")
	add("Anteil der 10 % meistgebuchten an den Einsätzen", sm.Interpreters.TopTenthPercent, "%")
	add("Ausgezahlt aus Fördertöpfen (netto)", k.PaidCents, "Euro")
	add("davon Rückforderungen zurückerhalten", k.Rueckforderungen, "Euro")
	add("Rückforderungen noch offen (nicht abgezogen)", k.ReclaimsOpenCents, "Euro")
	add("Personen nahe am steuerfreien Jahresbetrag (≥ 90 %)", k.NearLimit, "Anzahl")
	add("Veranstaltungen", n.Events, "Anzahl")
	add("Anmeldungen", n.Registered, "Anzahl")
	add("Teilnehmende", n.Participants, "Anzahl")
	add("Anwesenheitsquote", n.AttendancePercent, "%")
	add("Erreichte Einrichtungen", n.Organisations, "Anzahl")
	if !m.Filter.Empty() {
		add("Filter", filterText(m.Filter), "")
	}
	kenn.Notes = []string{"Erstellt mit stabsstelle. Alle Zahlen stammen aus einer Berechnung – dieselbe wie in der Oberfläche und in „report monitoring --json“."}
	return kenn
}

// sprachmittlungMonthsTable is the sheet of the Einsätze of every month with their sums.
func sprachmittlungMonthsTable(sm *model.SprachmittlungReport) *table {
	mon := &table{Sheet: "Sprachmittlung", Name: "Monate", Cols: []col{
		{Head: "Monat", Width: 16}, {Head: "Einsätze", Kind: kCount, Sum: true}, {Head: "durchgeführt", Kind: kCount, Sum: true},
		{Head: "storniert rechtzeitig", Width: 20, Kind: kCount, Sum: true}, {Head: "storniert kurzfristig", Width: 20, Kind: kCount, Sum: true},
		{Head: "nicht erschienen", Width: 16, Kind: kCount, Sum: true}, {Head: "nicht vermittelbar", Width: 18, Kind: kCount, Sum: true},
		{Head: "Stunden", Kind: kHours, Sum: true}, {Head: "Aufwandsentschädigung", Width: 22, Kind: kEuro, Sum: true},
		{Head: "Fahrtkosten", Width: 16, Kind: kEuro, Sum: true}, {Head: "Ausfallpauschalen", Width: 18, Kind: kEuro, Sum: true}}}
	for _, f := range sm.PerMonth {
		mon.Rows = append(mon.Rows, []cell{model.MonthLabel(f.Month), f.Einsaetze, f.CarriedOut, f.CancelledEarly, f.CancelledLate,
			f.NoShow, f.Unmet, Hours(f.Minutes), f.Allowance, f.Travel, f.CancelFee})
	}
	// The totals are the report's own (sm), not re-added here: the tests
	// check that Excel's sums of the rows arrive at them.
	mon.Totals = []cell{sm.Total, sm.CarriedOut, sm.ByStatus[string(model.StatusStorniertRechtzeitig)],
		sm.ByStatus[string(model.StatusStorniertKurzfristig)], sm.ByStatus[string(model.StatusNichtErschienen)], sm.Unmet,
		Hours(sm.Minutes), sm.AllowanceCents, sm.TravelCents, sm.CancelFeeCents}
	mon.Notes = []string{"Gezählt werden Einsätze nach ihrem geplanten Beginn. Abgerechnete Einsätze zählen unter dem, was geschah (durchgeführt, storniert, nicht erschienen)."}
	return mon
}

// languagesTable is the sheet of the Einsätze per language.
func languagesTable(sm *model.SprachmittlungReport) *table {
	lang := &table{Sheet: "Sprachen", Name: "Sprachen", Cols: []col{{Head: "Sprache", Width: 28}, {Head: "Einsätze", Kind: kCount, Sum: true}, {Head: "Anteil", Kind: kPct}}}
	for _, c := range sm.Languages {
		lang.Rows = append(lang.Rows, []cell{c.Name, c.Count, pct(c.Count, sm.Total)})
	}
	lang.Totals = []cell{sm.Total}
	return lang
}

// institutionsTable is the sheet of the Einsätze per institution.
func institutionsTable(sm *model.SprachmittlungReport) *table {
	inst := &table{Sheet: "Einrichtungen", Name: "Einrichtungen", Cols: []col{{Head: "Einrichtung", Width: 48}, {Head: "Einsätze", Kind: kCount, Sum: true}, {Head: "Anteil", Kind: kPct}}}
	for _, c := range sm.Institutions {
		inst.Rows = append(inst.Rows, []cell{c.Name, c.Count, pct(c.Count, sm.Total)})
	}
	inst.Totals = []cell{sm.Total}
	return inst
}

// fundingPotsTable is the sheet of every Fördertopf against its budget.
func fundingPotsTable(k *model.KostenReport) *table {
	pots := &table{Sheet: "Fördertöpfe", Name: "Foerdertoepfe", Cols: []col{{Head: "Fördertopf", Width: 36}, {Head: "Jahr", Kind: kCount},
		{Head: "Budget", Width: 16, Kind: kEuro, Sum: true}, {Head: "ausgezahlt (netto)", Width: 18, Kind: kEuro, Sum: true},
		{Head: "davon Rückforderungen", Width: 22, Kind: kEuro, Sum: true}, {Head: "Rückforderungen offen", Width: 22, Kind: kEuro, Sum: true},
		{Head: "gebunden", Width: 16, Kind: kEuro, Sum: true}, {Head: "Rest", Width: 16, Kind: kEuro, Sum: true}, {Head: "reicht bis", Width: 16}}}
	var budget, paid, back, owed, committed, left model.Money
	for _, f := range k.FundingPots {
		runs := "Jahresende"
		if f.RunsOut != "" {
			runs = model.MonthLabel(f.RunsOut)
		}
		pots.Rows = append(pots.Rows, []cell{f.Name, f.Year, f.BudgetCents, f.PaidCents, f.RueckforderungenCents, f.ReclaimsOpenCents,
			f.CommittedCents, f.LeftCents, runs})
		budget += f.BudgetCents
		paid += f.PaidCents
		back += f.RueckforderungenCents
		owed += f.ReclaimsOpenCents
		committed += f.CommittedCents
		left += f.LeftCents
	}
	pots.Totals = []cell{budget, paid, back, owed, committed, left}
	pots.Notes = []string{"ausgezahlt (netto): Auszahlungen (Antragssumme am Ausführungstag des Zahllaufs) abzüglich der Rückforderungen, die zurückkamen (verrechnet oder zurückgezahlt).",
		"Rückforderungen offen: noch nicht zurück, darum nicht abgezogen. gebunden: eingereicht bis angeordnet, noch nicht ausgezahlt.",
		"reicht bis: Monat, in dem das Budget beim bisherigen Tempo verbraucht ist."}
	return pots
}

// fundingPotsByMonthTable is the sheet of what each Fördertopf paid per month.
func fundingPotsByMonthTable(m *model.Monitoring, k *model.KostenReport) *table {
	byMonth := &table{Sheet: "Fördertöpfe je Monat", Name: "FoerdertoepfeMonate", Cols: []col{{Head: "Monat", Width: 16}}}
	var potTotals []cell
	for _, f := range k.FundingPots {
		byMonth.Cols = append(byMonth.Cols, col{Head: f.Name, Width: 24, Kind: kEuro, Sum: true})
		potTotals = append(potTotals, f.PaidCents)
	}
	for _, mk := range m.Period.Months() {
		row := []cell{model.MonthLabel(mk)}
		for _, f := range k.FundingPots {
			row = append(row, f.ByMonth[mk])
		}
		byMonth.Rows = append(byMonth.Rows, row)
	}
	byMonth.Totals = potTotals
	return byMonth
}

// themenfelderTable is the sheet of events and participants per Themenfeld.
func themenfelderTable(n *model.NetzwerkReport) *table {
	netz := &table{Sheet: "Netzwerk", Name: "Themenfelder", Cols: []col{{Head: "Themenfeld", Width: 30}, {Head: "Veranstaltungen", Width: 16, Kind: kCount},
		{Head: "Teilnehmende", Width: 16, Kind: kCount}}}
	for _, g := range n.ByThemenfeld {
		netz.Rows = append(netz.Rows, []cell{g.Name, g.Events, g.Participants})
	}
	netz.Notes = []string{"Eine Veranstaltung kann mehreren Themenfeldern zugeordnet sein; die Spalten ergeben darum keine Summe.",
		fmt.Sprintf("Veranstaltungen insgesamt: %d · Teilnehmende insgesamt: %d · Anwesenheitsquote: %.1f %%", n.Events, n.Participants, n.AttendancePercent)}
	return netz
}

// regionsTable is the sheet of events, participants and Einsätze per region.
func regionsTable(n *model.NetzwerkReport, sm *model.SprachmittlungReport) *table {
	reg := &table{Sheet: "Regionen", Name: "Regionen", Cols: []col{{Head: "Region", Width: 16}, {Head: "Gemeinden", Width: 48},
		{Head: "Veranstaltungen", Width: 16, Kind: kCount, Sum: true}, {Head: "Teilnehmende", Width: 16, Kind: kCount, Sum: true},
		{Head: "Einsätze Sprachmittlung", Width: 22, Kind: kCount, Sum: true}}}
	var rEv, rPart, rEin int
	for _, g := range n.ByRegion {
		r := model.Region(g.Name)
		reg.Rows = append(reg.Rows, []cell{g.Name, r.Gemeinden(), g.Events, g.Participants, sm.ByRegion[g.Name]})
		rEv += g.Events
		rPart += g.Participants
		rEin += sm.ByRegion[g.Name]
	}
	reg.Totals = []cell{rEv, rPart, rEin}
	reg.Notes = []string{"Veranstaltungen ohne Region (ganzer Landkreis) und Einsätze außerhalb des Landkreises fehlen in dieser Tabelle."}
	return reg
}

// tasksTable is the sheet of the open and overdue tasks per Gremium.
func tasksTable(n *model.NetzwerkReport) *table {
	tasks := &table{Sheet: "Aufgaben", Name: "Aufgaben", Cols: []col{{Head: "Gremium", Width: 44}, {Head: "offen", Kind: kCount, Sum: true}, {Head: "überfällig", Kind: kCount, Sum: true}}}
	var open, overdue int
	for _, t := range n.Tasks {
		tasks.Rows = append(tasks.Rows, []cell{t.Name, t.Open, t.Overdue})
		open += t.Open
		overdue += t.Overdue
	}
	tasks.Totals = []cell{open, overdue}
	tasks.Notes = []string{"Stand: heute (offene Aufgaben hängen nicht vom Zeitraum ab)."}
	return tasks
}

func pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(int64(1000*float64(n)/float64(of)+0.5)) / 10
}

func filterText(f model.ReportFilter) string {
	var s string
	add := func(label, v string) {
		if v != "" {
			if s != "" {
				s += ", "
			}
			s += label + ": " + v
		}
	}
	add("Sprache", f.Language)
	add("Einrichtung", f.Organisation)
	add("Region", string(f.Region))
	add("Fördertopf", f.FundID)
	add("Themenfeld", string(f.Themenfeld))
	return s
}

// WriteMonitoring writes the monitoring as an Excel workbook to w.
func WriteMonitoring(w io.Writer, m *model.Monitoring) error {
	b, err := newBook()
	if err != nil {
		return err
	}
	for _, t := range MonitoringTables(m) {
		if err := b.addTable(t); err != nil {
			return fmt.Errorf("Tabelle %s: %w", t.Sheet, err)
		}
	}
	return b.write(w, "Monitoring "+m.Period.Label)
}
