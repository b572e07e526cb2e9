package kosten

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/theme"
)

// detail is what the claim screen shows, loaded in one read.
type detail struct {
	c        *model.Claim
	person   *model.Person
	fund     *model.Fund
	limit    store.Limit
	fundWarn []string
	scroll   int
	// reclaims are the Rückforderungen of the claim (paid with it, or made
	// by this Storno/Korrektur); corrs its Stornos and Korrekturen.
	reclaims []*model.Reclaim
	corrs    []*model.Claim
	twice    []store.KmTwice // Einsätze whose km it pays twice (older version)
	pending  bool            // a Storno/Korrektur an older version left without effect
}

// openReclaim is the first open Rückforderung of the claim, if any.
func (d *detail) openReclaim() *model.Reclaim {
	for _, r := range d.reclaims {
		if r.Open() {
			return r
		}
	}
	return nil
}

// openDetail shows the claim: answers for any other claim are dropped, so a
// late load can never put a different claim on the screen.
func (t *Tab) openDetail(id string) tea.Cmd {
	t.detID = id
	return t.loadDetail(id)
}

// refreshDetail reloads the claim on the screen.
func (t *Tab) refreshDetail() tea.Cmd { return t.loadDetail(t.detID) }

func (t *Tab) loadDetail(id string) tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) (*detail, error) {
		c, err := store.Claims.Get(tx, id)
		if err != nil {
			return nil, err
		}
		d := &detail{c: c}
		if p, err := store.People.Get(tx, c.PersonID); err == nil {
			d.person = p
			if d.limit, err = store.ClaimLimit(tx, c); err != nil {
				return nil, err
			}
		}
		if c.FundID != "" {
			d.fund, _ = store.Funds.Get(tx, c.FundID)
			if d.fundWarn, err = store.ClaimFundProblems(tx, c); err != nil {
				return nil, err
			}
		}
		if c.Kind == model.ClaimNormal {
			if d.reclaims, err = store.ReclaimsOfClaim(tx, c.ID); err != nil {
				return nil, err
			}
			if d.corrs, err = store.CorrectionsOf(tx, c); err != nil {
				return nil, err
			}
			if d.twice, err = store.ClaimKmTwice(tx, c); err != nil {
				return nil, err
			}
		} else {
			if d.reclaims, err = store.ReclaimsOfCorrection(tx, c); err != nil {
				return nil, err
			}
			d.pending = store.PendingCorrection(tx, c)
		}
		return d, nil
	}, func(d *detail, err error) tea.Msg { return detailLoadedMsg{d, err} })
}

// nextApproval is the signing step the claim waits for, if any.
func nextApproval(c *model.Claim) (model.ClaimAction, bool) {
	switch c.Status {
	case model.ClaimEntwurf, "":
		return model.ActSubmit, true
	case model.ClaimEingereicht:
		return model.ActSachlich, true
	case model.ClaimSachlich:
		return model.ActRechnerisch, true
	case model.ClaimRechnerisch:
		return model.ActAnordnen, true
	}
	return "", false
}

