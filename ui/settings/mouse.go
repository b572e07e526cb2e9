package settings

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

var sectionNames = [numSections]string{"Tarife", "Annahmeregeln", "km-Sätze", "Freibeträge", "Rollen", "Zugriffe", "Löschfristen"}

// ClickAt handles a click at column x of line y of the screen: a click on
// a part's name in the section bar shows that part. It reports whether
// the click did something.
func (m *Model) ClickAt(x, y int) bool {
	if m.frm != nil || m.confirm != nil || y != 1 {
		return false
	}
	bar := ansi.Strip(m.sectionBar())
	for s, name := range sectionNames {
		i := strings.Index(bar, name)
		if i < 0 {
			continue
		}
		x0 := ansi.StringWidth(bar[:i])
		if x >= x0-1 && x <= x0+ansi.StringWidth(name) {
			m.sec = section(s)
			m.gate()
			m.scroll()
			return true
		}
	}
	return false
}
