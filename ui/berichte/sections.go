package berichte

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"stabsstelle/model"
	"stabsstelle/store"
)

// section is one area of the view.
type section int

const (
	secSprachmittlung section = iota
	secKosten
	secNetzwerk
	numSections
)

func (s section) title() string {
	return [...]string{"Sprachmittlung", "Kostenerstattungen", "Netzwerk"}[s]
}

// item is one line of a section: a heading, a text line, or a bar that
// opens the records behind it.
type item struct {
	heading string
	text    string
	bar     *bar
}

// bar is one row of a chart.
type bar struct {
	label string
	value int64
	max   int64
	// num is the number written next to the bar; share its part of the
	// whole ("" = none).
	num, share string
	drill      *drill
}

// drill names the records behind a bar.
type drill struct {
	title string
	match func(in *model.ReportInput, p model.ReportPeriod, f model.ReportFilter) []record
}

// record is one line of the list behind a bar.
type record struct {
	Kind, ID         string
	Number, Date     string
	What, Who, State string
	sort             string
}

// topN keeps the n largest counts and sums the rest into "übrige".
func topN(cs []model.Count, n int) (top []model.Count, rest int, restN int) {
	if len(cs) <= n {
		return cs, 0, 0
	}
	for _, c := range cs[n:] {
		rest += c.Count
	}
	return cs[:n], rest, len(cs) - n
}

// buildItems lays out the section s of report m.
func buildItems(s section, m *model.Monitoring) []item {
	switch s {
	case secKosten:
		return kostenItems(m)
	case secNetzwerk:
		return netzwerkItems(m)
	}
	return sprachItems(m)
}

func einsatzDrill(title string, pred func(e *model.EinsatzFact) bool) *drill {
	return &drill{title: title, match: func(in *model.ReportInput, p model.ReportPeriod, f model.ReportFilter) []record {
		var out []record
		for i := range in.Einsaetze {
			e := &in.Einsaetze[i]
			if !p.Contains(model.DateOf(e.Start)) || !f.MatchesEinsatz(e) || !pred(e) {
				continue
			}
			org := in.Organisations[e.OrganisationID]
			out = append(out, record{Kind: store.KindEinsatz, ID: e.ID, Number: e.Number, Date: model.FormatDateTime(e.Start),
				What: e.Language, Who: org, State: e.Status.Label(), sort: e.Start.Format(time.RFC3339) + e.Number})
		}
		return out
	}}
}

func sprachItems(m *model.Monitoring) []item {
	sm := &m.Sprachmittlung
	var out []item
	out = append(out, item{text: fmt.Sprintf("%s Einsätze · %s durchgeführt · %s · nicht vermittelbar %s",
		thousands(int64(sm.Total)), thousands(int64(sm.CarriedOut)), model.FormatHours(int64(sm.Minutes)), thousands(int64(sm.Unmet)))})
	out = append(out, item{text: fmt.Sprintf("Aufwandsentschädigung %s · Fahrtkosten %s · Ausfall %s",
		sm.AllowanceCents, sm.TravelCents, sm.CancelFeeCents)})
	out = append(out, item{text: fmt.Sprintf("Vorlauf Ø %s Tage · zu kurzfristig angefragt: %s (%s %%)",
		decimal(sm.LeadDaysAvg), thousands(int64(sm.ShortNotice)), decimal(sm.ShortNoticePercent))})
	out = append(out, einsatzMonthItems(sm)...)
	out = append(out, einsatzStatusItems(sm)...)
	out = append(out, einsatzCountItems(sm, "Sprachen", sm.Languages, func(e *model.EinsatzFact) string { return e.Language })...)
	out = append(out, einsatzCountItems(sm, "Einrichtungen", sm.Institutions, func(e *model.EinsatzFact) string { return e.OrganisationID })...)
	return append(out, interpreterLoadItems(sm)...)
}

