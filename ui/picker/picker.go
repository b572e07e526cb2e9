// Package picker lets every tab find, create and edit the shared people and
// organisations: a filterable list with a "neu anlegen" entry on top, and
// the forms to create or edit one. It reads and writes only through
// commands.
package picker

import (
	"errors"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/table"
)

// PickedMsg: the user chose (or just created) a record.
type PickedMsg struct {
	ID       string // the picker's id
	RecordID string
	Name     string
}

// CancelledMsg: the user left the picker without choosing.
type CancelledMsg struct{ ID string }

// Kind of records a picker shows.
type Kind int

const (
	KindPerson Kind = iota
	KindOrganisation
)

// Item is one row of the list; the first row is "neu anlegen".
type Item struct {
	ID, Name, Detail, Place string
	New                     bool
}

type loadedMsg struct {
	id    string
	items []Item
	err   error
}

type savedMsg struct {
	id       string
	recordID string
	name     string
	err      error
}

// KeyMap are the picker's keys; the table's (↑↓ / s …) come with it.
type KeyMap struct {
	Pick, New, Edit, Back key.Binding
}

// DefaultKeyMap returns the defaults; editOnly (the directory) opens for
// editing instead of picking.
func DefaultKeyMap(editOnly bool) KeyMap {
	pick := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "auswählen"))
	if editOnly {
		pick = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "öffnen"))
	}
	return KeyMap{
		Pick: pick,
		New:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "neu anlegen")),
		Edit: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "bearbeiten")),
		// q as well: the list is an overlay, and q closes overlays.
		Back: key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "zurück")),
	}
}

// Picker is the list plus, while creating or editing, a form.
type Picker struct {
	ctx      *common.Context
	id       string
	kind     Kind
	filter   func(*model.Person) bool
	tbl      *table.Model[Item]
	loaded   bool
	err      error
	frm      *form.Form
	editP    *personDraft
	editO    *orgDraft
	editOnly bool // directory mode: enter edits instead of picking
	keys     KeyMap
	w, h     int
}

// NewPerson picks a person; filter (may be nil) restricts the list, e.g. to
// interpreters.
func NewPerson(ctx *common.Context, id string, filter func(*model.Person) bool) *Picker {
	return newPicker(ctx, id, KindPerson, filter)
}

// NewOrganisation picks an organisation.
func NewOrganisation(ctx *common.Context, id string) *Picker {
	return newPicker(ctx, id, KindOrganisation, nil)
}

// NewDirectory is the "Personen & Einrichtungen" screen reachable from every
// tab: enter opens the record for editing instead of picking it.
func NewDirectory(ctx *common.Context, id string, kind Kind) *Picker {
	p := newPicker(ctx, id, kind, nil)
	p.editOnly = true
	p.keys = DefaultKeyMap(true)
	return p
}

func newPicker(ctx *common.Context, id string, kind Kind, filter func(*model.Person) bool) *Picker {
	cols := []table.Column[Item]{
		{Title: "Name", MinWidth: 20, Value: func(i Item) string { return i.Name }},
		{Title: "Rolle / Art", MinWidth: 14, Value: func(i Item) string { return i.Detail }},
		{Title: "Ort", Width: 16, Value: func(i Item) string { return i.Place }},
	}
	t := table.New(cols)
	t.SetStyles(table.DefaultStyles(ctx.Styles.IsDark))
	t.SetEmptyText("lädt …")
	return &Picker{ctx: ctx, id: id, kind: kind, filter: filter, tbl: t, keys: DefaultKeyMap(false), w: ctx.Width, h: ctx.Height}
}

// Init loads the list.
func (p *Picker) Init() tea.Cmd { return p.load() }

func (p *Picker) load() tea.Cmd {
	id, kind, filter := p.id, p.kind, p.filter
	return common.Read(p.ctx, func(tx *store.Tx) ([]Item, error) {
		var items []Item
		var err error
		if kind == KindPerson {
			err = store.People.Each(tx, func(per *model.Person) error {
				if !per.IsRestricted() && (filter == nil || filter(per)) { // Art. 18
					items = append(items, Item{ID: per.ID, Name: per.Name, Detail: strings.Join(per.Roles(), ", "), Place: per.City})
				}
				return nil
			})
		} else {
			err = store.Organisations.Each(tx, func(o *model.Organisation) error {
				items = append(items, Item{ID: o.ID, Name: o.Name, Detail: o.Kind.Label(), Place: o.City})
				return nil
			})
		}
		sort.Slice(items, func(i, j int) bool { return strings.ToLower(items[i].Name) < strings.ToLower(items[j].Name) })
		return items, err
	}, func(items []Item, err error) tea.Msg { return loadedMsg{id: id, items: items, err: err} })
}

