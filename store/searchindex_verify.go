package store

import (
	"bytes"
	"fmt"
)

// verifySearch reports whether the search index holds exactly the postings
// the records of c imply: both sides are added up as fingerprints
// (fingerprint.go), so memory stays flat; it returns a German sentence when
// they differ. Called by Collection.Verify (check, daily backup).
func (c *Collection[T, P]) verifySearch(tx *Tx, fp *fingerprinter, implied *entrySum) []string {
	if c.Search == nil {
		return nil
	}
	var have entrySum
	if b := tx.btx.Bucket(bucketSearch); b != nil {
		prefix := []byte(c.Kind + "\x01")
		cur := b.Cursor()
		for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
			i := bytes.IndexByte(k[len(prefix):], 0)
			if i < 0 {
				continue
			}
			token := k[len(prefix) : len(prefix)+i]
			// A chunk with a wrong checksum is named by the check of all
			// values; here it counts as it reads (inner, fingerprint.go).
			for _, r := range parseChunk(inner(k, v)) {
				have.add(fp.index(token, refID(r), nil))
			}
		}
	}
	if have != *implied {
		return []string{fmt.Sprintf("Das Suchverzeichnis von %s passt nicht zu den Datensätzen (%d statt %d Einträge); die Suche findet nicht alles.",
			c.Label, have.n, implied.n)}
	}
	return nil
}
