package sprachmittlung

import (
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

// absageForm is the Absage dialog: who called the Einsatz off, when the
// Absage came in (default now) and why. The decision of the clock –
// rechtzeitig or kurzfristig, with the Ausfallpauschale – is shown and
// follows every keystroke before anything is saved; the user may decide
// otherwise only with a reason. A small hand-made form (as the
// Einsatznachweis) so the decision can follow the typing.
type absageForm struct {
	ctx    *common.Context
	e      *model.Einsatz
	tariff model.Tariff

	by       int // index into model.CancelParties
	received textinput.Model
	reason   textinput.Model
	override bool
	why      textinput.Model // reason of the override

	focus   int
	edited  bool
	fresh   form.Fresh // the focused field's prefilled value is selected
	errs    map[int]string
	saveErr string

	w, h int
}

// Fields of the dialog, in tab order.
const (
	abBy = iota
	abReceived
	abReason
	abOverride
	abWhy
)

var absageLabels = [...]string{"Abgesagt von", "Eingegangen am", "Grund", "Von der Frist abweichen", "Begründung der Abweichung"}

type (
	absageReadyMsg struct {
		e      *model.Einsatz
		tariff model.Tariff
		err    error
	}
	absageSavedMsg struct {
		number   string
		decision model.AbsageDecision
		err      error
	}
)

func newAbsageForm(ctx *common.Context, e *model.Einsatz, t model.Tariff) *absageForm {
	a := &absageForm{ctx: ctx, e: e, tariff: t, errs: map[int]string{}}
	a.received = newInput("", 20, ctx.Styles.IsDark)
	a.received.SetValue(model.FormatDateTime(ctx.Now()))
	a.received.SetWidth(20)
	a.reason = newInput("", model.MaxReason, ctx.Styles.IsDark)
	a.why = newInput("", model.MaxReason, ctx.Styles.IsDark)
	return a
}

func (a *absageForm) dirty() bool { return a.edited }

func (a *absageForm) setSize(w, h int) {
	a.w, a.h = w, h
	a.reason.SetWidth(max(10, w-30))
	a.why.SetWidth(max(10, w-30))
}

func (a *absageForm) party() model.CancelParty { return model.CancelParties[a.by] }

// receivedAt reads the time the Absage came in; "" error text when fine.
func (a *absageForm) receivedAt() (time.Time, string) {
	t, err := parseDateTime(a.received.Value(), model.Today(a.ctx.Now()))
	switch {
	case err != nil:
		return time.Time{}, err.Error()
	case t.IsZero():
		return t, "Bitte Datum und Uhrzeit des Eingangs angeben, z. B. " + model.FormatDateTime(a.ctx.Now()) + "."
	case t.After(a.ctx.Now()):
		return t, "Der Eingang liegt in der Zukunft – bitte Datum und Uhrzeit prüfen."
	}
	return t, ""
}

// decision is what saving would do now; ok is false while the time of
// receipt cannot be read.
func (a *absageForm) decision() (model.AbsageDecision, bool) {
	t, msg := a.receivedAt()
	if msg != "" && t.IsZero() {
		return model.AbsageDecision{}, false
	}
	return a.e.DecideAbsage(a.party(), t, a.override, a.tariff), true
}

// canOverride: only a deadline decided for a booked interpreter can be
// reversed.
func (a *absageForm) canOverride() bool {
	d, ok := a.decision()
	return ok && d.Booked
}

// visible lists the fields shown now, in tab order.
func (a *absageForm) visible() []int {
	f := []int{abBy, abReceived, abReason}
	if a.canOverride() {
		f = append(f, abOverride)
		if a.override {
			f = append(f, abWhy)
		}
	}
	return f
}

func (a *absageForm) input(i int) *textinput.Model {
	switch i {
	case abReceived:
		return &a.received
	case abReason:
		return &a.reason
	case abWhy:
		return &a.why
	}
	return nil
}

func (a *absageForm) move(d int) {
	vis := a.visible()
	pos := 0
	for i, f := range vis {
		if f == a.focus {
			pos = i
		}
	}
	if in := a.input(a.focus); in != nil {
		in.Blur()
	}
	a.focus = vis[(pos+d+len(vis))%len(vis)]
	if in := a.input(a.focus); in != nil {
		in.Focus()
		a.fresh.Arm(in)
	}
}

// absage reads the dialog; field errors go to a.errs.
func (a *absageForm) absage() (model.Absage, bool) {
	a.errs = map[int]string{}
	t, msg := a.receivedAt()
	if msg != "" {
		a.errs[abReceived] = msg
	}
	ab := model.Absage{By: a.party(), Received: t, Reason: strings.TrimSpace(a.reason.Value()),
		Override: a.override && a.canOverride(), OverrideReason: strings.TrimSpace(a.why.Value())}
	if ab.Reason == "" {
		a.errs[abReason] = "Bitte den Grund der Absage angeben."
	}
	if ab.Override && ab.OverrideReason == "" {
		a.errs[abWhy] = "Wer von der Frist abweicht, muss es begründen."
	}
	return ab, len(a.errs) == 0
}

// showErr puts an error of the store next to its field (a
// model.ValidationError) or under the dialog.
func (a *absageForm) showErr(err error) {
	var ve model.ValidationError
	if errors.As(err, &ve) {
		fields := map[string]int{"by": abBy, "received": abReceived, "reason": abReason, "override": abWhy}
		for _, fe := range ve {
			if f, ok := fields[fe.Field]; ok {
				a.errs[f] = fe.Msg
			}
		}
		return
	}
	var dc *store.ErrDecisionChanged
	if errors.As(err, &dc) {
		a.tariff = dc.Decision.Tariff
	}
	a.saveErr = err.Error()
}

// update handles a key; submit is true when the user saves a complete
// Absage, leave when the dialog closes without saving.
func (a *absageForm) update(msg tea.KeyPressMsg) (cmd tea.Cmd, submit, leave bool) {
	if submit, leave, ok := a.navigate(msg.String()); ok {
		return nil, submit, leave
	}
	switch a.focus {
	case abBy:
		a.chooseParty(msg.String())
		return nil, false, false
	case abOverride:
		a.toggleOverride(msg.String())
		return nil, false, false
	}
	return a.typeInto(msg), false, false
}

// navigate handles the keys of the whole dialog: moving between fields,
// saving and leaving; ok is false for the keys of a field.
func (a *absageForm) navigate(k string) (submit, leave, ok bool) {
	switch k {
	case "esc":
		return false, true, true
	case "tab", "down":
		a.move(1)
		return false, false, true
	case "shift+tab", "up":
		a.move(-1)
		return false, false, true
	case "ctrl+s":
		_, ok := a.absage()
		return ok, false, true
	case "enter":
		// enter moves on; on the last field it saves
		vis := a.visible()
		if a.focus != vis[len(vis)-1] {
			a.move(1)
			return false, false, true
		}
		_, ok := a.absage()
		return ok, false, true
	}
	return false, false, false
}

// chooseParty cycles through who called the Einsatz off.
func (a *absageForm) chooseParty(k string) {
	switch k {
	case "left", "h":
		a.by = (a.by + len(model.CancelParties) - 1) % len(model.CancelParties)
	case "right", "l", "space":
		a.by = (a.by + 1) % len(model.CancelParties)
	default:
		return
	}
	a.touched()
}

func (a *absageForm) toggleOverride(k string) {
	if k == "space" || k == "left" || k == "right" || k == "x" {
		a.override = !a.override
		a.touched()
	}
}

// typeInto passes a key to the focused text field.
func (a *absageForm) typeInto(msg tea.KeyPressMsg) tea.Cmd {
	in := a.input(a.focus)
	if a.fresh.Key(in, msg) {
		a.touched()
		return nil
	}
	old := in.Value()
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	if in.Value() != old {
		a.touched()
		delete(a.errs, a.focus)
	}
	return cmd
}

// touched marks the input as changed: leaving asks first, and the last
// save error no longer applies.
func (a *absageForm) touched() {
	a.edited = true
	a.saveErr = ""
}

// absageLabelW is the width of the dialog's labels.
const absageLabelW = 27

func (a *absageForm) view() string {
	st := a.ctx.Styles
	e := a.e
	lines := []string{
		st.Title.Render("Absage erfassen · " + e.Number),
		st.Muted.Render(cut(strings.Join(nonEmpty(e.LanguageLabel(), model.DateOf(e.Start).WeekdayShort()+" "+model.FormatDateTime(e.Start)+" Uhr",
			e.Status.Label()), " · "), a.w)),
		"",
	}
	for _, f := range a.visible() {
		lines = a.fieldLines(lines, f)
	}
	lines = append(lines, "")
	lines = append(lines, a.decisionLines()...)
	if a.saveErr != "" {
		for _, l := range wrap(a.saveErr, a.w) {
			lines = append(lines, st.Error.Render(l))
		}
	}
	return frame(lines, a.w, a.h)
}

// fieldLines adds field f: its label and value, and its error below.
func (a *absageForm) fieldLines(lines []string, f int) []string {
	st := a.ctx.Styles
	label := st.Label.Render(fit(absageLabels[f], absageLabelW))
	if f == a.focus {
		label = st.Accent.Render("› " + fit(absageLabels[f], absageLabelW-2))
	}
	lines = append(lines, cut(label+" "+a.value(f), a.w))
	if msg := a.errs[f]; msg != "" {
		for _, l := range wrap(msg, max(10, a.w-absageLabelW-1)) {
			lines = append(lines, strings.Repeat(" ", absageLabelW+1)+st.Error.Render(l))
		}
	}
	return lines
}

// value is field f as shown: a choice, a box or a text field.
func (a *absageForm) value(f int) string {
	st := a.ctx.Styles
	var val string
	switch f {
	case abBy:
		val = "‹ " + a.party().Label() + " ›"
	case abOverride:
		val = "[ ] nein"
		if a.override {
			val = "[x] ja"
		}
	default:
		if f == a.focus {
			return a.fresh.View(*a.input(f), st.Selected)
		}
		return a.input(f).View()
	}
	if f == a.focus {
		val = st.Selected.Render(val)
	}
	return val
}

// decisionLines show the decision of the clock as typed: the status, the
// Ausfallpauschale and why.
func (a *absageForm) decisionLines() []string {
	st := a.ctx.Styles
	d, ok := a.decision()
	if !ok {
		return []string{st.Muted.Render("Entscheidung: – (bitte den Eingang prüfen)")}
	}
	head := "Entscheidung: " + d.Status.Label()
	switch {
	case d.BackToSearch:
		head = "Entscheidung: zurück zur Suche"
	case d.Fee > 0:
		head += " · Ausfallpauschale " + d.Fee.String()
	default:
		head += " · keine Ausfallpauschale"
	}
	style := st.Success
	if d.Late {
		style = st.Warning
	}
	lines := []string{style.Render(cut(head, a.w))}
	for _, l := range wrap(d.Explain(), a.w) {
		lines = append(lines, st.Muted.Render(l))
	}
	if d.Booked && !a.override {
		lines = append(lines, st.Muted.Render(cut("Abweichen nur mit Begründung: Feld „Von der Frist abweichen“, Leertaste.", a.w)))
	}
	return lines
}

// ---- the tab's side ----

// openAbsage loads the tariff of the Einsatz's day, then shows the dialog.
func (t *Tab) openAbsage(id string) tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) (absageReadyMsg, error) {
		e, err := store.Einsaetze.Get(tx, id)
		if err != nil {
			return absageReadyMsg{}, err
		}
		set, err := store.LoadSprachmittlungSettings(tx)
		if err != nil {
			return absageReadyMsg{}, err
		}
		return absageReadyMsg{e: e, tariff: set.TariffAt(model.DateOf(e.Start))}, nil
	}, func(m absageReadyMsg, err error) tea.Msg { m.err = err; return m })
}

