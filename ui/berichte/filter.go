package berichte

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

// Form ids.
const (
	formFilter = "berichte:filter"
	formRange  = "berichte:range"
)

// filterVals are the fields of the filter and range forms.
type filterVals struct {
	language, org, region, fund, thema string
	from, to                           string
}

func (t *Tab) openForm(f *form.Form) tea.Cmd {
	t.frm = f
	f.SetSize(t.w, t.h)
	return f.Init()
}

// openFilterForm offers what the loaded data contain: the languages and
// institutions with Einsätze, the funds of the period's years, the regions
// and Themenfelder.
func (t *Tab) openFilterForm() tea.Cmd {
	if t.in == nil {
		return nil
	}
	t.fv = filterVals{language: t.filter.Language, org: t.filter.Organisation, region: string(t.filter.Region),
		fund: t.filter.FundID, thema: string(t.filter.Themenfeld)}
	all := huh.NewOption("alle", "")
	langs, orgs := map[string]bool{}, map[string]bool{}
	for _, e := range t.in.Einsaetze {
		langs[e.Language] = true
		orgs[e.OrganisationID] = true
	}
	langOpts := []huh.Option[string]{all}
	for _, l := range sortedKeys(langs) {
		langOpts = append(langOpts, huh.NewOption(l, l))
	}
	var orgList []huh.Option[string]
	for id := range orgs {
		if n := t.in.Organisations[id]; n != "" {
			orgList = append(orgList, huh.NewOption(n, id))
		}
	}
	slices.SortFunc(orgList, func(a, b huh.Option[string]) int {
		return strings.Compare(strings.ToLower(a.Key), strings.ToLower(b.Key))
	})
	orgOpts := append([]huh.Option[string]{all}, orgList...)
	regOpts := []huh.Option[string]{all}
	for _, r := range model.Regions {
		regOpts = append(regOpts, huh.NewOption(string(r)+" ("+r.Gemeinden()+")", string(r)))
	}
	fundOpts := []huh.Option[string]{all}
	for _, f := range t.in.Funds {
		if f.Year >= t.loaded.From.Year && f.Year <= t.loaded.To.Year {
			fundOpts = append(fundOpts, huh.NewOption(f.Name, f.ID))
		}
	}
	themaOpts := []huh.Option[string]{all}
	for _, f := range model.Themenfelder {
		themaOpts = append(themaOpts, huh.NewOption(string(f), string(f)))
	}
	height := max(3, min(8, t.h-14))
	return t.openForm(form.New(t.ctx, formFilter, "Berichte filtern", huh.NewGroup(
		huh.NewNote().Title("Sprache, Einrichtung und Region gelten für die Sprachmittlung, der Fördertopf für die Kostenerstattungen, Region und Themenfeld für das Netzwerk."),
		huh.NewSelect[string]().Title("Sprache").Options(langOpts...).Value(&t.fv.language).Height(height),
		huh.NewSelect[string]().Title("Einrichtung").Options(orgOpts...).Value(&t.fv.org).Height(height),
		huh.NewSelect[string]().Title("Region").Options(regOpts...).Value(&t.fv.region).Inline(true),
		huh.NewSelect[string]().Title("Fördertopf").Options(fundOpts...).Value(&t.fv.fund).Inline(true),
		huh.NewSelect[string]().Title("Themenfeld").Options(themaOpts...).Value(&t.fv.thema).Inline(true),
	)))
}

// openRangeForm asks for a free range (from – to).
func (t *Tab) openRangeForm() tea.Cmd {
	t.fv.from, t.fv.to = t.period.From.String(), t.period.To.String()
	today := model.Today(t.ctx.Now())
	valid := func(s string) error {
		if _, err := model.ParseDate(s, today); err != nil {
			return fmt.Errorf("Bitte ein Datum wie 01.03.2026 eingeben.")
		}
		return nil
	}
	return t.openForm(form.New(t.ctx, formRange, "Freier Zeitraum", huh.NewGroup(
		huh.NewInput().Title("von").Value(&t.fv.from).Validate(valid),
		huh.NewInput().Title("bis").Value(&t.fv.to).Validate(valid),
	)))
}

func (t *Tab) formSubmitted(id string) tea.Cmd {
	if t.frm == nil || id != t.frm.ID() {
		return nil
	}
	t.frm = nil
	switch id {
	case formFilter:
		t.filter = model.ReportFilter{Language: t.fv.language, Organisation: t.fv.org, Region: model.Region(t.fv.region),
			FundID: t.fv.fund, Themenfeld: model.Themenfeld(t.fv.thema)}
	case formRange:
		today := model.Today(t.ctx.Now())
		from, err1 := model.ParseDate(t.fv.from, today)
		to, err2 := model.ParseDate(t.fv.to, today)
		if err1 != nil || err2 != nil {
			return nil
		}
		if from.DaysUntil(to) > 3*366 || to.DaysUntil(from) > 3*366 {
			return common.Fail(errors.New("Ein freier Zeitraum umfasst höchstens drei Jahre – bitte kürzer wählen."))
		}
		t.mode = modeRange
		t.period = model.RangePeriod(from, to)
	}
	return t.compute()
}

// filterLabel names the filters set, with institution and fund by name.
func filterLabel(f model.ReportFilter, in *model.ReportInput) string {
	var parts []string
	if f.Language != "" {
		parts = append(parts, f.Language)
	}
	if f.Organisation != "" {
		n := f.Organisation
		if in != nil && in.Organisations[n] != "" {
			n = in.Organisations[n]
		}
		parts = append(parts, n)
	}
	if f.Region != "" {
		parts = append(parts, "Region "+string(f.Region))
	}
	if f.FundID != "" {
		n := "Fördertopf"
		if in != nil {
			for _, x := range in.Funds {
				if x.ID == f.FundID {
					n = x.Name
				}
			}
		}
		parts = append(parts, n)
	}
	if f.Themenfeld != "" {
		parts = append(parts, string(f.Themenfeld))
	}
	return strings.Join(parts, " · ")
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		if k != "" {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return out
}
