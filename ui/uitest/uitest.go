// Package uitest helps UI tests drain Bubble Tea commands synchronously: it
// tells timer commands (cursor blinks, ticks) from real work, so a test
// neither waits for nor loops on them and can give real work (a store write
// with fsync on a busy CI machine) all the time it needs.
package uitest

import (
	"reflect"
	"runtime"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// FuncName is the name of the function behind a command.
func FuncName(c tea.Cmd) string {
	if f := runtime.FuncForPC(reflect.ValueOf(c).Pointer()); f != nil {
		return f.Name()
	}
	return ""
}

// IsTimer reports whether c only waits for time to pass (cursor blink,
// tea.Tick, tea.Every).
func IsTimer(c tea.Cmd) bool {
	n := FuncName(c)
	return strings.Contains(n, "/cursor.") || strings.Contains(n, "bubbletea/v2.Tick") ||
		strings.Contains(n, "bubbletea/v2.Every") || strings.Contains(n, "textinput.Blink") ||
		strings.Contains(n, "textarea.Blink")
}
