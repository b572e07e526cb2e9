package kosten

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
)

// editor holds a claim being written or changed; nothing is stored until
// ctrl+s, so a half-filled claim never lands in the database.
type editor struct {
	c      *model.Claim
	rates  model.KmRates
	funds  []*model.Fund
	sel    int
	dirty  bool
	err    error
	isNew  bool
	lineIx int // line being edited in the line form (-1 = new)

	// form values
	from, to, project, purpose, fundID string
	ln                                 lineVals
}

type lineVals struct {
	kind                                               model.LineKind
	date, from, to, km, vehicle, receipt, desc, amount string
}

type editorLoadedMsg struct {
	ed  *editor
	err error
}

func (t *Tab) loadEditor(c *model.Claim, isNew bool) tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) (*editor, error) {
		set, err := store.LoadKostenSettings(tx)
		if err != nil {
			return nil, err
		}
		funds, err := store.AllFunds(tx)
		if err != nil {
			return nil, err
		}
		if isNew {
			if p, err := store.People.Get(tx, c.PersonID); err == nil && p.Volunteer != nil && len(p.Volunteer.Projects) > 0 {
				c.Project = p.Volunteer.Projects[0]
			}
		} else {
			if c, err = store.Claims.Get(tx, c.ID); err != nil {
				return nil, err
			}
			if msg := c.EditProblem(); msg != "" {
				return nil, fmt.Errorf("%s", msg)
			}
		}
		return &editor{c: c, rates: set.KmRates, funds: funds, isNew: isNew}, nil
	}, func(ed *editor, err error) tea.Msg { return editorLoadedMsg{ed, err} })
}

func (t *Tab) newClaimFor(personID, name string) tea.Cmd {
	today := model.Today(t.ctx.Now())
	c := &model.Claim{PersonID: personID, PersonName: name, Status: model.ClaimEntwurf,
		PeriodFrom: model.Date{Year: today.Year, Month: today.Month, Day: 1}, PeriodTo: today}
	return t.loadEditor(c, true)
}

func (t *Tab) editClaim(id string) tea.Cmd {
	return t.loadEditor(&model.Claim{Meta: model.Meta{ID: id}}, false)
}

// handleEditorLoaded is called from Update via the type switch below.
func (t *Tab) handleEditorLoaded(msg editorLoadedMsg) tea.Cmd {
	if msg.err != nil {
		t.setFlash(msg.err.Error(), true)
		return nil
	}
	t.ed = msg.ed
	t.screen = scrEditor
	t.flash = ""
	if t.ed.isNew {
		return t.openHeaderForm()
	}
	return nil
}

// updateEditor handles a key in the claim editor; nothing is stored
// before ctrl+s.
func (t *Tab) updateEditor(kp tea.KeyPressMsg) tea.Cmd {
	ed := t.ed
	if ed == nil {
		t.screen = scrClaims
		return nil
	}
	l, k := t.ctx.List, t.keys
	switch {
	case key.Matches(kp, l.Back):
		t.leaveEditor()
	case key.Matches(kp, l.Up):
		ed.sel = max(0, ed.sel-1)
	case key.Matches(kp, l.Down):
		ed.sel = min(len(ed.c.Lines)-1, ed.sel+1)
	case key.Matches(kp, k.AddFahrt):
		return t.openLineForm(model.LineFahrt, -1)
	case key.Matches(kp, k.AddBeleg):
		return t.openLineForm(model.LineBeleg, -1)
	case key.Matches(kp, k.AddPau):
		return t.openLineForm(model.LinePauschale, -1)
	case key.Matches(kp, k.Header):
		return t.openHeaderForm()
	case key.Matches(kp, l.Open):
		return t.editSelectedLine()
	case key.Matches(kp, k.Delete):
		t.deleteSelectedLine()
	case key.Matches(kp, k.Save):
		return t.saveEditor()
	}
	return nil
}

// leaveEditor closes the editor, asking first when it holds changes.
func (t *Tab) leaveEditor() {
	if t.ed.dirty {
		t.ask("Änderungen am Antrag verwerfen?", func() tea.Cmd {
			t.ed = nil
			t.screen = scrClaims
			return nil
		})
		return
	}
	t.ed = nil
	t.screen = scrClaims
}

// editSelectedLine opens the selected position's form; a position from an
// Einsatz is changed at the Einsatz.
func (t *Tab) editSelectedLine() tea.Cmd {
	ed := t.ed
	if ed.sel < 0 || ed.sel >= len(ed.c.Lines) {
		return nil
	}
	if len(ed.c.Lines[ed.sel].EinsatzIDs) > 0 {
		t.setFlash("Diese Position kommt aus einem Einsatz und wird dort geändert.", true)
		return nil
	}
	return t.openLineForm(ed.c.Lines[ed.sel].Kind, ed.sel)
}

