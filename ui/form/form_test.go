package form

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/ui/common"
	"stabsstelle/ui/theme"
	"stabsstelle/ui/uitest"
)

// personForm is a small form as the tabs build them: a required name, a
// prefilled place and a number that must parse.
type personForm struct {
	t                 *testing.T
	f                 *Form
	name, place, km   string
	submitted, cancel int
	other             []tea.Msg
}

func newPersonForm(t *testing.T, place string) *personForm {
	p := &personForm{t: t, place: place}
	ctx := &common.Context{Styles: theme.New(true), Width: 80, Height: 24}
	p.f = New(ctx, "person", "Neue Person",
		huh.NewGroup(
			huh.NewInput().Title("Name").Value(&p.name).Validate(Required("Bitte einen Namen angeben.")),
			huh.NewInput().Title("Ort").Value(&p.place),
			huh.NewInput().Title("Kilometer").Value(&p.km).Validate(Parse(model.ParseKm, false, "")),
		))
	p.run(p.f.Init())
	return p
}

func (p *personForm) run(cmd tea.Cmd) {
	p.t.Helper()
	(&uitest.Drainer{Update: func(msg tea.Msg) tea.Cmd {
		switch msg.(type) {
		case SubmittedMsg:
			p.submitted++
			return nil
		case CancelledMsg:
			p.cancel++
			return nil
		case tea.KeyPressMsg, tea.PasteMsg:
		default:
			p.other = append(p.other, msg)
		}
		return p.f.Update(msg)
	}}).Run(p.t, cmd)
}

func (p *personForm) press(keys ...string) {
	p.t.Helper()
	for _, k := range keys {
		var msg tea.KeyPressMsg
		switch k {
		case "esc":
			msg = tea.KeyPressMsg{Code: tea.KeyEscape}
		case "enter":
			msg = tea.KeyPressMsg{Code: tea.KeyEnter}
		case "tab":
			msg = tea.KeyPressMsg{Code: tea.KeyTab}
		case "backspace":
			msg = tea.KeyPressMsg{Code: tea.KeyBackspace}
		case "ctrl+s":
			msg = tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
		default:
			for _, r := range k {
				p.run(p.f.Update(tea.KeyPressMsg{Code: r, Text: string(r)}))
			}
			continue
		}
		p.run(p.f.Update(msg))
	}
}

func (p *personForm) screen() string { return ansi.Strip(p.f.View()) }

// ctrl+s saves from the first field once every field's check passes; the
// typed values are in the bound variables.
func TestCtrlSSavesFromAnyFieldWhenEveryCheckPasses(t *testing.T) {
	p := newPersonForm(t, "")
	p.press("Selam Tesfaye", "ctrl+s")
	if p.submitted != 1 || p.name != "Selam Tesfaye" {
		t.Fatalf("submitted %d, name %q", p.submitted, p.name)
	}
	if !p.f.Saving() {
		t.Error("a submitted form is not waiting for the owner")
	}
	// While the owner saves, keys are swallowed: nothing typed is lost
	// into the screen behind, nothing changes.
	p.press("xyz")
	if p.name != "Selam Tesfaye" || p.submitted != 1 {
		t.Errorf("typing while saving changed the form: %q", p.name)
	}
	if !strings.Contains(p.screen(), "wird gespeichert") {
		t.Errorf("no saving note:\n%s", p.screen())
	}
}

// A field with a problem stops ctrl+s there, with its German message on
// screen, and nothing is submitted.
func TestCtrlSStopsAtTheFieldWithAProblem(t *testing.T) {
	p := newPersonForm(t, "")
	p.press("ctrl+s")
	if p.submitted != 0 {
		t.Fatal("an empty required name was submitted")
	}
	if !strings.Contains(p.screen(), "Bitte einen Namen angeben.") {
		t.Fatalf("no message:\n%s", p.screen())
	}
	p.press("Selam", "tab", "tab", "zwölf", "ctrl+s")
	if p.submitted != 0 {
		t.Fatal("km that do not parse were submitted")
	}
	p.press("backspace", "backspace", "backspace", "backspace", "backspace", "12,5", "ctrl+s")
	if p.submitted != 1 || p.km != "12,5" {
		t.Fatalf("submitted %d, km %q:\n%s", p.submitted, p.km, p.screen())
	}
}

// A prefilled value is replaced by the first character typed into it, and
// kept by a cursor key.
func TestPrefilledValueIsReplacedByTyping(t *testing.T) {
	p := newPersonForm(t, "Gifhorn")
	p.press("Anna", "tab", "Wolfsburg", "ctrl+s")
	if p.place != "Wolfsburg" {
		t.Errorf("place %q, want the typed value alone", p.place)
	}
	q := newPersonForm(t, "Gifhorn")
	q.press("Anna", "tab")
	q.run(q.f.Update(tea.KeyPressMsg{Code: tea.KeyEnd}))
	q.press("-Süd", "ctrl+s")
	if q.place != "Gifhorn-Süd" {
		t.Errorf("place %q, want the value edited after a cursor key", q.place)
	}
}