// SetSize fits the picker into w×h.
func (p *Picker) SetSize(w, h int) {
	p.w, p.h = w, h
	p.tbl.SetSize(w, h-1)
	if p.frm != nil {
		p.frm.SetSize(w, h)
	}
}

// Capturing: a picker always takes every key (its filter or form has focus).
func (p *Picker) Capturing() bool { return true }

// Editing is true while the create/edit form is open.
func (p *Picker) Editing() bool { return p.frm != nil }

// Filtering is true while the list's filter input has the keys.
func (p *Picker) Filtering() bool { return p.frm == nil && p.tbl.Filtering() }

// Dirty is true while a create/edit form holds input.
func (p *Picker) Dirty() bool { return p.frm != nil && p.frm.Dirty() }

func (p *Picker) newLabel() string {
	if p.kind == KindPerson {
		return "＋ neue Person anlegen"
	}
	return "＋ neue Einrichtung anlegen"
}

// Update handles list keys, the form and the load/save results.
func (p *Picker) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := p.updateData(msg); ok {
		return cmd
	}
	if p.frm != nil {
		return p.frm.Update(msg)
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if !p.tbl.Filtering() {
		if cmd, ok := p.listKey(k); ok {
			return cmd
		}
	}
	return p.tbl.Update(msg)
}

// updateData takes the results of loading and saving, the change feed and
// the form's end.
func (p *Picker) updateData(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.id == p.id {
			p.loadedItems(msg)
		}
		return nil, true
	case common.ChangedMsg:
		if msg.Touches(store.KindPerson, store.KindOrganisation) {
			return p.load(), true
		}
		return nil, true
	case common.RolesMsg:
		return p.load(), true // with or without the "neu anlegen" row
	case recordLoadedMsg:
		if msg.id != p.id {
			return nil, true
		}
		return p.handleLoaded(msg), true
	case savedMsg:
		return p.saved(msg), true
	case form.SubmittedMsg:
		if p.frm == nil || msg.ID != p.frm.ID() {
			return nil, true
		}
		return p.save(), true
	case form.CancelledMsg:
		if p.frm != nil && msg.ID == p.frm.ID() {
			p.frm, p.editP, p.editO = nil, nil, nil
		}
		return nil, true
	}
	return nil, false
}

// loadedItems shows the list (with the "neu anlegen" row for who may),
// keeping the selection.
func (p *Picker) loadedItems(msg loadedMsg) {
	p.loaded, p.err = true, msg.err
	sel := p.tbl.SelectedID()
	rows := msg.items
	if p.ctx.May(model.PermPeople) {
		rows = append([]Item{{ID: "", Name: p.newLabel(), New: true}}, rows...)
	}
	p.tbl.SetRows(rows, func(i Item) string { return i.ID })
	p.tbl.SetEmptyText("Keine Einträge.")
	if sel != "" {
		p.tbl.Select(sel)
	}
	p.SetSize(p.w, p.h)
}

// saved closes the form; a picker (not the directory) picks what was
// saved. Another picker's save is not this one's.
func (p *Picker) saved(msg savedMsg) tea.Cmd {
	if msg.id != p.id {
		return nil
	}
	if msg.err != nil {
		p.frm.SetError(msg.err)
		return nil
	}
	p.frm, p.editP, p.editO = nil, nil, nil
	status := common.Status(msg.name + " gespeichert")
	if p.editOnly {
		return tea.Batch(status, p.load())
	}
	id, rid, name := p.id, msg.recordID, msg.name
	return tea.Batch(status, func() tea.Msg { return PickedMsg{ID: id, RecordID: rid, Name: name} })
}

