//go:build !linux

package store

// networkFS is only known on Linux; elsewhere the path checks in
// LocationWarning (sync folders, UNC paths) must do.
func networkFS(dir string) string { return "" }
