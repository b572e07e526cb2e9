package model

import (
	"strings"
	"testing"
)

// LookupLanguage takes a list name as it is before it looks at the
// aliases: an alias must never be the name of a language of the list, or
// that language could not be found by its own name.
func TestNoAliasNamesAListLanguage(t *testing.T) {
	for _, l := range Languages {
		if a, ok := languageAliases[normLang(l.Name)]; ok {
			t.Errorf("Schreibweise %q ist eine Sprache der Liste und verweist auf %q", l.Name, a)
		}
		for _, in := range []string{l.Name, "  " + strings.ToUpper(l.Name) + " "} {
			if got, ok := LookupLanguage(in); !ok || got.Name != l.Name {
				t.Errorf("LookupLanguage(%q) = %q, %v", in, got.Name, ok)
			}
		}
	}
	if got, ok := LookupLanguage("Persisch"); !ok || got.Name != "Farsi" {
		t.Errorf("Persisch → %q, %v; erwartet Farsi", got.Name, ok)
	}
}
