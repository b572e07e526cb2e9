// Command longest shows where the code grows: the longest Go files, the
// longest functions and the functions with the highest cyclomatic
// complexity, and how many break the limits the project keeps (a file at
// most 500 lines, a function at most 60 lines and a complexity of 15).
//
// Run it through scripts/longest.sh (or `go run ./scripts/longest`) from
// anywhere in the repository. Tests and testdata are left out unless -tests
// is given.
//
// Complexity is counted as gocyclo counts it: 1, plus one for every if,
// for, range, non-default case of a switch or select, && and ||; function
// literals count toward the function that holds them. Only go/ast is used,
// so the tool adds no module dependency.
//
// A function over the complexity limit is "table-driven" when it stays
// within the limit once the case clauses of its table switches are not
// counted; a table switch is one where every case body is a single simple
// statement (an assignment, a return, a call) or empty — a lookup table
// written as a switch, which reads better flat than cut up. Those are
// listed in a short section of their own and not counted as over the limit.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type file struct {
	path  string
	lines int
}

type function struct {
	pos        string // path:line
	name       string // package.(*Recv).Name
	lines      int
	complexity int
	// tableless is the complexity without the case clauses of table
	// switches (see tableSwitch).
	tableless int
}

// tableDriven reports whether f is over limit only because of the case
// clauses of its table switches.
func (f function) tableDriven(limit int) bool {
	return f.complexity > limit && f.tableless <= limit
}

func main() {
	n := flag.Int("n", 15, "how many of each to list")
	tests := flag.Bool("tests", false, "include _test.go files")
	cyclo := flag.Bool("cyclo", true, "list the most complex functions")
	maxFile := flag.Int("max-file", 500, "limit of lines per file")
	maxFunc := flag.Int("max-func", 60, "limit of lines per function")
	maxCyclo := flag.Int("max-cyclo", 15, "limit of the cyclomatic complexity")
	flag.Parse()

	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "longest:", err)
		os.Exit(1)
	}
	files, funcs, err := scan(root, *tests)
	if err != nil {
		fmt.Fprintln(os.Stderr, "longest:", err)
		os.Exit(1)
	}

	printFiles(files, *n, *maxFile)
	printLongest(funcs, *n, *maxFunc)
	if *cyclo {
		printComplex(funcs, *n, *maxCyclo)
	}
}

func printFiles(files []file, n, limit int) {
	sort.Slice(files, func(i, j int) bool {
		if files[i].lines != files[j].lines {
			return files[i].lines > files[j].lines
		}
		return files[i].path < files[j].path
	})
	fmt.Printf("Longest files (lines; %d over %d):\n", countFiles(files, limit), limit)
	for _, f := range files[:min(n, len(files))] {
		fmt.Printf("%6d  %s\n", f.lines, f.path)
	}
}

func printLongest(funcs []function, n, limit int) {
	byLines := append([]function(nil), funcs...)
	sort.Slice(byLines, func(i, j int) bool {
		if byLines[i].lines != byLines[j].lines {
			return byLines[i].lines > byLines[j].lines
		}
		return byLines[i].pos < byLines[j].pos
	})
	fmt.Printf("\nLongest functions (lines; %d over %d):\n", countFuncs(funcs, func(f function) bool { return f.lines > limit }), limit)
	for _, f := range byLines[:min(n, len(byLines))] {
		fmt.Printf("%6d  %-40s %s\n", f.lines, f.pos, f.name)
	}
}

// printComplex lists the most complex functions and, apart, every
// table-driven one over the limit.
func printComplex(funcs []function, n, limit int) {
	var byCyclo, tables []function
	for _, f := range funcs {
		if f.tableDriven(limit) {
			tables = append(tables, f)
		} else {
			byCyclo = append(byCyclo, f)
		}
	}
	byComplexity(byCyclo)
	byComplexity(tables)
	fmt.Printf("\nMost complex functions (cyclomatic complexity; %d over %d):\n", countFuncs(byCyclo, func(f function) bool { return f.complexity > limit }), limit)
	for _, f := range byCyclo[:min(n, len(byCyclo))] {
		fmt.Printf("%6d  %-40s %s\n", f.complexity, f.pos, f.name)
	}
	fmt.Printf("\nTable-driven switches, allowed (complexity, without the table cases; %d):\n", len(tables))
	for _, f := range tables {
		fmt.Printf("%6d  %-40s %s (%d)\n", f.complexity, f.pos, f.name, f.tableless)
	}
}

