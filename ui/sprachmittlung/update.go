package sprachmittlung

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/forms"
	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/picker"
)

const pickOrg = "sprachmittlung:einrichtung"

// Messages of the tab's own commands.
type (
	intakeMsg struct {
		e        *model.Einsatz
		warnings []model.Warning
		err      error
	}
	savedMsg struct {
		id, number string
		isNew      bool
		err        error
	}
	statusSavedMsg struct {
		to  model.Status
		err error
	}
	textsMsg struct {
		id, num string
		status  model.Status
		letters []model.Letter
		dir     string // where w writes them
		err     error
	}
	filesMsg struct {
		dir     string
		files   []string
		renamed bool // a file existed: the new one has another name
		err     error
	}
	nachweisReadyMsg struct {
		e      *model.Einsatz
		tariff model.Tariff
		err    error
	}
	orgReadyMsg struct {
		org *model.Organisation
		err error
	}
	nachweisSavedMsg struct {
		amount model.Money
		err    error
	}
)

// key routes a key press to the current screen.
func (t *Tab) key(msg tea.KeyPressMsg) tea.Cmd {
	if t.ask != nil {
		return t.askKey(msg)
	}
	l := t.ctx.List
	if t.dlg != nil {
		cmd := t.dlg.Update(msg)
		if t.dlg.Done() {
			t.dlg = nil
		}
		return cmd
	}
	switch t.screen {
	case scrList:
		if cmd, ok := t.list.update(msg); ok {
			return cmd
		}
		switch {
		case key.Matches(msg, l.Open):
			if r, ok := t.list.selected(); ok {
				return t.openDetail(r.ID)
			}
		case key.Matches(msg, t.einsatzKeys.New):
			return t.newRequest()
		case key.Matches(msg, t.keys.Agenda):
			t.push(scrAgenda)
			return t.agenda.load(false)
		case key.Matches(msg, t.keys.Pool):
			t.push(scrPool)
			return t.pool.load()
		}
		return nil

	case scrAgenda:
		if cmd, ok := t.agenda.update(msg); ok {
			return cmd
		}
		switch {
		case key.Matches(msg, l.Back):
			t.pop()
		case key.Matches(msg, l.Open):
			if t.agenda.week {
				if id, _ := t.agenda.selectedInterpreter(); id != "" {
					return t.openPerson(id)
				}
				return nil
			}
			if r, ok := t.agenda.selected(); ok {
				return t.openDetail(r.ID)
			}
		case key.Matches(msg, t.keys.Person):
			if id, _ := t.agenda.selectedInterpreter(); id != "" {
				return t.openPerson(id)
			}
		}
		return nil

	case scrDetail:
		return t.detailKey(msg)

	case scrForm:
		if t.req != nil {
			return t.req.form.Update(msg)
		}

	case scrOverride:
		return t.overrideKey(msg)

	case scrPicker:
		if t.pick != nil {
			return t.pick.Update(msg)
		}

	case scrMatch:
		switch {
		case key.Matches(msg, l.Back):
			t.pop()
		case key.Matches(msg, t.assignKey):
			if r, ok := t.match.selected(); ok {
				return t.assign(r)
			}
		default:
			t.match.update(msg)
		}
		return nil

	case scrText:
		switch {
		case key.Matches(msg, l.Back):
			t.pop()
		case key.Matches(msg, t.keys.WriteFiles):
			return t.writeFiles()
		case key.Matches(msg, l.Up):
			t.text.scroll.by(-1)
		case key.Matches(msg, l.Down):
			t.text.scroll.by(1)
		case msg.String() == "pgdown" || msg.String() == "space":
			t.text.scroll.by(t.text.scroll.h - 1)
		case msg.String() == "pgup":
			t.text.scroll.by(-(t.text.scroll.h - 1))
		}
		return nil

	case scrNachweis:
		if msg.String() == "esc" {
			t.leave(t.nw.dirty(), func() { t.nw = nil })
			return nil
		}
		cmd, submit := t.nw.update(msg)
		if submit {
			return tea.Batch(cmd, t.saveNachweis())
		}
		return cmd

	case scrStatus:
		cmd, chosen, reason, done, cancel := t.menu.update(msg)
		switch {
		case cancel:
			t.menu = nil
			t.pop()
		case done && chosen.blocked != "":
			return t.fail(errors.New(chosen.blocked))
		case done && chosen.absage:
			return t.openAbsage(t.menu.e.ID)
		case done && chosen.to == model.StatusVermittelt && t.menu.e.InterpreterID == "":
			// "vermittelt" means choosing somebody: go to the search
			e := t.menu.e
			t.menu = nil
			t.pop()
			t.push(scrMatch)
			t.match = newMatchView(t.ctx, e)
			t.match.setSize(t.width, t.height)
			return t.loadMatch(e)
		case done:
			return t.changeStatus(chosen.to, reason)
		}
		return cmd

	case scrAbsage:
		return t.absageKey(msg)

	case scrPool:
		if cmd, ok := t.pool.update(msg); ok {
			return cmd
		}
		switch {
		case key.Matches(msg, l.Back):
			t.pop()
		case key.Matches(msg, l.Open):
			if p, ok := t.pool.selected(); ok {
				return t.openPerson(p.id)
			}
		}
		return nil

	case scrPerson:
		switch {
		case key.Matches(msg, l.Back):
			t.pop()
		case key.Matches(msg, l.Open):
			if id := t.person.selectedEinsatz(); id != "" {
				return t.openDetail(id)
			}
		case key.Matches(msg, t.profileKeys.Edit):
			return t.editProfile()
		case !t.person.table.Filtering() && key.Matches(msg, t.keys.Auskunft):
			return t.writeAuskunft(t.person.id)
		case !t.person.table.Filtering() && key.Matches(msg, t.keys.Erase):
			return t.askErase(t.person.id)
		default:
			t.person.update(msg)
		}
		return nil

	case scrProfile:
		if t.prof != nil {
			return t.prof.form.Update(msg)
		}

	case scrOrg:
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
	return nil
}

func (t *Tab) detailKey(msg tea.KeyPressMsg) tea.Cmd {
	l, k := t.ctx.List, t.keys
	d := t.det
	if d == nil {
		t.pop()
		return nil
	}
	if key.Matches(msg, l.Back) {
		t.pop()
		return nil
	}
	switch {
	case key.Matches(msg, l.Up):
		d.scroll.by(-1)
		return nil
	case key.Matches(msg, l.Down):
		d.scroll.by(1)
		return nil
	case msg.String() == "pgdown" || msg.String() == "space":
		d.scroll.by(d.scroll.h - 1)
		return nil
	case msg.String() == "pgup":
		d.scroll.by(-(d.scroll.h - 1))
		return nil
	}
	if !d.loaded {
		return nil
	}
	e := d.data.e
	switch {
	case key.Matches(msg, k.Status):
		t.menu = newStatusMenu(t.ctx, e)
		t.menu.setSize(t.width, t.height)
		t.push(scrStatus)
	case key.Matches(msg, k.Match):
		switch e.Status {
		case model.StatusAnfrage, model.StatusPruefung, model.StatusSuche, model.StatusVermittelt:
		default:
			return t.fail(fmt.Errorf("Im Status „%s“ wird keine Sprachmittler:in mehr gesucht.", e.Status.Label()))
		}
		t.match = newMatchView(t.ctx, e)
		t.match.setSize(t.width, t.height)
		t.push(scrMatch)
		return t.loadMatch(e)
	case key.Matches(msg, k.Confirm):
		return t.loadTexts(e.ID)
	case key.Matches(msg, k.Nachweis):
		return t.openNachweis(e.ID)
	case key.Matches(msg, t.einsatzKeys.Edit):
		t.req = newRequest(t.ctx, e, e.OrganisationID, orgName(d.data.org))
		t.req.setSize(t.width, t.height)
		t.push(scrForm)
		return t.req.form.Init()
	case key.Matches(msg, k.Org):
		if e.OrganisationID != "" {
			return t.openOrg(e.OrganisationID)
		}
	case key.Matches(msg, k.Person):
		if e.InterpreterID != "" {
			return t.openPerson(e.InterpreterID)
		}
		return t.fail(errors.New("Diesem Einsatz ist noch keine Sprachmittler:in zugewiesen – mit m suchen."))
	}
	return nil
}

func orgName(o *model.Organisation) string {
	if o == nil {
		return ""
	}
	return o.Name
}

// data handles the tab's own messages and passes the rest to the open
// sub-component (form, picker), whose internal messages we cannot name.
func (t *Tab) data(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case OpenEinsatzMsg, OpenPersonMsg:
		if t.Dirty() {
			return t.fail(errors.New("Im Reiter Sprachmittlung ist noch ein Formular offen – bitte erst speichern oder mit esc verwerfen."))
		}
		t.home()
		if m, ok := msg.(OpenEinsatzMsg); ok {
			return t.openDetail(m.ID)
		}
		return t.openPerson(msg.(OpenPersonMsg).ID)
	case listLoadedMsg, listPatchMsg:
		cmd, _ := t.list.update(msg)
		return cmd
	case agendaLoadedMsg:
		t.agenda.update(msg)
		return nil
	case poolLoadedMsg:
		t.pool.set(msg)
		return nil
	case personLoadedMsg, orgLoadedMsg, detailLoadedMsg:
		// to the page on screen and to any page waiting on the stack
		pages := append([]saved{{det: t.det, person: t.person, org: t.org}}, t.stack...)
		for _, p := range pages {
			switch m := msg.(type) {
			case personLoadedMsg:
				if p.person != nil {
					p.person.set(m)
				}
			case orgLoadedMsg:
				if p.org != nil {
					p.org.set(m)
				}
			case detailLoadedMsg:
				if p.det != nil {
					p.det.set(m)
				}
			}
		}
		return nil
	case matchLoadedMsg:
		if t.match != nil {
			t.match.set(msg)
		}
		return nil

	case picker.PickedMsg:
		if msg.ID != pickOrg {
			return nil
		}
		id := msg.RecordID
		return common.Read(t.ctx, func(tx *store.Tx) (*model.Organisation, error) {
			return store.Organisations.Get(tx, id)
		}, func(o *model.Organisation, err error) tea.Msg { return orgReadyMsg{org: o, err: err} })
	case orgReadyMsg:
		if msg.err != nil {
			return t.fail(msg.err)
		}
		t.pick = nil
		t.screen = scrForm // replaces the picker on the stack
		t.req = newRequest(t.ctx, nil, msg.org.ID, msg.org.Name)
		// The venue is usually the institution itself.
		t.req.place = msg.org.City
		t.req.address = strings.Join(nonEmpty(msg.org.Street, msg.org.Place()), ", ")
		t.req.build()
		t.req.setSize(t.width, t.height)
		return t.req.form.Init()
	case picker.CancelledMsg:
		if msg.ID != pickOrg {
			return nil
		}
		t.pick = nil
		t.pop()
		return nil

	case form.SubmittedMsg:
		switch {
		case t.req != nil && msg.ID == formRequest:
			e, err := t.req.toEinsatz()
			if err != nil {
				t.req.form.SetError(err)
				return nil
			}
			if b := t.req.base; b != nil && b.Start.Equal(e.Start) && b.Duration == e.Duration &&
				b.Topic == e.Topic && b.OrganisationID == e.OrganisationID {
				// nothing the intake rules look at has changed
				return t.saveEinsatz(e)
			}
			return t.checkIntake(e)
		case t.prof != nil && msg.ID == formProfile:
			return t.saveProfile()
		}
		return nil
	case form.CancelledMsg:
		switch {
		case t.req != nil && msg.ID == formRequest:
			t.req = nil
			t.pop()
		case t.prof != nil && msg.ID == formProfile:
			t.prof = nil
			t.pop()
		}
		return nil

	case intakeMsg:
		if msg.err != nil {
			if t.req != nil {
				t.req.form.SetError(msg.err)
			}
			return t.fail(msg.err)
		}
		open := model.OpenWarnings(msg.warnings)
		if len(open) == 0 {
			return t.saveEinsatz(msg.e)
		}
		t.ov = newOverride(t.ctx, msg.e, open)
		t.push(scrOverride)
		return nil

	case savedMsg:
		if msg.err != nil {
			if t.req != nil {
				if t.screen == scrOverride {
					t.ov = nil
					t.pop()
				}
				t.req.form.SetError(msg.err)
			}
			return t.fail(msg.err)
		}
		t.req, t.ov = nil, nil
		// back to where the request was started, then the new detail
		for t.screen == scrForm || t.screen == scrOverride || t.screen == scrPicker {
			t.pop()
		}
		text := msg.number + " gespeichert"
		if msg.isNew {
			text = msg.number + " angelegt"
		}
		var cmd tea.Cmd
		if t.screen == scrDetail && t.det != nil && t.det.id == msg.id {
			cmd = t.det.reload() // edited: back on its page
		} else {
			cmd = t.openDetail(msg.id)
		}
		return tea.Batch(cmd, t.say(text))

	case assignedMsg:
		if msg.err != nil {
			return t.fail(msg.err)
		}
		t.match = nil
		t.pop()
		return tea.Batch(t.reloadShown(), t.say(msg.name+" eingeteilt – Status „vermittelt“"))

	case statusSavedMsg:
		if msg.err != nil {
			return t.fail(msg.err)
		}
		t.menu = nil
		t.pop()
		return tea.Batch(t.reloadShown(), t.say("Status: "+msg.to.Label()))

	case textsMsg:
		if msg.err != nil {
			return t.fail(msg.err)
		}
		if len(msg.letters) == 0 {
			return t.fail(fmt.Errorf("Im Status „%s“ gibt es keinen Text zu verschicken.", msg.status.Label()))
		}
		// The printable Einsatznachweis is among them where it fits: in
		// team mode (no files) it can only be copied from here.
		var parts []string
		for _, l := range msg.letters {
			parts = append(parts, "— "+l.Title+" —\n\n"+l.Text)
		}
		t.text = newTextView(t.ctx, "Texte zu "+msg.num+" · "+msg.status.Label(), strings.Join(parts, "\n\n"))
		t.text.dir = msg.dir
		t.text.setSize(t.width, t.height)
		t.texts = msg
		t.push(scrText)
		return nil
	case auskunftMsg:
		if msg.err != nil {
			return t.fail(msg.err)
		}
		return t.say("Auskunft geschrieben: " + strings.Join(msg.files, " und "))
	case erasePlanMsg:
		return t.planned(msg)
	case eraseAnsweredMsg:
		return t.answered(msg)
	case erasedMsg:
		return t.erased(msg)
	case filesMsg:
		if msg.err != nil {
			return t.fail(msg.err)
		}
		names := make([]string, len(msg.files))
		for i, f := range msg.files {
			names[i] = filepath.Base(f)
		}
		text := fmt.Sprintf("%d Dateien geschrieben nach %s: %s", len(msg.files), msg.dir, strings.Join(names, ", "))
		if msg.renamed {
			text += " (vorhandene Dateien bleiben, die neuen tragen -2, -3 …)"
		}
		return t.say(text)

	case absageReadyMsg:
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
	case absageSavedMsg:
		return t.absageSaved(msg)

	case nachweisReadyMsg:
		if msg.err != nil {
			return t.fail(msg.err)
		}
		t.nw = newNachweis(t.ctx, msg.e, msg.tariff)
		t.nw.setSize(t.width, t.height)
		t.push(scrNachweis)
		return nil
	case nachweisSavedMsg:
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

	case profileSavedMsg:
		if msg.err != nil {
			if t.prof != nil {
				t.prof.form.SetError(msg.err)
			}
			return t.fail(msg.err)
		}
		t.prof = nil
		t.pop()
		return tea.Batch(t.reloadShown(), t.say(msg.name+" gespeichert"))
	}

	// Anything else belongs to an open sub-component (huh's own messages,
	// the picker's loads and saves).
	var cmds []tea.Cmd
	if t.pick != nil {
		cmds = append(cmds, t.pick.Update(msg))
	}
	if t.req != nil && t.screen == scrForm {
		cmds = append(cmds, t.req.form.Update(msg))
	}
	if t.prof != nil && t.screen == scrProfile {
		cmds = append(cmds, t.prof.form.Update(msg))
	}
	return tea.Batch(cmds...)
}

