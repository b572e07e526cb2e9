//go:build unix

package lookup

import (
	"os"
	"strconv"
	"syscall"
)

// ownedBySelf reports whether the file belongs to this user: in a shared
// folder another user could put a socket or folder of their own at the
// same name and answer with made-up bookings.
func ownedBySelf(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && st.Uid == uint32(os.Getuid())
}

// private: nobody but the owner may enter or change the folder.
func private(fi os.FileInfo) bool { return fi.Mode().Perm()&0o077 == 0 }

// userTag names the private folder in the temp folder after the user.
func userTag() string { return strconv.Itoa(os.Getuid()) }
