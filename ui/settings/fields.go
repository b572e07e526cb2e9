package settings

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"stabsstelle/model"
)

// errChanged: the entry being edited was changed or deleted by someone else
// since the form was opened.
var errChanged = errors.New("Der Eintrag wurde inzwischen von jemand anderem geändert oder gelöscht – bitte das Formular mit esc schließen, die Liste prüfen und den Eintrag neu öffnen.")

// apply changes one entry of a table: orig nil adds next, next nil deletes
// orig, both replace orig by next. orig must still be in the table exactly
// as the form loaded it, so two people editing at once never overwrite each
// other unseen.
func apply[T comparable](list []T, orig, next *T) ([]T, error) {
	out := slices.Clone(list)
	if orig == nil {
		if next == nil {
			return out, nil
		}
		return append(out, *next), nil
	}
	i := slices.Index(out, *orig)
	if i < 0 {
		return nil, errChanged
	}
	if next == nil {
		return slices.Delete(out, i, i+1), nil
	}
	out[i] = *next
	return out, nil
}

// validator is a record type with a model Validate method.
type validator interface{ Validate() error }

// fieldCheck makes the validator of one typed field: the parser's German
// message for text that is no value, then the model's own rule for this
// field (key), checked on base with only this value set. So the form field
// and the stored record follow the same rule, and the message shows at the
// field as it is typed.
func fieldCheck[R validator, T any](base R, key string, parse func(string) (T, error), set func(*R, T)) func(string) error {
	return func(s string) error {
		v, err := parse(s)
		if err != nil {
			return err
		}
		r := base
		set(&r, v)
		var ve model.ValidationError
		if err := r.Validate(); errors.As(err, &ve) {
			if msg := ve.For(key); msg != "" {
				return errors.New(msg)
			}
		}
		return nil
	}
}

// both runs two validators, the first problem wins.
func both(a, b func(string) error) func(string) error {
	return func(s string) error {
		if err := a(s); err != nil {
			return err
		}
		return b(s)
	}
}

// labelled prefixes a parser's message with the field's name, so a list of
// problems above the form says which field each is about.
func labelled[T any](label string, parse func(string) (T, error)) func(string) (T, error) {
	return func(s string) (T, error) {
		v, err := parse(s)
		if err != nil {
			return v, fmt.Errorf("%s: %w", label, err)
		}
		return v, nil
	}
}

// parseInt reads a whole number as typed.
func parseInt(s string) (int, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, errors.New("Bitte eine Zahl eingeben, z. B. 30.")
	}
	n, err := strconv.Atoi(t)
	if err != nil || len(t) > 7 {
		return 0, fmt.Errorf("„%s“ ist keine ganze Zahl – bitte z. B. 30 eingeben.", cut(t))
	}
	return n, nil
}

// parseMaxDuration reads the longest Einsatz: 0, empty or "keine" mean no
// limit, otherwise a duration as model.ParseDuration reads it.
func parseMaxDuration(s string) (time.Duration, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "0", "keine", "-", "–":
		return 0, nil
	}
	return model.ParseDuration(s)
}

// dateParser reads a date relative to today ("heute", "1.1.").
func dateParser(today model.Date) func(string) (model.Date, error) {
	return func(s string) (model.Date, error) { return model.ParseDate(s, today) }
}

// cut keeps a quoted input short in a message.
func cut(s string) string {
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

// collect adds a parse problem of field key to v and returns the value.
func collect[T any](v *model.ValidationError, key string, parse func(string) (T, error), s string) T {
	x, err := parse(s)
	if err != nil {
		v.Add(key, err.Error())
	}
	return x
}

func itoa(n int) string { return strconv.Itoa(n) }

// moneyText shows an amount for a form field: "15,00".
func moneyText(m model.Money) string { return m.Plain() }

// validationFor is the message about field key in err, or "".
func validationFor(err error, key string) string {
	var ve model.ValidationError
	if errors.As(err, &ve) {
		return ve.For(key)
	}
	return ""
}
