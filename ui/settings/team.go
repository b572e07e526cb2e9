package settings

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/form"
)

// The team part of the screen: the role list (who may do what, changed by
// the role Verwaltung) and the access trail of the team server (read by the
// role Verwaltung only: it is about the colleagues, not about the data).

// accessShown is how many sessions the list shows, newest first.
const accessShown = 500

var roleCols = []column{
	{title: "Name", width: 24},
	{title: "Rollen", width: 44},
}

// accessCols fit 80 columns up to "Ende"; the key's fingerprint shows from
// about 100 on. "von" holds an IPv4 address with port.
var accessCols = []column{
	{title: "Wer", width: 12},
	{title: "Beginn", width: 16},
	{title: "Dauer", width: 10},
	{title: "von", width: 21},
	{title: "Ende", width: 14},
	{title: "Schlüssel", width: 20},
}

const markSelf = "●"

func (m *Model) roleView() listView {
	v := listView{heading: "Rollen im Team – wer was ändern darf", cols: roleCols}
	for _, e := range m.roles {
		mark := "·"
		if strings.EqualFold(e.Name, m.ctx.User) {
			mark = markSelf
		}
		v.marks = append(v.marks, mark)
		v.rows = append(v.rows, []string{e.Name, e.Roles.Label()})
	}
	v.foot = append(v.foot, fmt.Sprintf("%s Sie: %s – %s (%s).", markSelf, m.ctx.User, m.ctx.Roles.Label(), m.ctx.RolesFrom))
	switch {
	case m.ctx.Remote:
		v.foot = append(v.foot, "Im Teambetrieb gilt zuerst die Rolle aus der Schlüsseldatei (rolle=\"…\" vor dem Schlüssel), sonst diese Liste; wer in keiner steht, darf nur nachschlagen.")
	case len(m.roles) == 0:
		v.foot = append(v.foot, "Noch keine Rollenliste: wer hier ohne Teambetrieb arbeitet, hat alle Rollen. Mit dem ersten Eintrag gilt die Liste; wer nicht darin steht, darf nur nachschlagen.")
	default:
		v.foot = append(v.foot, "Wer nicht in der Liste steht, darf nur nachschlagen. Im Teambetrieb (serve) gilt zuerst die Rolle aus der Schlüsseldatei (rolle=\"…\").")
	}
	v.foot = append(v.foot, "Sachbearbeitung: Einsätze, Anträge, sachlich/rechnerisch richtig, Netzwerk · Anordnung: anordnen, Zahlläufe, Rückforderungen · Verwaltung: Regeln & Sätze, Rollen, Zugriffe, Löschen.")
	return v
}

func (m *Model) accessView() listView {
	v := listView{heading: "Zugriffe über den Teambetrieb (stabsstelle serve), neueste zuerst", cols: accessCols}
	if !m.ctx.May(model.PermAccessLog) {
		v.foot = append(v.foot, "Das Zugriffsprotokoll sehen nur Personen mit der Rolle Verwaltung.")
		return v
	}
	for _, a := range m.access {
		end := a.Reason
		if end == "" {
			end = "noch angemeldet"
		}
		v.marks = append(v.marks, "·")
		// The key's fingerprint in its short form (as ssh shows it beside
		// a key): enough to tell keys apart; the journal keeps it whole.
		fp := strings.TrimPrefix(a.Fingerprint, "SHA256:")
		if len(fp) > 12 {
			fp = fp[:12]
		}
		v.rows = append(v.rows, []string{a.Who, model.FormatDateTime(a.Start), store.FormatSessionDuration(a.Duration()), a.From, end, fp})
	}
	if len(m.access) == 0 {
		v.foot = append(v.foot, "Noch keine Sitzung über SSH.")
	}
	v.foot = append(v.foot, "Jede Sitzung steht auch im Journal (Art „zugriff“). Die Anmeldungen zeigen, wer wann Zugang zu den Daten hatte – nicht, was angesehen wurde.")
	return v
}

func (m *Model) selectedMember() (model.TeamMember, bool) {
	i := m.cursor[secRoles]
	if i < 0 || i >= len(m.roles) {
		return model.TeamMember{}, false
	}
	return m.roles[i], true
}

