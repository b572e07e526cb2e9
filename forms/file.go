package forms

import "stabsstelle/store"

// FreeName returns path if no file of that name exists, else the first of
// "name-2.ext", "name-3.ext" … that does not: the screens never replace a
// form printed before (it may be signed and scanned already). The rule for
// every file the program writes is in store/outfile.go.
func FreeName(path string) string { return store.FreeName(path) }

// WriteNew writes data to a new file (mode 0600: forms carry personal
// data; whole or not at all) at FreeName(path) and returns the full path
// written.
func WriteNew(path string, data []byte) (string, error) {
	p := store.AbsPath(FreeName(path))
	if err := store.WriteOutput(p, data, false); err != nil {
		return "", err
	}
	return p, nil
}
