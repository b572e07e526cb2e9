package sprachmittlung

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/forms"
	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

// Datenschutz on the interpreter's page: A writes the Auskunft (Art. 15)
// beside the other exported files, L erases the person (Art. 17) after a
// question that says what goes and what stays – or, while payment records
// must be kept, offers the restriction (Art. 18) instead.

const confirmErase = "sprachmittlung:erase"

type (
	auskunftMsg struct {
		files []string
		err   error
	}
	erasePlanMsg struct {
		plan *store.ErasePlan
		err  error
	}
	// eraseAnsweredMsg is the dialog's answer, kept private like the
	// settings screen's: a broadcast ConfirmedMsg could be taken by
	// another tab's open question.
	eraseAnsweredMsg struct{ yes bool }
	erasedMsg        struct {
		text string
		err  error
	}
)

// writeAuskunft writes the Auskunft of person id as Markdown and JSON into
// ExportDir (or the working directory), never over an existing file.
func (t *Tab) writeAuskunft(id string) tea.Cmd {
	if t.ctx.Remote {
		return t.fail(errors.New("Im Teambetrieb keine Dateien: die Auskunft bitte am Teamrechner mit „stabsstelle export auskunft“ schreiben."))
	}
	dir, st, user := ExportDir, t.ctx.Store, t.ctx.User
	return func() tea.Msg {
		if dir == "" {
			wd, err := os.Getwd()
			if err != nil {
				return auskunftMsg{err: fmt.Errorf("Das Arbeitsverzeichnis ist nicht lesbar: %v", err)}
			}
			dir = wd
		}
		var a *store.Auskunft
		if err := st.View(func(tx *store.Tx) (err error) { a, err = store.AuskunftOf(tx, id); return err }); err != nil {
			return auskunftMsg{err: err}
		}
		a.By = user
		js, err := jsonIndent(a)
		if err != nil {
			return auskunftMsg{err: err}
		}
		name := "Auskunft_" + fileSafe(a.Name) + ".md"
		md, err := forms.WriteNew(filepath.Join(dir, name), []byte(a.Markdown()))
		if err != nil {
			return auskunftMsg{err: err}
		}
		jp, err := forms.WriteNew(md+".json", js)
		if err != nil {
			return auskunftMsg{err: err}
		}
		return auskunftMsg{files: []string{md, jp}}
	}
}

// askErase reads what erasing the person would do, then asks.
func (t *Tab) auskunftWritten(msg auskunftMsg) tea.Cmd {
	if msg.err != nil {
		return t.fail(msg.err)
	}
	return t.say("Auskunft geschrieben: " + strings.Join(msg.files, " und "))
}

func (t *Tab) askErase(id string) tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) (*store.ErasePlan, error) { return store.PlanErase(tx, id) },
		func(p *store.ErasePlan, err error) tea.Msg { return erasePlanMsg{plan: p, err: err} })
}

// planned opens the question for a read plan.
func (t *Tab) planned(msg erasePlanMsg) tea.Cmd {
	if msg.err != nil {
		return t.fail(msg.err)
	}
	p := msg.plan
	if retained := p.Retained(model.Today(t.ctx.Now())); retained != nil {
		if p.Person.IsRestricted() {
			return t.fail(retained)
		}
		t.confirm(retained.Error()+"\n\nJetzt einschränken?", func() tea.Cmd {
			return t.ctx.Write(func(tx *store.Tx) error {
				_, err := store.RestrictPerson(tx, p.Person.ID, "Antrag auf Löschung (Art. 17), Zahlungsbelege aufzubewahren")
				return err
			}, func(err error) tea.Msg {
				return erasedMsg{text: p.Person.Name + " ist eingeschränkt: nicht mehr in Listen, Suche und Vermittlung.", err: err}
			})
		})
		return nil
	}
	q := "„" + p.Person.Name + "“ endgültig löschen? Strg+Z holt nichts zurück.\n\nGelöscht wird: " + strings.Join(p.Goes(), "; ") +
		".\nEs bleibt: " + strings.Join(p.Stays(), "; ") + "."
	t.confirm(q, func() tea.Cmd {
		return t.ctx.Write(func(tx *store.Tx) error {
			_, err := store.ErasePerson(tx, p.Person.ID, "Antrag auf Löschung (Art. 17 DSGVO)")
			return err
		}, func(err error) tea.Msg {
			return erasedMsg{text: p.Person.Name + " ist gelöscht. " + store.CompactHint, err: err}
		})
	})
	return nil
}

func (t *Tab) confirm(q string, yes func() tea.Cmd) {
	t.ask, t.onYes = form.NewConfirm(confirmErase, ansi.Wordwrap(q, max(20, min(64, t.width-8)), "")), yes
}

// askKey gives the open question every key.
func (t *Tab) askKey(msg tea.KeyPressMsg) tea.Cmd {
	answer := t.ask.Update(msg)
	if answer == nil {
		return nil
	}
	return func() tea.Msg {
		if c, ok := answer().(form.ConfirmedMsg); ok {
			return eraseAnsweredMsg{yes: c.Yes}
		}
		return nil
	}
}

// answered runs the question's action on yes.
func (t *Tab) answered(msg eraseAnsweredMsg) tea.Cmd {
	yes := t.onYes
	t.ask, t.onYes = nil, nil
	if msg.yes && yes != nil {
		return yes()
	}
	return nil
}

// withAsk draws the open question over the page.
func (t *Tab) withAsk(page string) string {
	if t.ask == nil {
		return page
	}
	return frame(splitLines(lipgloss.Place(t.width, t.height, lipgloss.Center, lipgloss.Center, t.ask.View(t.ctx))), t.width, t.height)
}

// erased leaves the page of a person that is gone.
func (t *Tab) erased(msg erasedMsg) tea.Cmd {
	if msg.err != nil {
		return t.fail(msg.err)
	}
	if t.screen == scrPerson {
		t.pop()
	}
	return t.say(msg.text)
}

// fileSafe makes a name usable in a file name: letters and digits stay,
// everything else becomes "_".
func fileSafe(name string) string {
	out := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return '_'
	}, strings.TrimSpace(name))
	if out == "" {
		return "Person"
	}
	return out
}

func jsonIndent(v any) ([]byte, error) {
	js, err := json.MarshalIndent(v, "", "  ")
	return append(js, '\n'), err
}
