package sprachmittlung

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/history"
	"stabsstelle/ui/table"
)

// historyTable is the Einsatz table of an interpreter's or an
// institution's page; other names the column that is not the page's owner.
func historyTable(ctx *common.Context, other string, value func(*vrow) string) *table.Model[*vrow] {
	cols := []table.Column[*vrow]{
		{Title: "Datum", Width: 10, Value: func(r *vrow) string { return r.date() },
			Less: func(a, b *vrow) bool { return a.startsBefore(b) }},
		{Title: "Zeit", Width: 11, Value: func(r *vrow) string { return r.timeRange() }},
		{Title: "Nr.", Width: 11, Value: func(r *vrow) string { return r.Number }},
		// the page's own column (institution or interpreter) gets the room
		{Title: "Sprache", Width: 12, Value: func(r *vrow) string { return r.Language }},
		{Title: other, MinWidth: 8, Value: value},
		{Title: "Status", Width: 13, Value: func(r *vrow) string { return r.StatusLabel }},
	}
	return table.New(cols, table.WithStyles(table.DefaultStyles(ctx.Styles.IsDark)),
		table.WithEmptyText("Keine Einsätze."), table.WithSort(0, false))
}

// selectFromToday puts the cursor on the first row from today on.
func selectFromToday(t *table.Model[*vrow], rows []*vrow, now time.Time) {
	today := model.Today(now).Midnight()
	for _, r := range rows {
		if !r.Start().Before(today) {
			t.Select(r.ID)
			return
		}
	}
	if len(rows) > 0 {
		t.Select(rows[len(rows)-1].ID)
	}
}

type personData struct {
	p       *model.Person
	rows    []vrow
	changes []store.PersonChange // who changed the profile, newest first
}

type personLoadedMsg struct {
	id   string
	data personData
	err  error
}

// personView is an interpreter's page: profile, papers with marks, and
// upcoming and past Einsätze.
type personView struct {
	ctx    *common.Context
	id     string
	data   personData
	ptrs   []*vrow
	loaded bool
	err    error
	table  *table.Model[*vrow]
	head   []string
	w, h   int
}

func newPersonView(ctx *common.Context, id string) *personView {
	v := &personView{ctx: ctx, id: id}
	v.table = historyTable(ctx, "Einrichtung", func(r *vrow) string { return r.Institution })
	return v
}

func (t *Tab) openPerson(id string) tea.Cmd {
	t.push(scrPerson)
	t.person = newPersonView(t.ctx, id)
	t.person.setSize(t.width, t.height)
	return t.person.reload()
}

func (v *personView) reload() tea.Cmd {
	id := v.id
	return common.Read(v.ctx, func(tx *store.Tx) (personData, error) {
		p, err := store.People.Get(tx, id)
		if err != nil {
			return personData{}, err
		}
		n, err := loadNames(tx)
		if err != nil {
			return personData{}, err
		}
		rs, err := store.EinsaetzeOfInterpreter(tx, id, time.Time{}, time.Time{})
		if err != nil {
			return personData{}, err
		}
		ch, err := store.RecordChanges(tx, id, 0)
		if err != nil {
			return personData{}, err
		}
		return personData{p: p, rows: n.toRows(rs), changes: ch}, nil
	}, func(d personData, err error) tea.Msg { return personLoadedMsg{id: id, data: d, err: err} })
}

func (v *personView) set(msg personLoadedMsg) {
	if msg.id != v.id {
		return
	}
	v.err = msg.err
	if msg.err != nil {
		return
	}
	v.data, v.loaded = msg.data, true
	v.ptrs = make([]*vrow, len(v.data.rows))
	for i := range v.data.rows {
		v.ptrs[i] = &v.data.rows[i]
	}
	first := v.table.Total() == 0
	v.table.SetRows(v.ptrs, func(r *vrow) string { return r.ID })
	if first {
		selectFromToday(v.table, v.ptrs, v.ctx.Now())
	}
	v.layout()
}

func (v *personView) setSize(w, h int) {
	v.w, v.h = w, h
	v.layout()
}

// layout builds the profile header; the table gets the rest.
func (v *personView) layout() {
	st := v.ctx.Styles
	w := v.w
	if !v.loaded {
		v.head = []string{st.Muted.Render("lädt …")}
		v.table.SetSize(w, max(3, v.h-1))
		return
	}
	p := v.data.p
	title := st.Title.Render(p.Name)
	var head []string
	if p.Interpreter == nil {
		head = append(head, title, st.Muted.Render("Kein Sprachmittlungsprofil – mit e anlegen."))
	} else {
		head = v.profileLines(title)
	}
	if len(v.data.changes) > 0 {
		// Who changed this person's data and when (the journal): the
		// newest two here, all of them with V.
		for _, l := range labelled(st.Label.Render("Geändert  "), history.ChangeSummary(v.data.changes, 2), w) {
			head = append(head, st.Muted.Render(l))
		}
	}
	upcoming := 0
	today := model.Today(v.ctx.Now()).Midnight()
	for _, r := range v.ptrs {
		if !r.Start().Before(today) {
			upcoming++
		}
	}
	head = append(head, cut(st.Subtitle.Render(fmt.Sprintf("Einsätze: %d kommende, %d vergangene", upcoming, len(v.ptrs)-upcoming))+
		"  "+st.Muted.Render(v.hint()), w))
	v.head = head
	v.table.SetSize(w, max(3, v.h-len(head)))
}