func (t *Tab) updateDetail(kp tea.KeyPressMsg) tea.Cmd {
	l := t.ctx.List
	if key.Matches(kp, l.Back) {
		t.screen = scrClaims
		t.flash = ""
		return nil
	}
	if cmd, ok := t.switchScreen(kp); ok {
		return cmd
	}
	if t.det == nil {
		return nil
	}
	c := t.det.c
	switch {
	case key.Matches(kp, l.Up):
		t.det.scroll = max(0, t.det.scroll-1)
	case key.Matches(kp, l.Down):
		t.det.scroll = min(max(0, len(c.Lines)-1), t.det.scroll+1)
	case key.Matches(kp, t.keys.Approve) && t.det.pending && !t.ctx.May(model.PermOrder):
		t.setFlash(t.ctx.Forbidden("wirksam machen", model.PermOrder).Error(), true)
		return nil
	case key.Matches(kp, t.keys.Approve) && t.det.pending:
		id, version, num := c.ID, c.Version, c.Number
		var after *model.Claim
		return t.ctx.Write(func(tx *store.Tx) error {
			var err error
			after, err = store.MakeCorrectionEffective(tx, id, version)
			return err
		}, func(err error) tea.Msg {
			text := num + " ist jetzt wirksam."
			if err == nil {
				text = afterText(after, text)
			}
			return actionDoneMsg{c: &model.Claim{Meta: model.Meta{ID: id}}, text: text, err: err}
		})
	case key.Matches(kp, t.keys.Approve):
		a, ok := nextApproval(c)
		if !ok {
			t.setFlash(fmt.Sprintf("%s ist %s – hier ist nichts mehr zu zeichnen.", c.Number, c.Status.Label()), true)
			return nil
		}
		return t.approve(a)
	case key.Matches(kp, t.keys.Reject):
		if c.Status == model.ClaimEntwurf || c.Frozen() {
			t.setFlash("Ablehnen geht nur bei eingereichten, noch nicht angeordneten Anträgen.", true)
			return nil
		}
		t.inText = ""
		return t.openForm(form.New(t.ctx, "kosten:reject", "Antrag "+c.Number+" ablehnen (zurück in den Entwurf)",
			huh.NewGroup(huh.NewInput().Title("Grund").Value(&t.inText).CharLimit(200).
				Validate(form.Required("Bitte einen Grund für die Ablehnung angeben.")))))
	case key.Matches(kp, t.keys.Storno):
		switch {
		case c.Status.Final():
			t.setFlash(fmt.Sprintf("%s ist %s – da gibt es nichts mehr zu korrigieren.", c.Number, c.Status.Label()), true)
			return nil
		case c.Kind != model.ClaimNormal:
			t.setFlash(fmt.Sprintf("%s ist selbst ein %s – bitte den Antrag %s korrigieren.", c.Number, c.Kind.Label(), c.CorrectsNumber), true)
			return nil
		case !c.Frozen():
			t.setFlash("Storno/Korrektur nur für angeordnete oder ausgezahlte Anträge – sonst bitte bearbeiten oder ablehnen.", true)
			return nil
		}
		t.inText = ""
		t.corrKind = string(model.ClaimStorno)
		if len(t.det.twice) > 0 {
			t.corrKind = string(model.ClaimKorrektur)
		}
		what := "Noch nicht ausgezahlt: wenn der Storno angeordnet ist, ist der Antrag storniert und kommt in keinen Zahllauf."
		if c.Status.Settled() {
			what = "Schon ausgezahlt: wenn der Storno angeordnet ist, entsteht eine Rückforderung (mit der nächsten Auszahlung verrechnet oder zurückzuzahlen)."
		}
		return t.openForm(form.New(t.ctx, "kosten:storno", "Storno oder Korrektur zu "+c.Number,
			huh.NewGroup(
				huh.NewSelect[string]().Title("Art").Options(
					huh.NewOption("Storno – alle Positionen negativ, der ganze Betrag", string(model.ClaimStorno)),
					huh.NewOption("Korrektur – nur die Differenz (Positionen danach bearbeiten)", string(model.ClaimKorrektur)),
				).Value(&t.corrKind),
				huh.NewNote().Title(what+" Beides geht durch das Vier-Augen-Prinzip."),
				huh.NewInput().Title("Grund").Value(&t.inText).CharLimit(200).
					Validate(form.Required("Bitte den Grund für Storno oder Korrektur angeben.")))))
	case key.Matches(kp, t.keys.PaidBack):
		r := t.det.openReclaim()
		if r == nil {
			t.setFlash("Zu diesem Antrag gibt es keine offene Rückforderung.", true)
			return nil
		}
		t.inText = model.Today(t.ctx.Now()).String()
		t.reclaimID, t.reclaimVersion = r.ID, r.Version
		return t.openForm(form.New(t.ctx, "kosten:paidback", "Rückforderung "+r.Number+" zurückgezahlt",
			huh.NewGroup(
				huh.NewNote().Title(fmt.Sprintf("%s zahlt %s zurück (%s). Danach ist die Rückforderung geschlossen.", r.PersonName, r.Left(), r.Reason)),
				huh.NewInput().Title("Eingegangen am").Value(&t.inText).Validate(form.Parse(func(s string) (model.Date, error) {
					return model.ParseDate(s, model.Today(t.ctx.Now()))
				}, true, "Bitte das Datum eingeben, z. B. "+model.Today(t.ctx.Now()).String())))))
	case key.Matches(kp, t.keys.Netting):
		r := t.det.openReclaim()
		if r == nil {
			t.setFlash("Zu diesem Antrag gibt es keine offene Rückforderung.", true)
			return nil
		}
		id, version, net, num := r.ID, r.Version, !r.Net, r.Number
		text := num + ": wird mit der nächsten Auszahlung verrechnet."
		if !net {
			text = num + ": wird nicht verrechnet, sondern zurückgezahlt (g, wenn das Geld da ist)."
		}
		cid := c.ID
		return t.ctx.Write(func(tx *store.Tx) error { _, err := store.SetReclaimNetting(tx, id, version, net); return err },
			func(err error) tea.Msg {
				return actionDoneMsg{c: &model.Claim{Meta: model.Meta{ID: cid}}, text: text, err: err}
			})
	case key.Matches(kp, t.claimKeys.Edit):
		return t.editClaim(c.ID)
	case key.Matches(kp, t.keys.AddFahrt, t.keys.AddBeleg, t.keys.AddPau):
		// The README says "im Antrag: f b p"; the positions are added in
		// the editor, so say how to get there instead of doing nothing.
		if msg := c.EditProblem(); msg != "" {
			t.setFlash(msg, true)
			return nil
		}
		t.setFlash("Positionen hinzufügen: erst mit e bearbeiten, dann f Fahrt · b Beleg · p Pauschale.", true)
		return nil
	case key.Matches(kp, t.keys.Delete):
		if c.Status != model.ClaimEntwurf || c.Submitted != nil || len(c.Steps) > 0 {
			t.setFlash("Nur nie eingereichte Entwürfe können gelöscht werden.", true)
			return nil
		}
		id, num := c.ID, c.Number
		t.ask("Entwurf "+num+" löschen?", func() tea.Cmd {
			t.screen = scrClaims
			return t.ctx.Write(func(tx *store.Tx) error { return store.DeleteClaim(tx, id) },
				func(err error) tea.Msg { return actionDoneMsg{text: num + " gelöscht.", err: err} })
		})
	}
	return nil
}

