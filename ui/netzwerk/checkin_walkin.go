package netzwerk

import (
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

// walkInSavedMsg reports a registration made at the door.
type walkInSavedMsg struct {
	row ciRow
	org orgRef // the organisation used (maybe just created)
	err error
}

// orgRef is an organisation the walk-in form can suggest.
type orgRef struct{ ID, Name string }

// usualRole is the role a walk-in most likely has: the one most of the
// people registered for this event have; without registrations, Hauptamt
// for the working bodies of the network and Ehrenamt for Fortbildungen and
// Begegnungen. The door team changes it with ←/→ where it does not fit.
func (c *checkIn) usualRole() model.Role {
	haupt, ehren := 0, 0
	for _, r := range c.rows {
		switch r.role {
		case model.RoleHauptamt:
			haupt++
		case model.RoleEhrenamt:
			ehren++
		}
	}
	switch {
	case haupt > ehren:
		return model.RoleHauptamt
	case ehren > haupt:
		return model.RoleEhrenamt
	case c.ev.Type == model.EventFortbildung || c.ev.Type == model.EventBegegnung:
		return model.RoleEhrenamt
	}
	return model.RoleHauptamt
}

func (c *checkIn) openWalkIn() tea.Cmd {
	c.walkName, c.walkOrg, c.walkRol = strings.TrimSpace(c.input.Value()), "", string(c.usualRole())
	orgNames := make([]string, 0, len(c.orgs))
	for _, o := range c.orgs {
		orgNames = append(orgNames, o.Name)
	}
	sort.Strings(orgNames)
	c.walk = form.New(c.ctx, "walkin", "Spontan dabei – "+c.ev.Title,
		huh.NewGroup(
			huh.NewInput().Title("Name").Value(&c.walkName).Validate(form.Required("Bitte den Namen eingeben.")),
			huh.NewInput().Title("Einrichtung (leer lassen, wenn keine)").Value(&c.walkOrg).Suggestions(orgNames),
			huh.NewSelect[string]().Title("Rolle").Inline(true).Value(&c.walkRol).Options(
				huh.NewOption("Ehrenamt", string(model.RoleEhrenamt)),
				huh.NewOption("Hauptamt", string(model.RoleHauptamt)),
				huh.NewOption("keine Angabe", "")),
		))
	c.walk.SetSize(c.w, c.h)
	return c.walk.Init()
}

func (c *checkIn) saveWalkIn() tea.Cmd {
	name, orgName, role := strings.TrimSpace(c.walkName), strings.TrimSpace(c.walkOrg), model.Role(c.walkRol)
	orgID := c.orgs[strings.ToLower(orgName)].ID
	evID := c.ev.ID
	var row ciRow
	var org orgRef
	return c.ctx.Write(func(tx *store.Tx) error {
		oid := orgID
		if orgName != "" && oid == "" {
			o := &model.Organisation{Name: orgName, Kind: model.OrgSonstige}
			if err := store.Organisations.Put(tx, o); err != nil {
				return err
			}
			oid = o.ID
		}
		r, err := store.RegisterNewPerson(tx, evID, &model.Person{Name: name},
			store.RegisterOptions{OrganisationID: oid, Role: role, WalkIn: true})
		if err != nil {
			return err
		}
		row = newCIRow(store.Attendee{Reg: r, Name: name, Organisation: orgName})
		org = orgRef{ID: oid, Name: orgName}
		return nil
	}, func(err error) tea.Msg { return walkInSavedMsg{row: row, org: org, err: err} })
}

// walkInSaved adds the person just registered at the door and clears the
// query for the next one.
func (c *checkIn) walkInSaved(msg walkInSavedMsg) tea.Cmd {
	if msg.err != nil {
		if c.walk != nil {
			c.walk.SetError(msg.err)
		}
		return common.Fail(msg.err)
	}
	c.walk = nil
	if msg.org.ID != "" {
		c.orgs[strings.ToLower(msg.org.Name)] = msg.org
	}
	c.rows = append(c.rows, msg.row)
	c.sortRows()
	c.input.Reset()
	c.refilter()
	c.flash, c.isErr = msg.row.name+" ist da (spontan).", false
	return common.Status(c.flash)
}