// leave goes back from a hand-made form; with typed input only after
// "Eingaben verwerfen?" is answered with yes.
func (t *Tab) leave(dirty bool, drop func()) {
	if !dirty {
		drop()
		t.pop()
		return
	}
	t.dlg = form.Ask("Eingaben verwerfen?", func() tea.Cmd {
		drop()
		t.pop()
		return nil
	})
}

// ---- commands ----

// reloadShown refreshes the open detail or person page right after one of
// our own writes; the change feed refreshes the rest.
func (t *Tab) reloadShown() tea.Cmd {
	var cmds []tea.Cmd
	if t.det != nil {
		cmds = append(cmds, t.det.reload())
	}
	if t.person != nil {
		cmds = append(cmds, t.person.reload())
	}
	return tea.Batch(cmds...)
}

func (t *Tab) openDetail(id string) tea.Cmd {
	t.push(scrDetail)
	t.det = newDetail(t.ctx, id)
	t.det.setSize(t.width, t.height)
	return t.det.reload()
}

func (t *Tab) newRequest() tea.Cmd {
	t.pick = picker.NewOrganisation(t.ctx, pickOrg)
	t.pick.SetSize(t.width, t.height)
	t.push(scrPicker)
	return t.pick.Init()
}

func (t *Tab) checkIntake(e *model.Einsatz) tea.Cmd {
	now := t.ctx.Now()
	return common.Read(t.ctx, func(tx *store.Tx) ([]model.Warning, error) {
		set, err := store.LoadSprachmittlungSettings(tx)
		if err != nil {
			return nil, err
		}
		org, err := store.Organisations.Get(tx, e.OrganisationID)
		if err != nil {
			return nil, errors.New("Die gewählte Einrichtung wurde nicht gefunden – bitte neu auswählen.")
		}
		return model.CheckIntake(e, org, set.Intake, now), nil
	}, func(ws []model.Warning, err error) tea.Msg { return intakeMsg{e: e, warnings: ws, err: err} })
}

