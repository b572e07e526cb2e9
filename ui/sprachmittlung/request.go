package sprachmittlung

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"stabsstelle/model"
	"stabsstelle/ui/common"
	"stabsstelle/ui/form"
)

// request is the form of a phone request (new or edit). The fields are
// strings bound to huh; toEinsatz turns them into a record.
type request struct {
	ctx  *common.Context
	form *form.Form
	base *model.Einsatz // the record being edited, nil for a new one

	orgID, orgName string

	contactName, contactPhone, contactEmail string
	language, dialect, clientRef, country   string
	topic                                   model.Topic
	setting                                 model.Setting
	place, address, meetingPoint, onSite    string
	date, start, duration                   string
	alt1, alt2                              string
	// defaults of a new request, shown greyed in the empty fields: typing
	// "Do" into a field that already held "27.11.2026" gave "27.11.2026Do"
	defDate, defStart, defDuration string
	gender                         string // genderWish: "", "w", "m", "w!", "m!"
	urgent                         bool
	urgentReason, notes            string
}

const formRequest = "sprachmittlung:anfrage"

func newRequest(ctx *common.Context, base *model.Einsatz, orgID, orgName string) *request {
	r := &request{ctx: ctx, base: base, orgID: orgID, orgName: orgName}
	today := model.Today(ctx.Now())
	if base == nil {
		r.language = "Arabisch"
		r.topic = model.TopicBehoerde
		r.setting = model.SettingOnSite
		r.defDate = model.AddWorkingDays(today, 5).String()
		r.defStart = "10:00"
		r.defDuration = "1:00"
	} else {
		e := base
		r.orgID = e.OrganisationID
		r.contactName, r.contactPhone, r.contactEmail = e.ContactName, e.ContactPhone, e.ContactEmail
		r.language, r.dialect, r.clientRef, r.country = e.Language, e.Dialect, e.ClientRef, e.ClientCountry
		r.topic, r.setting = e.Topic, e.Setting
		r.place, r.address, r.meetingPoint, r.onSite = e.Place, e.Address, e.MeetingPoint, e.OnSiteContact
		if !e.Start.IsZero() {
			r.date = model.DateOf(e.Start).String()
			r.start = model.FormatTime(e.Start)
		}
		r.duration = formatDur(e.Duration)
		if len(e.AltDates) > 0 {
			r.alt1 = model.FormatDateTime(e.AltDates[0])
		}
		if len(e.AltDates) > 1 {
			r.alt2 = model.FormatDateTime(e.AltDates[1])
		}
		r.gender = genderKey(e.GenderPref, e.GenderRequired)
		r.urgent, r.urgentReason, r.notes = e.Urgent, e.UrgentReason, e.Notes
	}
	r.build()
	return r
}

func formatDur(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	m := int(d / time.Minute)
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}

// build makes the huh form over the request's fields, one group per page.
func (r *request) build() {
	title := "Neue Anfrage"
	if r.base != nil {
		title = "Einsatz " + r.base.Number + " bearbeiten"
	}
	groups := []*huh.Group{r.orgGroup(), r.languageGroup(), r.placeGroup(), r.whenGroup(), r.moreGroup()}
	r.form = form.New(r.ctx, formRequest, title, groups...)
}

// problem turns a model check that names the problem into a validator.
func problem(f func(string) string) func(string) error {
	return func(s string) error {
		if m := f(s); m != "" {
			return errors.New(m)
		}
		return nil
	}
}

func (r *request) orgGroup() *huh.Group {
	org := r.orgName
	if org == "" {
		org = "—"
	}
	return huh.NewGroup(
		huh.NewNote().Title("Anfragende Einrichtung").Description(org),
		huh.NewInput().Title("Ansprechperson").Value(&r.contactName).CharLimit(200),
		huh.NewInput().Title("Telefon").Value(&r.contactPhone).Validate(problem(model.PhoneProblem)),
		huh.NewInput().Title("E-Mail").Value(&r.contactEmail).Validate(problem(model.EmailProblem)),
	).Title("Einrichtung")
}

// languageOptions are the known languages, and the Einsatz's own when it
// is not among them (so editing keeps it).
func (r *request) languageOptions() []huh.Option[string] {
	langs := []huh.Option[string]{}
	for _, n := range model.LanguageNames() {
		langs = append(langs, huh.NewOption(n, n))
	}
	if r.language != "" && model.CanonicalLanguage(r.language) == r.language {
		if _, ok := model.LookupLanguage(r.language); !ok {
			langs = append(langs, huh.NewOption(r.language, r.language))
		}
	}
	return langs
}

