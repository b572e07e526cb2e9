package sprachmittlung

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

const formProfile = "sprachmittlung:profil"

type profileSavedMsg struct {
	name string
	err  error
}

// profileForm edits a person's interpreter profile.
type profileForm struct {
	ctx  *common.Context
	p    *model.Person
	form *form.Form

	languages, homePlace, notes           string
	settings, areas                       []string
	mobility                              model.Mobility
	schweige, fzSeen, fzUntil, grund, eav string
	active                                bool
}

func (t *Tab) editProfile() tea.Cmd {
	if t.person == nil || !t.person.loaded {
		return nil
	}
	pf := newProfileForm(t.ctx, t.person.data.p)
	pf.setSize(t.width, t.height)
	t.prof = pf
	t.push(scrProfile)
	return pf.form.Init()
}

func newProfileForm(ctx *common.Context, p *model.Person) *profileForm {
	f := &profileForm{ctx: ctx, p: p, active: true}
	if ip := p.Interpreter; ip != nil {
		f.languages = ip.LanguagesText()
		f.homePlace, f.notes, f.mobility, f.active = ip.HomePlace, ip.Notes, ip.Mobility, ip.Active
		for _, s := range ip.Settings {
			f.settings = append(f.settings, string(s))
		}
		f.areas = append(f.areas, ip.Samtgemeinden...)
		f.schweige, f.fzSeen, f.fzUntil = dateText(ip.Schweigepflicht), dateText(ip.FuehrungszeugnisSeen), dateText(ip.FuehrungszeugnisValidUntil)
		f.grund, f.eav = dateText(ip.Grundschulung), dateText(ip.Ehrenamtsvereinbarung)
	}
	f.form = form.New(ctx, formProfile, "Profil von "+p.Name,
		f.languageGroup(), f.areaGroup(), f.papersGroup(model.Today(ctx.Now())),
		huh.NewGroup(
			form.Notes("Notizen", &f.notes, 4),
		).Title("Notizen"),
	)
	return f
}

func (f *profileForm) languageGroup() *huh.Group {
	langCheck := func(s string) error {
		if len(parseSkills(s, nil)) == 0 {
			return errors.New("Bitte mindestens eine Sprache angeben, z. B. „Arabisch (Syrisch), Kurmandschi“.")
		}
		return nil
	}
	var settingOpts []huh.Option[string]
	for _, s := range model.AllSettings {
		settingOpts = append(settingOpts, huh.NewOption(s.Label(), string(s)))
	}
	return huh.NewGroup(
		huh.NewInput().Title("Sprachen").Description("durch Komma getrennt, Dialekt in Klammern").
			Value(&f.languages).Validate(langCheck).CharLimit(400),
		huh.NewConfirm().Title("Aktiv (buchbar)?").Affirmative("aktiv").Negative("pausiert").Value(&f.active),
		huh.NewMultiSelect[string]().Title("Einsatzformen (keine = alle)").Options(settingOpts...).Value(&f.settings),
	).Title("Sprachen")
}

func (f *profileForm) areaGroup() *huh.Group {
	var areaOpts []huh.Option[string]
	for _, a := range model.SamtgemeindeNames() {
		areaOpts = append(areaOpts, huh.NewOption(a, a))
	}
	mobOpts := []huh.Option[model.Mobility]{huh.NewOption("keine Angabe", model.Mobility(""))}
	for _, m := range model.Mobilities {
		mobOpts = append(mobOpts, huh.NewOption(m.Label(), m))
	}
	return huh.NewGroup(
		huh.NewMultiSelect[string]().Title("Samtgemeinden (keine = ganzer Landkreis)").Options(areaOpts...).Value(&f.areas).Height(8),
		huh.NewSelect[model.Mobility]().Title("Mobilität").Options(mobOpts...).Value(&f.mobility).Inline(true),
		huh.NewInput().Title("Wohnort").Value(&f.homePlace).CharLimit(80),
	).Title("Einsatzgebiet")
}

// papersGroup is the dates of the interpreter's papers; each may be empty.
func (f *profileForm) papersGroup(today model.Date) *huh.Group {
	optDate := func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		_, err := model.ParseDate(s, today)
		return err
	}
	return huh.NewGroup(
		huh.NewInput().Title("Schweigepflichterklärung unterschrieben am").Value(&f.schweige).Validate(optDate),
		huh.NewInput().Title("Führungszeugnis eingesehen am").Value(&f.fzSeen).Validate(optDate),
		huh.NewInput().Title("Führungszeugnis gültig bis").Value(&f.fzUntil).Validate(optDate),
		huh.NewInput().Title("Grundschulung besucht am").Value(&f.grund).Validate(optDate),
		huh.NewInput().Title("Ehrenamtsvereinbarung unterschrieben am").Value(&f.eav).Validate(optDate),
	).Title("Papiere")
}