// approve signs the next step, asking first when the yearly limit or the
// Fördertopf would be exceeded, and refusing at once when the four-eyes
// rule forbids the user this step.
func (t *Tab) approve(a model.ClaimAction) tea.Cmd {
	d := t.det
	c := d.c
	if err := t.ctx.Forbidden(a.Label(), store.ClaimActionPermissions(a)...); err != nil {
		t.setFlash(err.Error(), true)
		return nil
	}
	if msg := c.FourEyesProblem(a, t.ctx.User); msg != "" {
		t.setFlash(msg+" Bitte eine Kollegin oder einen Kollegen zeichnen lassen.", true)
		return nil
	}
	if a != model.ActSubmit {
		if msg := model.PayoutProblem(d.person); msg != "" {
			t.setFlash(msg, true)
			return nil
		}
	}
	id, version, num := c.ID, c.Version, c.Number
	run := func() tea.Cmd {
		var after *model.Claim
		return t.ctx.Write(func(tx *store.Tx) error {
			var err error
			after, err = store.ApplyClaim(tx, id, version, a, "")
			return err
		}, func(err error) tea.Msg {
			text := fmt.Sprintf("%s: %s.", num, doneText(a))
			if err == nil {
				text = afterText(after, text)
			}
			return actionDoneMsg{c: &model.Claim{Meta: model.Meta{ID: id}}, text: text, err: err}
		})
	}
	var warn []string
	if d.limit.Warn {
		warn = append(warn, fmt.Sprintf("%s überschreitet damit den Freibetrag %d (%s): %s bisher, %s mit diesem Antrag.",
			c.PersonName, d.limit.Year, d.limit.Limit, d.limit.Used, d.limit.After))
	}
	warn = append(warn, d.fundWarn...)
	if len(warn) > 0 {
		t.ask("Achtung: "+strings.Join(warn, " ")+"\n\nTrotzdem "+a.Label()+"?", run)
		return nil
	}
	return run()
}

