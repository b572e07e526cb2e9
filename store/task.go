package store

import (
	"time"

	"stabsstelle/model"
)

// Tasks holds the follow-up tasks of meetings. The "open" index lists open
// tasks by due date (tasks without a date last), the "event" index the
// tasks of one event.
var Tasks = &Collection[model.Task, *model.Task]{
	Kind: KindTask, Label: "Aufgabe",
	Indexes: func(t *model.Task) []Index {
		var ix []Index
		if t.Status == model.TaskOffen {
			due := "9999-99-99"
			if !t.Due.IsZero() {
				due = t.Due.ISO()
			}
			ix = append(ix, Index{Name: "open", Key: []byte(due)})
		}
		if t.EventID != "" {
			ix = append(ix, Index{Name: "event", Key: []byte(t.EventID)})
		}
		return ix
	},
}

// OpenTasks returns every open task, the earliest due first.
func OpenTasks(tx *Tx) ([]*model.Task, error) {
	return loadTasks(tx, "open", nil, nil)
}

// TasksOf returns the tasks (open and done) that came out of an event.
func TasksOf(tx *Tx, eventID string) ([]*model.Task, error) {
	return loadTasks(tx, "event", netKeyFrom(eventID), netKeyTo(eventID))
}

func loadTasks(tx *Tx, index string, from, to []byte) ([]*model.Task, error) {
	var out []*model.Task
	err := Tasks.Scan(tx, index, from, to, func(id string, _, _ []byte) error {
		t, err := Tasks.Get(tx, id)
		if err != nil {
			return err
		}
		out = append(out, t)
		return nil
	})
	return out, err
}

// SetTaskDone marks a task erledigt (done=true) or open again.
func SetTaskDone(tx *Tx, id string, done bool) (*model.Task, error) {
	t, err := Tasks.Get(tx, id)
	if err != nil {
		return nil, err
	}
	if done {
		t.Status = model.TaskErledigt
		t.DoneAt = tx.Now()
	} else {
		t.Status = model.TaskOffen
		t.DoneAt = time.Time{}
	}
	return t, Tasks.Put(tx, t)
}
