package uitest

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// recorder is a test that notes its failure instead of failing the real
// one, and stops the goroutine the way t.Fatalf does.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func runRecorded(t *testing.T, d *Drainer, cmd tea.Cmd) string {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.Run(r, cmd)
	}()
	<-done
	return r.failed
}

var unblock = make(chan struct{})

func hangingCommand() tea.Msg {
	<-unblock
	return nil
}

type pingMsg int

// A command that hangs fails the test with its name instead of being
// stepped over.
func TestHangingCommandFailsWithItsName(t *testing.T) {
	defer close(unblock)
	d := &Drainer{Update: func(tea.Msg) tea.Cmd { return nil }, Wait: 50 * time.Millisecond}
	failed := runRecorded(t, d, tea.Batch(func() tea.Msg { return pingMsg(1) }, hangingCommand))
	if !strings.Contains(failed, "hangingCommand") || !strings.Contains(failed, "did not return") {
		t.Fatalf("failure %q", failed)
	}
}

// Batches and sequences are unpacked; a sequence keeps its order and every
// message reaches Update.
func TestBatchesAndSequencesAreRunInOrder(t *testing.T) {
	var got []int
	d := &Drainer{Update: func(msg tea.Msg) tea.Cmd {
		if p, ok := msg.(pingMsg); ok {
			got = append(got, int(p))
		}
		return nil
	}}
	ping := func(i int) tea.Cmd { return func() tea.Msg { return pingMsg(i) } }
	if failed := runRecorded(t, d, tea.Sequence(ping(1), ping(2), tea.Batch(ping(3), nil), ping(4))); failed != "" {
		t.Fatal(failed)
	}
	if fmt.Sprint(got) != "[1 2 3 4]" {
		t.Errorf("messages %v", got)
	}
	if _, ok := Commands(pingMsg(1)); ok {
		t.Error("a plain message taken for a batch")
	}
}

// Commands that keep asking for more run into a bound instead of hanging
// the test.
func TestEndlessCommandsAreALoop(t *testing.T) {
	again := tea.Cmd(func() tea.Msg { return pingMsg(0) })
	d := &Drainer{Update: func(tea.Msg) tea.Cmd { return again }}
	if failed := runRecorded(t, d, again); !strings.Contains(failed, "a loop?") {
		t.Fatalf("failure %q", failed)
	}
}

// Quit goes to Quit when set; Hold keeps what Update returns.
func TestQuitAndHold(t *testing.T) {
	quit := false
	var held []tea.Cmd
	d := &Drainer{Update: func(tea.Msg) tea.Cmd { return tea.Quit }, Quit: func() { quit = true }, Hold: &held}
	if failed := runRecorded(t, d, func() tea.Msg { return pingMsg(1) }); failed != "" {
		t.Fatal(failed)
	}
	if quit || len(held) != 1 {
		t.Fatalf("quit %v, held %d: the command Update returned ran", quit, len(held))
	}
	d.Hold = nil
	if failed := runRecorded(t, d, held[0]); failed != "" || !quit {
		t.Fatalf("quit %v %q", quit, failed)
	}
}