// memberDraft is what the role form edits.
type memberDraft struct {
	orig  *model.TeamMember
	name  string
	roles []model.TeamRole
}

func (m *Model) newMember() tea.Cmd {
	d := &memberDraft{roles: []model.TeamRole{model.TeamSachbearbeitung}}
	if len(m.roles) == 0 {
		// The first entry makes the list count: it starts with the one
		// who writes it, so they keep Verwaltung.
		d.name, d.roles = m.ctx.User, []model.TeamRole{model.TeamSachbearbeitung, model.TeamVerwaltung}
	}
	return m.showMemberForm(d, "Neues Teammitglied in der Rollenliste")
}

func (m *Model) editMember() tea.Cmd {
	e, ok := m.selectedMember()
	if !ok {
		return nil
	}
	return m.showMemberForm(&memberDraft{orig: &e, name: e.Name, roles: e.Roles.List()}, "Rollen von "+e.Name)
}

func (m *Model) showMemberForm(d *memberDraft, title string) tea.Cmd {
	m.closeForm()
	m.member = d
	var opts []huh.Option[model.TeamRole]
	for _, r := range model.TeamRoleDefs {
		opts = append(opts, huh.NewOption(r.Label+" – "+r.Summary, r.Role).Selected(contains(d.roles, r.Role)))
	}
	f := form.New(m.ctx, formMember, title, huh.NewGroup(
		huh.NewInput().Title("Name").Description("wie bei --user oder hinter dem Schlüssel in der Schlüsseldatei").Value(&d.name).
			Validate(form.Required("Bitte den Namen eingeben.")),
		huh.NewMultiSelect[model.TeamRole]().Title("Rollen").Description("x wählt an/ab; mehrere möglich").Options(opts...).Value(&d.roles).
			Validate(func(rs []model.TeamRole) error {
				if len(rs) == 0 {
					return fmt.Errorf("Bitte mindestens eine Rolle wählen (Lesen: nur nachschlagen).")
				}
				return nil
			}),
	))
	return m.openForm(f)
}

func contains(rs []model.TeamRole, r model.TeamRole) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func (m *Model) submitMember() tea.Cmd {
	d := m.member
	next := model.TeamMember{Name: strings.Join(strings.Fields(d.name), " "), Roles: model.TeamRolesOf(d.roles...)}
	verb := "eingetragen"
	if d.orig != nil {
		verb = "geändert"
	}
	return m.writeMember(d.orig, &next, formMember, fmt.Sprintf("Rollen von %s %s: %s.", next.Name, verb, next.Roles.Label()))
}

// writeMember applies one change to the stored role list in one
// transaction (the store refuses it without the role Verwaltung).
func (m *Model) writeMember(orig, next *model.TeamMember, formID, text string) tea.Cmd {
	return m.ctx.Write(func(tx *store.Tx) error {
		list, err := store.LoadRoleList(tx)
		if err != nil {
			return err
		}
		if list, err = apply(list, orig, next); err != nil {
			return err
		}
		return store.SaveRoleList(tx, list)
	}, func(err error) tea.Msg {
		return savedMsg{formID: formID, text: text, err: err, focus: focusMember(next)}
	})
}

func focusMember(e *model.TeamMember) func(*Model) {
	if e == nil {
		return nil
	}
	name := e.Name
	return func(m *Model) {
		for i, x := range m.roles {
			if strings.EqualFold(x.Name, name) {
				m.cursor[secRoles] = i
			}
		}
	}
}

func (m *Model) deleteMember() tea.Cmd {
	e, ok := m.selectedMember()
	if !ok {
		return nil
	}
	q := fmt.Sprintf("%s aus der Rollenliste nehmen? Danach darf %s nur noch nachschlagen.", e.Name, e.Name)
	if len(m.roles) == 1 {
		q = fmt.Sprintf("Den letzten Eintrag (%s) löschen? Ohne Rollenliste hat wieder jede:r alle Rollen, die ohne Teambetrieb arbeiten.", e.Name)
	}
	return m.ask(q, func() tea.Cmd {
		return m.writeMember(&e, nil, "", e.Name+" aus der Rollenliste genommen.")
	})
}
