//go:build !unix

package lookup

import (
	"os"
	"os/user"
)

// ownedBySelf: Windows keeps the socket in the user's own folders
// (%TEMP% lies in the profile); there is no owner to compare cheaply.
func ownedBySelf(os.FileInfo) bool { return true }

// private: the profile's folders are the user's alone.
func private(os.FileInfo) bool { return true }

// userTag names the private folder after the user.
func userTag() string {
	if u, err := user.Current(); err == nil && u.Uid != "" {
		return u.Uid
	}
	return "user"
}