func (t *Tab) saveEinsatz(orig *model.Einsatz) tea.Cmd {
	// A copy: a failed write must not leave an ID or number behind on the
	// record the form or dialog still holds.
	cp := *orig
	e := &cp
	isNew := e.ID == ""
	return t.ctx.Write(func(tx *store.Tx) error {
		return store.SaveEinsatz(tx, e)
	}, func(err error) tea.Msg {
		return savedMsg{id: e.ID, number: e.Number, isNew: isNew, err: err}
	})
}

func (t *Tab) loadMatch(e *model.Einsatz) tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) ([]matchRow, error) {
		m, err := store.MatchCandidates(tx, e)
		if err != nil {
			return nil, err
		}
		return candidateRows(e, m), nil
	}, func(rows []matchRow, err error) tea.Msg { return matchLoadedMsg{einsatzID: e.ID, rows: rows, err: err} })
}

func (t *Tab) assign(r matchRow) tea.Cmd {
	e := t.match.e
	id, version, name, pid := e.ID, e.Version, r.Name, r.PersonID
	return t.ctx.Write(func(tx *store.Tx) error {
		return store.AssignInterpreter(tx, id, pid, version)
	}, func(err error) tea.Msg { return assignedMsg{einsatzID: id, name: name, err: err} })
}

