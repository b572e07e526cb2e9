package model

import (
	"strings"
	"testing"
)

// SafeLine and SafeText decide what stored text may reach a terminal:
// a control character must never get there as it is.
func TestSafeLineAndText(t *testing.T) {
	for _, tc := range []struct{ in, line, text string }{
		{"Kita Pusteblume", "Kita Pusteblume", "Kita Pusteblume"},
		{"Müller", "Müller", "Müller"},
		{"a\x1b[31mb", "a␛[31mb", "a␛[31mb"},
		{"a\x07b\x00", "a␇b␀", "a␇b␀"},
		{"a\x7fb", "a␡b", "a␡b"},
		{"a\u009bb", "a\uFFFDb", "a\uFFFDb"}, // C1 CSI
		{"a\xffb", "a\uFFFDb", "a\uFFFDb"},   // not UTF-8
		{"a\uFFFDb", "a\uFFFDb", "a\uFFFDb"}, // typed replacement character stays
		{"a\r\nb\tc", "a  b c", "a\nb\tc"},
		{"a\rb", "a b", "a b"},
	} {
		if got := SafeLine(tc.in); got != tc.line {
			t.Errorf("SafeLine(%q) = %q, want %q", tc.in, got, tc.line)
		}
		if got := SafeText(tc.in); got != tc.text {
			t.Errorf("SafeText(%q) = %q, want %q", tc.in, got, tc.text)
		}
	}
}

// TestCheckTextNamesNestedFields: the field table cached per type keeps
// the JSON names of embedded and nested structs, and a value the stored
// record already held passes while a new bad value of the same field does not.
func TestCheckTextNamesNestedFields(t *testing.T) {
	type Address struct {
		Street string `json:"street"`
	}
	type contact struct {
		Address
		Phone string
	}
	type rec struct {
		Name    string  `json:"name"`
		Contact contact `json:"contact"`
		Notes   string  `json:"notes"`
		secret  string
	}
	for range 2 { // the second round reads the cached table
		ve := CheckText(&rec{Name: "Ok", Contact: contact{Address{"Weg\x1b[2J"}, "0151\a"}, Notes: "zwei\nZeilen", secret: "\x00"}, nil)
		var keys []string
		for _, fe := range ve {
			keys = append(keys, fe.Field)
		}
		if strings.Join(keys, ",") != "street,phone" {
			t.Fatalf("problems in %v, want street and phone", keys)
		}
	}
	old := &rec{Contact: contact{Address{"Weg\x1b"}, ""}}
	if ve := CheckText(&rec{Contact: contact{Address{"Weg\x1b"}, ""}}, old); len(ve) != 0 {
		t.Errorf("text the stored record held was refused: %v", ve)
	}
	if ve := CheckText(&rec{Contact: contact{Address{"Gasse\x1b"}, ""}}, old); len(ve) != 1 {
		t.Errorf("new bad text passed: %v", ve)
	}
}
