package form

import (
	"errors"
	"strings"
)

// Required returns a huh validator that rejects empty input with msg.
func Required(msg string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(msg)
		}
		return nil
	}
}

// Check turns one of model's problem functions (German message or "") into
// a huh validator, so the same rule guards the form field and the record.
func Check(problem func(string) string) func(string) error {
	return func(s string) error {
		if msg := problem(s); msg != "" {
			return errors.New(msg)
		}
		return nil
	}
}

// Parse turns a parser (model.ParseMoney, model.ParseIBAN, …) into a
// validator that shows the parser's German error; empty input is allowed
// unless required.
func Parse[T any](parse func(string) (T, error), required bool, emptyMsg string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			if required {
				return errors.New(emptyMsg)
			}
			return nil
		}
		_, err := parse(s)
		return err
	}
}