func (t *Tab) changeStatus(to model.Status, reason string) tea.Cmd {
	e := t.menu.e
	id, version := e.ID, e.Version
	return t.ctx.Write(func(tx *store.Tx) error {
		cur, err := store.Einsaetze.Get(tx, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return &store.ErrConflict{Kind: store.KindEinsatz, Number: cur.Number, By: cur.UpdatedBy, At: cur.Updated}
		}
		set, err := store.LoadSprachmittlungSettings(tx)
		if err != nil {
			return err
		}
		if err := cur.Transition(to, reason, tx.Now(), tx.Who(), set.TariffAt(model.DateOf(cur.Start))); err != nil {
			return err
		}
		return store.SaveEinsatz(tx, cur)
	}, func(err error) tea.Msg { return statusSavedMsg{to: to, err: err} })
}

// loadTexts builds the texts that fit the Einsatz's current status
// (model.StatusTexts).
func (t *Tab) loadTexts(id string) tea.Cmd {
	return common.Read(t.ctx, func(tx *store.Tx) (textsMsg, error) {
		dd, err := loadDetail(tx, id)
		if err != nil {
			return textsMsg{}, err
		}
		set, err := store.LoadSprachmittlungSettings(tx)
		if err != nil {
			return textsMsg{}, err
		}
		e := dd.e
		letters := model.StatusTexts(model.LetterData{Einsatz: e, Org: dd.org, Contact: dd.contact, Interp: dd.interp,
			Tariff: set.TariffAt(model.DateOf(e.Start)), Office: model.DefaultOffice})
		return textsMsg{id: id, num: e.Number, status: e.Status, letters: letters, dir: store.AbsPath(exportDir())}, nil
	}, func(m textsMsg, err error) tea.Msg { m.err = err; return m })
}

