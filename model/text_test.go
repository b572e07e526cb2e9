package model

import "testing"

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