func (r *request) languageGroup() *huh.Group {
	// Options draws every option at once, with huh's default theme unless
	// the select has one: made anew per option, that was most of opening
	// the form.
	lang := huh.NewSelect[string]()
	lang.WithTheme(form.FieldTheme(r.ctx.Styles))
	return huh.NewGroup(
		lang.Title("Sprache").Options(r.languageOptions()...).Value(&r.language).Height(6),
		huh.NewInput().Title("Dialekt / Variante").Value(&r.dialect).CharLimit(60).
			SuggestionsFunc(func() []string { return model.DialectsOf(r.language) }, &r.language),
		huh.NewInput().Title("Klient:in (Initialen oder Aktenzeichen)").Value(&r.clientRef).
			CharLimit(model.MaxClientRef+5).Validate(problem(model.ClientRefProblem)),
		huh.NewInput().Title("Herkunftsland (freiwillig)").Value(&r.country).CharLimit(60).
			Suggestions(model.Countries()),
	).Title("Sprache & Klient:in")
}

func (r *request) placeGroup() *huh.Group {
	topics := []huh.Option[model.Topic]{}
	for _, t := range model.Topics {
		topics = append(topics, huh.NewOption(t.Label(), t))
	}
	settings := []huh.Option[model.Setting]{}
	for _, s := range model.AllSettings {
		settings = append(settings, huh.NewOption(s.Label(), s))
	}
	return huh.NewGroup(
		huh.NewSelect[model.Topic]().Title("Themenbereich").Options(topics...).Value(&r.topic).Inline(true),
		huh.NewSelect[model.Setting]().Title("Einsatzform").Options(settings...).Value(&r.setting).Inline(true),
		huh.NewInput().Title("Ort").Value(&r.place).Placeholder("Gifhorn").CharLimit(200),
		huh.NewInput().Title("Adresse").Value(&r.address).CharLimit(200),
		huh.NewInput().Title("Treffpunkt").Value(&r.meetingPoint).CharLimit(200),
		huh.NewInput().Title("Kontakt vor Ort (Name, Telefon)").Value(&r.onSite).CharLimit(200),
	).Title("Ort")
}

// whenGroup is the date, time and duration, each checked as typed; an
// empty field takes the default shown.
func (r *request) whenGroup() *huh.Group {
	today := model.Today(r.ctx.Now())
	dateCheck := func(s string) error { _, err := model.ParseDate(orDefault(s, r.defDate), today); return err }
	clockCheck := func(s string) error { _, err := model.ParseClock(orDefault(s, r.defStart)); return err }
	durCheck := func(s string) error {
		d, err := model.ParseDuration(orDefault(s, r.defDuration))
		if err != nil {
			return err
		}
		if d <= 0 || d > 12*time.Hour {
			return errors.New("Die Dauer liegt zwischen 15 Minuten und 12 Stunden, z. B. 1:30.")
		}
		return nil
	}
	altCheck := func(s string) error { _, err := parseDateTime(s, today); return err }
	return huh.NewGroup(
		huh.NewInput().Title("Datum").Description(withDefault("5.3., 05.03.2026, heute, morgen, Do", r.defDate)).
			Placeholder(r.defDate).Value(&r.date).Validate(dateCheck),
		huh.NewInput().Title("Beginn").Description(withDefault("14:30, 1430", r.defStart)).
			Placeholder(r.defStart).Value(&r.start).Validate(clockCheck),
		huh.NewInput().Title("Erwartete Dauer").Description(withDefault("90, 1:30, 1,5 h", r.defDuration)).
			Placeholder(r.defDuration).Value(&r.duration).Validate(durCheck),
		huh.NewInput().Title("Ausweichtermin 1").Placeholder("Fr 14:00").Value(&r.alt1).Validate(altCheck),
		huh.NewInput().Title("Ausweichtermin 2").Value(&r.alt2).Validate(altCheck),
	).Title("Termin")
}

func (r *request) moreGroup() *huh.Group {
	var genders []huh.Option[string]
	for _, g := range genderWishes {
		genders = append(genders, huh.NewOption(g.label, g.key))
	}
	return huh.NewGroup(
		huh.NewSelect[string]().Title("Geschlecht der Sprachmittler:in").
			Description("bevorzugt: steht vorne, die anderen bleiben wählbar · nur: die anderen werden nicht angeboten").
			Options(genders...).Value(&r.gender).Inline(true),
		huh.NewConfirm().Title("Eilt?").Affirmative("ja").Negative("nein").Value(&r.urgent),
		huh.NewInput().Title("Grund der Eile").Value(&r.urgentReason).CharLimit(200),
		form.Notes("Notizen", &r.notes, 3),
	).Title("Weiteres")
}

// orDefault is s, or def when nothing was typed.
func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// withDefault adds what an empty field stands for to a field's examples.
func withDefault(examples, def string) string {
	if def == "" {
		return examples
	}
	return "leer = " + def + " · " + examples
}

