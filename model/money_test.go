package model

import (
	"math"
	"strings"
	"testing"
)

func TestMoneyFormat(t *testing.T) {
	tests := []struct {
		m                   Money
		str, plain, dotForm string
	}{
		{0, "0,00 €", "0,00", "0.00"},
		{1, "0,01 €", "0,01", "0.01"},
		{-1, "-0,01 €", "-0,01", "-0.01"},
		{50, "0,50 €", "0,50", "0.50"},
		{100, "1,00 €", "1,00", "1.00"},
		{1250, "12,50 €", "12,50", "12.50"},
		{99999, "999,99 €", "999,99", "999.99"},
		{100000, "1.000,00 €", "1.000,00", "1000.00"},
		{123456, "1.234,56 €", "1.234,56", "1234.56"},
		{-123456, "-1.234,56 €", "-1.234,56", "-1234.56"},
		{12345678, "123.456,78 €", "123.456,78", "123456.78"},
		{123456789, "1.234.567,89 €", "1.234.567,89", "1234567.89"},
		{10_000_000_000, "100.000.000,00 €", "100.000.000,00", "100000000.00"},
		{math.MaxInt64, "92.233.720.368.547.758,07 €", "92.233.720.368.547.758,07", "92233720368547758.07"},
		{math.MinInt64, "-92.233.720.368.547.758,08 €", "-92.233.720.368.547.758,08", "-92233720368547758.08"},
	}
	for _, tt := range tests {
		if got := tt.m.String(); got != tt.str {
			t.Errorf("Money(%d).String() = %q, want %q", int64(tt.m), got, tt.str)
		}
		if got := tt.m.Plain(); got != tt.plain {
			t.Errorf("Money(%d).Plain() = %q, want %q", int64(tt.m), got, tt.plain)
		}
		if got := tt.m.Dot(); got != tt.dotForm {
			t.Errorf("Money(%d).Dot() = %q, want %q", int64(tt.m), got, tt.dotForm)
		}
	}
}

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		want Money
	}{
		{"12", 1200},
		{"12,5", 1250},
		{"12,50", 1250},
		{"12,50 €", 1250},
		{"12,50€", 1250},
		{"€ 12,50", 1250},
		{"1.234,56", 123456},
		{"1234,56", 123456},
		{"1.234", 123400},
		{"1.234.567", 123456700},
		{"1.234.567,89 €", 123456789},
		{"EUR 12", 1200},
		{"12 EUR", 1200},
		{"12 eur", 1200},
		{"12 Euro", 1200},
		{"12EUR", 1200},
		{"  12,50  ", 1250},
		{"\t12,50 €\n", 1250},
		{"-3,20", -320},
		{"-3,20 €", -320},
		{"- 3,20", -320},
		{"−3,20", -320}, // U+2212
		{"+3,20", 320},
		{"12.5", 1250},
		{"12.50", 1250},
		{"0.5", 50},
		{",50", 50},
		{".5", 50},
		{"12,", 1200},
		{"12.", 1200},
		{"12,-", 1200},
		{"12,--", 1200},
		{"1.000,- €", 100000},
		{"0", 0},
		{"0,00", 0},
		{"-0", 0},
		{"007", 700},
		{"0,01", 1},
		{"100.000.000,00", 10_000_000_000},
		{"100000000", 10_000_000_000},
		{"\u00a012,50\u00a0€", 1250}, // non-breaking spaces from copied web pages
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in)
		if err != nil {
			t.Errorf("ParseMoney(%q) error %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseMoney(%q) = %d, want %d", tt.in, int64(got), int64(tt.want))
		}
	}
}

func TestParseMoneyErrors(t *testing.T) {
	tests := []struct {
		in      string
		wantMsg string // a part of the message
	}{
		{"", "Bitte einen Betrag eingeben"},
		{"   ", "Bitte einen Betrag eingeben"},
		{"12,345", "„12,345“ ist kein gültiger Betrag – höchstens zwei Nachkommastellen, z. B. 12,50"},
		{"12,500", "höchstens zwei Nachkommastellen"},
		{"1.23,4", "Tausenderpunkte"},
		{"1.2345", "Tausenderpunkte"},
		{"1234.567", "Tausenderpunkte"},
		{"1.234.5", "Tausenderpunkte"},
		{"1.234,5.6", "Tausenderpunkte"},
		{"..5", "Tausenderpunkte"},
		{"1..234", "Tausenderpunkte"},
		{"abc", "kein gültiger Betrag"},
		{"12a", "kein gültiger Betrag"},
		{"1e5", "kein gültiger Betrag"},
		{"12,5,0", "kein gültiger Betrag"},
		{"1 234,56", "kein gültiger Betrag"},
		{"€", "kein gültiger Betrag"},
		{"EUR", "kein gültiger Betrag"},
		{"-", "kein gültiger Betrag"},
		{",", "kein gültiger Betrag"},
		{".", "kein gültiger Betrag"},
		{"--3", "kein gültiger Betrag"},
		{"0x10", "kein gültiger Betrag"},
		{"12 € €", "kein gültiger Betrag"},
		{"100.000.000,01", "zu groß"},
		{"100000001", "zu groß"},
		{"-100000001", "zu groß"},
		{"99999999999999999999999999999", "zu groß"},
		{"NaN", "kein gültiger Betrag"},
		{"Inf", "kein gültiger Betrag"},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in)
		if err == nil {
			t.Errorf("ParseMoney(%q) = %d, want error", tt.in, int64(got))
			continue
		}
		if !strings.Contains(err.Error(), tt.wantMsg) {
			t.Errorf("ParseMoney(%q) error %q, want it to contain %q", tt.in, err, tt.wantMsg)
		}
	}
}