func byComplexity(fs []function) {
	sort.Slice(fs, func(i, j int) bool {
		if fs[i].complexity != fs[j].complexity {
			return fs[i].complexity > fs[j].complexity
		}
		return fs[i].pos < fs[j].pos
	})
}

// moduleRoot is the folder of go.mod, found from the working directory
// upwards.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// scan reads every Go file below root, except hidden folders, testdata and
// (without tests) _test.go files.
func scan(root string, tests bool) ([]file, []function, error) {
	var files []file
	var funcs []function
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || (!tests && strings.HasSuffix(name, "_test.go")) {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		files = append(files, file{rel, lineCount(src)})
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			start, end := fset.Position(fd.Pos()), fset.Position(fd.End())
			funcs = append(funcs, function{
				pos:        fmt.Sprintf("%s:%d", rel, start.Line),
				name:       f.Name.Name + "." + funcName(fd),
				lines:      end.Line - start.Line + 1,
				complexity: complexity(fd, false),
				tableless:  complexity(fd, true),
			})
		}
		return nil
	})
	return files, funcs, err
}

func lineCount(src []byte) int {
	n := bytes.Count(src, []byte("\n"))
	if len(src) > 0 && src[len(src)-1] != '\n' {
		n++
	}
	return n
}

// funcName is "Name", "(T).Name" or "(*T).Name".
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	return "(" + typeName(fd.Recv.List[0].Type) + ")." + fd.Name.Name
}

func typeName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return "*" + typeName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr: // generic receiver T[P]
		return typeName(t.X)
	case *ast.IndexListExpr: // T[P, Q]
		return typeName(t.X)
	}
	return "?"
}

// complexity is the cyclomatic complexity of fd as gocyclo counts it;
// with skipTables, the case clauses of table switches count nothing (what
// is inside them still counts).
func complexity(fd *ast.FuncDecl, skipTables bool) int {
	c := 1
	table := map[*ast.CaseClause]bool{}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if skipTables {
			markTableCases(n, table)
		}
		switch n := n.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt:
			c++
		case *ast.CaseClause:
			if n.List != nil && !table[n] { // not default, not a table row
				c++
			}
		case *ast.CommClause:
			if n.Comm != nil { // not default
				c++
			}
		case *ast.BinaryExpr:
			if n.Op == token.LAND || n.Op == token.LOR {
				c++
			}
		}
		return true
	})
	return c
}

// markTableCases notes the case clauses of n in table when n is a table
// switch; ast.Inspect meets a switch before its clauses.
func markTableCases(n ast.Node, table map[*ast.CaseClause]bool) {
	var body *ast.BlockStmt
	switch s := n.(type) {
	case *ast.SwitchStmt:
		body = s.Body
	case *ast.TypeSwitchStmt:
		body = s.Body
	default:
		return
	}
	if !tableSwitch(body) {
		return
	}
	for _, stmt := range body.List {
		table[stmt.(*ast.CaseClause)] = true
	}
}

// tableSwitch reports whether every case body of a switch is empty or a
// single simple statement: an assignment, a return or a call, with no
// function literal in it.
func tableSwitch(body *ast.BlockStmt) bool {
	for _, stmt := range body.List {
		cc, ok := stmt.(*ast.CaseClause)
		if !ok {
			return false
		}
		switch len(cc.Body) {
		case 0:
			continue
		case 1:
			if !simpleStatement(cc.Body[0]) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func simpleStatement(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.AssignStmt, *ast.ReturnStmt:
	case *ast.ExprStmt:
		if _, ok := s.X.(*ast.CallExpr); !ok {
			return false
		}
	default:
		return false
	}
	simple := true
	ast.Inspect(s, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			simple = false
		}
		return simple
	})
	return simple
}

func countFiles(fs []file, limit int) int {
	n := 0
	for _, f := range fs {
		if f.lines > limit {
			n++
		}
	}
	return n
}

func countFuncs(fs []function, over func(function) bool) int {
	n := 0
	for _, f := range fs {
		if over(f) {
			n++
		}
	}
	return n
}
