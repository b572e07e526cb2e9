package store

import (
	"sync"
	"time"
)

// Op says what a write did to a record.
type Op string

const (
	OpCreate Op = "create"
	OpUpdate Op = "update"
	OpDelete Op = "delete"
)

// Change names one record touched by a commit.
type Change struct {
	Kind   string
	ID     string
	Number string
	Op     Op
}

// Event is published after a transaction commits: who did it and which
// records changed. Screens refresh what they show from it; nothing polls.
type Event struct {
	Who     string
	At      time.Time
	Changes []Change
}

// Touches reports whether the event changed any record of one of kinds.
func (e Event) Touches(kinds ...string) bool {
	for _, c := range e.Changes {
		for _, k := range kinds {
			if c.Kind == k {
				return true
			}
		}
	}
	return false
}

// Subscription delivers events to one screen. Delivery never blocks the
// writer: events queue up under a mutex and a one-slot channel signals that
// there is something to take, so a slow screen loses nothing and stalls
// nobody.
type Subscription struct {
	f       *feed
	mu      sync.Mutex
	pending []Event
	signal  chan struct{}
	closed  bool
}

// Wait blocks until events arrive and returns them all; ok is false once the
// subscription or the store was closed.
func (s *Subscription) Wait() (events []Event, ok bool) {
	for {
		s.mu.Lock()
		if len(s.pending) > 0 {
			events, s.pending = s.pending, nil
			s.mu.Unlock()
			return events, true
		}
		if s.closed {
			s.mu.Unlock()
			return nil, false
		}
		s.mu.Unlock()
		<-s.signal
	}
}

// Close ends the subscription; a pending Wait returns.
func (s *Subscription) Close() {
	s.f.remove(s)
	s.shut()
}

func (s *Subscription) shut() {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.signal)
	}
	s.mu.Unlock()
}

func (s *Subscription) push(e Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.pending = append(s.pending, e)
	select {
	case s.signal <- struct{}{}:
	default:
	}
}

type feed struct {
	mu   sync.Mutex
	subs map[*Subscription]struct{}
}

// Subscribe starts delivering events of every later commit.
func (st *Store) Subscribe() *Subscription {
	f := &st.feed
	sub := &Subscription{f: f, signal: make(chan struct{}, 1)}
	f.mu.Lock()
	if f.subs == nil {
		f.subs = map[*Subscription]struct{}{}
	}
	f.subs[sub] = struct{}{}
	f.mu.Unlock()
	return sub
}

// Subscribers is how many subscriptions are open: one per screen that
// listens (a program in the team mode, the lookup socket), none left
// behind by a closed one.
func (st *Store) Subscribers() int {
	st.feed.mu.Lock()
	defer st.feed.mu.Unlock()
	return len(st.feed.subs)
}

func (f *feed) publish(e Event) {
	f.mu.Lock()
	subs := make([]*Subscription, 0, len(f.subs))
	for s := range f.subs {
		subs = append(subs, s)
	}
	f.mu.Unlock()
	for _, s := range subs {
		s.push(e)
	}
}

func (f *feed) remove(s *Subscription) {
	f.mu.Lock()
	delete(f.subs, s)
	f.mu.Unlock()
}

func (f *feed) closeAll() {
	f.mu.Lock()
	subs := f.subs
	f.subs = nil
	f.mu.Unlock()
	for s := range subs {
		s.shut()
	}
}