// profileLines is the interpreter's profile: state and contact, languages,
// where they work, their papers and what is missing.
func (v *personView) profileLines(title string) []string {
	st, w := v.ctx.Styles, v.w
	p := v.data.p
	ip := p.Interpreter
	state := st.BadgeOK.Render("aktiv")
	if !ip.Active {
		state = st.BadgeWarn.Render("pausiert")
	}
	head := []string{
		title + "  " + state + "  " + st.Muted.Render(strings.Join(nonEmpty(p.Gender.Label(), p.Phone, p.Email), " · ")),
		cut(st.Label.Render("Sprachen  ")+ip.LanguagesText(), w),
	}
	head = append(head, labelled(st.Label.Render("Einsatz   "), workArea(ip), w)...)
	papers := []string{"Schweigepflicht " + dateOrDash(ip.Schweigepflicht), "Führungszeugnis bis " + dateOrDash(ip.FuehrungszeugnisValidUntil),
		"Grundschulung " + dateOrDash(ip.Grundschulung), "Vereinbarung " + dateOrDash(ip.Ehrenamtsvereinbarung)}
	head = append(head, labelled(st.Label.Render("Papiere   "), papers, w)...)
	if is := ip.Issues(model.Today(v.ctx.Now())); len(is) > 0 {
		for _, l := range labelled("⚠ ", is, w) {
			head = append(head, st.Warning.Render(l))
		}
	}
	return head
}

// workArea is where and how an interpreter works: settings, areas, home
// and mobility.
func workArea(ip *model.InterpreterProfile) []string {
	settings := "alle Einsatzformen"
	if len(ip.Settings) > 0 {
		var ss []string
		for _, s := range ip.Settings {
			ss = append(ss, s.Label())
		}
		settings = strings.Join(ss, ", ")
	}
	areas := "ganzer Landkreis"
	if len(ip.Samtgemeinden) > 0 {
		areas = strings.Join(ip.Samtgemeinden, ", ")
	}
	mob := ""
	if ip.Mobility != "" {
		mob = " · " + ip.Mobility.Label()
	}
	return []string{settings, areas, "wohnt in " + orDash(ip.HomePlace) + mob}
}

