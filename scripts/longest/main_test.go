package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

func parseFunc(t *testing.T, src string) *ast.FuncDecl {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "x.go", "package x\n"+src, 0)
	if err != nil {
		t.Fatal(err)
	}
	return f.Decls[0].(*ast.FuncDecl)
}

func TestComplexityTableSwitch(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		src                   string
		complexity, tableless int
	}{
		{"table of returns and assignments", `func f(c byte) (n int) {
	switch c {
	case 'a', 'b':
		return 1
	case 'c':
		n = 2
	case 'd':
		g()
	case 'e':
	default:
		return 9
	}
	return
}`, 5, 1},
		{"a case with two statements is no table", `func f(c byte) int {
	switch c {
	case 'a':
		return 1
	case 'b':
		g()
		return 2
	}
	return 0
}`, 3, 3},
		{"a case with an if is no table", `func f(c byte) int {
	switch c {
	case 'a':
		return 1
	case 'b':
		if c > 0 {
			return 2
		}
	}
	return 0
}`, 4, 4},
		{"a function literal is no table row", `func f(c byte) func() {
	switch c {
	case 'a':
		return func() {}
	}
	return nil
}`, 2, 2},
		{"conditions inside a table row still count", `func f(a, b bool) bool {
	switch {
	case a:
		return a && b
	}
	return false
}`, 3, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fd := parseFunc(t, tc.src)
			if got := complexity(fd, false); got != tc.complexity {
				t.Errorf("complexity = %d, want %d", got, tc.complexity)
			}
			if got := complexity(fd, true); got != tc.tableless {
				t.Errorf("without table cases = %d, want %d", got, tc.tableless)
			}
		})
	}
}

func TestTableDrivenOnlyOverTheLimit(t *testing.T) {
	if !(function{complexity: 20, tableless: 15}).tableDriven(15) {
		t.Error("20 that is 15 without table cases should be table-driven")
	}
	if (function{complexity: 20, tableless: 16}).tableDriven(15) {
		t.Error("16 without table cases is over the limit")
	}
	if (function{complexity: 12, tableless: 2}).tableDriven(15) {
		t.Error("a function within the limit is not listed as table-driven")
	}
}
