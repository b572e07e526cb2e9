// Package history is the "Verlauf" view of one record: who changed what and
// when, field by field (old → new), newest first, from the store's journal.
// The root or a tab opens it for the selected record and closes it on
// ClosedMsg.
package history

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"stabsstelle/model"
	"stabsstelle/store"
	"stabsstelle/ui/common"
)

// ClosedMsg is sent when the user leaves the view (esc).
type ClosedMsg struct{}

// KeyMap holds the view's keys.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Close key.Binding
}

// DefaultKeyMap is the German default.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "hoch")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "runter")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("bild↑", "Seite hoch")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("bild↓", "Seite runter")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "Anfang")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "Ende")),
		// q as well: the view is an overlay, and q closes overlays.
		Close: key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "zurück")),
	}
}

type loadedMsg struct {
	kind, id string
	entries  []store.JournalEntry
	// described holds, per entry, the lines of the kind's Describer
	// (nil without one).
	described [][]string
	err       error
}

// Describer turns one journal entry of a record kind into German lines
// ("Status: Suche → vermittelt", "Sprachmittler:in: – → Hiwet Nasser"),
// with names for IDs and labels for stored keys, where the generic
// field-by-field diff would show raw JSON. It runs inside the view's read
// transaction. An area registers one for its kinds (init).
type Describer func(tx *store.Tx, e store.JournalEntry) []string

var (
	describersMu sync.Mutex
	describers   = map[string]Describer{}
)

// Register sets the Describer of a record kind ("einsatz").
func Register(kind string, d Describer) {
	describersMu.Lock()
	describers[kind] = d
	describersMu.Unlock()
}

func describerOf(kind string) Describer {
	describersMu.Lock()
	defer describersMu.Unlock()
	return describers[kind]
}

// Model shows the history of one record.
type Model struct {
	ctx      *common.Context
	kind, id string
	Keys     KeyMap

	loading bool
	err     error
	title   string
	lines   []line
	offset  int
	w, h    int
}

type lineKind int

const (
	lineHead lineKind = iota
	lineField
	lineMuted
)

type line struct {
	kind lineKind
	text string
}

// New makes the view for record id of the given kind ("person", "einsatz" …).
func New(ctx *common.Context, kind, id string) *Model {
	return &Model{ctx: ctx, kind: kind, id: id, Keys: userKeyMap(), loading: true, w: 80, h: 21}
}

// Init loads the journal entries of the record.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	kind, id := m.kind, m.id
	describe := describerOf(kind)
	return common.Read(m.ctx, func(tx *store.Tx) (loadedMsg, error) {
		es, err := tx.History(id)
		if err != nil || describe == nil {
			return loadedMsg{entries: es}, err
		}
		d := make([][]string, len(es))
		for i, e := range es {
			d[i] = describe(tx, e)
		}
		return loadedMsg{entries: es, described: d}, nil
	}, func(msg loadedMsg, err error) tea.Msg {
		msg.kind, msg.id, msg.err = kind, id, err
		return msg
	})
}

// SetSize sets the box the view draws.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.clamp()
}

// Update handles the loaded journal, change events and keys.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.id != m.id || msg.kind != m.kind {
			return nil
		}
		m.loading, m.err = false, msg.err
		m.build(msg.entries, msg.described)
		m.clamp()
	case common.ChangedMsg:
		if m.touched(msg) {
			return m.load()
		}
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return nil
}

// touched: the change concerns the record shown.
func (m *Model) touched(msg common.ChangedMsg) bool {
	for _, e := range msg.Events {
		for _, c := range e.Changes {
			if c.ID == m.id {
				return true
			}
		}
	}
	return false
}

// key scrolls or closes the history.
func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	page := max(1, m.bodyHeight()-1)
	switch {
	case key.Matches(msg, m.Keys.Close):
		return func() tea.Msg { return ClosedMsg{} }
	case key.Matches(msg, m.Keys.Up):
		m.offset--
	case key.Matches(msg, m.Keys.Down):
		m.offset++
	case key.Matches(msg, m.Keys.PageUp):
		m.offset -= page
	case key.Matches(msg, m.Keys.PageDown):
		m.offset += page
	case key.Matches(msg, m.Keys.Top):
		m.offset = 0
	case key.Matches(msg, m.Keys.Bottom):
		m.offset = len(m.lines)
	}
	m.clamp()
	return nil
}

func (m *Model) bodyHeight() int { return max(1, m.h-3) }

func (m *Model) clamp() {
	m.offset = min(m.offset, len(m.lines)-m.bodyHeight())
	m.offset = max(m.offset, 0)
}

