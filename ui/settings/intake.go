package settings

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/form"
)

// intakeView shows the Annahmeregeln and the travel buffer as label/value
// lines; e opens the form.
func (m *Model) intakeView() []string {
	st := m.ctx.Styles
	r := m.sm.Intake
	out := []string{st.Subtitle.Render(ansi.Truncate("Sprachmittlung – Annahmeregeln und Fahrtpuffer", m.w, "…")), ""}
	const lw = 23
	vw := max(20, m.w-lw-3)
	row := func(label, value string) {
		lines := strings.Split(ansi.Wrap(value, vw, ""), "\n")
		for i, l := range lines {
			lab := ""
			if i == 0 {
				lab = label
			}
			out = append(out, "  "+st.Label.Render(pad(lab, lw, false))+" "+l)
		}
	}
	row("Fahrtpuffer", itoa(m.sm.BufferMinutes)+" Minuten vor und nach jedem Einsatz vor Ort")
	row("Vorlauf", itoa(r.LeadWorkingDays)+" Werktage (Mo–Fr ohne Feiertage in Niedersachsen)")
	if r.MaxDuration > 0 {
		row("Höchstdauer", model.FormatDuration(r.MaxDuration)+" je Einsatz")
	} else {
		row("Höchstdauer", "keine Grenze")
	}
	row("Nur nach Genehmigung", topicList(r, model.TopicApproval))
	row("Ausgeschlossene Themen", topicList(r, model.TopicExcluded))
	orgs := "alle Einrichtungen"
	if len(r.AllowedOrgKinds) > 0 {
		var names []string
		for _, k := range model.OrgKinds {
			if slices.Contains(r.AllowedOrgKinds, k) {
				names = append(names, k.Label())
			}
		}
		orgs = strings.Join(names, ", ")
	}
	row("Anfragen dürfen stellen", orgs)
	out = append(out, "")
	out = append(out, wrapStyled(st.Muted, "Ein Verstoß gegen eine Annahmeregel ergibt bei der Anfrage einen Hinweis, der mit Begründung übergangen werden kann; die Begründung bleibt am Einsatz. e bearbeitet.", m.w)...)
	def := store.DefaultSprachmittlungSettings()
	if reflect.DeepEqual(r, def.Intake) && m.sm.BufferMinutes == def.BufferMinutes {
		out = append(out, wrapStyled(st.Warning, "⚠ Standardwerte – "+model.TariffAssumption+".", m.w)...)
	}
	return out
}

func topicList(r model.IntakeRules, rule model.TopicRule) string {
	var names []string
	for _, t := range model.Topics {
		if r.Topics[t] == rule {
			names = append(names, t.Label())
		}
	}
	if len(names) == 0 {
		return "–"
	}
	return strings.Join(names, ", ")
}

// intakeDraft is what the rules form edits.
type intakeDraft struct {
	origIntake           model.IntakeRules
	origBuffer           int
	buffer, lead, maxDur string
	approval, excluded   []model.Topic
	orgs                 []model.OrgKind
}

