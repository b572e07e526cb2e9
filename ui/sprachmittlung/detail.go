package sprachmittlung

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/theme"
)

// detailData is everything the detail screen shows about one Einsatz.
type detailData struct {
	e       *model.Einsatz
	org     *model.Organisation
	contact *model.Person
	interp  *model.Person
	names   map[string]string // user or person IDs in the history → names
	tariff  model.Tariff      // of the Einsatz's day, for the deadline of a rechtzeitig Absage
}

type detailLoadedMsg struct {
	id   string
	data detailData
	err  error
}

// detail is the screen of one Einsatz.
type detail struct {
	ctx    *common.Context
	id     string
	data   detailData
	loaded bool
	err    error
	scroll scroller
}

func newDetail(ctx *common.Context, id string) *detail {
	d := &detail{ctx: ctx, id: id}
	d.scroll.setSize(ctx.Width, ctx.Height)
	return d
}

func (d *detail) setSize(w, h int) {
	d.scroll.setSize(w, h)
	d.rebuild()
}

func (d *detail) reload() tea.Cmd {
	id := d.id
	return common.Read(d.ctx, func(tx *store.Tx) (detailData, error) {
		return loadDetail(tx, id)
	}, func(v detailData, err error) tea.Msg { return detailLoadedMsg{id: id, data: v, err: err} })
}

func loadDetail(tx *store.Tx, id string) (detailData, error) {
	var dd detailData
	e, err := store.Einsaetze.Get(tx, id)
	if err != nil {
		return dd, err
	}
	dd.e = e
	if e.OrganisationID != "" {
		dd.org, _ = store.Organisations.Get(tx, e.OrganisationID)
	}
	if e.ContactPersonID != "" {
		dd.contact, _ = store.People.Get(tx, e.ContactPersonID)
	}
	if set, err := store.LoadSprachmittlungSettings(tx); err == nil {
		dd.tariff = set.TariffAt(model.DateOf(e.Start))
	}
	dd.names = map[string]string{}
	if e.InterpreterID != "" {
		dd.interp, _ = store.People.Get(tx, e.InterpreterID)
	}
	for _, c := range e.StatusHistory {
		if c.Interpreter != "" && dd.names[c.Interpreter] == "" {
			if p, err := store.People.Get(tx, c.Interpreter); err == nil {
				dd.names[c.Interpreter] = p.Name
			}
		}
	}
	return dd, nil
}

func (d *detail) set(msg detailLoadedMsg) {
	if msg.id != d.id {
		return
	}
	d.err = msg.err
	if msg.err == nil {
		d.data, d.loaded = msg.data, true
	}
	d.rebuild()
}

// rebuild lays out the lines once per load or resize; View only slices.
func (d *detail) rebuild() {
	st := d.ctx.Styles
	if d.err != nil {
		d.scroll.set([]string{st.Error.Render(d.err.Error())})
		return
	}
	if !d.loaded {
		d.scroll.set([]string{st.Muted.Render("lädt …")})
		return
	}
	e := d.data.e
	p := &page{st: st, w: d.scroll.w}
	head := st.Title.Render("Einsatz "+e.Number) + "  " + statusBadge(st, e.Status)
	if e.Urgent {
		head += "  " + st.BadgeErr.Render("EILT")
	}
	p.out = append(p.out, head)
	d.appointment(p)
	d.language(p)
	d.request(p)
	if n := e.Nachweis; n != nil {
		nachweisSection(p, n)
	}
	if c := e.Cancellation; c != nil {
		d.cancellation(c, p)
	}
	d.history(p)
	// The keys are in the root's help line and on the ? screen.
	d.scroll.set(p.out)
}

// page collects the lines of the detail screen: sections under a
// subtitle, fields as a label with the value wrapped beside it.
type page struct {
	st  *theme.Styles
	w   int
	out []string
}

// detailLabelW is the width of the labels of the detail screen.
const detailLabelW = 18

// field adds a labelled value; an empty value adds nothing.
func (p *page) field(label, val string) {
	if strings.TrimSpace(val) == "" {
		return
	}
	vals := wrap(val, max(10, p.w-detailLabelW-1))
	for i, v := range vals {
		l := ""
		if i == 0 {
			l = label
		}
		p.out = append(p.out, p.st.Label.Render(fit(l, detailLabelW))+" "+v)
	}
}

func (p *page) section(title string) {
	p.out = append(p.out, "", p.st.Subtitle.Render(title))
}

