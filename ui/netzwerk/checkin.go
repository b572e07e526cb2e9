package netzwerk

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

// ciRow is one registration at the door. Everything the filter needs is in
// memory: a keystroke never reads the store.
type ciRow struct {
	regID   string
	name    string
	org     string
	role    model.Role
	status  model.RegStatus
	checked time.Time
	walkIn  bool
	hay     string // lower-cased name and organisation
	fold    string // hay with umlauts as base letters (ö → o)
	busy    bool   // a write is under way
}

// checkInToggledMsg reports a check-in or its undo.
type checkInToggledMsg struct {
	regID string
	reg   *model.Registration
	undo  bool
	err   error
}

// walkInSavedMsg reports a registration made at the door.
type walkInSavedMsg struct {
	row ciRow
	org orgRef // the organisation used (maybe just created)
	err error
}

// checkIn is the full-screen door mode: type a few letters, enter checks the
// highlighted person in (or out again), ctrl+n adds someone who just came.
type checkIn struct {
	ctx    *common.Context
	keys   KeyMap
	ev     *model.Event
	rows   []ciRow
	input  textinput.Model
	match  []int // indexes into rows
	cursor int
	w, h   int
	flash  string
	isErr  bool

	walk                       *form.Form
	walkName, walkOrg, walkRol string
	orgs                       map[string]orgRef // lower-cased name → organisation
}

// orgRef is an organisation the walk-in form can suggest.
type orgRef struct{ ID, Name string }

func newCheckIn(ctx *common.Context, keys KeyMap, ev *model.Event, att []store.Attendee, orgs map[string]orgRef) *checkIn {
	if orgs == nil {
		orgs = map[string]orgRef{}
	}
	c := &checkIn{ctx: ctx, keys: keys, ev: ev, orgs: orgs}
	c.input = textinput.New()
	c.input.Prompt = "Name: "
	c.input.Placeholder = "ein paar Buchstaben tippen …"
	// bubbles' defaults are for dark terminals (the prompt in light grey):
	// the program's colours read on both backgrounds.
	is := textinput.DefaultStyles(ctx.Styles.IsDark)
	for _, s := range []*textinput.StyleState{&is.Focused, &is.Blurred} {
		s.Prompt = ctx.Styles.Bold
		s.Text = lipgloss.NewStyle()
		s.Placeholder = ctx.Styles.Muted
	}
	is.Cursor.Color = lipgloss.NoColor{} // reversed cell in the terminal's own colour
	c.input.SetStyles(is)
	c.input.Focus()
	for _, a := range att {
		if a.Reg.Status == model.RegAbgemeldet || a.Reg.Erased {
			continue
		}
		c.rows = append(c.rows, newCIRow(a))
	}
	c.sortRows()
	c.refilter()
	c.setSize(ctx.Width, ctx.Height)
	return c
}

func newCIRow(a store.Attendee) ciRow {
	return ciRow{regID: a.Reg.ID, name: a.Name, org: a.Organisation, role: a.Reg.Role, status: a.Reg.Status,
		checked: a.Reg.CheckedInAt, walkIn: a.Reg.WalkIn, hay: strings.ToLower(a.Name + " " + a.Organisation),
		fold: foldName(a.Name + " " + a.Organisation)}
}

func (c *checkIn) sortRows() {
	sort.SliceStable(c.rows, func(i, j int) bool { return foldName(c.rows[i].name) < foldName(c.rows[j].name) })
}

var nameFold = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss", "ı", "i", "ş", "s", "ç", "c", "ğ", "g", "é", "e")

func foldName(s string) string { return nameFold.Replace(strings.ToLower(s)) }

func (c *checkIn) setSize(w, h int) {
	c.w, c.h = w, h
	c.input.SetWidth(max(10, w-12))
	if c.walk != nil {
		c.walk.SetSize(w, h)
	}
}

func (c *checkIn) dirty() bool { return c.walk != nil && c.walk.Dirty() }

// refilter recomputes the matches from the query: every word must occur in
// name or organisation (also with umlauts typed as base letters).
func (c *checkIn) refilter() {
	words := strings.Fields(strings.ToLower(c.input.Value()))
	folded := make([]string, len(words))
	for i, w := range words {
		folded[i] = foldName(w)
	}
	c.match = c.match[:0]
	for i := range c.rows {
		ok := true
		for k, w := range words {
			if !strings.Contains(c.rows[i].hay, w) && !strings.Contains(c.rows[i].fold, folded[k]) {
				ok = false
				break
			}
		}
		if ok {
			c.match = append(c.match, i)
		}
	}
	c.cursor = min(c.cursor, max(len(c.match)-1, 0))
}

