package picker

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
	"stabsstelle/ui/history"
)

// personDraft holds what the form edits; the record itself is only changed
// in the save command, on a copy loaded in the same transaction.
type personDraft struct {
	id                                                   string
	version                                              uint64
	name, gender, email, phone, street, plz, city, notes string
	changes                                              []store.PersonChange
}

type orgDraft struct {
	id                                                 string
	version                                            uint64
	name, kind, street, plz, city, phone, email, notes string
	changes                                            []store.PersonChange
}

type recordLoadedMsg struct {
	id      string
	per     *model.Person
	org     *model.Organisation
	changes []store.PersonChange // who changed the record, newest first
	err     error
}

type loadedRecord struct {
	per     *model.Person
	org     *model.Organisation
	changes []store.PersonChange
}

// readOnlyWhy is the line a read-only person or organisation form shows.
func readOnlyWhy(ctx *common.Context) string {
	return "Nur nachschlagen: ändern darf die Rolle " + model.Granting(model.PermPeople).Label() + " (Ihre Rolle: " + ctx.Roles.Label() + ")."
}

func (p *Picker) openPersonForm(recordID string) tea.Cmd {
	if recordID == "" {
		p.showPersonForm(&personDraft{})
		return p.frm.Init()
	}
	id := p.id
	return common.Read(p.ctx, func(tx *store.Tx) (loadedRecord, error) {
		per, err := store.People.Get(tx, recordID)
		if err != nil {
			return loadedRecord{}, err
		}
		ch, err := store.RecordChanges(tx, recordID, 0)
		return loadedRecord{per: per, changes: ch}, err
	}, func(r loadedRecord, err error) tea.Msg {
		return recordLoadedMsg{id: id, per: r.per, changes: r.changes, err: err}
	})
}

func (p *Picker) openOrgForm(recordID string) tea.Cmd {
	if recordID == "" {
		p.showOrgForm(&orgDraft{})
		return p.frm.Init()
	}
	id := p.id
	return common.Read(p.ctx, func(tx *store.Tx) (loadedRecord, error) {
		o, err := store.Organisations.Get(tx, recordID)
		if err != nil {
			return loadedRecord{}, err
		}
		ch, err := store.RecordChanges(tx, recordID, 0)
		return loadedRecord{org: o, changes: ch}, err
	}, func(r loadedRecord, err error) tea.Msg {
		return recordLoadedMsg{id: id, org: r.org, changes: r.changes, err: err}
	})
}

// HandleLoaded must see recordLoadedMsg; Update forwards it here.
func (p *Picker) handleLoaded(msg recordLoadedMsg) tea.Cmd {
	if msg.err != nil {
		return common.Fail(msg.err)
	}
	if msg.per != nil {
		x := msg.per
		p.showPersonForm(&personDraft{id: x.ID, version: x.Version, name: x.Name, gender: string(x.Gender),
			email: x.Email, phone: x.Phone, street: x.Street, plz: x.PostalCode, city: x.City, notes: x.Notes, changes: msg.changes})
	} else {
		x := msg.org
		p.showOrgForm(&orgDraft{id: x.ID, version: x.Version, name: x.Name, kind: string(x.Kind),
			street: x.Street, plz: x.PostalCode, city: x.City, phone: x.Phone, email: x.Email, notes: x.Notes, changes: msg.changes})
	}
	return p.frm.Init()
}

func (p *Picker) showPersonForm(d *personDraft) {
	p.editP = d
	genders := []huh.Option[string]{}
	for _, g := range model.Genders {
		genders = append(genders, huh.NewOption(g.Label(), string(g)))
	}
	title := "Neue Person"
	if d.id != "" {
		title = "Person bearbeiten: " + d.name
	}
	fields := []huh.Field{
		huh.NewInput().Title("Name").Value(&d.name).Validate(form.Required("Bitte einen Namen eingeben.")),
		huh.NewSelect[string]().Inline(true).Title("Geschlecht").Options(genders...).Value(&d.gender),
		huh.NewInput().Title("E-Mail").Value(&d.email).Validate(form.Check(model.EmailProblem)),
		huh.NewInput().Title("Telefon").Value(&d.phone).Validate(form.Check(model.PhoneProblem)),
		huh.NewInput().Title("Straße und Hausnummer").Value(&d.street),
		huh.NewInput().Title("PLZ").Value(&d.plz).Validate(form.Check(model.PostalCodeProblem)),
		huh.NewInput().Title("Ort").Value(&d.city),
		form.Notes("Notizen", &d.notes, 3),
	}
	p.frm = form.New(p.ctx, p.id+":person", p.formTitle(title, d.id), huh.NewGroup(append(fields, changesNote(d.changes)...)...))
	p.finishForm()
}

