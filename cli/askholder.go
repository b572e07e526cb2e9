package cli

import (
	"errors"
	"time"

	lk "stabsstelle/lookup"
	"stabsstelle/store"
)

// askOrOpen serves the read-only verbs today and search. While another
// stabsstelle program of this user (the interface or `stabsstelle serve`)
// holds the database, bbolt's lock keeps everybody else out; that program
// answers on its lookup socket instead (package lookup). So askOrOpen asks
// first – a failed stat when nobody listens, and no second of waiting for
// the lock when somebody does – and opens the store otherwise. It returns
// either the answer (resp) or the open store (st). When the file is locked
// and nobody answers (an older version holds it, or the team server runs
// on another machine), the error is the store's ErrLocked, unchanged. An
// answer that carries an error becomes that error.
//
// A holder that answers "busy" (too many questions at once) is asked again
// a few times; one that stays busy, or was reached and did not answer in
// time, gives lk.ErrBusy – a sentence that says so – instead of the
// locked-file message after a second of waiting for the lock.
func askOrOpen(env *Env, req lk.Request) (resp *lk.Response, st *store.Store, err error) {
	r, aerr := askPatiently(env.DB, req)
	if aerr == nil {
		return answered(r)
	}
	st, err = env.Open()
	if err == nil {
		return nil, st, nil
	}
	var locked *store.ErrLocked
	if errors.As(err, &locked) {
		if !errors.Is(aerr, lk.ErrNotListening) {
			return nil, nil, lk.ErrBusy
		}
		// The holder may have started listening while Open waited for the
		// lock; one that was reached but did not answer is not asked again.
		if r, aerr = askPatiently(env.DB, req); aerr == nil {
			return answered(r)
		}
	}
	return nil, nil, err
}

// busyRetries and busyPause: how often and how far apart a busy holder is
// asked again.
const (
	busyRetries = 4
	busyPause   = 250 * time.Millisecond
)

func askPatiently(db string, req lk.Request) (lk.Response, error) {
	for i := 0; ; i++ {
		r, err := lk.Ask(db, req)
		if err != nil || !r.Busy || i == busyRetries {
			return r, err
		}
		time.Sleep(busyPause)
	}
}

func answered(r lk.Response) (*lk.Response, *store.Store, error) {
	if r.Busy {
		return nil, nil, lk.ErrBusy
	}
	if r.Error != "" {
		return nil, nil, errors.New(r.Error)
	}
	return &r, nil, nil
}
