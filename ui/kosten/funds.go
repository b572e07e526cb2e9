package kosten

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

type fundVals struct {
	id, name, year, amount, hh string
	kinds                      []string
	version                    uint64
}

func (t *Tab) openFundForm(f *model.Fund) tea.Cmd {
	v := fundVals{year: strconv.Itoa(model.Today(t.ctx.Now()).Year)}
	if f != nil {
		v = fundVals{id: f.ID, name: f.Name, year: strconv.Itoa(f.Year), amount: f.Amount.Plain(), hh: f.Haushaltsstelle, version: f.Version}
		for _, k := range f.AllowedKinds {
			v.kinds = append(v.kinds, string(k))
		}
	}
	t.fund = &v
	var opts []huh.Option[string]
	for _, k := range model.LineKinds {
		opts = append(opts, huh.NewOption(k.Label(), string(k)))
	}
	title := "Neuer Fördertopf"
	if f != nil {
		title = "Fördertopf " + f.Name
	}
	return t.openForm(t.readOnlyUnless(model.PermSettings, form.New(t.ctx, "kosten:fund", title, huh.NewGroup(
		huh.NewInput().Title("Name").Value(&t.fund.name).CharLimit(80).Validate(form.Required("Bitte einen Namen eingeben.")),
		huh.NewInput().Title("Haushaltsjahr").Value(&t.fund.year).Validate(func(s string) error {
			y, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || y < 2000 || y > 2199 {
				return fmt.Errorf("Bitte das Jahr eingeben, z. B. 2026.")
			}
			return nil
		}),
		huh.NewInput().Title("Betrag").Value(&t.fund.amount).Validate(form.Parse(model.ParseMoney, true, "Bitte den Betrag eingeben, z. B. 21.000")),
		huh.NewInput().Title("Haushaltsstelle").Value(&t.fund.hh).CharLimit(35),
		huh.NewMultiSelect[string]().Title("Erlaubte Kostenarten (keine = alle)").Options(opts...).Value(&t.fund.kinds),
	))))
}

func (t *Tab) saveFund() tea.Cmd {
	t.frm = nil
	v := *t.fund
	y, _ := strconv.Atoi(strings.TrimSpace(v.year))
	amt, _ := model.ParseMoney(v.amount)
	f := &model.Fund{Name: strings.TrimSpace(v.name), Year: y, Amount: amt, Haushaltsstelle: strings.TrimSpace(v.hh)}
	f.ID, f.Version = v.id, v.version
	for _, k := range v.kinds {
		f.AllowedKinds = append(f.AllowedKinds, model.LineKind(k))
	}
	return t.ctx.Write(func(tx *store.Tx) error { return store.Funds.Put(tx, f) },
		func(err error) tea.Msg {
			return actionDoneMsg{text: "Fördertopf " + f.Name + " gespeichert.", err: err}
		})
}

func (t *Tab) updateFunds(kp tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := t.switchScreen(kp); ok {
		return cmd
	}
	l := t.ctx.List
	switch {
	case key.Matches(kp, l.Up):
		t.fundSel = max(0, t.fundSel-1)
	case key.Matches(kp, l.Down):
		t.fundSel = min(len(t.funds)-1, t.fundSel+1)
	case key.Matches(kp, t.fundKeys.New):
		return t.openFundForm(nil)
	case key.Matches(kp, t.keys.Account):
		return t.openAccountForm()
	case key.Matches(kp, t.keys.SMFund):
		if t.fundSel < 0 || t.fundSel >= len(t.funds) {
			return nil
		}
		f := t.funds[t.fundSel]
		id, name, year := f.ID, f.Name, f.Year
		return t.ctx.Write(func(tx *store.Tx) error { _, err := store.SetSprachmittlungFund(tx, id); return err },
			func(err error) tea.Msg {
				return actionDoneMsg{text: fmt.Sprintf("„%s“ ist jetzt der Topf für Sprachmittlung %d.", name, year), err: err}
			})
	case key.Matches(kp, t.fundKeys.Edit), key.Matches(kp, l.Open):
		if t.fundSel >= 0 && t.fundSel < len(t.funds) {
			return t.openFundForm(t.funds[t.fundSel])
		}
	case key.Matches(kp, l.Back):
		t.screen = scrClaims
	}
	return nil
}

func (t *Tab) viewFunds() string {
	st := t.ctx.Styles
	var b strings.Builder
	b.WriteString(t.header("Fördertöpfe") + "\n")
	if len(t.funds) == 0 {
		b.WriteString(st.Muted.Render("Noch kein Fördertopf – mit n anlegen.") + "\n")
	}
	nameW := 20
	for _, f := range t.funds {
		nameW = max(nameW, ansi.StringWidth(f.Name))
	}
	nameW = min(nameW, max(20, t.w-2-1-4-2-14-2-14)) // mark, year, amount, Haushaltsstelle
	per := 2
	room := max(1, (t.h-2)/per)
	start := 0
	if t.fundSel >= room {
		start = t.fundSel - room + 1
	}
	for i := start; i < len(t.funds) && i < start+room; i++ {
		t.writeFund(&b, t.funds[i], i == t.fundSel, nameW)
	}
	b.WriteString(wrapped(st.Muted, "█ ausgezahlt  ▓ gebunden (eingereicht … angeordnet)  ░ frei · ★ Topf für Sprachmittlung (s)", t.w))
	lines := strings.Count(b.String(), "\n")
	for ; lines < t.h; lines++ {
		b.WriteString("\n")
	}
	return b.String()
}

