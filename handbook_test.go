package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"stabsstelle/cli"
)

// TestEveryVerbInHandbook: every verb of the program stands in the list of
// commands in the handbook (docs/handbuch/kommandozeile.md), so a user finds
// it there with its options.
func TestEveryVerbInHandbook(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("docs", "handbuch", "kommandozeile.md"))
	if err != nil {
		t.Fatal(err)
	}
	list := string(b)
	if i := strings.Index(list, "\n```\n"); i >= 0 { // the first block is the list
		list = list[i+5:]
		list = list[:strings.Index(list, "\n```")]
	}
	verb := regexp.MustCompile(`(?m)^stabsstelle (?:--db \S+ )?([a-z]+(?: [a-z]+)?)`)
	listed := map[string]bool{}
	for _, m := range verb.FindAllStringSubmatch(list, -1) {
		listed[m[1]] = true
		listed[strings.Fields(m[1])[0]] = true
	}
	for _, v := range cli.Verbs() {
		if !listed[v.Name] {
			t.Errorf("%q fehlt in der Liste der Befehle in docs/handbuch/kommandozeile.md", v.Name)
		}
	}
}

// TestHandbookLinksResolve: every link between the README and the pages of
// the documentation names a file that exists and, with #, a heading on it.
func TestHandbookLinksResolve(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("docs", "handbuch", "*.md"))
	if err != nil || len(pages) < 10 {
		t.Fatalf("%d pages in docs/handbuch: %v", len(pages), err)
	}
	more, _ := filepath.Glob(filepath.Join("docs", "*.md"))
	pages = append(append(pages, more...), "README.md", "BENCHMARKS.md")
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	for _, page := range pages {
		for _, l := range proseLines(t, page) {
			for _, m := range link.FindAllStringSubmatch(l, -1) {
				target := m[1]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				file, anchor, _ := strings.Cut(target, "#")
				path := page
				if file != "" {
					path = filepath.Join(filepath.Dir(page), filepath.FromSlash(file))
				}
				if _, err := os.Stat(path); err != nil {
					t.Errorf("%s: %s: es gibt %s nicht", page, target, path)
					continue
				}
				if anchor != "" && !anchors(t, path)[anchor] {
					t.Errorf("%s: %s: %s hat keine Überschrift #%s", page, target, path, anchor)
				}
			}
		}
	}
	// The README links every page of the handbook.
	readme, _ := os.ReadFile("README.md")
	for _, p := range pages {
		if filepath.Dir(p) == filepath.Join("docs", "handbuch") && !strings.Contains(string(readme), "("+filepath.ToSlash(p)+")") {
			t.Errorf("README.md verweist nicht auf %s", p)
		}
	}
}

// proseLines are the lines of a Markdown file outside code blocks.
func proseLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	code := false
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "```") {
			code = !code
			continue
		}
		if !code {
			out = append(out, l)
		}
	}
	return out
}

// anchors are the anchors GitHub gives the headings of a Markdown file:
// lower case, spaces to hyphens, other punctuation dropped; a repeated
// heading gets -1, -2 ….
func anchors(t *testing.T, path string) map[string]bool {
	out := map[string]bool{}
	if !strings.HasSuffix(path, ".md") {
		return out
	}
	seen := map[string]int{}
	for _, l := range proseLines(t, path) {
		h := strings.TrimLeft(l, "#")
		if h == l || !strings.HasPrefix(h, " ") {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(strings.TrimSpace(h)) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		a := b.String()
		if n := seen[a]; n > 0 {
			out[a+"-"+strconv.Itoa(n)] = true
		} else {
			out[a] = true
		}
		seen[a]++
	}
	return out
}