func (m *Model) editIntake() tea.Cmd {
	m.closeForm()
	r := m.sm.Intake
	d := &intakeDraft{origIntake: r, origBuffer: m.sm.BufferMinutes, buffer: itoa(m.sm.BufferMinutes),
		lead: itoa(r.LeadWorkingDays), maxDur: "0", orgs: slices.Clone(r.AllowedOrgKinds)}
	if r.MaxDuration > 0 {
		d.maxDur = model.FormatDuration(r.MaxDuration)
	}
	for _, t := range model.Topics {
		switch r.Topics[t] {
		case model.TopicApproval:
			d.approval = append(d.approval, t)
		case model.TopicExcluded:
			d.excluded = append(d.excluded, t)
		}
	}
	m.intake = d
	// Each multi-select needs its own options: huh marks the selection in
	// the option values themselves.
	topics := func() []huh.Option[model.Topic] {
		var out []huh.Option[model.Topic]
		for _, t := range model.Topics {
			out = append(out, huh.NewOption(t.Label(), t))
		}
		return out
	}
	var kinds []huh.Option[model.OrgKind]
	for _, k := range model.OrgKinds {
		kinds = append(kinds, huh.NewOption(k.Label(), k))
	}
	baseSet := store.DefaultSprachmittlungSettings()
	baseRules := model.DefaultIntakeRules()
	f := form.New(m.ctx, formIntake, "Annahmeregeln und Fahrtpuffer bearbeiten", huh.NewGroup(
		huh.NewInput().Title("Fahrtpuffer in Minuten (vor und nach Einsätzen vor Ort)").Value(&d.buffer).
			Validate(fieldCheck(baseSet, "bufferMinutes", labelled("Fahrtpuffer", parseInt), func(s *store.SprachmittlungSettings, v int) { s.BufferMinutes = v })),
		huh.NewInput().Title("Vorlauf in Werktagen").Value(&d.lead).
			Validate(fieldCheck(baseRules, "leadWorkingDays", labelled("Vorlauf", parseInt), func(r *model.IntakeRules, v int) { r.LeadWorkingDays = v })),
		huh.NewInput().Title("Höchstdauer eines Einsatzes (z. B. 3 h; 0 = keine Grenze)").Value(&d.maxDur).
			Validate(fieldCheck(baseRules, "maxDuration", labelled("Höchstdauer", parseMaxDuration), func(r *model.IntakeRules, v time.Duration) { r.MaxDuration = v })),
		huh.NewMultiSelect[model.Topic]().Title("Themen nur nach Genehmigung (x wählt)").Options(topics()...).Value(&d.approval).
			Height(len(model.Topics)+1),
		huh.NewMultiSelect[model.Topic]().Title("Themen ausgeschlossen (x wählt)").Options(topics()...).Value(&d.excluded).
			Height(len(model.Topics)+1).Validate(func(ex []model.Topic) error { return topicOverlap(d.approval, ex) }),
		huh.NewMultiSelect[model.OrgKind]().Title("Einrichtungen, die anfragen dürfen (keine Auswahl = alle)").Options(kinds...).Value(&d.orgs).
			Height(len(kinds)+1),
	))
	return m.openForm(f)
}

// topicOverlap refuses a topic that is both "nur nach Genehmigung" and
// "ausgeschlossen": the stored rule holds one of the two.
func topicOverlap(approval, excluded []model.Topic) error {
	for _, t := range model.Topics {
		if slices.Contains(approval, t) && slices.Contains(excluded, t) {
			return errors.New("„" + t.Label() + "“ steht bei „nur nach Genehmigung“ und bei „ausgeschlossen“ – bitte nur eins wählen.")
		}
	}
	return nil
}

// build parses the draft into buffer minutes and rules.
func (d *intakeDraft) build() (int, model.IntakeRules, error) {
	var v model.ValidationError
	buffer := collect(&v, "bufferMinutes", labelled("Fahrtpuffer", parseInt), d.buffer)
	r := model.IntakeRules{
		LeadWorkingDays: collect(&v, "leadWorkingDays", labelled("Vorlauf", parseInt), d.lead),
		MaxDuration:     collect(&v, "maxDuration", labelled("Höchstdauer", parseMaxDuration), d.maxDur),
	}
	if err := topicOverlap(d.approval, d.excluded); err != nil {
		v.Add("topics", err.Error())
	}
	for _, t := range d.approval {
		if r.Topics == nil {
			r.Topics = map[model.Topic]model.TopicRule{}
		}
		r.Topics[t] = model.TopicApproval
	}
	for _, t := range d.excluded {
		if r.Topics == nil {
			r.Topics = map[model.Topic]model.TopicRule{}
		}
		if _, both := r.Topics[t]; !both {
			r.Topics[t] = model.TopicExcluded
		}
	}
	for _, k := range model.OrgKinds { // in the forms' order, each once
		if slices.Contains(d.orgs, k) {
			r.AllowedOrgKinds = append(r.AllowedOrgKinds, k)
		}
	}
	if len(v) > 0 {
		return buffer, r, v
	}
	set := store.SprachmittlungSettings{Tariffs: model.DefaultTariffs(), Intake: r, BufferMinutes: buffer}
	return buffer, r, set.Validate()
}

func (m *Model) submitIntake() tea.Cmd {
	d := m.intake
	buffer, rules, err := d.build()
	if err != nil {
		m.frm.SetError(err)
		return nil
	}
	origIntake, origBuffer := d.origIntake, d.origBuffer
	return m.ctx.Write(func(tx *store.Tx) error {
		s, err := store.LoadSprachmittlungSettings(tx)
		if err != nil {
			return err
		}
		if s.BufferMinutes != origBuffer || !reflect.DeepEqual(s.Intake, origIntake) {
			return errChanged
		}
		s.Intake, s.BufferMinutes = rules, buffer
		return store.SaveSprachmittlungSettings(tx, s)
	}, func(err error) tea.Msg {
		return savedMsg{formID: formIntake, text: "Annahmeregeln und Fahrtpuffer gespeichert.", err: err}
	})
}