// listKey: the picker's own keys on the list; the others go to the table.
func (p *Picker) listKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(k, p.keys.Back):
		if k.String() == "esc" && p.tbl.FilterText() != "" {
			return p.tbl.Update(k), true
		}
		id := p.id
		return func() tea.Msg { return CancelledMsg{ID: id} }, true
	case key.Matches(k, p.keys.Pick):
		return p.pick(), true
	case key.Matches(k, p.keys.Edit):
		if it, ok := p.tbl.Selected(); ok && !it.New {
			return p.openForm(it.ID), true
		}
		return nil, true
	case key.Matches(k, p.keys.New):
		if !p.ctx.May(model.PermPeople) {
			return common.Fail(errors.New(readOnlyWhy(p.ctx))), true
		}
		return p.openForm(""), true
	}
	return nil, false
}

// pick: the selected record is picked (in the directory: opened to edit);
// the "neu anlegen" row opens the form.
func (p *Picker) pick() tea.Cmd {
	it, ok := p.tbl.Selected()
	switch {
	case !ok:
		return nil
	case it.New:
		return p.openForm("")
	case p.editOnly:
		return p.openForm(it.ID)
	default:
		id := p.id
		return func() tea.Msg { return PickedMsg{ID: id, RecordID: it.ID, Name: it.Name} }
	}
}

// ShortHelp lists the keys for the help line.
func (p *Picker) ShortHelp() []key.Binding {
	if p.frm != nil {
		return p.frm.ShortHelp()
	}
	if p.tbl.Filtering() {
		return p.tbl.ShortHelp()
	}
	tk := table.DefaultKeyMap()
	if !p.ctx.May(model.PermPeople) {
		return []key.Binding{p.openKey(), tk.Filter, p.keys.Back}
	}
	return []key.Binding{p.keys.Pick, tk.Filter, p.keys.New, p.keys.Edit, p.keys.Back}
}

// openKey is enter as the member's roles allow it: in the directory a
// member who may not change people only looks them up.
func (p *Picker) openKey() key.Binding {
	if p.editOnly && !p.ctx.May(model.PermPeople) {
		return key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "ansehen"))
	}
	return p.keys.Pick
}

// FullHelp lists every key of the list (a form has only ShortHelp).
func (p *Picker) FullHelp() [][]key.Binding {
	tk := table.DefaultKeyMap()
	own := []key.Binding{p.keys.Pick, p.keys.New, p.keys.Edit, p.keys.Back}
	if !p.ctx.May(model.PermPeople) {
		own = []key.Binding{p.openKey(), p.keys.Back}
	}
	return [][]key.Binding{
		own,
		{tk.Up, tk.Down, tk.PageUp, tk.PageDown, tk.Home, tk.End},
		{tk.Filter, tk.Sort, tk.SortReverse},
	}
}

// View draws the list or the form.
func (p *Picker) View() string {
	if p.frm != nil {
		return p.frm.View()
	}
	st := p.ctx.Styles
	title := "Person auswählen"
	if p.kind == KindOrganisation {
		title = "Einrichtung auswählen"
	}
	if p.editOnly {
		title = map[Kind]string{KindPerson: "Personen", KindOrganisation: "Einrichtungen"}[p.kind]
	}
	// The keys are in the root's help line (ShortHelp).
	head := st.Title.Render(title)
	if !p.ctx.May(model.PermPeople) {
		head += st.Muted.Render("  nur nachschlagen (Rolle " + p.ctx.Roles.Label() + ")")
	}
	if p.err != nil {
		head += "  " + st.Error.Render(ansi.Truncate(p.err.Error(), max(0, p.w-ansi.StringWidth(title)-2), "…"))
	}
	return form.Clip(head+"\n"+p.tbl.View(), p.w, p.h)
}

// Edit opens the form of an existing record directly (from a detail screen).
func (p *Picker) Edit(recordID string) tea.Cmd { return p.openForm(recordID) }

func (p *Picker) openForm(recordID string) tea.Cmd {
	if p.kind == KindPerson {
		return p.openPersonForm(recordID)
	}
	return p.openOrgForm(recordID)
}

// ShownList is the list of people or organisations, for a click on a row
// (nil while the "neu anlegen" form is open).
func (p *Picker) ShownList() common.RowClicker {
	if p.frm != nil {
		return nil
	}
	return p.tbl
}