// ExportDir is where `w` writes the confirmation texts and the printable
// Einsatznachweis: the user's documents folder (store.OutputDir) unless
// set.
var ExportDir = ""

// exportDir is the folder `w` writes into; the text screen names it
// before anything is written.
func exportDir() string {
	if ExportDir != "" {
		return ExportDir
	}
	return store.OutputDir()
}

// writeFiles writes the texts of the screen as files. They are never
// replaced: a name that exists gets the next free one (…-2.txt), and the
// message lists every file with its full path.
func (t *Tab) writeFiles() tea.Cmd {
	if t.ctx.Remote {
		// The files would land on the team server, out of the member's reach.
		return t.fail(errors.New("Im Teambetrieb keine Dateien: den Text mit der Maus markieren und kopieren."))
	}
	m := t.texts
	dir := store.AbsPath(exportDir())
	st, now := t.ctx.Store, t.ctx.Now
	return func() tea.Msg {
		var out []string
		renamed := false
		for _, l := range m.letters {
			want := filepath.Join(dir, m.num+"_"+l.File+".txt")
			p := store.FreeName(want)
			renamed = renamed || p != want
			if err := store.WriteOutput(p, []byte(l.Text), false); err != nil {
				return filesMsg{err: err}
			}
			out = append(out, p)
		}
		// The Einsatznachweis to print and sign, as PDF; never over an
		// earlier one (it may be signed already).
		pdf, err := einsatzPDF(st, m.id, now())
		if err == nil {
			want := filepath.Join(dir, m.num+"_Einsatznachweis.pdf")
			var p string
			if p, err = forms.WriteNew(want, pdf); err == nil {
				renamed = renamed || p != want
				out = append(out, p)
			}
		}
		if err != nil {
			return filesMsg{err: err}
		}
		return filesMsg{dir: dir, files: out, renamed: renamed}
	}
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

// ---- override dialog ----

// override shows the intake warnings of a request; the user goes back to
// the form or saves anyway with a reason that is stored on the Einsatz.
type override struct {
	ctx      *common.Context
	e        *model.Einsatz
	warnings []model.Warning
	asking   bool
	reason   textinput.Model
}

func newOverride(ctx *common.Context, e *model.Einsatz, ws []model.Warning) *override {
	ti := newInput("Grund: ", 300, ctx.Styles.IsDark)
	ti.SetWidth(max(10, ctx.Width-10))
	return &override{ctx: ctx, e: e, warnings: ws, reason: ti}
}

func (t *Tab) overrideKey(msg tea.KeyPressMsg) tea.Cmd {
	o := t.ov
	if o == nil {
		t.pop()
		return nil
	}
	if o.asking {
		switch msg.String() {
		case "esc":
			o.asking = false
			o.reason.Blur()
			return nil
		case "enter":
			e := o.e
			for _, w := range o.warnings {
				if err := e.Override(w.Rule, o.reason.Value(), t.ctx.User, t.ctx.Now()); err != nil {
					return t.fail(err)
				}
			}
			return t.saveEinsatz(e)
		}
		var cmd tea.Cmd
		o.reason, cmd = o.reason.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, t.keys.Override):
		o.asking = true
		return o.reason.Focus()
	case msg.String() == "esc" || msg.String() == "z":
		t.ov = nil
		t.pop()
		t.req.form.SetError(nil)
	}
	return nil
}

func (o *override) view(w, h int, flash string) string {
	st := o.ctx.Styles
	lines := []string{st.Title.Render("Hinweise zur Anfrage"), ""}
	for _, wn := range o.warnings {
		for i, l := range wrap(wn.Text, w-2) {
			p := "⚠ "
			if i > 0 {
				p = "  "
			}
			lines = append(lines, st.Warning.Render(p+l))
		}
	}
	lines = append(lines, "")
	if o.asking {
		lines = append(lines, "Warum wird die Anfrage trotzdem angenommen? (enter speichert, esc zurück)", o.reason.View())
	} else {
		lines = append(lines, "z / esc  zurück zum Formular", "u        trotzdem speichern (mit Begründung)")
	}
	if flash != "" {
		lines = append(lines, "", st.Error.Render(flash))
	}
	return frame(lines, w, h)
}
