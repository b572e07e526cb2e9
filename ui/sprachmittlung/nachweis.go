package sprachmittlung

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

// nachweis is the Einsatznachweis entry: actual times, waiting time and
// kilometres, with the Aufwandsentschädigung computed live as one types.
// It is a small hand-made form (not huh) so the amount can follow every
// keystroke.
type nachweis struct {
	ctx     *common.Context
	e       *model.Einsatz
	tariff  model.Tariff
	inputs  []textinput.Model
	labels  []string
	focus   int
	fresh   form.Fresh // the focused field's prefilled value is selected
	edited  bool
	errs    []string // per input, "" = fine
	saveErr string

	amount model.Money
	lines  []model.Line
	ok     bool

	w, h int
}

const (
	nwDate = iota
	nwStart
	nwEnd
	nwWait
	nwKm
)

func newNachweis(ctx *common.Context, e *model.Einsatz, t model.Tariff) *nachweis {
	n := &nachweis{ctx: ctx, e: e, tariff: t,
		labels: []string{"Datum", "Beginn (tatsächlich)", "Ende (tatsächlich)", "Wartezeit (Minuten)", "Kilometer"}}
	vals := []string{model.DateOf(e.Start).String(), model.FormatTime(e.Start), model.FormatTime(e.End()), "0", "0"}
	if nw := e.Nachweis; nw != nil {
		vals = []string{model.DateOf(nw.ActualStart).String(), model.FormatTime(nw.ActualStart), model.FormatTime(nw.ActualEnd),
			strconv.Itoa(nw.WaitingMinutes), nw.Km.Plain()}
	}
	if !e.OnSite() {
		vals[nwKm] = "0"
	}
	for i, v := range vals {
		ti := newInput("", 12, ctx.Styles.IsDark)
		ti.SetWidth(14)
		ti.SetValue(v)
		if i == 0 {
			ti.Focus()
		}
		n.inputs = append(n.inputs, ti)
	}
	n.fresh.Arm(&n.inputs[0])
	n.errs = make([]string, len(n.inputs))
	n.compute()
	return n
}

func (n *nachweis) dirty() bool { return n.edited }

func (n *nachweis) setSize(w, h int) {
	n.w, n.h = w, h
}

// sheet reads the inputs; per-field German errors go to n.errs.
func (n *nachweis) sheet() (model.Einsatznachweis, bool) {
	var s model.Einsatznachweis
	for i := range n.errs {
		n.errs[i] = ""
	}
	day, start, end, ok := n.times()
	wait, okWait := n.minutes(nwWait, "die Wartezeit in Minuten")
	s.WaitingMinutes = wait
	km, okKm := n.km()
	s.Km = km
	if ok = ok && okWait && okKm; ok {
		s.ActualStart = model.At(day, start).UTC()
		endDay := day
		if end <= start {
			endDay = day.AddDays(1) // past midnight
		}
		s.ActualEnd = model.At(endDay, end).UTC()
		ok = n.validate(s)
	}
	return s, ok
}

// times reads the day, start and end.
func (n *nachweis) times() (day model.Date, start, end model.Clock, ok bool) {
	ok = true
	today := model.Today(n.ctx.Now())
	day, err := model.ParseDate(n.inputs[nwDate].Value(), today)
	if err != nil {
		n.errs[nwDate], ok = err.Error(), false
	}
	start, err = model.ParseClock(n.inputs[nwStart].Value())
	if err != nil {
		n.errs[nwStart], ok = err.Error(), false
	}
	end, err = model.ParseClock(n.inputs[nwEnd].Value())
	if err != nil {
		n.errs[nwEnd], ok = err.Error(), false
	}
	if ok && end <= start && (end == start || start-end <= model.Clock(12*60)) {
		// An end before the start is past midnight only when the Einsatz
		// would still be at most 12 hours long (22:00–01:00); "10:00 to
		// 09:00" is a typing error, not a 23-hour Einsatz.
		n.errs[nwEnd], ok = "Das Ende liegt vor dem Beginn – bitte die Zeiten prüfen.", false
		if end == start {
			n.errs[nwEnd] = "Das Ende muss nach dem Beginn liegen."
		}
	}
	return day, start, end, ok
}

// minutes reads a whole number, empty as 0.
func (n *nachweis) minutes(i int, what string) (int, bool) {
	t := strings.TrimSpace(n.inputs[i].Value())
	if t == "" {
		return 0, true
	}
	v, err := strconv.Atoi(t)
	if err != nil || v < 0 {
		n.errs[i] = "Bitte " + what + " als ganze Zahl eingeben, z. B. 15."
		return v, false
	}
	return v, true
}

// km reads the kilometres, empty as none.
func (n *nachweis) km() (model.Km, bool) {
	t := strings.TrimSpace(n.inputs[nwKm].Value())
	if t == "" {
		return 0, true
	}
	km, err := model.ParseKm(t)
	switch {
	case err != nil:
		n.errs[nwKm] = err.Error()
		return 0, false
	case km < 0:
		n.errs[nwKm] = "Bitte die Kilometer ohne Minus eingeben, z. B. 12,5."
		return 0, false
	}
	return km, true
}