// afterText says what an angeordnet Storno or Korrektur did.
func afterText(c *model.Claim, text string) string {
	switch {
	case c == nil || c.Kind == model.ClaimNormal:
		return text
	case c.Status == model.ClaimStorniert:
		return fmt.Sprintf("%s angeordnet: %s ist storniert und kommt in keinen Zahllauf.", c.Number, c.CorrectsNumber)
	case c.Status == model.ClaimVerbucht && c.Total() < 0:
		return fmt.Sprintf("%s angeordnet und verbucht: Rückforderung über %s angelegt.", c.Number, -c.Total())
	case c.Status == model.ClaimAngeordnet:
		return fmt.Sprintf("%s angeordnet: die Differenz wird mit dem nächsten Zahllauf ausgezahlt.", c.Number)
	}
	return text
}

func doneText(a model.ClaimAction) string {
	switch a {
	case model.ActSubmit:
		return "eingereicht"
	case model.ActSachlich:
		return "sachlich richtig gezeichnet"
	case model.ActRechnerisch:
		return "rechnerisch richtig gezeichnet"
	case model.ActAnordnen:
		return "Auszahlung angeordnet"
	}
	return string(a)
}

func (t *Tab) doReject() tea.Cmd {
	t.frm = nil
	c := t.det.c
	id, version, num, reason := c.ID, c.Version, c.Number, t.inText
	return t.ctx.Write(func(tx *store.Tx) error {
		_, err := store.ApplyClaim(tx, id, version, model.ActReject, reason)
		return err
	}, func(err error) tea.Msg {
		return actionDoneMsg{c: &model.Claim{Meta: model.Meta{ID: id}}, text: num + " abgelehnt, zurück im Entwurf.", err: err}
	})
}

func (t *Tab) doStorno() tea.Cmd {
	t.frm = nil
	id, reason, kind := t.det.c.ID, t.inText, model.ClaimKind(t.corrKind)
	var made *model.Claim
	return t.ctx.Write(func(tx *store.Tx) error {
		var err error
		made, err = store.CreateCorrection(tx, id, kind, reason)
		return err
	}, func(err error) tea.Msg {
		if err != nil {
			return actionDoneMsg{err: err}
		}
		text := kind.Label() + " " + made.Number + " angelegt (Entwurf) – wirkt, wenn er angeordnet ist."
		if kind == model.ClaimKorrektur {
			text = "Korrektur " + made.Number + " angelegt (Entwurf): Positionen mit e prüfen, dann einreichen."
		}
		return actionDoneMsg{c: made, open: true, text: text}
	})
}

func (t *Tab) doPaidBack() tea.Cmd {
	t.frm = nil
	id, version, cid := t.reclaimID, t.reclaimVersion, t.det.c.ID
	d, err := model.ParseDate(t.inText, model.Today(t.ctx.Now()))
	if err != nil {
		t.setFlash(err.Error(), true)
		return nil
	}
	var num string
	return t.ctx.Write(func(tx *store.Tx) error {
		r, err := store.MarkReclaimPaidBack(tx, id, version, d, "")
		if r != nil {
			num = r.Number
		}
		return err
	}, func(err error) tea.Msg {
		return actionDoneMsg{c: &model.Claim{Meta: model.Meta{ID: cid}}, text: "Rückforderung " + num + " als zurückgezahlt geschlossen.", err: err}
	})
}