// appointment is the section "Termin": when and where.
func (d *detail) appointment(p *page) {
	e := d.data.e
	when := ""
	if !e.Start.IsZero() {
		day := model.DateOf(e.Start)
		when = fmt.Sprintf("%s %s, %s–%s (%s)", day.WeekdayShort(), day, model.FormatTime(e.Start),
			model.FormatTime(e.End()), model.FormatDuration(e.Duration))
	}
	p.section("Termin")
	p.field("Wann", when)
	for i, t := range e.AltDates {
		p.field(fmt.Sprintf("Ausweichtermin %d", i+1), model.FormatDateTime(t))
	}
	p.field("Einsatzform", e.Setting.Label())
	p.field("Ort", e.Place)
	p.field("Adresse", e.Address)
	p.field("Treffpunkt", e.MeetingPoint)
	p.field("Kontakt vor Ort", e.OnSiteContact)
}

// language is the section "Sprache": the language asked for and who
// interprets.
func (d *detail) language(p *page) {
	e := d.data.e
	p.section("Sprache")
	lang := e.Language
	if e.Dialect != "" {
		lang += " (" + e.Dialect + ")"
	}
	p.field("Sprache", lang)
	p.field("Geschlecht", e.GenderWish())
	interp := p.st.Warning.Render("noch keine")
	if d.data.interp != nil {
		interp = d.data.interp.Name
		if d.data.interp.Phone != "" {
			interp += " · " + d.data.interp.Phone
		}
	}
	p.field("Sprachmittler:in", interp)
}

// request is the section "Anfrage": who asked, for whom and why, and the
// intake rules overridden.
func (d *detail) request(p *page) {
	e := d.data.e
	p.section("Anfrage")
	org := "—"
	if d.data.org != nil {
		org = d.data.org.Name
		if d.data.org.Kind != "" {
			org += " (" + d.data.org.Kind.Label() + ")"
		}
	}
	p.field("Einrichtung", org)
	contact := e.ContactName
	if contact == "" && d.data.contact != nil {
		contact = d.data.contact.Name
	}
	p.field("Ansprechperson", strings.Join(nonEmpty(contact, e.ContactPhone, e.ContactEmail), " · "))
	p.field("Klient:in", e.ClientRef)
	p.field("Herkunftsland", e.ClientCountry)
	if e.Topic != "" {
		p.field("Themenbereich", e.Topic.Label())
	}
	if e.Urgent {
		p.field("Eilt", e.UrgentReason)
	}
	p.field("Notizen", e.Notes)
	for _, o := range e.Overrides {
		p.field("Hinweis übergangen", fmt.Sprintf("%s – %s (%s, %s)", ruleLabel(o.Rule), o.Reason, o.Who, model.FormatDateTime(o.At)))
	}
}

// nachweisSection is the Einsatznachweis with the lines of the amount.
func nachweisSection(p *page, n *model.Einsatznachweis) {
	p.section("Einsatznachweis")
	p.field("Tatsächlich", fmt.Sprintf("%s–%s", model.FormatDateTime(n.ActualStart), model.FormatTime(n.ActualEnd)))
	if n.WaitingMinutes > 0 {
		p.field("Wartezeit", fmt.Sprintf("%d min", n.WaitingMinutes))
	}
	if n.Km > 0 {
		p.field("Kilometer", n.Km.String())
	}
	for _, l := range n.Lines {
		p.field("", fmt.Sprintf("%s = %s", l.Text, l.Amount))
	}
	p.field("Aufwandsentsch.", p.st.Bold.Render(n.Amount.String()))
	p.field("Tarif", n.Tariff.Summary())
}

// history is the section "Verlauf": created, then every status change.
func (d *detail) history(p *page) {
	e := d.data.e
	p.section("Verlauf")
	p.field("Angelegt", fmt.Sprintf("%s von %s", model.FormatDateTime(e.Created), e.CreatedBy))
	for _, c := range e.StatusHistory {
		text := fmt.Sprintf("%s → %s", labelOr(c.From, "neu"), c.To.Label())
		if c.Interpreter != "" {
			if n := d.data.names[c.Interpreter]; n != "" {
				text += " · " + n
			}
		}
		if c.Reason != "" {
			text += " · " + c.Reason
		}
		p.field(model.FormatDateTime(c.At), text+" ("+c.Who+")")
	}
}

func labelOr(s model.Status, empty string) string {
	if s == "" {
		return empty
	}
	return s.Label()
}

