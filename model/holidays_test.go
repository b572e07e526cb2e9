package model

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

func TestEaster(t *testing.T) {
	tests := []struct {
		year int
		want Date
	}{
		{2024, Date{2024, 3, 31}},
		{2025, Date{2025, 4, 20}},
		{2026, Date{2026, 4, 5}},
		{2027, Date{2027, 3, 28}},
		{2000, Date{2000, 4, 23}},
		{2008, Date{2008, 3, 23}},
		{2011, Date{2011, 4, 24}},
		{2019, Date{2019, 4, 21}},
		{2038, Date{2038, 4, 25}}, // latest possible date
		{2285, Date{2285, 3, 22}}, // earliest possible date
		{1961, Date{1961, 4, 2}},
	}
	for _, tt := range tests {
		if got := Easter(tt.year); got != tt.want {
			t.Errorf("Easter(%d) = %v, want %v", tt.year, got, tt.want)
		}
	}
}

// easterLichtenberg is Gauss's rule in Lichtenberg's form, an independent
// algorithm to check Easter against.
func easterLichtenberg(x int) Date {
	k := x / 100
	m := 15 + (3*k+3)/4 - (8*k+13)/25
	s := 2 - (3*k+3)/4
	a := x % 19
	d := (19*a + m) % 30
	r := (d + a/11) / 29
	og := 21 + d - r
	sz := 7 - (x+x/4+s)%7
	oe := 7 - (og-sz)%7
	return NewDate(x, time.March, og+oe)
}

func TestEasterAgainstLichtenberg(t *testing.T) {
	for y := 1583; y <= 4099; y++ {
		got := Easter(y)
		if want := easterLichtenberg(y); got != want {
			t.Fatalf("Easter(%d) = %v, Lichtenberg says %v", y, got, want)
		}
		if got.Weekday() != time.Sunday {
			t.Fatalf("Easter(%d) = %v is a %v", y, got, got.Weekday())
		}
	}
}

