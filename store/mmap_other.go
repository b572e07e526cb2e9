//go:build !linux

package store

import bolt "go.etcd.io/bbolt"

// dropsPages: see pageDropper.
const dropsPages = false

// dropMappedPages does nothing outside Linux: there MADV_DONTNEED either is
// only a hint (macOS) or the map is a file view whose pages the system
// trims itself (Windows). See the Linux version.
func dropMappedPages(*bolt.Tx) {}
