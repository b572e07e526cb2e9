package sprachmittlung

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// screenDef is what the tab needs of one screen: how it takes a key, how
// it draws and which keys its help line names. The tab's key, View and
// ShortHelp only look up the active screen here; what a screen does lives
// with the screen (list.go, agenda.go, detail.go, …), so a new screen is
// one file and one line in this table.
type screenDef struct {
	key func(*Tab, tea.KeyPressMsg) tea.Cmd
	// view draws the screen into exactly the content box.
	view func(*Tab) string
	// help is the help line of the screen: its most used keys.
	help func(*Tab) []key.Binding
}

// screens is the router's table, indexed by screen; a screen left out
// would take no key and draw an empty box (TestEveryScreenIsRouted).
var screens = [numScreens]screenDef{
	scrList:     {key: (*Tab).listKey, view: (*Tab).listView, help: (*Tab).listHelp},
	scrAgenda:   {key: (*Tab).agendaKey, view: (*Tab).agendaView, help: (*Tab).agendaHelp},
	scrDetail:   {key: (*Tab).detailKey, view: (*Tab).detailView, help: (*Tab).detailHelp},
	scrForm:     {key: (*Tab).formKey, view: (*Tab).formView, help: (*Tab).formHelp},
	scrMatch:    {key: (*Tab).matchKey, view: (*Tab).matchScreen, help: (*Tab).matchHelp},
	scrText:     {key: (*Tab).textKey, view: (*Tab).textScreen, help: (*Tab).textHelp},
	scrNachweis: {key: (*Tab).nachweisKey, view: (*Tab).nachweisView, help: (*Tab).nachweisHelp},
	scrStatus:   {key: (*Tab).statusKey, view: (*Tab).statusView, help: (*Tab).statusHelp},
	scrPool:     {key: (*Tab).poolKey, view: (*Tab).poolScreen, help: (*Tab).poolHelp},
	scrPerson:   {key: (*Tab).personKey, view: (*Tab).personScreen, help: (*Tab).personHelp},
	scrOrg:      {key: (*Tab).orgKey, view: (*Tab).orgScreen, help: (*Tab).orgHelp},
	scrPicker:   {key: (*Tab).pickerKey, view: (*Tab).pickerView, help: (*Tab).pickerHelp},
	scrOverride: {key: (*Tab).overrideKey, view: (*Tab).overrideView, help: (*Tab).overrideHelp},
	scrProfile:  {key: (*Tab).profileKey, view: (*Tab).profileView, help: (*Tab).profileHelp},
	scrAbsage:   {key: (*Tab).absageKey, view: (*Tab).absageView, help: (*Tab).absageHelp},
}

// active is the entry of the screen on display.
func (t *Tab) active() screenDef {
	if int(t.screen) < len(screens) {
		return screens[t.screen]
	}
	return screenDef{}
}