func (t *Tab) absageView() string {
	if t.abs == nil {
		return t.blank()
	}
	return t.abs.view()
}

func (t *Tab) absageHelp() []key.Binding {
	return []key.Binding{fieldKey, chooseParty, t.keys.Save, cancelInput}
}

// absageReady opens the dialog for the Einsatz loaded.
func (t *Tab) absageReady(msg absageReadyMsg) tea.Cmd {
	if msg.err != nil {
		return t.fail(msg.err)
	}
	// the dialog replaces the menu it was chosen from
	if t.screen == scrStatus {
		t.menu = nil
		t.pop()
	}
	t.abs = newAbsageForm(t.ctx, msg.e, msg.tariff)
	t.abs.setSize(t.width, t.height)
	t.push(scrAbsage)
	return nil
}

func (t *Tab) absageKey(msg tea.KeyPressMsg) tea.Cmd {
	a := t.abs
	if a == nil {
		t.pop()
		return nil
	}
	cmd, submit, leave := a.update(msg)
	switch {
	case leave:
		t.leave(a.dirty(), func() { t.abs = nil })
		return nil
	case submit:
		return tea.Batch(cmd, t.saveAbsage())
	}
	return cmd
}

func (t *Tab) saveAbsage() tea.Cmd {
	a := t.abs
	ab, ok := a.absage()
	if !ok {
		return nil
	}
	d, _ := a.decision()
	id, version, number := a.e.ID, a.e.Version, a.e.Number
	var got model.AbsageDecision
	return t.ctx.Write(func(tx *store.Tx) error {
		var err error
		got, err = store.CancelEinsatz(tx, id, version, ab, d.Status)
		return err
	}, func(err error) tea.Msg { return absageSavedMsg{number: number, decision: got, err: err} })
}

func (t *Tab) absageSaved(msg absageSavedMsg) tea.Cmd {
	if msg.err != nil {
		if t.abs != nil {
			t.abs.showErr(msg.err)
		}
		return common.Fail(msg.err)
	}
	t.abs = nil
	t.pop()
	d := msg.decision
	text := msg.number + ": " + d.Status.Label()
	switch {
	case d.BackToSearch:
		text = msg.number + ": Absage der Sprachmittler:in – zurück zur Suche"
	case d.Fee > 0:
		text += " – Ausfallpauschale " + d.Fee.String()
	default:
		text += " – keine Ausfallpauschale"
	}
	return tea.Batch(t.reloadShown(), t.say(text))
}
