// Package uitest helps UI tests drain Bubble Tea commands synchronously: it
// tells timer commands (cursor blinks, ticks) from real work, so a test
// neither waits for nor loops on them and can give real work (a store write
// with fsync on a busy CI machine) all the time it needs.
package uitest

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"stabsstelle/store"
	"stabsstelle/ui/common"
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

// Drainer runs commands the way the Bubble Tea runtime would, synchronously:
// every message goes back into Update, batches are unpacked, status
// messages are handed to Status (the root's business, not the tab's) and,
// when nothing is left, the store's change events arrive as
// common.ChangedMsg like the root model relays them.
type Drainer struct {
	Update func(tea.Msg) tea.Cmd
	Events <-chan []store.Event     // optional
	Status func(m common.StatusMsg) // optional
	// Wait bounds one command (default 10 s: generous for an fsync on a
	// busy CI machine; timers are skipped, not waited for).
	Wait time.Duration
}

// Run drains cmd and everything that follows from it.
func (d *Drainer) Run(t testing.TB, cmd tea.Cmd) {
	t.Helper()
	wait := d.Wait
	if wait == 0 {
		wait = 10 * time.Second
	}
	queue := []tea.Cmd{cmd}
	for steps := 0; steps < 500; steps++ {
		if len(queue) == 0 {
			if d.Events == nil {
				return
			}
			select {
			case ev := <-d.Events:
				queue = append(queue, d.Update(common.ChangedMsg{Events: ev}))
				continue
			case <-time.After(10 * time.Millisecond):
				return
			}
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil || IsTimer(c) {
			continue
		}
		ch := make(chan tea.Msg, 1)
		go func() { ch <- c() }()
		var msg tea.Msg
		select {
		case msg = <-ch:
		case <-time.After(wait):
			t.Logf("command %s did not return within %v", FuncName(c), wait)
			continue
		}
		switch m := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, m...)
		case common.StatusMsg:
			if d.Status != nil {
				d.Status(m)
			}
		default:
			if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && reflect.TypeOf(msg).String() == "tea.sequenceMsg" {
				for i := 0; i < v.Len(); i++ {
					if c, ok := v.Index(i).Interface().(tea.Cmd); ok {
						queue = append(queue, c)
					}
				}
				continue
			}
			queue = append(queue, d.Update(msg))
		}
	}
}