func (c *checkIn) counts() (places, da, waiting int) {
	for _, r := range c.rows {
		switch r.status {
		case model.RegTeilgenommen:
			da++
			places++
		case model.RegAngemeldet, model.RegNichtErschienen:
			places++
		case model.RegWarteliste:
			waiting++
		}
	}
	return
}

func (c *checkIn) find(regID string) int {
	for i := range c.rows {
		if c.rows[i].regID == regID {
			return i
		}
	}
	return -1
}

// update handles keys and the results of writes; done reports that the
// user left the mode.
func (c *checkIn) update(msg tea.Msg) (cmd tea.Cmd, done bool) {
	switch msg := msg.(type) {
	case checkInToggledMsg:
		i := c.find(msg.regID)
		if i < 0 {
			return nil, false
		}
		c.rows[i].busy = false
		if msg.err != nil {
			c.flash, c.isErr = msg.err.Error(), true
			return common.Fail(msg.err), false
		}
		c.rows[i].status, c.rows[i].checked = msg.reg.Status, msg.reg.CheckedInAt
		return nil, false
	case walkInSavedMsg:
		if msg.err != nil {
			if c.walk != nil {
				c.walk.SetError(msg.err)
			}
			return common.Fail(msg.err), false
		}
		c.walk = nil
		if msg.org.ID != "" {
			c.orgs[strings.ToLower(msg.org.Name)] = msg.org
		}
		c.rows = append(c.rows, msg.row)
		c.sortRows()
		c.input.Reset()
		c.refilter()
		c.flash, c.isErr = msg.row.name+" ist da (spontan).", false
		return common.Status(c.flash), false
	case form.SubmittedMsg:
		if c.walk != nil && msg.ID == "walkin" {
			return c.saveWalkIn(), false
		}
	case form.CancelledMsg:
		if msg.ID == "walkin" {
			c.walk = nil
			return nil, false
		}
	}
	if c.walk != nil {
		return c.walk.Update(msg), false
	}
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		c.input, cmd = c.input.Update(msg)
		return cmd, false
	}
	switch {
	case key.Matches(kp, c.keys.Clear):
		if c.input.Value() != "" {
			c.input.Reset()
			c.refilter()
			return nil, false
		}
		return nil, true
	case key.Matches(kp, c.keys.Toggle):
		return c.toggle(), false
	case key.Matches(kp, c.keys.WalkIn):
		return c.openWalkIn(), false
	case kp.String() == "up" || kp.String() == "ctrl+p":
		c.cursor = max(c.cursor-1, 0)
		return nil, false
	case kp.String() == "down":
		c.cursor = min(c.cursor+1, max(len(c.match)-1, 0))
		return nil, false
	}
	before := c.input.Value()
	var icmd tea.Cmd
	c.input, icmd = c.input.Update(kp)
	if c.input.Value() != before {
		c.cursor = 0
		c.refilter()
	}
	return icmd, false
}

// toggle checks the highlighted person in, or out again if already there.
// The row changes at once (the counts are live); the write follows.
func (c *checkIn) toggle() tea.Cmd {
	if len(c.match) == 0 {
		return nil
	}
	i := c.match[c.cursor]
	r := &c.rows[i]
	if r.busy {
		return nil
	}
	undo := r.status == model.RegTeilgenommen
	r.busy = true
	prevStatus, prevChecked := r.status, r.checked
	if undo {
		r.status, r.checked = model.RegAngemeldet, time.Time{}
		c.flash = r.name + ": Check-in zurückgenommen."
	} else {
		r.status, r.checked = model.RegTeilgenommen, c.ctx.Now()
		c.flash = r.name + " ist da."
		if prevStatus == model.RegWarteliste {
			c.flash += " (stand auf der Warteliste)"
		}
	}
	c.isErr = false
	// Ready for the next person at the door.
	c.input.Reset()
	c.refilter()
	if j := c.indexInMatch(i); j >= 0 {
		c.cursor = j
	}
	regID := r.regID
	return c.ctx.Write(func(tx *store.Tx) error {
		var err error
		if undo {
			_, err = store.UndoCheckIn(tx, regID)
		} else {
			_, err = store.CheckIn(tx, regID)
		}
		return err
	}, func(err error) tea.Msg {
		if err != nil {
			return checkInToggledMsg{regID: regID, undo: undo, err: err,
				reg: &model.Registration{Status: prevStatus, CheckedInAt: prevChecked}}
		}
		return checkInResult(c.ctx, regID, undo)
	})
}

