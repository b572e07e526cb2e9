package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// The layout of a bbolt file's head, as bbolt v1.5 writes it
// (internal/common/meta.go, page.go). Two meta pages (page 0 and page 1)
// each carry a checksummed description of the file: page size, the root
// bucket, the freelist page and the high-water mark (how many pages the
// file holds). bbolt reads pages through a memory map without checking
// that they exist: a file shorter than its meta page promises makes every
// read past the end a SIGBUS, which Go cannot recover from by default.
// preflight therefore reads the heads with ordinary reads, before bbolt
// maps anything, and refuses what would make bbolt read outside the file.
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	pageHeaderSize   = 16 // id u64, flags u16, count u16, overflow u32
	metaSize         = 64 // magic … checksum
	metaSumOffset    = 56 // the checksum covers the bytes before it
	freelistFlag     = 0x10
	noFreelist       = ^uint64(0)
	minPageSize      = 512
	maxPageSize      = 1 << 16
	maxFreelistCount = 1 << 40 // sanity bound before multiplying
)

// boltMeta is one decoded meta page.
type boltMeta struct {
	pageSize                  uint32
	root, freelist, hwm, txid uint64
	ok                        bool // magic, version and checksum right
	magic                     bool // at least the magic number is there
}

func readMeta(buf []byte) boltMeta {
	if len(buf) < pageHeaderSize+metaSize {
		return boltMeta{}
	}
	m := buf[pageHeaderSize : pageHeaderSize+metaSize]
	le := binary.NativeEndian
	var out boltMeta
	out.magic = le.Uint32(m[0:]) == boltMagic
	out.pageSize = le.Uint32(m[8:])
	out.root = le.Uint64(m[16:])
	out.freelist = le.Uint64(m[32:])
	out.hwm = le.Uint64(m[40:])
	out.txid = le.Uint64(m[48:])
	h := fnv.New64a()
	h.Write(m[:metaSumOffset])
	out.ok = out.magic && le.Uint32(m[4:]) == boltVersion && le.Uint64(m[metaSumOffset:]) == h.Sum64()
	return out
}

// fileHead is what preflight learned about a file: the page size, the
// meta page bbolt will use, and whether the other one is damaged (bbolt
// then silently works from the older state; `compact` writes both anew).
type fileHead struct {
	pageSize  int64
	meta      boltMeta
	otherBad  bool
	otherMeta int // 0 or 1: the meta page that is damaged when otherBad
}

// errNotBolt: the file is not a bbolt database at all (no meta page with
// bbolt's magic number): somebody else's file.
var errNotBolt = errors.New("keine bbolt-Datei")

// errHeadUnreadable: reading the head failed for a reason outside the file
// (a lock, an I/O error); preflight cannot judge it.
var errHeadUnreadable = errors.New("Kopf der Datei nicht lesbar")

// preflight checks the head of the open file f (size bytes) without
// mapping it: a bbolt file whose meta pages are readable and promise no
// more pages than the file has. It returns errNotBolt for a file without
// bbolt's magic number, a *ErrDamaged for one bbolt must not map, and else
// the head. It reads about two pages.
func preflight(path string, f io.ReaderAt, size int64) (fileHead, error) {
	r := &headReader{f: f, size: size}
	m0 := readMeta(r.read(0))
	head := fileHead{pageSize: pageSizeOf(r, m0)}
	if r.err != nil {
		// Not the file's fault (Windows refuses reads of a file another
		// program has locked): bbolt's own open says what is wrong.
		return head, fmt.Errorf("%w: %w", errHeadUnreadable, r.err)
	}
	if head.pageSize == 0 {
		if m0.magic || readMeta(r.read(4096)).magic {
			return head, &ErrDamaged{Path: path, Detail: "beide Kopfseiten (Meta-Seiten) sind beschädigt"}
		}
		return head, errNotBolt
	}
	m1 := readMeta(r.read(head.pageSize))
	if !head.chooseMeta(m0, m1) {
		return head, &ErrDamaged{Path: path, Detail: "beide Kopfseiten (Meta-Seiten) sind beschädigt"}
	}
	return head, checkHeadBounds(path, f, size, head)
}

// headReader reads the pieces of a file's head that hold a meta page with
// ordinary reads; the first read error outside the file stays in err.
type headReader struct {
	f    io.ReaderAt
	size int64
	err  error
}

