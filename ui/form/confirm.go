package form

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"stabsstelle/ui/common"
)

// ConfirmedMsg is the answer of a dialog made with NewConfirm.
type ConfirmedMsg struct {
	ID  string
	Yes bool
}

// Confirm is the program's one yes/no dialog: the quit question, "Eingaben
// verwerfen?", deleting, signing with a warning … It always answers:
// j/J/y/Y yes, n/N/esc no, enter the marked button (it starts on "Nein", so
// a hasty enter never deletes anything), ←/→/tab move between the buttons,
// and a mouse click on a button is its key (the root turns it into j or n).
// Every other key is swallowed: nothing typed at a dialog reaches the
// screen below it, and no key leaves it hanging.
//
// A dialog made with Ask runs its answer in the owner's Update, at once;
// one made with NewConfirm sends a ConfirmedMsg for owners that route by
// id. Either way Done reports that it was answered, and the owner drops
// it.
type Confirm struct {
	id, question string
	yes          bool
	onYes, onNo  func() tea.Cmd
	ask          bool // answered by onYes/onNo rather than a message
	done         bool
}

// NewConfirm asks question; the answer comes back as ConfirmedMsg{ID: id}.
func NewConfirm(id, question string) *Confirm { return &Confirm{id: id, question: question} }

// Ask asks question; "Ja" runs yes (may be nil), "Nein" runs what WithNo
// set. Both run inside the owner's Update: no message can go astray on its
// way back to the owner.
func Ask(question string, yes func() tea.Cmd) *Confirm {
	return &Confirm{question: question, onYes: yes, ask: true}
}

// WithNo sets what "Nein" (or esc) does, e.g. go back to a form.
func (c *Confirm) WithNo(no func() tea.Cmd) *Confirm {
	c.onNo = no
	return c
}

// ID is the id the answer comes back with: a tab that has a dialog open
// takes only its answer, not the answer of a form's own question.
func (c *Confirm) ID() string { return c.id }

// Question is the text asked (tests, the help line).
func (c *Confirm) Question() string { return c.question }

// Done reports that the dialog has been answered; the owner drops it.
func (c *Confirm) Done() bool { return c.done }

// Buttons are the labels of the two buttons, as drawn: the root finds them
// on the screen to turn a click into j or n.
const (
	YesButton = " Ja "
	NoButton  = " Nein "
)

// ConfirmKeys are the dialog's keys, for the help line.
var ConfirmKeys = []key.Binding{
	key.NewBinding(key.WithKeys("j"), key.WithHelp("j", "ja")),
	key.NewBinding(key.WithKeys("n"), key.WithHelp("n/esc", "nein")),
	key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "bestätigen")),
}

// Update handles a key; any other message is ignored. The returned command
// is the answer's (nil while the dialog waits).
func (c *Confirm) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || c.done {
		return nil
	}
	switch k.String() {
	case "j", "J", "y", "Y":
		return c.answer(true)
	case "n", "N", "esc":
		return c.answer(false)
	case "left", "right", "tab", "shift+tab", "h", "l":
		c.yes = !c.yes
	case "enter", "space":
		return c.answer(c.yes)
	}
	return nil
}

func (c *Confirm) answer(yes bool) tea.Cmd {
	c.done = true
	if !c.ask {
		id := c.id
		return func() tea.Msg { return ConfirmedMsg{ID: id, Yes: yes} }
	}
	f := c.onNo
	if yes {
		f = c.onYes
	}
	if f == nil {
		return nil
	}
	return f()
}

// View draws the dialog box; the question is wrapped to fit the screen.
func (c *Confirm) View(ctx *common.Context) string {
	st := ctx.Styles
	yes, no := st.Muted.Render(YesButton), st.Selected.Render(NoButton)
	if c.yes {
		yes, no = st.Selected.Render(YesButton), st.Muted.Render(NoButton)
	}
	// The box's border and padding take 6 cells on each side of the text.
	room := max(20, min(64, ctx.Width-12))
	wrap := func(s string) string {
		if lipgloss.Width(s) <= room {
			return s
		}
		return lipgloss.NewStyle().Width(room).Render(s)
	}
	body := st.Bold.Render(wrap(c.question)) + "\n\n" + yes + "   " + no + "\n\n" +
		st.Muted.Render(wrap("j = ja · n/esc = nein · ←/→ wählen · enter bestätigen"))
	return st.Dialog.Render(body)
}