// nachweisInputs are the inputs of the model's fields, for its errors.
var nachweisInputs = map[string]int{"actualStart": nwStart, "actualEnd": nwEnd, "waitingMinutes": nwWait, "km": nwKm}

// validate applies the model's rules to a sheet read without errors; its
// errors go to the fields they name.
func (n *nachweis) validate(s model.Einsatznachweis) bool {
	var ve model.ValidationError
	if err := s.ValidateAt(n.ctx.Now()); errors.As(err, &ve) {
		for _, fe := range ve {
			if i, ok := nachweisInputs[fe.Field]; ok {
				n.errs[i] = fe.Msg
			}
		}
		return false
	}
	return true
}

func (n *nachweis) compute() {
	s, ok := n.sheet()
	n.ok = ok
	if ok {
		n.amount, n.lines = model.Compute(s, n.tariff)
	} else {
		n.amount, n.lines = 0, nil
	}
}

// update returns submit=true when the user saves (enter on the last field
// or ctrl+s) and the sheet is valid.
func (n *nachweis) update(msg tea.Msg) (cmd tea.Cmd, submit bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, false
	}
	switch k.String() {
	case "tab", "down":
		n.move(1)
		return nil, false
	case "shift+tab", "up":
		n.move(-1)
		return nil, false
	case "enter":
		if n.focus < len(n.inputs)-1 {
			n.move(1)
			return nil, false
		}
		n.compute()
		return nil, n.ok
	case "ctrl+s":
		n.compute()
		return nil, n.ok
	}
	if n.fresh.Key(&n.inputs[n.focus], k) {
		n.edited = true
		n.compute()
		return nil, false
	}
	old := n.inputs[n.focus].Value()
	n.inputs[n.focus], cmd = n.inputs[n.focus].Update(msg)
	if n.inputs[n.focus].Value() != old {
		n.edited = true
		n.compute()
	}
	return cmd, false
}

func (n *nachweis) move(d int) {
	n.inputs[n.focus].Blur()
	n.focus = (n.focus + d + len(n.inputs)) % len(n.inputs)
	n.inputs[n.focus].Focus()
	n.fresh.Arm(&n.inputs[n.focus])
}

func (n *nachweis) view() string {
	st := n.ctx.Styles
	e := n.e
	lines := []string{
		st.Title.Render("Einsatznachweis " + e.Number),
		st.Muted.Render(cut(fmt.Sprintf("geplant %s %s–%s · %s", model.DateOf(e.Start), model.FormatTime(e.Start), model.FormatTime(e.End()), e.Language), n.w)),
		"",
	}
	for i := range n.inputs {
		lines = n.inputLines(lines, i)
	}
	lines = append(lines, "")
	lines = append(lines, n.amountLines()...)
	if n.saveErr != "" {
		lines = append(lines, st.Error.Render(cut(n.saveErr, n.w)))
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, wrapStyled(l, n.w)...)
	}
	return frame(out, n.w, n.h)
}

// nachweisLabelW is the width of the form's labels.
const nachweisLabelW = 22

// inputLines adds input i with its label and its error: beside the field
// when it fits, else under it.
func (n *nachweis) inputLines(lines []string, i int) []string {
	st, lw, in := n.ctx.Styles, nachweisLabelW, n.inputs[i]
	label := st.Label.Render(fit(n.labels[i], lw))
	iv := in.View()
	if i == n.focus {
		label = st.Accent.Render("› " + fit(n.labels[i], lw-2))
		iv = n.fresh.View(in, st.Selected)
	}
	line := label + " " + iv
	msg := n.errs[i]
	if msg == "" {
		return append(lines, cut(line, n.w))
	}
	// padded, never cut: a cut value would read "…"
	if gap := 15 - ansi.StringWidth(iv); gap > 0 {
		iv += strings.Repeat(" ", gap)
	}
	line = label + " " + iv + " "
	if ansi.StringWidth(line)+ansi.StringWidth(msg) <= n.w {
		return append(lines, cut(line+st.Error.Render(msg), n.w))
	}
	// too long beside the field: under it, not cut off
	lines = append(lines, cut(line, n.w))
	for _, l := range wrap(msg, n.w-lw-1) {
		lines = append(lines, strings.Repeat(" ", lw+1)+st.Error.Render(l))
	}
	return lines
}