// einsatzMonthItems: the Einsätze of each month, with a sparkline.
func einsatzMonthItems(sm *model.SprachmittlungReport) []item {
	var monthly []int64
	var maxM int64
	for _, f := range sm.PerMonth {
		monthly = append(monthly, int64(f.Einsaetze))
		maxM = max(maxM, int64(f.Einsaetze))
	}
	out := []item{{heading: "Einsätze je Monat  " + sparkline(monthly)}}
	for _, f := range sm.PerMonth {
		month := f.Month
		label := model.MonthShort(month) + " " + month[:4]
		out = append(out, item{bar: &bar{label: label, value: int64(f.Einsaetze), max: maxM, num: thousands(int64(f.Einsaetze)),
			share: percent(int64(f.Einsaetze), int64(sm.Total)),
			drill: einsatzDrill("Einsätze "+model.MonthLabel(month), func(e *model.EinsatzFact) bool { return e.Month() == month })}})
	}
	return out
}

// einsatzStatusItems: the Einsätze by status.
func einsatzStatusItems(sm *model.SprachmittlungReport) []item {
	statuses := sm.StatusCounts()
	var maxS int64
	for _, c := range statuses {
		maxS = max(maxS, int64(c.Count))
	}
	out := []item{{heading: "Nach Status (Bedarf, der nicht gedeckt wurde: nicht vermittelbar)"}}
	for _, c := range statuses {
		st := model.Status(c.Key)
		out = append(out, item{bar: &bar{label: c.Name, value: int64(c.Count), max: maxS, num: thousands(int64(c.Count)),
			share: percent(int64(c.Count), int64(sm.Total)),
			drill: einsatzDrill("Einsätze: "+c.Name, func(e *model.EinsatzFact) bool { return e.Status == st })}})
	}
	return out
}

// einsatzCountItems draws the ten largest groups and "übrige"; keyOf says
// which group an Einsatz belongs to.
func einsatzCountItems(sm *model.SprachmittlungReport, heading string, cs []model.Count, keyOf func(e *model.EinsatzFact) string) []item {
	top, rest, restN := topN(cs, 10)
	var maxC int64
	for _, c := range top {
		maxC = max(maxC, int64(c.Count))
	}
	maxC = max(maxC, int64(rest))
	out := []item{{heading: fmt.Sprintf("%s (%d)", heading, len(cs))}}
	shown := map[string]bool{}
	for _, c := range top {
		key := c.Key
		shown[key] = true
		out = append(out, item{bar: &bar{label: c.Name, value: int64(c.Count), max: maxC, num: thousands(int64(c.Count)),
			share: percent(int64(c.Count), int64(sm.Total)),
			drill: einsatzDrill(heading+": "+c.Name, func(e *model.EinsatzFact) bool { return keyOf(e) == key })}})
	}
	if restN > 0 {
		out = append(out, item{bar: &bar{label: fmt.Sprintf("übrige %d", restN), value: int64(rest), max: maxC, num: thousands(int64(rest)),
			share: percent(int64(rest), int64(sm.Total)),
			drill: einsatzDrill(heading+": übrige", func(e *model.EinsatzFact) bool { return !shown[keyOf(e)] })}})
	}
	return out
}

// interpreterLoadItems: how the Einsätze spread over the interpreters.
func interpreterLoadItems(sm *model.SprachmittlungReport) []item {
	load := sm.Interpreters
	var maxL int64
	for _, b := range load.Buckets {
		maxL = max(maxL, int64(b.Count))
	}
	out := []item{{heading: fmt.Sprintf("Auslastung: %d Sprachmittler:innen, die 10 %% meistgebuchten übernahmen %s %%", load.Active, decimal(load.TopTenthPercent))}}
	for _, b := range load.Buckets {
		out = append(out, item{bar: &bar{label: b.Name + " Einsätze", value: int64(b.Count), max: maxL, num: thousands(int64(b.Count)) + " Pers.",
			share: percent(int64(b.Count), int64(load.Active))}})
	}
	return out
}

