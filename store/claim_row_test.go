package store

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"

	"stabsstelle/model"
)

// The list's rows come back as they were written, whether their texts are
// shared or not, and a value with a field too many or too few is skipped.
func TestClaimRowDecodeSharesTextsAndRejectsDamage(t *testing.T) {
	row := ClaimRow{ID: "c1", Number: "K-2026-0017", Status: model.ClaimAngeordnet, Kind: model.ClaimNormal,
		PersonID: "p1", PersonName: "Müller, Jana", FundID: "f1", Project: "Sprachcafé", Total: 12345,
		Allowance: 10000, Year: 2026, PeriodFrom: model.NewDate(2026, 3, 1), PeriodTo: model.NewDate(2026, 3, 31),
		PayoutRunID: "r1", Lines: 3}
	val := encodeClaimRow(row)
	in := texts{}
	a, ok := decodeClaimRowIn("c1", val, in)
	if !ok || a != row {
		t.Fatalf("decoded %+v, %v; want %+v", a, ok, row)
	}
	if plain, ok := decodeClaimRow("c1", val); !ok || plain != row {
		t.Fatalf("decoded without sharing %+v, %v", plain, ok)
	}
	other := row
	other.ID, other.Number = "c2", "K-2026-0018"
	b, _ := decodeClaimRowIn("c2", encodeClaimRow(other), in)
	if unsafe.StringData(a.PersonName) != unsafe.StringData(b.PersonName) || unsafe.StringData(a.Project) != unsafe.StringData(b.Project) {
		t.Fatal("two claims of one person keep two copies of the name and project")
	}
	empty := ClaimRow{ID: "c3", Number: "K-2026-0019"}
	if e, ok := decodeClaimRowIn("c3", encodeClaimRow(empty), in); !ok || e != empty {
		t.Fatalf("empty fields: %+v, %v", e, ok)
	}
	for _, bad := range []string{"", "K-1", string(val) + "\x1fzu viel", string(val[:len(val)-2])[:40]} {
		if r, ok := decodeClaimRowIn("x", []byte(bad), in); ok {
			t.Errorf("damaged value %q decoded as %+v", bad, r)
		}
	}
}

// sortClaimRows sorts in place into number order – counters past their
// digits after the shorter ones – and keeps every row.
func TestSortClaimRowsInPlace(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000} {
		rows := make([]ClaimRow, n)
		for i := range rows {
			rows[i] = ClaimRow{ID: fmt.Sprint(i), Number: fmt.Sprintf("K-%d-%04d", 2025+i%2, i*7%10007)}
		}
		rand.New(rand.NewPCG(1, uint64(n))).Shuffle(n, func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		want := slices.Clone(rows)
		slices.SortFunc(want, func(a, b ClaimRow) int { return compareNumbers(a.Number, b.Number) })
		got := sortClaimRows(rows)
		if n > 0 && &got[0] != &rows[0] {
			t.Fatalf("n=%d: sorted into a copy", n)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("n=%d: order %v, want %v", n, got, want)
		}
	}
}