func (t *Tab) viewDetail() string {
	st := t.ctx.Styles
	d := t.det
	if d == nil {
		return t.header("Antrag") + "\n" + st.Muted.Render("lädt …")
	}
	c := d.c
	var b strings.Builder
	title := c.Number + " · " + c.PersonName
	if c.Kind != model.ClaimNormal {
		title = c.Kind.Label() + " " + title
	}
	b.WriteString(t.header(title, statusBadge(st, c.Status)) + "\n")
	fund := "ohne Fördertopf"
	if d.fund != nil {
		fund = "Topf: " + d.fund.Name
	}
	b.WriteString(wrapped(st.Text, fmt.Sprintf("%s – %s · %s · %s", c.PeriodFrom, c.PeriodTo, orDash(c.Project), fund), t.w))
	if c.Purpose != "" {
		b.WriteString(wrapped(st.Muted, "Zweck: "+c.Purpose, t.w))
	}
	if c.CorrectsNumber != "" {
		b.WriteString(wrapped(st.Warning, fmt.Sprintf("%s zu %s: %s", c.Kind.Label(), c.CorrectsNumber, c.CorrectionReason), t.w))
	}
	if d.pending {
		b.WriteString(wrapped(st.Error, "⚠ angeordnet, aber von einer älteren Version nie wirksam gemacht – r macht ihn wirksam", t.w))
	}
	if c.Rejection != "" && c.Status == model.ClaimEntwurf {
		b.WriteString(st.Error.Render("Abgelehnt: "+c.Rejection) + "\n")
	}
	if len(d.corrs) > 0 {
		var cs []string
		for _, o := range d.corrs {
			cs = append(cs, fmt.Sprintf("%s %s (%s, %s)", o.Kind.Label(), o.Number, o.Total().Plain(), o.Status.Label()))
		}
		b.WriteString(wrapped(st.Warning, "Korrigiert durch "+strings.Join(cs, ", "), t.w))
	}
	for _, r := range d.reclaims {
		line := fmt.Sprintf("↩ Rückforderung %s über %s: %s", r.Number, r.Amount, r.StatusText())
		style := st.Muted
		if r.Open() {
			style = st.Warning
		}
		b.WriteString(wrapped(style, line, t.w))
	}
	if len(d.twice) > 0 {
		var es []string
		var sum model.Money
		for _, k := range d.twice {
			es = append(es, k.Einsatz)
			sum += k.Excess
		}
		fix := "mit e die Pauschale kürzen"
		if c.Frozen() {
			fix = "Korrektur mit o"
		}
		b.WriteString(wrapped(st.Error, fmt.Sprintf("⚠ zahlt die Fahrtkosten von %s doppelt (%s zu viel) – %s", strings.Join(es, ", "), sum, fix), t.w))
	}
	descW := max(10, t.w-36)
	b.WriteString(st.Header.Render(fmt.Sprintf("%-10s %-10s %-*s %12s", "Art", "Datum", descW, "Beschreibung", "Betrag")) + "\n")
	head := strings.Count(b.String(), "\n")
	footer := 5 + len(t.signatureLines(c))
	room := max(1, t.h-head-footer)
	used, i := 0, d.scroll
	for ; i < len(c.Lines); i++ {
		l := c.Lines[i]
		desc := l.Summary()
		if l.Kind == model.LineFahrt && l.Rate != 0 {
			desc += fmt.Sprintf(" à %s/km", l.Rate.Plain())
		}
		// A long description wraps under itself (it was cut at 80
		// columns); the amount stays on the first line.
		parts := strings.Split(ansi.Wrap(desc, descW, ""), "\n")
		if used+len(parts) > room && used > 0 {
			break
		}
		used += len(parts)
		b.WriteString(fmt.Sprintf("%-10s %-10s %s %12s\n", l.Kind.Short(), l.Date, padRight(parts[0], descW), l.Amount.Plain()))
		for _, p := range parts[1:] {
			b.WriteString(strings.Repeat(" ", 22) + p + "\n")
		}
	}
	if n := len(c.Lines) - i; n > 0 {
		b.WriteString(st.Muted.Render(fmt.Sprintf("▼ %d weitere Position(en) (↓)", n)) + "\n")
	}
	b.WriteString(st.Bold.Render(fmt.Sprintf("%*s %12s", t.w-14, "Summe", c.Total().Plain()+" €")) + "\n")
	// limit line
	if d.person != nil && d.limit.Limit > 0 {
		lim := fmt.Sprintf("AE %d: bisher %s · mit Antrag %s · Freibetrag %s", d.limit.Year, d.limit.Used, d.limit.After, d.limit.Limit)
		if t.w >= 100 {
			lim += " (" + d.limit.Kind.Short() + ")"
		}
		switch {
		case d.limit.Warn:
			lim = st.BadgeErr.Render("⚠ " + lim)
		case d.limit.Near:
			lim = st.BadgeWarn.Render("! " + lim)
		default:
			lim = st.Muted.Render(lim)
		}
		b.WriteString(lim + "\n")
	}
	for _, w := range d.fundWarn {
		b.WriteString(wrapped(st.Warning, "⚠ "+w, t.w))
	}
	iban := "IBAN fehlt"
	if d.person != nil && d.person.Volunteer != nil && d.person.Volunteer.IBAN != "" {
		iban = d.person.Volunteer.IBAN.Masked()
	}
	if msg := model.PayoutProblem(d.person); msg != "" {
		iban = strings.TrimRight(wrapped(st.Error, msg, t.w), "\n")
	}
	b.WriteString(iban + "\n")
	for _, l := range t.signatureLines(c) {
		b.WriteString(st.Muted.Render(l) + "\n")
	}
	body := strings.TrimRight(b.String(), "\n")
	lines := strings.Split(body, "\n")
	if len(lines) > t.h {
		lines = lines[:t.h]
	}
	return strings.Join(lines, "\n")
}