func TestParseMoneyErrorQuotesSafely(t *testing.T) {
	_, err := ParseMoney("\x1b[31m" + strings.Repeat("9x", 100))
	if err == nil {
		t.Fatal("want error")
	}
	msg := err.Error()
	if strings.ContainsRune(msg, '\x1b') {
		t.Errorf("message carries an escape character: %q", msg)
	}
	if len([]rune(msg)) > 150 {
		t.Errorf("message not shortened: %d runes", len([]rune(msg)))
	}
}

func TestMoneyRoundTrip(t *testing.T) {
	values := []Money{0, 1, -1, 9, 10, 99, 100, 101, 999, 1000, 1001, 99999, 100000,
		123456, -123456, 100000000, 123456789, 999999999, 10_000_000_000, -10_000_000_000}
	for c := Money(-2000); c <= 200000; c += 7 {
		values = append(values, c)
	}
	for _, m := range values {
		for _, s := range []string{m.String(), m.Plain(), m.Dot()} {
			got, err := ParseMoney(s)
			if err != nil {
				t.Fatalf("ParseMoney(%q) error %v", s, err)
			}
			if got != m {
				t.Fatalf("ParseMoney(%q) = %d, want %d", s, int64(got), int64(m))
			}
		}
	}
}

func TestMulDiv(t *testing.T) {
	tests := []struct {
		m        Money
		num, den int64
		want     Money
	}{
		{1000, 1, 1, 1000},
		{0, 5, 7, 0},
		// km × rate: 37 km at 0,30 €/km = 11,10 €
		{30, 37, 1, 1110},
		// 19 % of 10,00 €
		{1000, 19, 100, 190},
		// half cents round away from zero
		{5, 1, 2, 3},     // 2,5 → 3
		{-5, 1, 2, -3},   // -2,5 → -3
		{5, -1, 2, -3},   // sign from num
		{5, 1, -2, -3},   // sign from den
		{-5, -1, -2, -3}, // three negatives
		{-5, -1, 2, 3},
		{15, 1, 10, 2},   // 1,5 → 2
		{25, 1, 10, 3},   // 2,5 → 3 (not banker's rounding to 2)
		{14, 1, 10, 1},   // 1,4 → 1
		{16, 1, 10, 2},   // 1,6 → 2
		{-14, 1, 10, -1}, // -1,4 → -1
		{-16, 1, 10, -2}, // -1,6 → -2
		{1, 1, 3, 0},     // 0,33 → 0
		{2, 1, 3, 1},     // 0,67 → 1
		{-2, 1, 3, -1},
		{100, 2, 3, 67},
		{12345, 333, 1000, 4111}, // 4110,885 → 4111
		// the product overflows int64 but the result does not
		{math.MaxInt64 / 2, 4, 4, math.MaxInt64 / 2},
		{Money(math.MaxInt64), 3, 3, Money(math.MaxInt64)},
		{Money(math.MinInt64), 1, 1, Money(math.MinInt64)},
		{Money(math.MinInt64), 2, 2, Money(math.MinInt64)},
		{10_000_000_000, 10_000_000_000, 10_000_000_000, 10_000_000_000},
		// results beyond int64 saturate
		{Money(math.MaxInt64), 2, 1, Money(math.MaxInt64)},
		{Money(math.MaxInt64), -2, 1, Money(math.MinInt64)},
		{Money(math.MinInt64), -1, 1, Money(math.MaxInt64)},
	}
	for _, tt := range tests {
		if got := tt.m.MulDiv(tt.num, tt.den); got != tt.want {
			t.Errorf("Money(%d).MulDiv(%d, %d) = %d, want %d", int64(tt.m), tt.num, tt.den, int64(got), int64(tt.want))
		}
	}
}

func TestMulDivZeroPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MulDiv(1, 0) did not panic")
		}
	}()
	Money(1).MulDiv(1, 0)
}

func TestSum(t *testing.T) {
	tests := []struct {
		in   []Money
		want Money
	}{
		{nil, 0},
		{[]Money{10}, 10},
		{[]Money{10, 20}, 30},
		{[]Money{10, -20, 5}, -5},
	}
	for _, tt := range tests {
		if got := Sum(tt.in...); got != tt.want {
			t.Errorf("Sum(%v) = %d, want %d", tt.in, int64(got), int64(tt.want))
		}
	}
}
