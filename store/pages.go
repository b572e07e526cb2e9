package store

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"

	bolt "go.etcd.io/bbolt"
)

// bbolt's structure check (tx.Check) runs in a goroutine of its own, which
// cannot be told to survive a fault (debug.SetPanicOnFault is per
// goroutine), and it trusts every offset and page number it reads: a
// flipped bit in a key's length or a child's page number sends it through
// the memory map outside the file (a fault: the program dies) or round in
// a circle (its recursion overflows the stack: the program dies). So
// before it runs, checkPages walks the same tree from the file with
// ordinary reads and makes sure every page it reaches lies inside the
// file, is reached once, has the type its parent expects, and that every
// element, key and value lies inside its page. Only a tree that passes is
// handed to bbolt's check.

// Page layout (bbolt internal/common/page.go), little-endian on the
// platforms the program runs on.
const (
	branchFlag     = 0x01
	leafFlag       = 0x02
	bucketLeafFlag = 0x01 // in a leaf element's flags: the value is a bucket
	elemSize       = 16   // branch and leaf elements alike
	inBucketSize   = 16   // root page id, sequence
	maxPageProblem = 5
)

// pageWalker reads pages of one file at a time.
type pageWalker struct {
	f        io.ReaderAt
	ps, hwm  uint64
	seen     map[uint64]bool
	problems []string
}

// checkPages walks the tree of tx from its root bucket and returns German
// problems (none: bbolt's check may run).
func checkPages(tx *bolt.Tx) []string {
	f, err := os.Open(tx.DB().Path())
	if err != nil {
		return []string{"Die Datei kann zur Prüfung nicht gelesen werden: " + ioError(err, "").Error()}
	}
	defer f.Close()
	ps := uint64(tx.DB().Info().PageSize)
	w := &pageWalker{f: f, ps: ps, hwm: uint64(tx.Size()) / ps, seen: map[uint64]bool{}}
	w.page(uint64(tx.Cursor().Bucket().Root()), 0)
	return w.problems
}

func (w *pageWalker) fail(format string, args ...any) {
	if len(w.problems) < maxPageProblem {
		w.problems = append(w.problems, "Dateistruktur: "+fmt.Sprintf(format, args...))
	}
}

// page checks page id and everything below it. depth guards against trees
// deeper than any real one.
func (w *pageWalker) page(id uint64, depth int) {
	if len(w.problems) >= maxPageProblem {
		return
	}
	switch {
	case id < 2 || id >= w.hwm:
		w.fail("ein Verweis zeigt auf Seite %d, außerhalb der Datei (%d Seiten).", id, w.hwm)
		return
	case w.seen[id]:
		w.fail("Seite %d wird mehrfach benutzt.", id)
		return
	case depth > 64:
		w.fail("der Baum der Datei ist unmöglich tief (Seite %d).", id)
		return
	}
	w.seen[id] = true
	hdr := make([]byte, pageHeaderSize)
	if _, err := w.f.ReadAt(hdr, int64(id*w.ps)); err != nil {
		w.fail("Seite %d ist nicht lesbar.", id)
		return
	}
	le := binary.NativeEndian
	pid, flags := le.Uint64(hdr), le.Uint16(hdr[8:])
	overflow := uint64(le.Uint32(hdr[12:]))
	if pid != id {
		w.fail("Seite %d trägt die Nummer %d.", id, pid)
		return
	}
	if id+overflow >= w.hwm {
		w.fail("Seite %d reicht über das Ende der Datei hinaus.", id)
		return
	}
	for i := uint64(1); i <= overflow; i++ {
		w.seen[id+i] = true
	}
	buf := make([]byte, (overflow+1)*w.ps)
	if _, err := w.f.ReadAt(buf, int64(id*w.ps)); err != nil {
		w.fail("Seite %d ist nicht lesbar.", id)
		return
	}
	switch {
	case flags&branchFlag != 0:
		w.branch(id, buf, depth)
	case flags&leafFlag != 0:
		w.leaf(id, buf, depth)
	default:
		w.fail("Seite %d hat einen ungültigen Typ (%#x).", id, flags)
	}
}

// elements checks that count elements and the bytes they point to lie
// inside p (a page, or an inline bucket's page inside a value). It
// returns false after reporting.
func (w *pageWalker) elements(id uint64, p []byte, leaf bool) bool {
	le := binary.NativeEndian
	count := uint64(le.Uint16(p[10:]))
	if pageHeaderSize+count*elemSize > uint64(len(p)) {
		w.fail("Seite %d nennt mehr Einträge (%d), als hineinpassen.", id, count)
		return false
	}
	for i := uint64(0); i < count; i++ {
		at := pageHeaderSize + i*elemSize
		e := p[at : at+elemSize]
		var pos, ksize, vsize uint64
		if leaf {
			pos, ksize, vsize = uint64(le.Uint32(e[4:])), uint64(le.Uint32(e[8:])), uint64(le.Uint32(e[12:]))
		} else {
			pos, ksize = uint64(le.Uint32(e[0:])), uint64(le.Uint32(e[4:]))
		}
		if at+pos+ksize+vsize > uint64(len(p)) {
			w.fail("ein Eintrag auf Seite %d reicht über die Seite hinaus.", id)
			return false
		}
	}
	return true
}

func (w *pageWalker) branch(id uint64, p []byte, depth int) {
	if !w.elements(id, p, false) {
		return
	}
	le := binary.NativeEndian
	count := uint64(le.Uint16(p[10:]))
	if count == 0 {
		w.fail("Seite %d ist ein leerer Verzweigungsknoten.", id)
		return
	}
	for i := uint64(0); i < count; i++ {
		at := pageHeaderSize + i*elemSize
		w.page(le.Uint64(p[at+8:]), depth+1)
	}
}

func (w *pageWalker) leaf(id uint64, p []byte, depth int) {
	if !w.elements(id, p, true) {
		return
	}
	le := binary.NativeEndian
	count := uint64(le.Uint16(p[10:]))
	for i := uint64(0); i < count; i++ {
		at := pageHeaderSize + i*elemSize
		e := p[at : at+elemSize]
		if le.Uint32(e)&bucketLeafFlag == 0 {
			continue
		}
		pos, ksize, vsize := uint64(le.Uint32(e[4:])), uint64(le.Uint32(e[8:])), uint64(le.Uint32(e[12:]))
		v := p[at+pos+ksize : at+pos+ksize+vsize]
		if len(v) < inBucketSize {
			w.fail("ein Bucket auf Seite %d ist zu kurz.", id)
			continue
		}
		root := le.Uint64(v)
		if root != 0 {
			w.page(root, depth+1)
			continue
		}
		// An inline bucket: its page follows the header inside the value.
		inline := v[inBucketSize:]
		if len(inline) < pageHeaderSize {
			w.fail("ein eingebetteter Bucket auf Seite %d ist zu kurz.", id)
			continue
		}
		if le.Uint16(inline[8:])&leafFlag == 0 {
			w.fail("ein eingebetteter Bucket auf Seite %d ist beschädigt.", id)
			continue
		}
		w.leaf(id, inline, depth+1)
	}
}
