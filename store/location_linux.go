package store

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Linux file system magic numbers (statfs f_type) of network file systems.
const (
	magicNFS  = 0x6969
	magicSMB  = 0x517B
	magicCIFS = 0xFF534D42
	magicSMB2 = 0xFE534D42
	magicFUSE = 0x65735546
	magicAFS  = 0x5346414F
	magicCEPH = 0x00C36400
)

// networkFS names the network file system dir lies on, "" for local ones.
func networkFS(dir string) string {
	for {
		var st syscall.Statfs_t
		if err := syscall.Statfs(dir, &st); err == nil {
			switch uint32(st.Type) {
			case magicNFS:
				return "NFS-Netzlaufwerk"
			case magicSMB, magicCIFS, magicSMB2:
				return "SMB-Netzlaufwerk"
			case magicAFS, magicCEPH:
				return "Netzlaufwerk"
			case magicFUSE:
				if fuseIsNetwork(dir) {
					return "Netzlaufwerk (FUSE)"
				}
			}
			return ""
		}
		parent := filepath.Dir(dir) // the folder may not exist yet
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// fuseIsNetwork looks up the FUSE mount holding dir in /proc/self/mounts:
// sshfs, rclone, davfs, s3fs, gvfs are remote; ntfs-3g and the like are not.
func fuseIsNetwork(dir string) bool {
	f, err := os.Open("/proc/self/mounts")
	if err != nil {
		return false
	}
	defer f.Close()
	best, bestType := "", ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 {
			continue
		}
		mnt := strings.ReplaceAll(fields[1], `\040`, " ")
		if (dir == mnt || strings.HasPrefix(dir, strings.TrimSuffix(mnt, "/")+"/")) && len(mnt) >= len(best) {
			best, bestType = mnt, fields[2]+" "+fields[0]
		}
	}
	for _, remote := range []string{"sshfs", "rclone", "davfs", "s3fs", "gvfs", "smb", "nfs", "webdav", "gcsfuse", "goofys"} {
		if strings.Contains(bestType, remote) {
			return true
		}
	}
	return false
}