// checkInResult reads the stored registration back (runs inside the
// command, off the UI goroutine).
func checkInResult(ctx *common.Context, regID string, undo bool) tea.Msg {
	var r *model.Registration
	err := ctx.Store.View(func(tx *store.Tx) (err error) {
		r, err = store.Registrations.Get(tx, regID)
		return err
	})
	return checkInToggledMsg{regID: regID, reg: r, undo: undo, err: err}
}

func (c *checkIn) indexInMatch(row int) int {
	for j, i := range c.match {
		if i == row {
			return j
		}
	}
	return -1
}

// usualRole is the role a walk-in most likely has: the one most of the
// people registered for this event have; without registrations, Hauptamt
// for the working bodies of the network and Ehrenamt for Fortbildungen and
// Begegnungen. The door team changes it with ←/→ where it does not fit.
func (c *checkIn) usualRole() model.Role {
	haupt, ehren := 0, 0
	for _, r := range c.rows {
		switch r.role {
		case model.RoleHauptamt:
			haupt++
		case model.RoleEhrenamt:
			ehren++
		}
	}
	switch {
	case haupt > ehren:
		return model.RoleHauptamt
	case ehren > haupt:
		return model.RoleEhrenamt
	case c.ev.Type == model.EventFortbildung || c.ev.Type == model.EventBegegnung:
		return model.RoleEhrenamt
	}
	return model.RoleHauptamt
}

func (c *checkIn) openWalkIn() tea.Cmd {
	c.walkName, c.walkOrg, c.walkRol = strings.TrimSpace(c.input.Value()), "", string(c.usualRole())
	orgNames := make([]string, 0, len(c.orgs))
	for _, o := range c.orgs {
		orgNames = append(orgNames, o.Name)
	}
	sort.Strings(orgNames)
	c.walk = form.New(c.ctx, "walkin", "Spontan dabei – "+c.ev.Title,
		huh.NewGroup(
			huh.NewInput().Title("Name").Value(&c.walkName).Validate(form.Required("Bitte den Namen eingeben.")),
			huh.NewInput().Title("Einrichtung (leer lassen, wenn keine)").Value(&c.walkOrg).Suggestions(orgNames),
			huh.NewSelect[string]().Title("Rolle").Inline(true).Value(&c.walkRol).Options(
				huh.NewOption("Ehrenamt", string(model.RoleEhrenamt)),
				huh.NewOption("Hauptamt", string(model.RoleHauptamt)),
				huh.NewOption("keine Angabe", "")),
		))
	c.walk.SetSize(c.w, c.h)
	return c.walk.Init()
}

func (c *checkIn) saveWalkIn() tea.Cmd {
	name, orgName, role := strings.TrimSpace(c.walkName), strings.TrimSpace(c.walkOrg), model.Role(c.walkRol)
	orgID := c.orgs[strings.ToLower(orgName)].ID
	evID := c.ev.ID
	var row ciRow
	var org orgRef
	return c.ctx.Write(func(tx *store.Tx) error {
		oid := orgID
		if orgName != "" && oid == "" {
			o := &model.Organisation{Name: orgName, Kind: model.OrgSonstige}
			if err := store.Organisations.Put(tx, o); err != nil {
				return err
			}
			oid = o.ID
		}
		r, err := store.RegisterNewPerson(tx, evID, &model.Person{Name: name},
			store.RegisterOptions{OrganisationID: oid, Role: role, WalkIn: true})
		if err != nil {
			return err
		}
		row = newCIRow(store.Attendee{Reg: r, Name: name, Organisation: orgName})
		org = orgRef{ID: oid, Name: orgName}
		return nil
	}, func(err error) tea.Msg { return walkInSavedMsg{row: row, org: org, err: err} })
}