func TestHolidays2026(t *testing.T) {
	want := []Holiday{
		{Date{2026, 1, 1}, "Neujahr"},
		{Date{2026, 4, 3}, "Karfreitag"},
		{Date{2026, 4, 6}, "Ostermontag"},
		{Date{2026, 5, 1}, "Tag der Arbeit"},
		{Date{2026, 5, 14}, "Christi Himmelfahrt"},
		{Date{2026, 5, 25}, "Pfingstmontag"},
		{Date{2026, 10, 3}, "Tag der Deutschen Einheit"},
		{Date{2026, 10, 31}, "Reformationstag"},
		{Date{2026, 12, 25}, "1. Weihnachtstag"},
		{Date{2026, 12, 26}, "2. Weihnachtstag"},
	}
	got := Holidays(2026)
	if len(got) != len(want) {
		t.Fatalf("Holidays(2026) has %d entries, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Holidays(2026)[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	// The caller owns the slice: changing it must not change the cache.
	got[0].Name = "kaputt"
	if Holidays(2026)[0].Name != "Neujahr" {
		t.Error("Holidays returned the cached slice")
	}
}

func TestHolidaysReformationstag(t *testing.T) {
	for _, tt := range []struct {
		year int
		want bool
	}{{2016, false}, {2017, true}, {2018, true}, {2030, true}} {
		_, got := HolidayName(Date{tt.year, 10, 31})
		if got != tt.want {
			t.Errorf("31.10.%d holiday = %v, want %v", tt.year, got, tt.want)
		}
	}
	if n := len(Holidays(2016)); n != 9 {
		t.Errorf("Holidays(2016) has %d entries, want 9", n)
	}
}

func TestHolidaysSortedEveryYear(t *testing.T) {
	for y := 1990; y <= 2100; y++ {
		hs := Holidays(y)
		for i := 1; i < len(hs); i++ {
			if hs[i].Date.Before(hs[i-1].Date) {
				t.Fatalf("Holidays(%d) not sorted: %v", y, hs)
			}
		}
	}
}

func TestHolidayName(t *testing.T) {
	tests := []struct {
		d    Date
		name string
		ok   bool
	}{
		{Date{2026, 1, 1}, "Neujahr", true},
		{Date{2026, 4, 3}, "Karfreitag", true},
		{Date{2026, 4, 5}, "", false}, // Ostersonntag is a Sunday, not listed
		{Date{2026, 5, 14}, "Christi Himmelfahrt", true},
		{Date{2026, 12, 24}, "", false},
		{Date{2026, 3, 5}, "", false},
		// 2008: Ascension Day fell on 1 May
		{Date{2008, 5, 1}, "Tag der Arbeit und Christi Himmelfahrt", true},
	}
	for _, tt := range tests {
		name, ok := HolidayName(tt.d)
		if name != tt.name || ok != tt.ok {
			t.Errorf("HolidayName(%v) = %q, %v; want %q, %v", tt.d, name, ok, tt.name, tt.ok)
		}
	}
}

func TestIsWorkingDay(t *testing.T) {
	tests := []struct {
		d    Date
		want bool
	}{
		{Date{2026, 3, 5}, true},    // Thursday
		{Date{2026, 3, 7}, false},   // Saturday
		{Date{2026, 3, 8}, false},   // Sunday
		{Date{2026, 4, 3}, false},   // Karfreitag
		{Date{2026, 4, 6}, false},   // Ostermontag
		{Date{2026, 4, 7}, true},    // Tuesday after Easter
		{Date{2026, 12, 24}, true},  // Heiligabend is not a holiday
		{Date{2026, 12, 31}, true},  // nor is Silvester
		{Date{2025, 10, 31}, false}, // Reformationstag on a Friday
		{Date{2026, 6, 4}, true},    // Fronleichnam is no holiday in Niedersachsen
	}
	for _, tt := range tests {
		if got := IsWorkingDay(tt.d); got != tt.want {
			t.Errorf("IsWorkingDay(%v) = %v, want %v", tt.d, got, tt.want)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	tests := []struct {
		d    Date
		n    int
		want Date
	}{
		{Date{2026, 3, 5}, 0, Date{2026, 3, 5}},
		{Date{2026, 3, 7}, 0, Date{2026, 3, 7}}, // n == 0 keeps a Saturday
		{Date{2026, 3, 5}, 1, Date{2026, 3, 6}},
		{Date{2026, 3, 5}, 2, Date{2026, 3, 9}}, // over the weekend
		{Date{2026, 3, 5}, 5, Date{2026, 3, 12}},
		{Date{2026, 3, 7}, 1, Date{2026, 3, 9}}, // from a Saturday
		// across Easter 2026: Fr 3.4. and Mo 6.4. are holidays
		{Date{2026, 4, 2}, 1, Date{2026, 4, 7}},
		{Date{2026, 4, 1}, 2, Date{2026, 4, 7}},
		{Date{2026, 3, 30}, 5, Date{2026, 4, 8}},
		{Date{2026, 4, 7}, -1, Date{2026, 4, 2}},
		{Date{2026, 4, 8}, -5, Date{2026, 3, 30}},
		// across Christmas and New Year 2026/27
		{Date{2026, 12, 24}, 1, Date{2026, 12, 28}},
		{Date{2026, 12, 23}, 3, Date{2026, 12, 29}},
		{Date{2026, 12, 31}, 1, Date{2027, 1, 4}},
		{Date{2027, 1, 4}, -1, Date{2026, 12, 31}},
		{Date{2026, 12, 28}, -1, Date{2026, 12, 24}},
		{Date{}, 3, Date{}},
	}
	for _, tt := range tests {
		if got := AddWorkingDays(tt.d, tt.n); got != tt.want {
			t.Errorf("AddWorkingDays(%v, %d) = %v, want %v", tt.d, tt.n, got, tt.want)
		}
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	tests := []struct {
		from, to Date
		want     int
	}{
		{Date{2026, 3, 5}, Date{2026, 3, 5}, 0},
		{Date{2026, 3, 5}, Date{2026, 3, 6}, 1},
		{Date{2026, 3, 5}, Date{2026, 3, 9}, 2},
		{Date{2026, 3, 6}, Date{2026, 3, 8}, 0},
		{Date{2026, 3, 9}, Date{2026, 3, 5}, -2},
		{Date{2026, 4, 2}, Date{2026, 4, 7}, 1},  // Easter
		{Date{2026, 3, 30}, Date{2026, 4, 8}, 5}, // Easter
		{Date{2026, 12, 24}, Date{2026, 12, 28}, 1},
		{Date{2026, 12, 23}, Date{2027, 1, 4}, 6}, // 24, 28, 29, 30, 31, 4
		// 261 weekdays in 2026, 7 holidays on weekdays
		{Date{2025, 12, 31}, Date{2026, 12, 31}, 254},
		{Date{2026, 12, 31}, Date{2025, 12, 31}, -254},
	}
	for _, tt := range tests {
		if got := WorkingDaysBetween(tt.from, tt.to); got != tt.want {
			t.Errorf("WorkingDaysBetween(%v, %v) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

// TestWorkingDaysAgree checks the arithmetic count against counting day by
// day, and AddWorkingDays as its inverse.
func TestWorkingDaysAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := Date{2015, 1, 1}
	for i := 0; i < 2000; i++ {
		from := base.AddDays(rng.IntN(6000))
		to := from.AddDays(rng.IntN(800) - 400)
		naive := 0
		if to.After(from) {
			for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
				if IsWorkingDay(d) {
					naive++
				}
			}
		} else {
			for d := to.AddDays(1); !d.After(from); d = d.AddDays(1) {
				if IsWorkingDay(d) {
					naive--
				}
			}
		}
		if got := WorkingDaysBetween(from, to); got != naive {
			t.Fatalf("WorkingDaysBetween(%v, %v) = %d, counted %d", from, to, got, naive)
		}
		n := rng.IntN(60) - 30
		end := AddWorkingDays(from, n)
		if n != 0 && !IsWorkingDay(end) {
			t.Fatalf("AddWorkingDays(%v, %d) = %v is no working day", from, n, end)
		}
		// Backwards, the count includes from and excludes end, so it
		// inverts AddWorkingDays only when from is a working day.
		if n < 0 && !IsWorkingDay(from) {
			continue
		}
		if got := WorkingDaysBetween(from, end); got != n {
			t.Fatalf("WorkingDaysBetween(%v, AddWorkingDays(.., %d) = %v) = %d", from, n, end, got)
		}
	}
}

func TestBankingDays(t *testing.T) {
	tests := []struct {
		d    Date
		bank bool
		next Date
	}{
		{Date{2026, 3, 5}, true, Date{2026, 3, 5}},
		{Date{2026, 3, 7}, false, Date{2026, 3, 9}},
		{Date{2026, 1, 1}, false, Date{2026, 1, 2}},
		{Date{2026, 4, 3}, false, Date{2026, 4, 7}}, // Karfreitag → over Easter
		{Date{2026, 4, 6}, false, Date{2026, 4, 7}},
		{Date{2026, 5, 1}, false, Date{2026, 5, 4}},
		{Date{2026, 5, 14}, true, Date{2026, 5, 14}},   // Himmelfahrt: banks settle
		{Date{2026, 5, 25}, true, Date{2026, 5, 25}},   // Pfingstmontag too
		{Date{2025, 10, 3}, true, Date{2025, 10, 3}},   // Einheit, a Friday
		{Date{2025, 10, 31}, true, Date{2025, 10, 31}}, // Reformationstag
		{Date{2026, 12, 24}, true, Date{2026, 12, 24}},
		{Date{2026, 12, 25}, false, Date{2026, 12, 28}},
		{Date{2025, 12, 26}, false, Date{2025, 12, 29}},
		{Date{2026, 12, 31}, true, Date{2026, 12, 31}},
		{Date{2027, 1, 1}, false, Date{2027, 1, 4}},
		{Date{}, false, Date{}},
	}
	for _, tt := range tests {
		if tt.d.IsZero() {
			if got := NextBankingDay(tt.d); !got.IsZero() {
				t.Errorf("NextBankingDay(zero) = %v", got)
			}
			continue
		}
		if got := IsBankingDay(tt.d); got != tt.bank {
			t.Errorf("IsBankingDay(%v) = %v, want %v", tt.d, got, tt.bank)
		}
		if got := NextBankingDay(tt.d); got != tt.next {
			t.Errorf("NextBankingDay(%v) = %v, want %v", tt.d, got, tt.next)
		}
	}
}

func TestHolidaysConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for y := 2100; y < 2140; y++ {
				if len(Holidays(y)) != 10 {
					t.Errorf("Holidays(%d) wrong length", y)
				}
				IsWorkingDay(Date{y, 5, 1})
			}
		}()
	}
	wg.Wait()
}

func TestHolidaysOutsideCache(t *testing.T) {
	for _, y := range []int{1850, 2500} {
		if n := len(Holidays(y)); n != 10 && !(y < 1990 && n == 8) {
			t.Errorf("Holidays(%d) has %d entries", y, n)
		}
		if name, ok := HolidayName(Date{y, 12, 25}); !ok || name != "1. Weihnachtstag" {
			t.Errorf("25.12.%d: %q, %v", y, name, ok)
		}
	}
}