func (t *Tab) deleteSelectedLine() {
	ed := t.ed
	if ed.sel < 0 || ed.sel >= len(ed.c.Lines) {
		return
	}
	ed.c.Lines = slices.Delete(ed.c.Lines, ed.sel, ed.sel+1)
	ed.sel = max(0, min(ed.sel, len(ed.c.Lines)-1))
	ed.dirty = true
	// Nothing is stored before ctrl+s: say how to get it back.
	t.setFlash("Position entfernt – gespeichert wird erst mit ctrl+s; esc verwirft alle Änderungen.", false)
}

func (t *Tab) saveEditor() tea.Cmd {
	// The command saves a copy: Put stamps ID and version on it, and
	// commands never touch the model's state.
	c := cloneClaim(t.ed.c)
	if err := c.Validate(); err != nil {
		t.ed.err = err
		return nil
	}
	return t.ctx.Write(func(tx *store.Tx) error { return store.SaveClaim(tx, c) },
		func(err error) tea.Msg { return claimSavedMsg{c: c, err: err} })
}

func (t *Tab) viewEditor() string {
	st := t.ctx.Styles
	ed := t.ed
	if ed == nil {
		return ""
	}
	c := ed.c
	var b strings.Builder
	title := "Neuer Antrag"
	if c.Number != "" {
		title = "Antrag " + c.Number + " bearbeiten"
	}
	b.WriteString(t.header(title+" · "+c.PersonName) + "\n")
	fund := "ohne Fördertopf"
	for _, f := range ed.funds {
		if f.ID == c.FundID {
			fund = f.Name
		}
	}
	b.WriteString(fmt.Sprintf("%s – %s · %s · %s\n", c.PeriodFrom, c.PeriodTo, orDash(c.Project), fund))
	if ed.err != nil {
		// Wrapped, not cut: the message names the position and what to do.
		for _, line := range errLines(ed.err) {
			for _, l := range strings.Split(ansi.Wordwrap("✗ "+line, t.w, ""), "\n") {
				b.WriteString(st.Error.Render(l) + "\n")
			}
		}
	}
	descW := max(10, t.w-36)
	b.WriteString(st.Header.Render(fmt.Sprintf("%-10s %-10s %-*s %12s", "Art", "Datum", descW, "Beschreibung", "Betrag")) + "\n")
	if len(c.Lines) == 0 {
		b.WriteString(st.Muted.Render("Noch keine Position – f Fahrt · b Beleg · p Pauschale") + "\n")
	}
	head := strings.Count(b.String(), "\n")
	room := max(1, t.h-head-3)
	start := 0
	if ed.sel >= room {
		start = ed.sel - room + 1
	}
	for i := start; i < len(c.Lines) && i < start+room; i++ {
		l := c.Lines[i]
		row := fmt.Sprintf("%-10s %-10s %-*.*s %12s", l.Kind.Short(), l.Date, descW, descW, l.Summary(), l.Amount.Plain())
		if i == ed.sel {
			row = st.Selected.Render(row)
		}
		b.WriteString(row + "\n")
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for len(lines) < t.h-2 {
		lines = append(lines, "")
	}
	lines = lines[:t.h-2]
	totals := fmt.Sprintf("Fahrt %s · Sachkosten %s · Pauschalen %s", c.TotalOf(model.LineFahrt).Plain(), c.TotalOf(model.LineBeleg).Plain(), c.TotalOf(model.LinePauschale).Plain())
	lines = append(lines, st.Muted.Render(totals), st.Bold.Render(fmt.Sprintf("%*s %12s", t.w-14, "Summe", c.Total().Plain()+" €")))
	return strings.Join(lines, "\n")
}

func errLines(err error) []string {
	var ve model.ValidationError
	if e, ok := err.(model.ValidationError); ok {
		ve = e
	}
	if len(ve) == 0 {
		return []string{err.Error()}
	}
	out := make([]string, 0, len(ve))
	for i, fe := range ve {
		if i == 3 {
			out = append(out, fmt.Sprintf("… und %d weitere Hinweise", len(ve)-3))
			break
		}
		out = append(out, fe.Msg)
	}
	return out
}

func cloneClaim(c *model.Claim) *model.Claim {
	cp := *c
	cp.Lines = slices.Clone(c.Lines)
	for i := range cp.Lines {
		cp.Lines[i].EinsatzIDs = slices.Clone(cp.Lines[i].EinsatzIDs)
		cp.Lines[i].EinsatzNumbers = slices.Clone(cp.Lines[i].EinsatzNumbers)
	}
	cp.Steps = slices.Clone(c.Steps)
	return &cp
}