// signatureLines are the four signatures: two per line where both fit
// whole, otherwise one per line (at 80 columns the time would be cut off).
func (t *Tab) signatureLines(c *model.Claim) []string {
	last, lastSig := "ausgezahlt", c.Paid
	switch c.Status {
	case model.ClaimVerbucht:
		last = "verbucht  "
	case model.ClaimStorniert:
		last, lastSig = "storniert ", c.Cancelled
	}
	if t.w >= 21+sigWidth+3+12+sigWidth {
		return []string{
			sigText("sachlich richtig   ", c.Sachlich) + "   " + sigText("angeordnet", c.Angeordnet),
			sigText("rechnerisch richtig", c.Rechnerisch) + "   " + sigText(last, lastSig),
		}
	}
	return []string{
		sigText("sachlich richtig   ", c.Sachlich),
		sigText("rechnerisch richtig", c.Rechnerisch),
		sigText("angeordnet         ", c.Angeordnet),
		sigText(last+"         ", lastSig),
	}
}

// detailHelp are the keys of the claim screen, with the next step named.
func (t *Tab) detailHelp() []key.Binding {
	if t.det == nil {
		return []key.Binding{t.ctx.List.Back}
	}
	c := t.det.c
	approve := t.keys.Approve
	if a, ok := nextApproval(c); ok {
		// Gate, not SetEnabled: a member without the role hears why.
		approve = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", a.Label()))
		t.ctx.Gate(&approve, store.ClaimActionPermissions(a)...)
	} else if t.det.pending {
		approve = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "wirksam machen"))
		t.ctx.Gate(&approve, model.PermOrder)
	} else {
		approve.SetEnabled(false)
	}
	help := []key.Binding{approve}
	if c.Status.Committed() && !c.Frozen() {
		help = append(help, t.keys.Reject)
	}
	if c.EditProblem() == "" {
		help = append(help, t.claimKeys.Edit)
	}
	if c.Status == model.ClaimEntwurf && c.Submitted == nil && len(c.Steps) == 0 {
		help = append(help, t.keys.Delete)
	}
	if c.Frozen() && !c.Status.Final() && c.Kind == model.ClaimNormal {
		help = append(help, t.keys.Storno)
	}
	if t.det.openReclaim() != nil {
		help = append(help, t.keys.PaidBack, t.keys.Netting)
	}
	// Keys the member's roles deny stay in the list, switched off (no help
	// shows them): pressing one says which role it needs.
	for _, b := range []key.Binding{t.keys.Reject, t.claimKeys.Edit, t.keys.Delete, t.keys.Storno, t.keys.PaidBack, t.keys.Netting} {
		if !b.Enabled() && !slices.ContainsFunc(help, func(h key.Binding) bool { return h.Help() == b.Help() }) {
			help = append(help, b)
		}
	}
	return append(help, t.ctx.List.Back)
}

func statusBadge(st *theme.Styles, s model.ClaimStatus) string {
	text := "[" + s.Label() + "]"
	switch s {
	case model.ClaimAusgezahlt:
		return st.BadgeOK.Render(text)
	case model.ClaimEntwurf, "":
		return st.Muted.Render(text)
	case model.ClaimAngeordnet:
		return st.Accent.Render(text)
	case model.ClaimStorniert, model.ClaimVerbucht:
		return st.Muted.Render(text)
	}
	return st.BadgeWarn.Render(text)
}

// wrapped renders s in style, broken at spaces into lines of at most w
// cells, each ending in a newline: a text is never cut off at the edge.
func wrapped(style lipgloss.Style, s string, w int) string {
	var b strings.Builder
	for _, l := range strings.Split(ansi.Wrap(s, max(10, w), ""), "\n") {
		b.WriteString(style.Render(l) + "\n")
	}
	return b.String()
}

// padRight pads plain s with spaces to w cells.
func padRight(s string, w int) string {
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}
