package store

import (
	"os"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// dropsPages: see pageDropper.
const dropsPages = true

// dropMappedPages tells the kernel that the process no longer needs the
// pages of the database file that reads have mapped in (madvise
// MADV_DONTNEED): they leave the process's resident memory and stay in the
// operating system's file cache. See pageDropper.
//
// Why this is safe:
//
//   - bbolt maps the file read-only and shared (PROT_READ, MAP_SHARED) and
//     writes only with pwrite, never through the map. For such a mapping
//     MADV_DONTNEED only removes page table entries: the next read of an
//     address faults the page in again with the file's current content
//     (madvise(2)). Nothing can be lost or changed; readers running at the
//     same time in other transactions at most fault a page in once more.
//   - The range lies inside the mapping. This matters: a range past its end
//     could hit other memory of the process (Go heap pages would come back
//     as zeros). It starts at the mapping's start (DB.Info().Data) and is as
//     long as the transaction's high-water mark (Tx.Size: pages in use ×
//     page size). bbolt grows the map before it hands out a page beyond it
//     (DB.allocate remaps when (id+count+1)·pageSize ≥ the mapped size), so
//     every committed high-water mark, this transaction's included, lies
//     inside the map.
//     A damaged file could claim more pages than it has (a high-water mark
//     past its end) and so past the map, which bbolt makes at least as
//     large as the file: then nothing is dropped. A commit grows the file
//     before it writes the new mark, so a sound mark never exceeds the file.
//   - The map cannot move meanwhile: the caller is inside the read
//     transaction, which holds bbolt's mmaplock for reading; bbolt unmaps
//     and remaps only with it held for writing.
func dropMappedPages(btx *bolt.Tx) {
	size := btx.Size()
	if fi, err := os.Stat(btx.DB().Path()); err != nil || size <= 0 || size > fi.Size() {
		return
	}
	addr := btx.DB().Info().Data
	// Advice only: on an error the pages simply stay mapped.
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, addr, uintptr(size), syscall.MADV_DONTNEED)
}
