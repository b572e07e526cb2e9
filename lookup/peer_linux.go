//go:build linux

package lookup

import (
	"net"
	"os"
	"strconv"
	"syscall"
)

// peerOf reports whether the process at the other end of c runs as the
// same user, and names it (its process ID) for the bound per peer. The
// socket's folder and mode already keep others out; this also holds in
// the moment between Listen and Chmod.
func peerOf(c net.Conn) (string, bool) {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return "", false
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return "", false
	}
	var cred *syscall.Ucred
	var cerr error
	if err := raw.Control(func(fd uintptr) {
		cred, cerr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil || cerr != nil {
		return "", false
	}
	return strconv.Itoa(int(cred.Pid)), cred.Uid == uint32(os.Getuid())
}
