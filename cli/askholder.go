package cli

import (
	"errors"

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
func askOrOpen(env *Env, req lk.Request) (resp *lk.Response, st *store.Store, err error) {
	r, aerr := lk.Ask(env.DB, req)
	if aerr == nil {
		return answered(r)
	}
	st, err = env.Open()
	if err == nil {
		return nil, st, nil
	}
	var locked *store.ErrLocked
	if errors.As(err, &locked) && errors.Is(aerr, lk.ErrNotListening) {
		// The holder may have started listening while Open waited for the
		// lock; one that was reached but did not answer is not asked again.
		if r, aerr = lk.Ask(env.DB, req); aerr == nil {
			return answered(r)
		}
	}
	return nil, nil, err
}

func answered(r lk.Response) (*lk.Response, *store.Store, error) {
	if r.Error != "" {
		return nil, nil, errors.New(r.Error)
	}
	return &r, nil, nil
}