// View draws exactly w × h.
func (m *Model) View() string {
	st := m.ctx.Styles
	out := make([]string, 0, m.h)
	title := "Verlauf"
	if m.title != "" {
		title += " – " + m.title
	}
	out = append(out, m.fit(st.Title.Render(ansi.Truncate(title, m.w, "…"))), "")
	body := m.bodyHeight()
	switch {
	case m.loading:
		out = append(out, st.Muted.Render("lädt …"))
	case m.err != nil:
		out = append(out, m.fit(st.Error.Render(ansi.Truncate("Der Verlauf ist nicht lesbar: "+m.err.Error(), m.w, "…"))))
	case len(m.lines) == 0:
		for _, l := range strings.Split(ansi.Wrap("Zu diesem Datensatz ist keine Änderung verzeichnet (z. B. Demodaten oder Import).", max(10, m.w), ""), "\n") {
			out = append(out, st.Muted.Render(l))
		}
	default:
		end := min(len(m.lines), m.offset+body)
		for _, l := range m.lines[m.offset:end] {
			text := ansi.Truncate(l.text, m.w, "…")
			switch l.kind {
			case lineHead:
				text = st.Bold.Render(text)
			case lineMuted:
				text = st.Muted.Render(text)
			}
			out = append(out, text)
		}
	}
	for len(out) < m.h-1 {
		out = append(out, "")
	}
	// The keys are in the root's help line; here where one is.
	help := ""
	if len(m.lines) > body {
		help = fmt.Sprintf("%d–%d von %d Zeilen", m.offset+1, min(len(m.lines), m.offset+body), len(m.lines))
	}
	out = append(out, st.Muted.Render(help))
	return strings.Join(out[:m.h], "\n")
}

func (m *Model) fit(s string) string { return ansi.Truncate(s, m.w, "…") }

// build turns journal entries into lines, newest first; described are the
// kind's own lines per entry, if it has a Describer.
func (m *Model) build(entries []store.JournalEntry, described [][]string) {
	m.lines = m.lines[:0]
	m.setTitle(entries)
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		m.lines = append(m.lines, line{lineHead, fmt.Sprintf("%s  %s  %s", model.FormatDateTime(e.At), e.Who, entryLabel(e))})
		if i < len(described) && described[i] != nil {
			if len(described[i]) == 0 {
				m.lines = append(m.lines, line{lineMuted, "    keine inhaltliche Änderung"})
			}
			for _, l := range described[i] {
				m.lines = append(m.lines, line{lineField, "    " + l})
			}
			continue
		}
		m.addChanges(e)
	}
}

// setTitle names the record as its last journaled state describes it.
func (m *Model) setTitle(entries []store.JournalEntry) {
	k, known := store.KindOf(m.kind)
	if len(entries) == 0 || !known {
		return
	}
	last := entries[len(entries)-1]
	state := last.After
	if len(state) == 0 {
		state = last.Before
	}
	m.title = k.Describe(state)
	if n := last.Number; n != "" && !strings.Contains(m.title, n) {
		m.title = n + " " + m.title
	}
}

// entryLabel says what the entry did.
func entryLabel(e store.JournalEntry) string {
	what := store.OpLabel(e.Op)
	if store.IsUndo(e) {
		what = "rückgängig gemacht (" + what + ")"
	}
	if e.Erased != "" {
		// The values are gone (Art. 17); Strg+Z cannot bring them back.
		what += " – " + e.Erased + ", nicht rückgängig zu machen"
	}
	return what
}

// addChanges adds a line per changed field of e.
func (m *Model) addChanges(e store.JournalEntry) {
	changes := store.Diff(e.Before, e.After)
	sort.SliceStable(changes, func(i, j int) bool { return rank(changes[i].Field) < rank(changes[j].Field) })
	switch {
	case e.Op == store.OpDelete:
		m.lines = append(m.lines, line{lineMuted, "    Datensatz gelöscht"})
	case len(changes) == 0:
		m.lines = append(m.lines, line{lineMuted, "    keine inhaltliche Änderung"})
	default:
		for _, c := range changes {
			m.lines = append(m.lines, line{lineField, "    " + fieldLine(c, e.Op)})
		}
	}
}

func fieldLine(c store.FieldChange, op store.Op) string {
	name := Label(c.Field)
	// Journaled states are shown as stored: control characters in them
	// must not reach the terminal.
	oldV, newV := model.SafeLine(value(c.Field, c.Old)), model.SafeLine(value(c.Field, c.New))
	if op == store.OpCreate {
		return name + ": " + newV
	}
	if oldV == "" {
		oldV = "–"
	}
	if newV == "" {
		newV = "–"
	}
	return name + ": " + oldV + " → " + newV
}