// esc leaves a clean form at once; with input it asks, "n" keeps every
// typed character, "j" leaves.
func TestEscAsksBeforeInputIsLost(t *testing.T) {
	p := newPersonForm(t, "")
	p.press("esc")
	if p.cancel != 1 {
		t.Fatalf("clean form: cancelled %d", p.cancel)
	}
	p = newPersonForm(t, "")
	p.press("Sel", "esc")
	if p.cancel != 0 || !p.f.Asking() || !strings.Contains(p.screen(), "Eingaben verwerfen?") {
		t.Fatalf("dirty form left without asking (cancelled %d):\n%s", p.cancel, p.screen())
	}
	p.press("n")
	if p.f.Asking() || p.cancel != 0 {
		t.Fatal("n did not keep the form")
	}
	p.press("am", "ctrl+s")
	if p.name != "Selam" || p.submitted != 1 {
		t.Fatalf("input after n: %q (submitted %d)", p.name, p.submitted)
	}
	q := newPersonForm(t, "")
	q.press("Sel", "esc", "j")
	if q.cancel != 1 {
		t.Fatalf("j: cancelled %d", q.cancel)
	}
}

// A read-only form shows why, takes no input, and closes with esc or at
// its end instead of saving.
func TestReadOnlyFormTakesNoInput(t *testing.T) {
	p := newPersonForm(t, "Gifhorn")
	p.f.ReadOnly("Ändern darf nur die Rolle Sachbearbeitung.")
	p.run(p.f.Init())
	p.press("xyz", "backspace")
	if p.place != "Gifhorn" || p.name != "" || p.f.Dirty() {
		t.Fatalf("read-only form changed: name %q place %q", p.name, p.place)
	}
	if s := p.screen(); !strings.Contains(s, "nur lesen") || !strings.Contains(s, "Ändern darf nur die Rolle Sachbearbeitung.") {
		t.Errorf("read-only form does not say why:\n%s", s)
	}
	p.press("esc")
	if p.cancel != 1 || p.submitted != 0 {
		t.Errorf("esc: cancelled %d, submitted %d", p.cancel, p.submitted)
	}
}

// A failed save gives the form back with every value and the reasons.
func TestSetErrorGivesTheFormBackWithItsValues(t *testing.T) {
	p := newPersonForm(t, "")
	p.press("Selam", "ctrl+s")
	p.f.SetError(model.ValidationError{{Field: "name", Msg: "Diese Person gibt es schon."}, {Field: "ort", Msg: "Der Ort fehlt."}})
	p.run(nil)
	if p.f.Saving() {
		t.Fatal("the form still waits after a failed save")
	}
	s := p.screen()
	if !strings.Contains(s, "✗ Diese Person gibt es schon.") || !strings.Contains(s, "✗ Der Ort fehlt.") {
		t.Fatalf("reasons not shown:\n%s", s)
	}
	p.press("ctrl+s")
	if p.submitted != 2 || p.name != "Selam" {
		t.Fatalf("second save: submitted %d, name %q", p.submitted, p.name)
	}
	p.f.SetError(errors.New("Die Datei ist gesperrt."))
	if !strings.Contains(p.screen(), "✗ Die Datei ist gesperrt.") {
		t.Errorf("plain error not shown:\n%s", p.screen())
	}
}

// The dialog: j and enter on "Ja" say yes, n and esc say no; the answer is
// given once.
func TestConfirmAnswers(t *testing.T) {
	var got []string
	ask := func() *Confirm {
		return Ask("Antrag löschen?", func() tea.Cmd { got = append(got, "ja"); return nil }).
			WithNo(func() tea.Cmd { got = append(got, "nein"); return nil })
	}
	key := func(c *Confirm, k tea.KeyPressMsg) { c.Update(k) }
	c := ask()
	key(c, tea.KeyPressMsg{Code: 'j', Text: "j"})
	key(c, tea.KeyPressMsg{Code: 'n', Text: "n"}) // answered already
	key(ask(), tea.KeyPressMsg{Code: tea.KeyEscape})
	key(ask(), tea.KeyPressMsg{Code: tea.KeyEnter}) // "Nein" is preselected
	c = ask()
	key(c, tea.KeyPressMsg{Code: tea.KeyLeft})
	key(c, tea.KeyPressMsg{Code: tea.KeyEnter})
	if strings.Join(got, ",") != "ja,nein,nein,ja" {
		t.Errorf("answers %v", got)
	}
	v := ansi.Strip(ask().View(&common.Context{Styles: theme.New(false), Width: 80, Height: 24}))
	for _, want := range []string{"Antrag löschen?", YesButton, NoButton, "n/esc = nein"} {
		if !strings.Contains(v, want) {
			t.Errorf("dialog lacks %q:\n%s", want, v)
		}
	}
}
