package form

import (
	tea "charm.land/bubbletea/v2"

	"stabsstelle/ui/common"
)

// ConfirmedMsg is the answer of a Confirm dialog.
type ConfirmedMsg struct {
	ID  string
	Yes bool
}

// Confirm is a yes/no question: j/y/enter on "Ja" answers yes, n/esc no.
// It starts on "Nein" so that a hasty enter never deletes anything.
type Confirm struct {
	id, question string
	yes          bool
}

// NewConfirm asks question; the answer comes back as ConfirmedMsg{ID: id}.
func NewConfirm(id, question string) *Confirm { return &Confirm{id: id, question: question} }

// ID is the id the answer comes back with: a tab that has a dialog open
// takes only its answer, not the answer of a form's own question.
func (c *Confirm) ID() string { return c.id }

// Update handles the keys of the dialog.
func (c *Confirm) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	answer := func(yes bool) tea.Cmd {
		return func() tea.Msg { return ConfirmedMsg{ID: c.id, Yes: yes} }
	}
	switch k.String() {
	case "j", "J", "y", "Y":
		return answer(true)
	case "n", "N", "esc":
		return answer(false)
	case "left", "right", "tab", "shift+tab", "h", "l":
		c.yes = !c.yes
	case "enter":
		return answer(c.yes)
	}
	return nil
}

// View draws the dialog box.
func (c *Confirm) View(ctx *common.Context) string {
	st := ctx.Styles
	yes, no := st.Muted.Render(" Ja "), st.Selected.Render(" Nein ")
	if c.yes {
		yes, no = st.Selected.Render(" Ja "), st.Muted.Render(" Nein ")
	}
	body := st.Bold.Render(c.question) + "\n\n" + yes + "   " + no + "\n\n" +
		st.Muted.Render("j = ja · n/esc = nein · ←/→ wählen · enter bestätigen")
	return st.Dialog.Render(body)
}
