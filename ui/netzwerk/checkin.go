package netzwerk

import (
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

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
	if cmd, ok := c.updateResult(msg); ok {
		return cmd, false
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
	return c.updateKey(kp)
}

// updateResult takes the answers of the writes and of the walk-in form.
func (c *checkIn) updateResult(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case checkInToggledMsg:
		return c.toggled(msg), true
	case walkInSavedMsg:
		return c.walkInSaved(msg), true
	case form.SubmittedMsg:
		if c.walk != nil && msg.ID == "walkin" {
			return c.saveWalkIn(), true
		}
	case form.CancelledMsg:
		if msg.ID == "walkin" {
			c.walk = nil
			return nil, true
		}
	}
	return nil, false
}

func (c *checkIn) toggled(msg checkInToggledMsg) tea.Cmd {
	i := c.find(msg.regID)
	if i < 0 {
		return nil
	}
	c.rows[i].busy = false
	if msg.err != nil {
		c.flash, c.isErr = msg.err.Error(), true
		return common.Fail(msg.err)
	}
	c.rows[i].status, c.rows[i].checked = msg.reg.Status, msg.reg.CheckedInAt
	return nil
}

// updateKey: esc clears the query (or leaves), enter toggles, ctrl+n adds
// a walk-in, ↑/↓ move; every other key types into the query.
func (c *checkIn) updateKey(kp tea.KeyPressMsg) (tea.Cmd, bool) {
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
