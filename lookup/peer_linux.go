//go:build linux

package lookup

import (
	"net"
	"os"
	"syscall"
)

// peerAllowed reports whether the process at the other end of c runs as
// the same user. The socket's mode 0600 already keeps others out; this
// also holds in the moment between Listen and Chmod.
func peerAllowed(c net.Conn) bool {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return false
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return false
	}
	var cred *syscall.Ucred
	var cerr error
	if err := raw.Control(func(fd uintptr) {
		cred, cerr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil || cerr != nil {
		return false
	}
	return cred.Uid == uint32(os.Getuid())
}