// read gives the page header and meta of the page at off, or nil where the
// file ends before it.
func (r *headReader) read(off int64) []byte {
	const n = pageHeaderSize + metaSize
	if off < 0 || off+n > r.size {
		return nil
	}
	b := make([]byte, n)
	if got, err := r.f.ReadAt(b, off); got < len(b) {
		if err != nil && !errors.Is(err, io.EOF) && r.err == nil {
			r.err = err
		}
		return nil
	}
	return b
}

// pageSizeOf is the file's page size: the first meta page's, or, if that
// page is damaged, as bbolt does: the size at which the second meta page
// is found, trying every page size bbolt supports. 0 when neither is found.
func pageSizeOf(r *headReader, m0 boltMeta) int64 {
	if m0.ok && validPageSize(m0.pageSize) {
		return int64(m0.pageSize)
	}
	for ps := int64(1024); ps <= 16<<20 && ps < r.size-1024; ps <<= 1 {
		if m := readMeta(r.read(ps)); m.ok && int64(m.pageSize) == ps {
			return ps
		}
	}
	return 0
}

// chooseMeta picks the meta page bbolt uses: the one with the higher
// transaction number if it is valid, else the other one (db.go, DB.meta);
// it notes a damaged other page. False when both are damaged.
func (head *fileHead) chooseMeta(m0, m1 boltMeta) bool {
	a, b, bIndex := m0, m1, 1
	if m1.txid > m0.txid {
		a, b, bIndex = m1, m0, 0
	}
	switch {
	case a.ok:
		head.meta = a
		if !b.ok {
			head.otherBad, head.otherMeta = true, bIndex
		}
	case b.ok:
		head.meta = b
		head.otherBad, head.otherMeta = true, 1-bIndex
	default:
		return false
	}
	return true
}

// checkHeadBounds refuses a meta page that promises more pages than the
// file has, or a root or freelist page outside them.
func checkHeadBounds(path string, f io.ReaderAt, size int64, head fileHead) error {
	m, ps := head.meta, uint64(head.pageSize)
	if m.hwm < 4 || m.hwm > uint64(size)/ps {
		return &ErrDamaged{Path: path, Detail: fmt.Sprintf(
			"die Datei ist kürzer, als ihr Kopf verlangt (%d statt mindestens %d Bytes) – vermutlich abgeschnitten", size, m.hwm*ps)}
	}
	if m.root < 2 || m.root >= m.hwm {
		return &ErrDamaged{Path: path, Detail: "der Kopf verweist auf eine Wurzelseite außerhalb der Datei"}
	}
	if m.freelist != noFreelist {
		if m.freelist < 2 || m.freelist >= m.hwm {
			return &ErrDamaged{Path: path, Detail: "der Kopf verweist auf eine Freiliste außerhalb der Datei"}
		}
		if err := checkFreelistPage(path, f, head); err != nil {
			return err
		}
	}
	return nil
}

// checkFreelistPage makes sure the freelist page lies inside the file and
// holds no more entries than fit into it: bbolt loads it at open through
// the map, trusting both numbers.
func checkFreelistPage(path string, f io.ReaderAt, head fileHead) error {
	m, ps := head.meta, uint64(head.pageSize)
	hdr := make([]byte, pageHeaderSize+8)
	if _, err := f.ReadAt(hdr, int64(m.freelist*ps)); err != nil {
		return &ErrDamaged{Path: path, Detail: "die Freiliste ist nicht lesbar"}
	}
	le := binary.NativeEndian
	id, flags := le.Uint64(hdr[0:]), le.Uint16(hdr[8:])
	count, overflow := uint64(le.Uint16(hdr[10:])), uint64(le.Uint32(hdr[12:]))
	bad := &ErrDamaged{Path: path, Detail: "die Freiliste ist beschädigt"}
	if id != m.freelist || flags&freelistFlag == 0 || m.freelist+overflow >= m.hwm {
		return bad
	}
	room := (overflow+1)*ps - pageHeaderSize
	if count == 0xFFFF { // the real count is the first element
		count = le.Uint64(hdr[pageHeaderSize:])
		if count > maxFreelistCount || (count+1)*8 > room {
			return bad
		}
		return nil
	}
	if count*8 > room {
		return bad
	}
	return nil
}

func validPageSize(ps uint32) bool {
	return ps >= minPageSize && ps <= maxPageSize && ps&(ps-1) == 0
}

// headOf runs preflight on the file at path (for maintenance code that
// does not open it through openBolt).
func headOf(path string) (fileHead, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileHead{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fileHead{}, err
	}
	return preflight(path, f, fi.Size())
}
