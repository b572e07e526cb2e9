package model

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// TestCSVReadErrorsKeepTheirCause: a read error of a list reaches the
// caller (the import in store and cli) wrapped: errors.Is finds the cause
// (for --verbose, and for a caller that tells a full disk or a missing
// file apart), and the sentence the user reads is the same as before.
func TestCSVReadErrorsKeepTheirCause(t *testing.T) {
	cause := errors.New("input/output error")
	_, err := ReadCSV(iotest.ErrReader(cause), []string{"Name"})
	if !errors.Is(err, cause) {
		t.Errorf("ReadCSV: errors.Is does not find the cause in %v", err)
	}
	if err == nil || err.Error() != "Die Datei kann nicht gelesen werden: input/output error" {
		t.Errorf("ReadCSV: %v", err)
	}
	// The stream reads the header after sniffing the encoding: a reader
	// that fails there.
	_, err = OpenCSV(&failAfter{r: bytes.NewReader([]byte("Name;Ort\r\n")), err: cause}, []string{"Name"})
	if !errors.Is(err, cause) {
		t.Errorf("OpenCSV: errors.Is does not find the cause in %v", err)
	}
}

// failAfter reads r, then fails with err instead of io.EOF.
type failAfter struct {
	r   *bytes.Reader
	err error
}

func (f *failAfter) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

func (f *failAfter) Seek(off int64, whence int) (int64, error) { return f.r.Seek(off, whence) }
