package model

import "strings"

// FieldError is one German message about one field, shown next to it.
type FieldError struct {
	Field string // the field's key as used by the form, e.g. "iban"
	Msg   string
}

// ValidationError collects every field problem of a record, so a form can
// show all of them at once instead of one per save attempt.
type ValidationError []FieldError

func (v ValidationError) Error() string {
	msgs := make([]string, len(v))
	for i, fe := range v {
		msgs[i] = fe.Msg
	}
	return strings.Join(msgs, " ")
}

// Add records a problem with a field.
func (v *ValidationError) Add(field, msg string) { *v = append(*v, FieldError{field, msg}) }

// Check records msg for field when ok is false.
func (v *ValidationError) Check(ok bool, field, msg string) {
	if !ok {
		v.Add(field, msg)
	}
}

// For returns the first message about field, or "".
func (v ValidationError) For(field string) string {
	for _, fe := range v {
		if fe.Field == field {
			return fe.Msg
		}
	}
	return ""
}

// Err returns nil when there is nothing to complain about; a nil
// ValidationError must not travel as a non-nil error interface.
func (v ValidationError) Err() error {
	if len(v) == 0 {
		return nil
	}
	return v
}