func (c *checkIn) view() string {
	st := c.ctx.Styles
	if c.walk != nil {
		return c.walk.View()
	}
	places, da, waiting := c.counts()
	var b strings.Builder
	head := "Einlass · " + joinDot(c.ev.Number, c.ev.Title)
	b.WriteString(st.Title.Render(ansi.Truncate(head, c.w, "…")) + "\n")
	b.WriteString(ansi.Truncate(st.Muted.Render(c.ev.When()+" · "+c.ev.Place()), c.w, "…") + "\n")
	counts := fmt.Sprintf("angemeldet %d · da %d · fehlen %d · Warteliste %d", places, da, places-da, waiting)
	if c.ev.Capacity > 0 {
		counts += fmt.Sprintf(" · Plätze %d", c.ev.Capacity)
	}
	b.WriteString(st.Bold.Render(ansi.Truncate(counts, c.w, "…")) + "\n")
	b.WriteString(c.input.View() + "\n")
	listH := max(c.h-7, 1)
	start := 0
	if c.cursor >= listH {
		start = c.cursor - listH + 1
	}
	nameW := max(12, (c.w-20)*55/100)
	orgW := max(8, c.w-nameW-20)
	lines := 0
	for j := start; j < len(c.match) && lines < listH; j++ {
		r := c.rows[c.match[j]]
		mark := "  "
		switch r.status {
		case model.RegTeilgenommen:
			mark = "✓ "
		case model.RegWarteliste:
			mark = "W "
		}
		when := ""
		if !r.checked.IsZero() {
			when = model.FormatTime(r.checked)
		}
		if r.busy {
			when = "…"
		}
		line := mark + fitCell(r.name, nameW) + " " + fitCell(r.org, orgW) + " " + fitCell(roleShort(r.role), 8) + " " + fitCell(when, 5)
		line = ansi.Truncate(line, c.w, "")
		switch {
		case j == c.cursor:
			line = st.Selected.Render(line + strings.Repeat(" ", max(0, c.w-ansi.StringWidth(line))))
		case r.status == model.RegTeilgenommen:
			line = st.Success.Render(line)
		case r.status == model.RegWarteliste:
			line = st.Warning.Render(line)
		}
		b.WriteString(line + "\n")
		lines++
	}
	if len(c.match) == 0 {
		b.WriteString(st.Muted.Render("Niemand gefunden – ctrl+n trägt die Person spontan ein.") + "\n")
		lines++
	}
	for ; lines < listH; lines++ {
		b.WriteString("\n")
	}
	flash := c.flash
	if c.isErr {
		flash = st.Error.Render(ansi.Truncate(flash, c.w, "…"))
	} else {
		flash = st.Success.Render(ansi.Truncate(flash, c.w, "…"))
	}
	// The keys are in the root's help line (ShortHelp).
	b.WriteString(flash)
	return b.String()
}

func roleShort(r model.Role) string {
	switch r {
	case model.RoleHauptamt:
		return "Hauptamt"
	case model.RoleEhrenamt:
		return "Ehrenamt"
	}
	return ""
}

// fitCell pads or cuts s to w cells.
func fitCell(s string, w int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 {
			return ' '
		}
		return r
	}, s)
	if ansi.StringWidth(s) > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-ansi.StringWidth(s))
}

func joinDot(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " · ")
}

// merge takes a fresh load (another laptop checked someone in, or the
// store's answer to our own write) without losing the query or a write
// still under way.
func (c *checkIn) merge(ev *model.Event, att []store.Attendee, orgs map[string]orgRef) {
	busy := map[string]ciRow{}
	for _, r := range c.rows {
		if r.busy {
			busy[r.regID] = r
		}
	}
	var cur string
	if len(c.match) > 0 && c.cursor < len(c.match) {
		cur = c.rows[c.match[c.cursor]].regID
	}
	c.ev, c.orgs = ev, orgs
	c.rows = c.rows[:0]
	for _, a := range att {
		if a.Reg.Status == model.RegAbgemeldet || a.Reg.Erased {
			continue
		}
		if b, ok := busy[a.Reg.ID]; ok {
			c.rows = append(c.rows, b)
			continue
		}
		c.rows = append(c.rows, newCIRow(a))
	}
	c.sortRows()
	c.refilter()
	for j, i := range c.match {
		if c.rows[i].regID == cur {
			c.cursor = j
		}
	}
}