// amountLines are the Aufwandsentschädigung as typed, line by line, and
// the tariff it follows.
func (n *nachweis) amountLines() []string {
	st := n.ctx.Styles
	var lines []string
	if n.ok {
		for _, l := range n.lines {
			lines = append(lines, cut(fmt.Sprintf("%s = %s", l.Text, l.Amount), n.w))
		}
		lines = append(lines, st.Bold.Render("Aufwandsentschädigung: "+n.amount.String()))
	} else {
		lines = append(lines, st.Muted.Render("Aufwandsentschädigung: – (bitte die markierten Felder prüfen)"))
	}
	tName := "Tarif"
	if n.tariff.Name != "" {
		tName = "Tarif „" + n.tariff.Name + "“"
	}
	for _, l := range wrap(tName+" "+n.tariff.Summary(), n.w) {
		lines = append(lines, st.Muted.Render(l))
	}
	return lines
}

// wrapStyled keeps a styled line as is if it fits, else cuts it.
func wrapStyled(l string, w int) []string { return []string{cut(l, w)} }

func (t *Tab) nachweisKey(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "esc" {
		t.leave(t.nw.dirty(), func() { t.nw = nil })
		return nil
	}
	cmd, submit := t.nw.update(msg)
	if submit {
		return tea.Batch(cmd, t.saveNachweis())
	}
	return cmd
}

func (t *Tab) nachweisView() string {
	if t.nw == nil {
		return t.blank()
	}
	return t.nw.view()
}

func (t *Tab) nachweisHelp() []key.Binding {
	return []key.Binding{fieldKey, t.keys.Save, cancelInput}
}

// nachweisReady opens the form for the Einsatz loaded.
func (t *Tab) nachweisReady(msg nachweisReadyMsg) tea.Cmd {
	if msg.err != nil {
		return t.fail(msg.err)
	}
	t.nw = newNachweis(t.ctx, msg.e, msg.tariff)
	t.nw.setSize(t.width, t.height)
	t.push(scrNachweis)
	return nil
}

// nachweisSaved closes the form, or keeps it open with why it was not
// saved – with the new amount when the tariff changed meanwhile.
func (t *Tab) nachweisSaved(msg nachweisSavedMsg) tea.Cmd {
	if msg.err != nil {
		if t.nw != nil {
			var tc *tariffChangedError
			if errors.As(msg.err, &tc) {
				t.nw.tariff = tc.tariff
				t.nw.compute()
			}
			t.nw.saveErr = msg.err.Error()
		}
		return t.fail(msg.err)
	}
	t.nw = nil
	t.pop()
	return tea.Batch(t.reloadShown(), t.say("Einsatznachweis gespeichert: Aufwandsentschädigung "+msg.amount.String()))
}

func (t *Tab) openNachweis(id string) tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) (nachweisReadyMsg, error) {
		e, err := store.Einsaetze.Get(tx, id)
		if err != nil {
			return nachweisReadyMsg{}, err
		}
		if e.InterpreterID == "" {
			return nachweisReadyMsg{}, errors.New("Ein Einsatznachweis braucht eine eingeteilte Sprachmittler:in – bitte zuerst mit m suchen.")
		}
		set, err := store.LoadSprachmittlungSettings(tx)
		if err != nil {
			return nachweisReadyMsg{}, err
		}
		return nachweisReadyMsg{e: e, tariff: set.TariffAt(model.DateOf(e.Start))}, nil
	}, func(m nachweisReadyMsg, err error) tea.Msg { m.err = err; return m })
}

func (t *Tab) saveNachweis() tea.Cmd {
	sheet, ok := t.nw.sheet()
	if !ok {
		return nil
	}
	e, tariff := t.nw.e, t.nw.tariff
	id, version := e.ID, e.Version
	var amount model.Money
	return t.ctx.Write(func(tx *store.Tx) error {
		cur, err := store.Einsaetze.Get(tx, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return &store.ErrConflict{Kind: store.KindEinsatz, Number: cur.Number, By: cur.UpdatedBy, At: cur.Updated}
		}
		if err := sheet.ValidateAt(tx.Now()); err != nil {
			return err
		}
		// The amount shown was computed with the tariff of when the form
		// opened; if "Regeln & Sätze" changed it since, nothing is saved
		// and the form shows the new amount first.
		set, err := store.LoadSprachmittlungSettings(tx)
		if err != nil {
			return err
		}
		if now := set.TariffAt(model.DateOf(cur.Start)); now != tariff {
			return &tariffChangedError{tariff: now}
		}
		if err := cur.RecordNachweis(sheet, tariff); err != nil {
			return err
		}
		amount = cur.Nachweis.Amount
		if cur.Status == model.StatusVermittelt {
			if err := cur.Transition(model.StatusDurchgefuehrt, "", tx.Now(), tx.Who(), tariff); err != nil {
				return err
			}
		}
		return store.Einsaetze.Put(tx, cur)
	}, func(err error) tea.Msg { return nachweisSavedMsg{amount: amount, err: err} })
}

// tariffChangedError: the tariff of the Einsatz's day changed while the
// Nachweis form was open.
type tariffChangedError struct{ tariff model.Tariff }

func (e *tariffChangedError) Error() string {
	return "Der Tarif wurde inzwischen geändert: Betrag neu berechnet, bitte prüfen."
}
