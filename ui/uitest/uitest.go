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
// every message goes back into Update, batches and sequences are unpacked,
// status messages are handed to Status (the root's business, not the
// tab's) and, when nothing is left, the store's change events arrive as
// common.ChangedMsg like the root model relays them. It is the one harness
// of the UI tests: the root model's tests use it too (ui/app_test.go).
//
// A command that does not return within Wait fails the test with its name:
// a hang is a bug, never something to step over. Timers (cursor blinks,
// ticks) only wait for time to pass and are not run; Skip names the other
// commands that wait by design for something a test does not do (the
// root's change-feed waiter).
type Drainer struct {
	Update func(tea.Msg) tea.Cmd
	Events <-chan []store.Event     // optional
	Status func(m common.StatusMsg) // optional; nil: to Update, like the root's status bar
	// Wait bounds one command (default 10 s: generous for an fsync on a
	// busy CI machine; timers are skipped, not waited for).
	Wait time.Duration
	Skip func(tea.Cmd) bool // optional
	Quit func()             // optional: called for tea.QuitMsg
	// Hold, when set, keeps the commands that Update returns instead of
	// running them: one step measured without what follows it.
	Hold *[]tea.Cmd
}

// maxSteps bounds one Run: more commands than this is a loop.
const maxSteps = 2000

// Run drains cmd and everything that follows from it.
func (d *Drainer) Run(t testing.TB, cmd tea.Cmd) {
	t.Helper()
	wait := d.Wait
	if wait == 0 {
		wait = 10 * time.Second
	}
	queue := []tea.Cmd{cmd}
	for steps := 0; ; steps++ {
		if steps == maxSteps {
			t.Fatalf("more than %d commands in a row: a loop? next: %s", maxSteps, FuncName(queue[0]))
		}
		if len(queue) == 0 {
			next, ok := d.awaitChange()
			if !ok {
				return
			}
			queue = append(queue, next)
			continue
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil || IsTimer(c) || d.Skip != nil && d.Skip(c) {
			continue
		}
		queue = append(queue, d.deliver(call(t, c, wait))...)
	}
}

// awaitChange is, once the queue is empty, what Update returns for the
// store's next change event; ok is false when none comes (or there is no
// event channel).
func (d *Drainer) awaitChange() (next tea.Cmd, ok bool) {
	if d.Events == nil {
		return nil, false
	}
	select {
	case ev := <-d.Events:
		return d.update(common.ChangedMsg{Events: ev}), true
	case <-time.After(10 * time.Millisecond):
		return nil, false
	}
}

// call runs c and fails the test with c's name when it does not return
// within wait.
func call(t testing.TB, c tea.Cmd, wait time.Duration) tea.Msg {
	t.Helper()
	ch := make(chan tea.Msg, 1)
	go func() { ch <- c() }()
	select {
	case msg := <-ch:
		return msg
	case <-time.After(wait):
		t.Fatalf("command %s did not return within %v", FuncName(c), wait)
		return nil
	}
}

// deliver hands msg on and returns the commands that follow: those of a
// batch or sequence, or what Update returns for it. Status lines and
// quitting go to Status and Quit when they are set.
func (d *Drainer) deliver(msg tea.Msg) []tea.Cmd {
	if cmds, ok := Commands(msg); ok {
		return cmds
	}
	switch m := msg.(type) {
	case nil:
		return nil
	case common.StatusMsg:
		if d.Status != nil {
			d.Status(m)
			return nil
		}
	case tea.QuitMsg:
		if d.Quit != nil {
			d.Quit()
			return nil
		}
	}
	return []tea.Cmd{d.update(msg)} // the root shows a status line
}

func (d *Drainer) update(msg tea.Msg) tea.Cmd {
	cmd := d.Update(msg)
	if d.Hold != nil {
		if cmd != nil {
			*d.Hold = append(*d.Hold, cmd)
		}
		return nil
	}
	return cmd
}

// sequenceType is the type of the message tea.Sequence's command returns.
// Bubble Tea keeps it unexported, yet huh's forms start with one; this is
// the one place the tests tell it apart, by the type itself, not its name.
var sequenceType = reflect.TypeOf(tea.Sequence(func() tea.Msg { return nil }, func() tea.Msg { return nil })())

// Commands returns the commands a batch or sequence message carries, in
// order, and whether msg was one.
func Commands(msg tea.Msg) ([]tea.Cmd, bool) {
	if b, ok := msg.(tea.BatchMsg); ok {
		return b, true
	}
	if msg == nil || reflect.TypeOf(msg) != sequenceType {
		return nil, false
	}
	v := reflect.ValueOf(msg)
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i], _ = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}