// labelled joins parts with " · " after label and continues on further
// lines under the first part instead of cutting at the window's edge: at 80
// columns the papers of an interpreter do not fit one line.
func labelled(label string, parts []string, w int) []string {
	indent := strings.Repeat(" ", ansi.StringWidth(label))
	var out []string
	cur := label
	fresh := true
	for _, p := range parts {
		switch {
		case fresh:
			cur += p
			fresh = false
		case ansi.StringWidth(cur)+3+ansi.StringWidth(p) <= w:
			cur += " · " + p
		default:
			out = append(out, cut(cur, w))
			cur = indent + p
		}
	}
	return append(out, cut(cur, w))
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func dateOrDash(d model.Date) string {
	if d.IsZero() {
		return "—"
	}
	return d.String()
}

func (v *personView) hint() string {
	if v.ctx.May(model.PermPeople) {
		return "enter öffnet · e Profil · V Verlauf"
	}
	return "enter öffnet · V Verlauf"
}

func (v *personView) selectedEinsatz() string { return v.table.SelectedID() }

func (v *personView) update(msg tea.KeyPressMsg) { v.table.Update(msg) }

func (v *personView) view() string {
	if v.err != nil {
		return frame([]string{v.ctx.Styles.Error.Render(v.err.Error())}, v.w, v.h)
	}
	lines := append([]string{}, v.head...)
	if v.loaded {
		lines = append(lines, splitLines(v.table.View())...)
	}
	return frame(lines, v.w, v.h)
}

// ---- institution history ----

type orgLoadedMsg struct {
	id   string
	org  *model.Organisation
	rows []vrow
	err  error
}

// orgView is an institution's history: all its Einsätze.
type orgView struct {
	ctx    *common.Context
	id     string
	org    *model.Organisation
	rows   []vrow
	ptrs   []*vrow
	loaded bool
	err    error
	table  *table.Model[*vrow]
	w, h   int
}

func (t *Tab) openOrg(id string) tea.Cmd {
	t.push(scrOrg)
	t.org = &orgView{ctx: t.ctx, id: id,
		table: historyTable(t.ctx, "Sprachmittler:in", func(r *vrow) string { return r.Interpreter })}
	t.org.setSize(t.width, t.height)
	return t.org.reload()
}

func (v *orgView) reload() tea.Cmd {
	id := v.id
	return func() tea.Msg {
		msg := orgLoadedMsg{id: id}
		msg.err = v.ctx.Store.View(func(tx *store.Tx) error {
			o, err := store.Organisations.Get(tx, id)
			if err != nil {
				return err
			}
			n, err := loadNames(tx)
			if err != nil {
				return err
			}
			rs, err := store.EinsaetzeOfOrganisation(tx, id, time.Time{}, time.Time{})
			if err != nil {
				return err
			}
			msg.org, msg.rows = o, n.toRows(rs)
			return nil
		})
		return msg
	}
}

func (v *orgView) set(msg orgLoadedMsg) {
	if msg.id != v.id {
		return
	}
	v.err = msg.err
	if msg.err != nil {
		return
	}
	first := !v.loaded
	v.org, v.rows, v.loaded = msg.org, msg.rows, true
	v.ptrs = make([]*vrow, len(v.rows))
	for i := range v.rows {
		v.ptrs[i] = &v.rows[i]
	}
	v.table.SetRows(v.ptrs, func(r *vrow) string { return r.ID })
	if first {
		selectFromToday(v.table, v.ptrs, v.ctx.Now())
	}
}

func (v *orgView) setSize(w, h int) {
	v.w, v.h = w, h
	v.table.SetSize(w, max(3, h-2))
}

func (v *orgView) selectedEinsatz() string { return v.table.SelectedID() }

func (v *orgView) update(msg tea.KeyPressMsg) { v.table.Update(msg) }

func (v *orgView) view() string {
	st := v.ctx.Styles
	if v.err != nil {
		return frame([]string{st.Error.Render(v.err.Error())}, v.w, v.h)
	}
	if !v.loaded {
		return frame([]string{st.Muted.Render("lädt …")}, v.w, v.h)
	}
	o := v.org
	kind := ""
	if o.Kind != "" {
		kind = o.Kind.Label() + " · "
	}
	head := []string{
		cut(st.Title.Render(o.Name)+"  "+st.Muted.Render(kind+strings.Join(nonEmpty(o.Place(), o.Phone, o.Email), " · ")), v.w),
		st.Subtitle.Render(fmt.Sprintf("%d Einsätze", len(v.rows))),
	}
	return frame(append(head, splitLines(v.table.View())...), v.w, v.h)
}

func (t *Tab) personKey(msg tea.KeyPressMsg) tea.Cmd {
	l, filtering := t.ctx.List, t.person.table.Filtering()
	switch {
	case key.Matches(msg, l.Back):
		t.pop()
	case key.Matches(msg, l.Open):
		if id := t.person.selectedEinsatz(); id != "" {
			return t.openDetail(id)
		}
	case key.Matches(msg, t.profileKeys.Edit):
		return t.editProfile()
	case !filtering && key.Matches(msg, t.keys.Auskunft):
		return t.writeAuskunft(t.person.id)
	case !filtering && key.Matches(msg, t.keys.Erase):
		return t.askErase(t.person.id)
	default:
		t.person.update(msg)
	}
	return nil
}

func (t *Tab) personScreen() string {
	if t.person == nil {
		return t.blank()
	}
	return t.withAsk(t.person.view())
}

func (t *Tab) personHelp() []key.Binding {
	switch {
	case t.ask != nil:
		return form.ConfirmKeys
	case t.person != nil && t.person.table.Filtering():
		return t.person.table.ShortHelp()
	}
	return []key.Binding{openEinsatz, t.profileKeys.Edit, t.keys.Auskunft, t.keys.Erase, table.UserKeyMap().Filter, t.ctx.List.Back}
}

func (t *Tab) orgKey(msg tea.KeyPressMsg) tea.Cmd {
	l := t.ctx.List
	switch {
	case key.Matches(msg, l.Back):
		t.pop()
	case key.Matches(msg, l.Open):
		if id := t.org.selectedEinsatz(); id != "" {
			return t.openDetail(id)
		}
	default:
		t.org.update(msg)
	}
	return nil
}

func (t *Tab) orgScreen() string {
	if t.org == nil {
		return t.blank()
	}
	return t.org.view()
}

func (t *Tab) orgHelp() []key.Binding {
	if t.org != nil && t.org.table.Filtering() {
		return t.org.table.ShortHelp()
	}
	return []key.Binding{openEinsatz, table.UserKeyMap().Filter, t.ctx.List.Back}
}
