//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package store

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// lockFile takes the same advisory lock bbolt takes (flock, shared for
// readers, exclusive for the writer) on f, waiting up to timeout. openBolt
// takes it before it reads the file's head and hands the locked file to
// bbolt, which locks it again (a no-op on the same open file): so no
// writer can change the head between the check and the open.
func lockFile(f *os.File, exclusive bool, timeout time.Duration) error {
	flag := syscall.LOCK_NB | syscall.LOCK_SH
	if exclusive {
		flag = syscall.LOCK_NB | syscall.LOCK_EX
	}
	start := time.Now()
	for {
		err := syscall.Flock(int(f.Fd()), flag)
		if err == nil {
			return nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return err
		}
		if time.Since(start) > timeout {
			return errLockTimeout
		}
		time.Sleep(50 * time.Millisecond)
	}
}