// parseDateTime reads "Fr 14:00", "6.3. 10:30", "06.03.2026" ("" is fine).
func parseDateTime(s string, today model.Date) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	f := strings.Fields(s)
	clock := model.Clock(0)
	datePart := s
	if len(f) > 1 {
		c, err := model.ParseClock(strings.Join(f[len(f)-1:], " "))
		if err != nil {
			return time.Time{}, err
		}
		clock = c
		datePart = strings.Join(f[:len(f)-1], " ")
	}
	d, err := model.ParseDate(datePart, today)
	if err != nil {
		return time.Time{}, err
	}
	return model.At(d, clock).UTC(), nil
}

func (r *request) dirty() bool { return r.form != nil && r.form.Dirty() }

func (r *request) setSize(w, h int) { r.form.SetSize(w, h) }

// toEinsatz builds the record from the fields (a copy of base when
// editing). Field errors come back as model.ValidationError.
func (r *request) toEinsatz() (*model.Einsatz, error) {
	var e model.Einsatz
	if r.base != nil {
		e = *r.base
	} else {
		e.Status = model.StatusAnfrage
	}
	today := model.Today(r.ctx.Now())
	var v model.ValidationError
	e.OrganisationID = r.orgID
	e.ContactName = strings.TrimSpace(r.contactName)
	e.ContactPhone = strings.TrimSpace(r.contactPhone)
	e.ContactEmail = strings.TrimSpace(r.contactEmail)
	e.Language = model.CanonicalLanguage(r.language)
	e.Dialect = strings.TrimSpace(r.dialect)
	e.ClientRef = strings.TrimSpace(r.clientRef)
	e.ClientCountry = strings.TrimSpace(r.country)
	e.Topic, e.Setting = r.topic, r.setting
	e.Place = strings.TrimSpace(r.place)
	e.Address = strings.TrimSpace(r.address)
	e.MeetingPoint = strings.TrimSpace(r.meetingPoint)
	e.OnSiteContact = strings.TrimSpace(r.onSite)
	d, err := model.ParseDate(orDefault(r.date, r.defDate), today)
	if err != nil {
		v.Add("date", err.Error())
	}
	c, err := model.ParseClock(orDefault(r.start, r.defStart))
	if err != nil {
		v.Add("start", err.Error())
	}
	if !d.IsZero() {
		e.Start = model.At(d, c).UTC()
	}
	if dur, err := model.ParseDuration(orDefault(r.duration, r.defDuration)); err != nil {
		v.Add("duration", err.Error())
	} else {
		e.Duration = dur
	}
	e.AltDates = nil
	for i, s := range []string{r.alt1, r.alt2} {
		t, err := parseDateTime(s, today)
		if err != nil {
			v.Add("alt"+strconv.Itoa(i+1), "Ausweichtermin "+strconv.Itoa(i+1)+": "+err.Error())
		} else if !t.IsZero() {
			e.AltDates = append(e.AltDates, t)
		}
	}
	e.GenderPref, e.GenderRequired = genderOfKey(r.gender)
	e.Urgent = r.urgent
	e.UrgentReason = strings.TrimSpace(r.urgentReason)
	e.Notes = strings.TrimSpace(r.notes)
	if len(v) > 0 {
		return nil, v
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	return &e, nil
}

// genderWishes are the choices of the request form: a preference ranks the
// interpreters, a requirement ("nur") leaves the others out.
var genderWishes = []struct{ key, label string }{
	{"", "nicht relevant"},
	{"w", "bevorzugt weiblich"},
	{"m", "bevorzugt männlich"},
	{"w!", "nur weiblich"},
	{"m!", "nur männlich"},
}

func genderKey(g model.Gender, required bool) string {
	if g == model.GenderUnknown {
		return ""
	}
	if required {
		return string(g) + "!"
	}
	return string(g)
}

func genderOfKey(k string) (model.Gender, bool) {
	req := strings.HasSuffix(k, "!")
	return model.Gender(strings.TrimSuffix(k, "!")), req
}

// editRequest opens the form of an Einsatz to change it.
func (t *Tab) editRequest(e *model.Einsatz, org *model.Organisation) tea.Cmd {
	t.req = newRequest(t.ctx, e, e.OrganisationID, orgName(org))
	t.req.setSize(t.width, t.height)
	t.push(scrForm)
	return t.req.form.Init()
}

func (t *Tab) formKey(msg tea.KeyPressMsg) tea.Cmd {
	if t.req == nil {
		return nil
	}
	return t.req.form.Update(msg)
}

func (t *Tab) formView() string {
	if t.req == nil {
		return t.blank()
	}
	return frame(splitLines(t.req.form.View()), t.width, t.height)
}

func (t *Tab) formHelp() []key.Binding {
	if t.req == nil {
		return t.backHelp()
	}
	return t.req.form.ShortHelp()
}
