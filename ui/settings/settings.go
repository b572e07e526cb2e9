// Package settings is the "Regeln & Sätze" screen: the office's rules kept
// as dated data, edited by the team instead of a programmer. Sprachmittlung:
// the tariffs of the Aufwandsentschädigung (dated list), the intake rules
// (Annahmeregeln) and the travel buffer. Kostenerstattungen: the km rates
// per vehicle (dated list with a cap per trip) and the tax-free yearly
// amounts (Ehrenamts-/Übungsleiterpauschale, from a year on). The county's
// account stays in the Kosten tab.
//
// The root model opens it over any tab (key R) and closes it on ClosedMsg.
// It reads and writes only in commands: each change loads the stored
// settings, applies one entry and saves them in the same transaction, so a
// colleague's change in between is never overwritten silently. Other
// sessions' changes arrive on the change feed (kind "settings").
//
// Computed amounts are never touched: an Einsatznachweis keeps a copy of its
// tariff and a claim's Fahrt line its km rate.
package settings

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

// ClosedMsg is sent when the user leaves the screen (esc).
type ClosedMsg struct{}

// section is one part of the screen.
type section int

const (
	secTariffs section = iota
	secIntake
	secKm
	secLimits
	secRoles
	secAccess
	secRetention
	numSections
)

// Form ids; the confirm dialog's id.
const (
	formTariff = "settings:tariff"
	formIntake = "settings:intake"
	formKm     = "settings:km"
	formLimit  = "settings:limit"
	formMember = "settings:member"
	formRule   = "settings:rule"
)

type loadedMsg struct {
	sm     store.SprachmittlungSettings
	ks     store.KostenSettings
	roles  model.TeamRoleList
	access []store.Access
	mouse  store.BedienungSettings
	rules  model.RetentionRules
	due    *store.RetentionPlan
	err    error
}

// savedMsg reports a write; formID is the form that asked for it ("" for a
// deletion).
type savedMsg struct {
	formID string
	text   string
	err    error
	focus  func(*Model) // after the reload: put the cursor on the saved entry
}

// Model is the screen.
type Model struct {
	ctx  *common.Context
	Keys KeyMap
	w, h int

	sec    section
	cursor [numSections]int
	top    [numSections]int

	loaded bool
	err    error
	sm     store.SprachmittlungSettings
	ks     store.KostenSettings
	roles  model.TeamRoleList      // sorted by name
	access []store.Access          // newest first; only for the role Verwaltung
	mouse  store.BedienungSettings // the member's own (mouse on or off)
	// retention are the Löschfristen; due is what the Löschlauf would do
	// today (retention.go).
	retention model.RetentionRules
	due       *store.RetentionPlan

	focus   func(*Model) // applied to the next loaded data
	frm     *form.Form
	tariff  *tariffDraft
	intake  *intakeDraft
	km      *kmDraft
	limit   *limitDraft
	member  *memberDraft
	rule    *ruleDraft
	confirm *form.Confirm
}

// New makes the screen; Init loads the settings.
func New(ctx *common.Context) *Model {
	m := &Model{ctx: ctx, Keys: userKeyMap(), w: max(ctx.Width, 80), h: max(ctx.Height, 21)}
	m.gate()
	return m
}

// gate offers n, e and d only where the member may change the section:
// the rules need Verwaltung's "regeln", the role list its "rollen"; the
// access trail is read-only for everyone.
func (m *Model) gate() {
	k := &m.Keys
	m.ctx.Disable(&k.Run)
	switch m.sec {
	case secRetention:
		m.ctx.Disable(&k.New)
		m.ctx.Disable(&k.Delete)
		m.ctx.Gate(&k.Edit, model.PermRetention)
		m.ctx.Gate(&k.Run, model.PermRetention)
		return
	case secAccess:
		for _, b := range []*key.Binding{&k.New, &k.Edit, &k.Delete} {
			m.ctx.Disable(b)
		}
		return
	case secRoles:
		for _, b := range []*key.Binding{&k.New, &k.Edit, &k.Delete} {
			m.ctx.Gate(b, model.PermRoles)
		}
		return
	}
	for _, b := range []*key.Binding{&k.New, &k.Edit, &k.Delete} {
		m.ctx.Gate(b, model.PermSettings)
	}
}