func paymentDrill(title string, pred func(p *model.PaymentFact) bool) *drill {
	return &drill{title: title, match: func(in *model.ReportInput, per model.ReportPeriod, f model.ReportFilter) []record {
		var out []record
		for i := range in.Payments {
			p := &in.Payments[i]
			if !per.Contains(p.Date) || !f.MatchesPayment(p) || !pred(p) {
				continue
			}
			// A Rückforderung opens the claim it takes money back from.
			state := p.Kind.Label()
			if p.Settlement != "" {
				state += " " + p.Settlement.Label()
			}
			out = append(out, record{Kind: store.KindClaim, ID: p.ClaimID, Number: p.Number, Date: p.Date.String(),
				What: p.Amount.String(), Who: p.Payee, State: state, sort: p.Date.ISO() + p.Number})
		}
		return out
	}}
}

func kostenItems(m *model.Monitoring) []item {
	k := &m.Kosten
	var out []item
	out = append(out, item{text: fmt.Sprintf("Ausgezahlt (netto) %s · Rückforderungen: zurück %s, offen %s", k.PaidCents, -k.Rueckforderungen, k.ReclaimsOpenCents)})
	for _, f := range k.FundingPots {
		out = append(out, fundItems(f)...)
	}
	if len(k.ByProject) > 0 {
		out = append(out, projectItems(k)...)
	}
	out = append(out, item{heading: fmt.Sprintf("Nahe am steuerfreien Jahresbetrag (≥ 90 %%): %d", len(k.Limits))})
	for _, l := range k.Limits {
		id := l.PersonID
		out = append(out, item{bar: &bar{label: l.Name, value: int64(min(l.Used, l.Limit)), max: int64(l.Limit), num: l.Used.String(),
			share: "von " + l.Limit.String(),
			drill: paymentDrill("Auszahlungen an "+l.Name, func(p *model.PaymentFact) bool { return p.PersonID == id })}})
	}
	return out
}

// fundItems: a Fördertopf's figures and its burn-down, what is left after
// each month.
func fundItems(f model.FundReport) []item {
	runs := "reicht bis Jahresende"
	if f.RunsOut != "" {
		runs = "aufgebraucht im " + model.MonthLabel(f.RunsOut)
	}
	out := []item{{heading: fmt.Sprintf("%s · %s", f.Name, runs)}}
	text := fmt.Sprintf("ausgezahlt %s von %s · Rest %s", f.PaidCents, f.BudgetCents, f.LeftCents)
	if f.CommittedCents != 0 {
		text += fmt.Sprintf(" · gebunden %s", f.CommittedCents)
	}
	out = append(out, item{text: text})
	left := f.BudgetCents
	months := make([]string, 0, len(f.ByMonth))
	for mk := range f.ByMonth {
		months = append(months, mk)
	}
	slices.Sort(months)
	for _, mk := range months {
		left -= f.ByMonth[mk]
		// The month's net spending: "−45,00 €" spent, "+6,00 €" when
		// more came back than was paid.
		spent := ""
		switch m := f.ByMonth[mk]; {
		case m > 0:
			spent = "−" + m.String()
		case m < 0:
			spent = "+" + (-m).String()
		}
		out = append(out, item{bar: &bar{label: model.MonthShort(mk) + " " + mk[:4], value: int64(max(left, 0)), max: int64(f.BudgetCents),
			num: left.String(), share: spent,
			drill: paymentDrill(f.Name+" · "+model.MonthLabel(mk), func(p *model.PaymentFact) bool {
				return p.FundID == f.ID && model.MonthKey(p.Date.Year, p.Date.Month) == mk
			})}})
	}
	return out
}

// projectItems: what was paid for each project.
func projectItems(k *model.KostenReport) []item {
	var maxP int64
	for _, p := range k.ByProject {
		maxP = max(maxP, int64(p.Cents))
	}
	out := []item{{heading: "Ausgezahlt je Projekt"}}
	for _, p := range k.ByProject {
		name := p.Name
		out = append(out, item{bar: &bar{label: name, value: int64(p.Cents), max: maxP, num: p.Cents.String(), share: percent(int64(p.Cents), int64(k.PaidCents)),
			drill: paymentDrill("Projekt "+name, func(x *model.PaymentFact) bool {
				return x.Project == name || x.Project == "" && name == "ohne Projekt"
			})}})
	}
	return out
}