func dateText(d model.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func (f *profileForm) dirty() bool { return f.form != nil && f.form.Dirty() }

func (f *profileForm) setSize(w, h int) { f.form.SetSize(w, h) }

// parseSkills reads "Arabisch (Syrisch), Kurmandschi"; level and
// certificate of skills already on the profile are kept.
func parseSkills(s string, old []model.LanguageSkill) []model.LanguageSkill {
	var out []model.LanguageSkill
	depth, start := 0, 0
	flush := func(part string) {
		part = strings.TrimSpace(part)
		if part == "" {
			return
		}
		sk := model.LanguageSkill{Language: part}
		if i := strings.IndexByte(part, '('); i >= 0 {
			sk.Language = strings.TrimSpace(part[:i])
			sk.Dialect = strings.TrimSpace(strings.Trim(part[i:], "()"))
		}
		sk.Language = model.CanonicalLanguage(sk.Language)
		if sk.Language == "" {
			return
		}
		for _, o := range old {
			if strings.EqualFold(o.Language, sk.Language) && strings.EqualFold(o.Dialect, sk.Dialect) {
				sk.Level, sk.Certificate = o.Level, o.Certificate
			}
		}
		out = append(out, sk)
	}
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',', ';':
			if depth <= 0 {
				flush(s[start:i])
				start = i + 1
			}
		}
	}
	flush(s[start:])
	return out
}

func (t *Tab) saveProfile() tea.Cmd {
	f := t.prof
	today := model.Today(t.ctx.Now())
	var ip model.InterpreterProfile
	if f.p.Interpreter != nil {
		ip = *f.p.Interpreter
	}
	var v model.ValidationError
	ip.Languages = parseSkills(f.languages, ip.Languages)
	ip.Settings = nil
	for _, s := range f.settings {
		ip.Settings = append(ip.Settings, model.Setting(s))
	}
	ip.Samtgemeinden = append([]string(nil), f.areas...)
	ip.Mobility, ip.HomePlace, ip.Active = f.mobility, strings.TrimSpace(f.homePlace), f.active
	ip.Notes = strings.TrimSpace(f.notes)
	date := func(s, label string) model.Date {
		if strings.TrimSpace(s) == "" {
			return model.Date{}
		}
		d, err := model.ParseDate(s, today)
		if err != nil {
			v.Add(label, label+": "+err.Error())
		}
		return d
	}
	ip.Schweigepflicht = date(f.schweige, "Schweigepflichterklärung")
	ip.FuehrungszeugnisSeen = date(f.fzSeen, "Führungszeugnis eingesehen")
	ip.FuehrungszeugnisValidUntil = date(f.fzUntil, "Führungszeugnis gültig bis")
	ip.Grundschulung = date(f.grund, "Grundschulung")
	ip.Ehrenamtsvereinbarung = date(f.eav, "Ehrenamtsvereinbarung")
	if len(v) > 0 {
		f.form.SetError(v)
		return nil
	}
	id, version, name := f.p.ID, f.p.Version, f.p.Name
	return t.ctx.Write(func(tx *store.Tx) error {
		p, err := store.People.Get(tx, id)
		if err != nil {
			return err
		}
		if p.Version != version {
			return &store.ErrConflict{Kind: store.KindPerson, Number: p.Name, By: p.UpdatedBy, At: p.Updated}
		}
		cp := ip
		p.Interpreter = &cp
		return store.People.Put(tx, p)
	}, func(err error) tea.Msg { return profileSavedMsg{name: name, err: err} })
}

func (t *Tab) profileKey(msg tea.KeyPressMsg) tea.Cmd {
	if t.prof == nil {
		return nil
	}
	return t.prof.form.Update(msg)
}

func (t *Tab) profileView() string {
	if t.prof == nil {
		return t.blank()
	}
	return frame(splitLines(t.prof.form.View()), t.width, t.height)
}

func (t *Tab) profileHelp() []key.Binding {
	if t.prof == nil {
		return t.backHelp()
	}
	return t.prof.form.ShortHelp()
}

// profileSaved goes back to the person's page.
func (t *Tab) profileSaved(msg profileSavedMsg) tea.Cmd {
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
