package store

import bolt "go.etcd.io/bbolt"

// migrateDictsSecondGeneration is migration 11: from now on values are
// compressed with the second generation of dictionaries (codec.go), which
// a program of schema 10 does not have. The values already stored keep
// their dictionary and stay readable with it; they shrink as they are
// written again. Nothing is rewritten here: the number alone keeps an
// older program from opening a file it could not read whole (ErrTooNew).
func migrateDictsSecondGeneration(*bolt.Tx) error { return nil }

// migrateDictsZstd is migration 13: from now on values are compressed with
// zstd and the third generation of dictionaries (codec.go), which a program
// of schema 12 cannot read. As with migration 11 nothing is rewritten; the
// number keeps an older program out (ErrTooNew).
func migrateDictsZstd(*bolt.Tx) error { return nil }

// migrateDictsNeutral is migration 15: from now on values are compressed
// with the fourth generation of dictionaries (codec.go), made from demos of
// other days and users with their IDs replaced, so they hold nothing of the
// day they were made. As with migrations 11 and 13 nothing is rewritten;
// the number keeps an older program out (ErrTooNew).
func migrateDictsNeutral(*bolt.Tx) error { return nil }