func (p *Picker) showOrgForm(d *orgDraft) {
	p.editO = d
	kinds := []huh.Option[string]{}
	for _, k := range model.OrgKinds {
		kinds = append(kinds, huh.NewOption(k.Label(), string(k)))
	}
	title := "Neue Einrichtung"
	if d.id != "" {
		title = "Einrichtung bearbeiten: " + d.name
	}
	fields := []huh.Field{
		huh.NewInput().Title("Name der Einrichtung").Value(&d.name).Validate(form.Required("Bitte einen Namen der Einrichtung eingeben.")),
		huh.NewSelect[string]().Inline(true).Title("Art").Options(kinds...).Value(&d.kind),
		huh.NewInput().Title("Straße und Hausnummer").Value(&d.street),
		huh.NewInput().Title("PLZ").Value(&d.plz).Validate(form.Check(model.PostalCodeProblem)),
		huh.NewInput().Title("Ort").Value(&d.city),
		huh.NewInput().Title("Telefon").Value(&d.phone).Validate(form.Check(model.PhoneProblem)),
		huh.NewInput().Title("E-Mail").Value(&d.email).Validate(form.Check(model.EmailProblem)),
		form.Notes("Notizen", &d.notes, 3),
	}
	p.frm = form.New(p.ctx, p.id+":org", p.formTitle(title, d.id), huh.NewGroup(append(fields, changesNote(d.changes)...)...))
	p.finishForm()
}

// formTitle: a member who may only look the record up gets no "bearbeiten".
func (p *Picker) formTitle(title, id string) string {
	if id != "" && !p.ctx.May(model.PermPeople) {
		return strings.Replace(title, " bearbeiten", "", 1)
	}
	return title
}

// finishForm sizes the new form and makes it read-only for a member who
// may not change people and institutions.
func (p *Picker) finishForm() {
	if !p.ctx.May(model.PermPeople) {
		p.frm.ReadOnly(readOnlyWhy(p.ctx))
	}
	p.frm.SetSize(p.w, p.h)
}

// changesNote is the last field of a record's form: who changed it, when
// and what (from the journal), so the page answers "who touched my data".
func changesNote(changes []store.PersonChange) []huh.Field {
	if len(changes) == 0 {
		return nil
	}
	return []huh.Field{huh.NewNote().Title("Geändert (neueste zuerst)").Description(strings.Join(history.ChangeSummary(changes, 5), "\n"))}
}

// save writes the draft in one transaction: load the current record (so
// the roles other tabs added are kept), apply the fields, Put with the
// version the form was opened with.
func (p *Picker) save() tea.Cmd {
	id := p.id
	if d := p.editP; d != nil {
		var recID string
		name := strings.TrimSpace(d.name)
		return p.ctx.Write(func(tx *store.Tx) error {
			per := &model.Person{}
			if d.id != "" {
				var err error
				if per, err = store.People.Get(tx, d.id); err != nil {
					return err
				}
				per.Version = d.version
			}
			per.Name, per.Gender, per.Email, per.Phone = name, model.Gender(d.gender), strings.TrimSpace(d.email), strings.TrimSpace(d.phone)
			per.Street, per.PostalCode, per.City, per.Notes = strings.TrimSpace(d.street), strings.TrimSpace(d.plz), strings.TrimSpace(d.city), d.notes
			err := store.People.Put(tx, per)
			recID = per.ID
			return err
		}, func(err error) tea.Msg { return savedMsg{id: id, recordID: recID, name: name, err: err} })
	}
	d := p.editO
	var recID string
	name := strings.TrimSpace(d.name)
	return p.ctx.Write(func(tx *store.Tx) error {
		o := &model.Organisation{}
		if d.id != "" {
			var err error
			if o, err = store.Organisations.Get(tx, d.id); err != nil {
				return err
			}
			o.Version = d.version
		}
		o.Name, o.Kind, o.Street, o.PostalCode, o.City = name, model.OrgKind(d.kind), strings.TrimSpace(d.street), strings.TrimSpace(d.plz), strings.TrimSpace(d.city)
		o.Phone, o.Email, o.Notes = strings.TrimSpace(d.phone), strings.TrimSpace(d.email), d.notes
		err := store.Organisations.Put(tx, o)
		recID = o.ID
		return err
	}, func(err error) tea.Msg { return savedMsg{id: id, recordID: recID, name: name, err: err} })
}
