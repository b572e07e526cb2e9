package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPicturesAreCurrent: the pictures in docs/bilder and in the README's
// tour are what the program draws now. After a change to one of these
// screens `make screenshots` draws them anew (and they are checked in).
func TestPicturesAreCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo and draws the screens")
	}
	repo := filepath.Join("..", "..")
	out := t.TempDir()
	readme := filepath.Join(out, "README.md")
	committed, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(readme, committed, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(out, readme); err != nil {
		t.Fatal(err)
	}
	for _, s := range shots {
		want, err := os.ReadFile(filepath.Join(out, s.name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(repo, "docs", "bilder", s.name+".txt"))
		if err != nil || string(got) != string(want) {
			t.Errorf("docs/bilder/%s.txt ist nicht mehr aktuell (make screenshots): %v\njetzt:\n%s", s.name, err, want)
		}
		if !strings.Contains(string(committed), "<!-- bild: "+s.name+" -->\n```\n"+string(want)+"```\n<!-- /bild -->") {
			t.Errorf("README.md zeigt %s nicht so, wie das Programm es zeichnet (make screenshots)", s.name)
		}
	}
	if drawn, _ := os.ReadFile(readme); string(drawn) != string(committed) {
		t.Error("README.md ist nicht mehr aktuell (make screenshots)")
	}
}

// TestReadmeMarkerWithoutPicture: a marker that names no picture is an
// error, and the README is left as it was.
func TestReadmeMarkerWithoutPicture(t *testing.T) {
	path := filepath.Join(t.TempDir(), "README.md")
	text := "a\n<!-- bild: gibtsnicht -->\n<!-- /bild -->\n<!-- bild: da -->\nalt\n<!-- /bild -->\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	err := intoReadme(path, map[string]string{"da": "neu\n"})
	if err == nil || !strings.Contains(err.Error(), "gibtsnicht") {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != text {
		t.Errorf("README changed:\n%s", b)
	}
	if err := intoReadme(path, map[string]string{"da": "neu\n", "gibtsnicht": "x\n"}); err != nil {
		t.Fatal(err)
	}
	want := "a\n<!-- bild: gibtsnicht -->\n```\nx\n```\n<!-- /bild -->\n<!-- bild: da -->\n```\nneu\n```\n<!-- /bild -->\n"
	if b, _ := os.ReadFile(path); string(b) != want {
		t.Errorf("README:\n%s\nwant:\n%s", b, want)
	}
}