type accountLoadedMsg struct {
	a   model.Account
	err error
}

func (t *Tab) openAccountForm() tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) (model.Account, error) {
		s, err := store.LoadKostenSettings(tx)
		return s.Account, err
	}, func(a model.Account, err error) tea.Msg { return accountLoadedMsg{a, err} })
}

func (t *Tab) showAccountForm(a model.Account) tea.Cmd {
	t.acct = &a
	t.acctIBAN = a.IBAN.String()
	return t.openForm(form.New(t.ctx, "kosten:account", "Konto des Landkreises (Auftraggeber im Zahllauf)", huh.NewGroup(
		huh.NewInput().Title("Kontoinhaber").Value(&t.acct.Name).CharLimit(70).Validate(form.Required("Bitte den Namen eingeben, z. B. Landkreis Gifhorn.")),
		huh.NewInput().Title("IBAN").Value(&t.acctIBAN).Validate(form.Parse(model.ParseIBAN, true, "Bitte die IBAN eingeben.")),
		huh.NewInput().Title("BIC (optional)").Value(&t.acct.BIC).Validate(form.Parse(model.ParseBIC, false, "")),
		huh.NewInput().Title("Straße").Value(&t.acct.Street).CharLimit(70),
		huh.NewInput().Title("Hausnummer").Value(&t.acct.BuildingNo).CharLimit(16),
		huh.NewInput().Title("PLZ").Value(&t.acct.PostalCode).CharLimit(16),
		huh.NewInput().Title("Ort").Value(&t.acct.Town).CharLimit(35).Validate(form.Required("Bitte den Ort eingeben (Pflicht für SEPA-Dateien seit November 2026).")),
		huh.NewInput().Title("Land").Value(&t.acct.Country).CharLimit(2),
	)))
}

func (t *Tab) saveAccount() tea.Cmd {
	t.frm = nil
	a := *t.acct
	a.IBAN, _ = model.ParseIBAN(t.acctIBAN)
	a.BIC, _ = model.ParseBIC(a.BIC)
	a.Country = strings.ToUpper(strings.TrimSpace(a.Country))
	return t.ctx.Write(func(tx *store.Tx) error {
		s, err := store.LoadKostenSettings(tx)
		if err != nil {
			return err
		}
		s.Account = a
		return store.SaveKostenSettings(tx, s)
	}, func(err error) tea.Msg { return actionDoneMsg{text: "Konto des Landkreises gespeichert.", err: err} })
}

// writeFund writes a Fördertopf in two lines: name, year, amount and
// Haushaltsstelle; then its bar and figures (on two lines where the bar
// would be too short).
func (t *Tab) writeFund(b *strings.Builder, f *model.Fund, selected bool, nameW int) {
	st := t.ctx.Styles
	u := t.usages[f.ID]
	mark := "  "
	if t.smFunds[f.Year] == f.ID {
		mark = "★ "
	}
	fname := f.Name
	if ansi.StringWidth(fname) > nameW {
		fname = ansi.Truncate(fname, nameW, "…")
	}
	name := fmt.Sprintf("%s%s %4d  %14s", mark, padRight(fname, nameW), f.Year, f.Amount)
	if selected {
		name = st.Selected.Render(name)
	} else {
		name = st.Bold.Render(name)
	}
	b.WriteString(name + "  " + st.Muted.Render(orDash(f.Haushaltsstelle)) + "\n")
	left := fmt.Sprintf("frei %s", u.Left)
	leftStyle := st.Success
	if u.Left < 0 {
		left, leftStyle = fmt.Sprintf("überzogen %s", -u.Left), st.Error
	}
	// The figures are never cut: the bar takes what they leave, up to
	// 40 cells (it took a fixed share and pushed "frei 18.246,2…"
	// off the edge at 80 columns, all of them at 120).
	figures := fmt.Sprintf("gebunden %s · ausgezahlt %s · ", u.Committed, u.Paid)
	barW := min(40, t.w-2-2-ansi.StringWidth(figures+left))
	if barW < 8 {
		barW = min(40, t.w-4)
		b.WriteString("  " + st.Accent.Render(u.Bar(barW)) + "\n")
		b.WriteString("  " + figures + leftStyle.Render(left) + "\n")
		return
	}
	b.WriteString("  " + st.Accent.Render(u.Bar(barW)) + "  " + figures + leftStyle.Render(left) + "\n")
}
