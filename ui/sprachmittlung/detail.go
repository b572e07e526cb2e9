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
	w := d.scroll.w
	if d.err != nil {
		d.scroll.set([]string{st.Error.Render(d.err.Error())})
		return
	}
	if !d.loaded {
		d.scroll.set([]string{st.Muted.Render("lädt …")})
		return
	}
	e := d.data.e
	var out []string
	head := st.Title.Render("Einsatz "+e.Number) + "  " + statusBadge(st, e.Status)
	if e.Urgent {
		head += "  " + st.BadgeErr.Render("EILT")
	}
	out = append(out, head)
	lw := 18
	field := func(label, val string) {
		if strings.TrimSpace(val) == "" {
			return
		}
		vals := wrap(val, max(10, w-lw-1))
		for i, v := range vals {
			l := ""
			if i == 0 {
				l = label
			}
			out = append(out, st.Label.Render(fit(l, lw))+" "+v)
		}
	}
	section := func(title string) {
		out = append(out, "", st.Subtitle.Render(title))
	}
	when := ""
	if !e.Start.IsZero() {
		day := model.DateOf(e.Start)
		when = fmt.Sprintf("%s %s, %s–%s (%s)", day.WeekdayShort(), day, model.FormatTime(e.Start),
			model.FormatTime(e.End()), model.FormatDuration(e.Duration))
	}
	section("Termin")
	field("Wann", when)
	for i, t := range e.AltDates {
		field(fmt.Sprintf("Ausweichtermin %d", i+1), model.FormatDateTime(t))
	}
	field("Einsatzform", e.Setting.Label())
	field("Ort", e.Place)
	field("Adresse", e.Address)
	field("Treffpunkt", e.MeetingPoint)
	field("Kontakt vor Ort", e.OnSiteContact)

	section("Sprache")
	lang := e.Language
	if e.Dialect != "" {
		lang += " (" + e.Dialect + ")"
	}
	field("Sprache", lang)
	field("Geschlecht", e.GenderWish())
	interp := st.Warning.Render("noch keine")
	if d.data.interp != nil {
		interp = d.data.interp.Name
		if d.data.interp.Phone != "" {
			interp += " · " + d.data.interp.Phone
		}
	}
	field("Sprachmittler:in", interp)

	section("Anfrage")
	org := "—"
	if d.data.org != nil {
		org = d.data.org.Name
		if d.data.org.Kind != "" {
			org += " (" + d.data.org.Kind.Label() + ")"
		}
	}
	field("Einrichtung", org)
	contact := e.ContactName
	if contact == "" && d.data.contact != nil {
		contact = d.data.contact.Name
	}
	field("Ansprechperson", strings.Join(nonEmpty(contact, e.ContactPhone, e.ContactEmail), " · "))
	field("Klient:in", e.ClientRef)
	field("Herkunftsland", e.ClientCountry)
	if e.Topic != "" {
		field("Themenbereich", e.Topic.Label())
	}
	if e.Urgent {
		field("Eilt", e.UrgentReason)
	}
	field("Notizen", e.Notes)
	for _, o := range e.Overrides {
		field("Hinweis übergangen", fmt.Sprintf("%s – %s (%s, %s)", ruleLabel(o.Rule), o.Reason, o.Who, model.FormatDateTime(o.At)))
	}

	if n := e.Nachweis; n != nil {
		section("Einsatznachweis")
		field("Tatsächlich", fmt.Sprintf("%s–%s", model.FormatDateTime(n.ActualStart), model.FormatTime(n.ActualEnd)))
		if n.WaitingMinutes > 0 {
			field("Wartezeit", fmt.Sprintf("%d min", n.WaitingMinutes))
		}
		if n.Km > 0 {
			field("Kilometer", n.Km.String())
		}
		for _, l := range n.Lines {
			field("", fmt.Sprintf("%s = %s", l.Text, l.Amount))
		}
		field("Aufwandsentsch.", st.Bold.Render(n.Amount.String()))
		field("Tarif", n.Tariff.Summary())
	}
	if c := e.Cancellation; c != nil {
		d.cancellation(c, field, section)
	}

	section("Verlauf")
	field("Angelegt", fmt.Sprintf("%s von %s", model.FormatDateTime(e.Created), e.CreatedBy))
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
		field(model.FormatDateTime(c.At), text+" ("+c.Who+")")
	}
	// The keys are in the root's help line and on the ? screen.
	d.scroll.set(out)
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
func (d *detail) cancellation(c *model.Cancellation, field func(label, val string), section func(string)) {
	st := d.ctx.Styles
	e := d.data.e
	if e.Status == model.StatusNichtErschienen {
		section("Nicht erschienen")
		field("Festgestellt", model.FormatDateTime(c.At))
		field("Grund", c.Reason)
		field("Ausfallpauschale", c.Ausfallpauschale.String())
		return
	}
	section("Absage")
	field("Von", c.By.Label())
	field("Eingegangen", model.FormatDateTime(c.At))
	field("Grund", c.Reason)
	if e.InterpreterID != "" {
		t := d.data.tariff
		if c.Tariff != nil {
			t = *c.Tariff
		}
		dl := e.Deadline(t)
		field("Frist", fmt.Sprintf("%s %s (%d Stunden vor Beginn)", model.DateOf(dl).WeekdayShort(), model.FormatDateTime(dl), t.CancelHours))
		decision := "rechtzeitig"
		if e.CancelledLate() {
			decision = "kurzfristig"
		}
		if c.Override != "" {
			field("Entscheidung", st.Warning.Render(decision+" – abweichend von der Frist"))
			field("Begründung", c.Override)
			if h, ok := cancelChange(e); ok {
				field("Abweichung von", fmt.Sprintf("%s, %s", h.Who, model.FormatDateTime(h.At)))
			}
		} else {
			field("Entscheidung", decision+" (nach der Frist)")
		}
	}
	if c.Ausfallpauschale > 0 {
		field("Ausfallpauschale", st.Bold.Render(c.Ausfallpauschale.String()))
	} else {
		field("Ausfallpauschale", "keine")
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