func ruleLabel(rule string) string {
	switch rule {
	case model.RuleLeadTime:
		return "Vorlauf"
	case model.RuleTopic:
		return "Themenbereich"
	case model.RuleOrgKind:
		return "Art der Einrichtung"
	case model.RuleDuration:
		return "Dauer"
	case model.RuleInThePast:
		return "Termin in der Vergangenheit"
	}
	return rule
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// statusBadge colours a status with the theme's badges.
func statusBadge(st *theme.Styles, s model.Status) string {
	switch {
	case s == model.StatusNichtVermittelbar || s == model.StatusAbgelehnt:
		return st.BadgeErr.Render(s.Label())
	case s.Open():
		return st.BadgeWarn.Render(s.Label())
	case s == model.StatusVermittelt || s == model.StatusDurchgefuehrt || s == model.StatusAbgerechnet:
		return st.BadgeOK.Render(s.Label())
	}
	return st.Badge.Render(s.Label())
}

// cancellation shows the Absage (or the no-show): who, when it came in,
// the deadline, the decision and, if the user decided otherwise, by whom,
// when and why.
func (d *detail) cancellation(c *model.Cancellation, p *page) {
	st := d.ctx.Styles
	e := d.data.e
	if e.Status == model.StatusNichtErschienen {
		p.section("Nicht erschienen")
		p.field("Festgestellt", model.FormatDateTime(c.At))
		p.field("Grund", c.Reason)
		p.field("Ausfallpauschale", c.Ausfallpauschale.String())
		return
	}
	p.section("Absage")
	p.field("Von", c.By.Label())
	p.field("Eingegangen", model.FormatDateTime(c.At))
	p.field("Grund", c.Reason)
	if e.InterpreterID != "" {
		t := d.data.tariff
		if c.Tariff != nil {
			t = *c.Tariff
		}
		dl := e.Deadline(t)
		p.field("Frist", fmt.Sprintf("%s %s (%d Stunden vor Beginn)", model.DateOf(dl).WeekdayShort(), model.FormatDateTime(dl), t.CancelHours))
		decision := "rechtzeitig"
		if e.CancelledLate() {
			decision = "kurzfristig"
		}
		if c.Override != "" {
			p.field("Entscheidung", st.Warning.Render(decision+" – abweichend von der Frist"))
			p.field("Begründung", c.Override)
			if h, ok := cancelChange(e); ok {
				p.field("Abweichung von", fmt.Sprintf("%s, %s", h.Who, model.FormatDateTime(h.At)))
			}
		} else {
			p.field("Entscheidung", decision+" (nach der Frist)")
		}
	}
	if c.Ausfallpauschale > 0 {
		p.field("Ausfallpauschale", st.Bold.Render(c.Ausfallpauschale.String()))
	} else {
		p.field("Ausfallpauschale", "keine")
	}
}

// cancelChange is the status-history line of the Absage: who entered it
// (and any override) and when.
func cancelChange(e *model.Einsatz) (model.StatusChange, bool) {
	for i := len(e.StatusHistory) - 1; i >= 0; i-- {
		if h := e.StatusHistory[i]; h.To.Cancelled() {
			return h, true
		}
	}
	return model.StatusChange{}, false
}

func (t *Tab) openDetail(id string) tea.Cmd {
	t.push(scrDetail)
	t.det = newDetail(t.ctx, id)
	t.det.setSize(t.width, t.height)
	return t.det.reload()
}

// detailKey scrolls the page; once it is loaded, its keys act on the
// Einsatz.
func (t *Tab) detailKey(msg tea.KeyPressMsg) tea.Cmd {
	d := t.det
	if d == nil || key.Matches(msg, t.ctx.List.Back) {
		t.pop()
		return nil
	}
	if d.scroll.key(msg, t.ctx.List) || !d.loaded {
		return nil
	}
	return t.detailAction(msg, d)
}

func (t *Tab) detailAction(msg tea.KeyPressMsg, d *detail) tea.Cmd {
	k, e := t.keys, d.data.e
	switch {
	case key.Matches(msg, k.Status):
		t.menu = newStatusMenu(t.ctx, e)
		t.menu.setSize(t.width, t.height)
		t.push(scrStatus)
	case key.Matches(msg, k.Match):
		return t.startMatch(e)
	case key.Matches(msg, k.Confirm):
		return t.loadTexts(e.ID)
	case key.Matches(msg, k.Nachweis):
		return t.openNachweis(e.ID)
	case key.Matches(msg, t.einsatzKeys.Edit):
		return t.editRequest(e, d.data.org)
	case key.Matches(msg, k.Org):
		if e.OrganisationID != "" {
			return t.openOrg(e.OrganisationID)
		}
	case key.Matches(msg, k.Person):
		if e.InterpreterID != "" {
			return t.openPerson(e.InterpreterID)
		}
		return t.fail(errors.New("Diesem Einsatz ist noch keine Sprachmittler:in zugewiesen – mit m suchen."))
	}
	return nil
}

func (t *Tab) detailView() string {
	if t.det == nil {
		return t.blank()
	}
	return t.withFlash(t.det.scroll.viewMore(t.ctx.Styles.Muted), t.width, t.height)
}

func (t *Tab) detailHelp() []key.Binding {
	k := t.keys
	return []key.Binding{k.Status, k.Match, k.Confirm, k.Nachweis, t.einsatzKeys.Edit, k.Org, k.Person, t.ctx.List.Back}
}