// Init loads both settings records.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	mayAccess := m.ctx.May(model.PermAccessLog)
	user := m.ctx.User
	return common.Read(m.ctx, func(tx *store.Tx) (loadedMsg, error) {
		sm, err := store.LoadSprachmittlungSettings(tx)
		if err != nil {
			return loadedMsg{}, err
		}
		ks, err := store.LoadKostenSettings(tx)
		if err != nil {
			return loadedMsg{}, err
		}
		roles, err := store.LoadRoleList(tx)
		if err != nil {
			return loadedMsg{}, err
		}
		var access []store.Access
		if mayAccess {
			if access, err = store.AccessLog(tx, accessShown); err != nil {
				return loadedMsg{}, err
			}
		}
		mouse, err := store.LoadBedienungSettings(tx, user)
		if err != nil {
			return loadedMsg{}, err
		}
		rules, err := store.LoadRetentionRules(tx)
		if err != nil {
			return loadedMsg{}, err
		}
		due, err := store.PlanRetention(tx)
		if err != nil {
			return loadedMsg{}, err
		}
		return loadedMsg{sm: sm, ks: ks, roles: roles.Sorted(), access: access, mouse: mouse, rules: rules, due: due}, nil
	}, func(l loadedMsg, err error) tea.Msg { l.err = err; return l })
}

// SetSize sets the box the screen draws (the root's content box).
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	if m.frm != nil {
		m.frm.SetSize(w, h)
	}
	m.clamp()
}

// Dirty is true while a form holds typed input (quitting asks first).
func (m *Model) Dirty() bool { return m.frm != nil && m.frm.Dirty() }

// Editing is true while a form is open.
func (m *Model) Editing() bool { return m.frm != nil }

// Capturing is true while a form or the yes/no question has the keys.
func (m *Model) Capturing() bool { return m.frm != nil || m.confirm != nil }

func (m *Model) today() model.Date { return model.Today(m.ctx.Now()) }

// focusToday puts each list's cursor on the entry in force today, so the
// screen opens on what applies now.
func (m *Model) focusToday() {
	today := m.today()
	t := m.sm.TariffAt(today)
	focusTariff(&t)(m)
	if r, ok := m.ks.KmRates.For(model.VehicleAuto, today); ok {
		focusKm(&r)(m)
	}
	if l, ok := limitInForce(m.ks.Limits, model.LimitEhrenamt, today.Year); ok {
		focusLimit(&l)(m)
	}
}

// rows is the number of entries of the current list section.
func (m *Model) rows(s section) int {
	switch s {
	case secTariffs:
		return len(m.sm.Tariffs)
	case secKm:
		return len(m.ks.KmRates)
	case secLimits:
		return len(m.ks.Limits)
	case secRoles:
		return len(m.roles)
	case secAccess:
		return len(m.access)
	case secRetention:
		return len(m.retention)
	}
	return 0
}

// clamp keeps every cursor on an entry and the current list scrolled to
// it.
func (m *Model) clamp() {
	for s := section(0); s < numSections; s++ {
		n := m.rows(s)
		m.cursor[s] = max(0, min(m.cursor[s], n-1))
	}
	m.scroll()
}

// ShortHelp lists the keys for the root's help line.
func (m *Model) ShortHelp() []key.Binding {
	switch {
	case m.confirm != nil:
		return form.ConfirmKeys
	case m.frm != nil:
		return m.frm.ShortHelp()
	case m.sec == secIntake:
		return []key.Binding{m.Keys.Edit, m.Keys.NextSection, m.Keys.Close}
	case m.sec == secAccess:
		return []key.Binding{m.Keys.Up, m.Keys.NextSection, m.Keys.Close}
	case m.sec == secRetention:
		return []key.Binding{m.Keys.Edit, m.Keys.Run, m.Keys.NextSection, m.Keys.Close}
	}
	// ↑↓ go without saying; what fits 80 columns is what changes data.
	return []key.Binding{m.Keys.New, m.Keys.Edit, m.Keys.Delete, m.Keys.NextSection, m.Keys.Close}
}

// FullHelp lists every key.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.Keys
	return [][]key.Binding{{k.Up, k.Down, k.NextSection, k.PrevSection}, {k.New, k.Edit, k.Delete, k.Run, k.Mouse, k.Close}}
}

// toggleMouse switches the member's mouse on or off. The change feed tells
// the root (which then lets the terminal have the mouse, or takes it) and
// this screen, which reads the switch again.
func (m *Model) toggleMouse() tea.Cmd {
	off := !m.mouse.MouseOff
	text := "Maus eingeschaltet: Klick wählt, Mausrad blättert."
	if off {
		text = "Maus ausgeschaltet: Text lässt sich wieder markieren."
	}
	return m.ctx.Write(func(tx *store.Tx) error {
		s, err := store.LoadBedienungSettings(tx, tx.Who())
		if err != nil {
			return err
		}
		s.MouseOff = off
		return store.SaveBedienungSettings(tx, s)
	}, func(err error) tea.Msg { return savedMsg{text: text, err: err} })
}