func eventDrill(title string, pred func(e *model.EventFact) bool) *drill {
	return &drill{title: title, match: func(in *model.ReportInput, p model.ReportPeriod, f model.ReportFilter) []record {
		var out []record
		for i := range in.Events {
			e := &in.Events[i]
			if !p.Contains(model.DateOf(e.Start)) || e.Status == model.EventAbgesagt || !f.MatchesEvent(e) || !pred(e) {
				continue
			}
			out = append(out, record{Kind: store.KindEvent, ID: e.ID, Number: e.Number, Date: model.FormatDateTime(e.Start),
				What: e.Title, Who: fmt.Sprintf("%d da / %d angem.", e.Counts.Teilgenommen, e.Counts.Occupied()), State: string(e.Status),
				sort: e.Start.Format(time.RFC3339) + e.Number})
		}
		return out
	}}
}

func netzwerkItems(m *model.Monitoring) []item {
	n := &m.Netzwerk
	var out []item
	out = append(out, item{text: fmt.Sprintf("%d Veranstaltungen · %s Anmeldungen · %s Teilnehmende · Anwesenheit %s %% · %d Einrichtungen",
		n.Events, thousands(int64(n.Registered)), thousands(int64(n.Participants)), decimal(n.AttendancePercent), n.Organisations)})
	groups := func(heading string, gs []model.GroupCount, pred func(name string) func(e *model.EventFact) bool) {
		var maxG int64
		for _, g := range gs {
			maxG = max(maxG, int64(g.Events))
		}
		out = append(out, item{heading: heading})
		for _, g := range gs {
			out = append(out, item{bar: &bar{label: g.Name, value: int64(g.Events), max: maxG, num: fmt.Sprintf("%d Ver.", g.Events),
				share: thousands(int64(g.Participants)) + " Teiln.", drill: eventDrill(heading+": "+g.Name, pred(g.Name))}})
		}
	}
	groups("Themenfelder", n.ByThemenfeld, func(name string) func(e *model.EventFact) bool {
		return func(e *model.EventFact) bool { return slices.Contains(e.Themen, model.Themenfeld(name)) }
	})
	groups("Regionen", n.ByRegion, func(name string) func(e *model.EventFact) bool {
		return func(e *model.EventFact) bool { return e.Region == model.Region(name) }
	})
	var maxT int64
	for _, t := range n.Tasks {
		maxT = max(maxT, int64(t.Open))
	}
	out = append(out, item{heading: "Offene Aufgaben je Gremium (heute)"})
	if len(n.Tasks) == 0 {
		out = append(out, item{text: "keine offenen Aufgaben"})
	}
	for _, t := range n.Tasks {
		name := t.Name
		out = append(out, item{bar: &bar{label: strings.TrimPrefix(name, "Arbeitskreis "), value: int64(t.Open), max: maxT,
			num: fmt.Sprintf("%d offen", t.Open), share: fmt.Sprintf("%d überfällig", t.Overdue),
			drill: &drill{title: "Offene Aufgaben: " + name, match: func(in *model.ReportInput, _ model.ReportPeriod, _ model.ReportFilter) []record {
				var out []record
				for _, tf := range in.Tasks {
					g := tf.Gremium
					if g == "" {
						g = "ohne Gremium"
					}
					if !tf.Open || g != name {
						continue
					}
					due := ""
					if !tf.Due.IsZero() {
						due = tf.Due.String()
					}
					state := "offen"
					if !tf.Due.IsZero() && tf.Due.Before(in.Today) {
						state = "überfällig"
					}
					out = append(out, record{Kind: store.KindEvent, ID: tf.EventID, Date: due, What: tf.Text, State: state, sort: tf.Due.ISO()})
				}
				return out
			}}}})
	}
	return out
}
