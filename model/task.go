package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// TaskStatus is offen or erledigt.
type TaskStatus string

const (
	TaskOffen    TaskStatus = "offen"
	TaskErledigt TaskStatus = "erledigt"
)

// Task is a follow-up ("Arbeitsauftrag") that came out of a meeting, kind
// "task". Owner is a name as the team says it (a colleague, a partner or
// "AK-Sprecherin"); OwnerPersonID links it to a person record when known.
type Task struct {
	Meta
	Text          string     `json:"text"`
	Owner         string     `json:"owner,omitempty"`
	OwnerPersonID string     `json:"ownerPersonId,omitempty"`
	Due           Date       `json:"due,omitzero"`
	Status        TaskStatus `json:"status"`
	EventID       string     `json:"eventId,omitempty"`
	DoneAt        time.Time  `json:"doneAt,omitzero"`
}

// Overdue reports whether an open task's due date has passed on today.
func (t *Task) Overdue(today Date) bool {
	return t.Status == TaskOffen && !t.Due.IsZero() && t.Due.Before(today)
}

// Validate checks the task.
func (t *Task) Validate() error {
	var v ValidationError
	txt := strings.TrimSpace(t.Text)
	switch {
	case txt == "":
		v.Add("text", "Bitte beschreiben, was zu tun ist.")
	case utf8.RuneCountInString(txt) > 500:
		v.Add("text", "Die Aufgabe ist zu lang (höchstens 500 Zeichen).")
	}
	v.Check(utf8.RuneCountInString(t.Owner) <= 120, "owner", "Der Name der zuständigen Person ist zu lang.")
	v.Check(t.Status == TaskOffen || t.Status == TaskErledigt, "status", "Der Status ist offen oder erledigt.")
	return v.Err()
}
