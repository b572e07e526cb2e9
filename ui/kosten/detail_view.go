package kosten

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/theme"
)

// viewDetail draws one claim: head and notes, as many positions as fit
// (scrolled with ↑/↓), the sum, the yearly limit, the bank account and the
// four signatures.
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
	t.writeClaimNotes(&b, d)
	descW := max(10, t.w-36)
	b.WriteString(st.Header.Render(fmt.Sprintf("%-10s %-10s %-*s %12s", "Art", "Datum", descW, "Beschreibung", "Betrag")) + "\n")
	head := strings.Count(b.String(), "\n")
	footer := 5 + len(t.signatureLines(c))
	t.writeClaimLines(&b, d, descW, max(1, t.h-head-footer))
	b.WriteString(st.Bold.Render(fmt.Sprintf("%*s %12s", t.w-14, "Summe", c.Total().Plain()+" €")) + "\n")
	if d.person != nil && d.limit.Limit > 0 {
		b.WriteString(t.limitLine(d.limit) + "\n")
	}
	for _, w := range d.fundWarn {
		b.WriteString(wrapped(st.Warning, "⚠ "+w, t.w))
	}
	b.WriteString(t.ibanLine(d.person) + "\n")
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

// writeClaimNotes writes what to know before the positions: period,
// project and Topf, purpose, what it corrects or is corrected by, a
// rejection, its Rückforderungen and km paid twice.
func (t *Tab) writeClaimNotes(b *strings.Builder, d *detail) {
	st := t.ctx.Styles
	c := d.c
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
	if c.ReversedBy != "" {
		b.WriteString(wrapped(st.Warning, fmt.Sprintf("Ganz storniert mit %s: zurückgefordert, die Einsätze sind wieder frei.", c.ReversedBy), t.w))
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
		b.WriteString(wrapped(st.Error, kmTwiceText(c, d.twice), t.w))
	}
}

// kmTwiceText warns that the claim pays the km of Einsätze twice, and
// says how to fix it.
func kmTwiceText(c *model.Claim, twice []store.KmTwice) string {
	var es []string
	var sum model.Money
	for _, k := range twice {
		es = append(es, k.Einsatz)
		sum += k.Excess
	}
	fix := "mit e die Pauschale kürzen"
	if c.Frozen() {
		fix = "Korrektur mit o"
	}
	return fmt.Sprintf("⚠ zahlt die Fahrtkosten von %s doppelt (%s zu viel) – %s", strings.Join(es, ", "), sum, fix)
}

// writeClaimLines writes the positions from the scroll position on, as
// many as fit in room lines, and how many are left below.
func (t *Tab) writeClaimLines(b *strings.Builder, d *detail, descW, room int) {
	c := d.c
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
		b.WriteString(t.ctx.Styles.Muted.Render(fmt.Sprintf("▼ %d weitere Position(en) (↓)", n)) + "\n")
	}
}

// limitLine is the Aufwandsentschädigung of the year against the
// tax-free limit, marked when near or over it.
func (t *Tab) limitLine(lm store.Limit) string {
	st := t.ctx.Styles
	lim := fmt.Sprintf("AE %d: bisher %s · mit Antrag %s · Freibetrag %s", lm.Year, lm.Used, lm.After, lm.Limit)
	if t.w >= 100 {
		lim += " (" + lm.Kind.Short() + ")"
	}
	switch {
	case lm.Warn:
		return st.BadgeErr.Render("⚠ " + lim)
	case lm.Near:
		return st.BadgeWarn.Render("! " + lim)
	}
	return st.Muted.Render(lim)
}

// ibanLine is the masked IBAN, or why the person cannot be paid.
func (t *Tab) ibanLine(p *model.Person) string {
	iban := "IBAN fehlt"
	if p != nil && p.Volunteer != nil && p.Volunteer.IBAN != "" {
		iban = p.Volunteer.IBAN.Masked()
	}
	if msg := model.PayoutProblem(p); msg != "" {
		iban = strings.TrimRight(wrapped(t.ctx.Styles.Error, msg, t.w), "\n")
	}
	return iban
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
	help := []key.Binding{t.approveHelp()}
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

// approveHelp is r named after the claim's next step (off when there is
// none).
func (t *Tab) approveHelp() key.Binding {
	approve := t.keys.Approve
	if a, ok := nextApproval(t.det.c); ok {
		// Gate, not SetEnabled: a member without the role hears why.
		approve = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", a.Label()))
		t.ctx.Gate(&approve, store.ClaimActionPermissions(a)...)
	} else if t.det.pending {
		approve = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "wirksam machen"))
		t.ctx.Gate(&approve, model.PermOrder)
	} else {
		approve.SetEnabled(false)
	}
	return approve
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
