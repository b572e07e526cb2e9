//go:build unix

package lookup

import (
	"os"
	"syscall"
)

// ownedBySelf reports whether the socket file belongs to this user: in a
// shared folder such as /tmp another user could put a socket of their own
// at the same name and answer with made-up bookings.
func ownedBySelf(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && st.Uid == uint32(os.Getuid())
}