// labels are German names of JSON fields used by the records.
var labels = map[string]string{
	"name": "Name", "gender": "Geschlecht", "email": "E-Mail", "phone": "Telefon",
	"street": "Straße", "postalCode": "PLZ", "city": "Ort", "organisationId": "Einrichtung",
	"function": "Funktion", "notes": "Notizen", "note": "Notiz", "status": "Status",
	"interpreter": "Sprachmittlung", "volunteer": "Engagement", "network": "Netzwerk",
	"limitKind": "Freibetrag", "projects": "Projekte",
	"languages": "Sprachen", "language": "Sprache", "dialect": "Dialekt", "active": "aktiv",
	"start": "Beginn", "end": "Ende", "date": "Datum", "time": "Uhrzeit", "duration": "Dauer",
	"amount": "Betrag", "total": "Summe", "lines": "Positionen", "iban": "IBAN", "bic": "BIC",
	"accountHolder": "Kontoinhaber:in", "kind": "Art", "title": "Titel", "description": "Beschreibung",
	"place": "Ort", "location": "Ort", "address": "Adresse", "km": "Kilometer", "rate": "Satz",
	"personId": "Person", "interpreterId": "Sprachmittler:in", "eventId": "Veranstaltung",
	"topic": "Thema", "setting": "Einsatzart", "client": "Klient:in", "fileNumber": "Aktenzeichen",
	"contact": "Ansprechperson", "due": "fällig", "done": "erledigt", "assignee": "zuständig",
	"capacity": "Plätze", "attended": "teilgenommen", "checkedIn": "eingecheckt",
	"grundschulung": "Grundschulung", "schweigepflicht": "Schweigepflicht", "fund": "Fördertopf",
	"year": "Jahr", "reason": "Grund", "approvedBy": "angeordnet von", "checkedBy": "geprüft von",
}

// rank puts the fields that name a record first.
func rank(field string) int {
	switch field {
	case "number":
		return 0
	case "name", "title":
		return 1
	case "status":
		return 2
	}
	return 3
}

// Label is the German name of a (dotted) JSON field path.
func Label(path string) string {
	parts := strings.Split(path, ".")
	for i, p := range parts {
		if l, ok := labels[p]; ok {
			parts[i] = l
		}
	}
	if len(parts) == 1 && parts[0] == "" {
		return "Datensatz"
	}
	return strings.Join(parts, " › ")
}

// value shows stored values the way the program shows them elsewhere:
// times in Berlin, ISO dates as TT.MM.JJJJ, IBANs masked.
func value(field, v string) string {
	if v == "" {
		return ""
	}
	if strings.Contains(strings.ToLower(field), "iban") {
		return model.IBAN(strings.ReplaceAll(v, " ", "")).Masked()
	}
	if len(v) >= 20 && v[4] == '-' && v[10] == 'T' {
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			if t.IsZero() {
				return ""
			}
			return model.FormatDateTime(t)
		}
	}
	if len(v) == 10 && v[4] == '-' && v[7] == '-' {
		if d, err := model.ParseISODate(v); err == nil {
			return d.String()
		}
	}
	return v
}

// ShortHelp lists the keys for the status line.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.Keys.Up, m.Keys.Down, m.Keys.Close}
}

// FullHelp lists every key.
func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{{m.Keys.Up, m.Keys.Down, m.Keys.PageUp, m.Keys.PageDown}, {m.Keys.Top, m.Keys.Bottom, m.Keys.Close}}
}

// ChangeSummary is the "who changed this record, when" line of a person
// page: the newest changes first, each as "TT.MM.JJJJ HH:MM wer: Felder",
// at most max of them.
func ChangeSummary(changes []store.PersonChange, max int) []string {
	var out []string
	for i, c := range changes {
		if i == max {
			out = append(out, fmt.Sprintf("… und %d ältere (V: ganzer Verlauf)", len(changes)-max))
			break
		}
		what := store.OpLabel(c.Op)
		if c.Op == store.OpUpdate && len(c.Fields) > 0 {
			seen := map[string]bool{}
			var names []string
			for _, f := range c.Fields {
				// "interpreter.languages" → "Sprachmittlung › Sprachen": the
				// first two parts say enough.
				parts := strings.SplitN(f, ".", 3)
				l := Label(strings.Join(parts[:min(2, len(parts))], "."))
				if !seen[l] {
					seen[l] = true
					names = append(names, l)
				}
			}
			if len(names) > 4 {
				names = append(names[:4], fmt.Sprintf("+%d", len(names)-4))
			}
			what = strings.Join(names, ", ")
		}
		out = append(out, fmt.Sprintf("%s %s: %s", model.FormatDateTime(c.At), c.Who, what))
	}
	return out
}
