package lookup

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"time"

	"stabsstelle/model"
)

// The asking side: a command that finds the database held by another
// program sends its request over the socket.

// Ask sends req to the program holding dbPath and returns its answer. An
// answer may carry an Error (a German sentence from that program). The
// error is ErrNotListening when nobody could be reached, otherwise
// another error wrapping ErrNoAnswer when no valid answer came in time.
func Ask(dbPath string, req Request) (Response, error) {
	path := SocketPath(dbPath)
	if privateDir(filepath.Dir(path), false) != nil {
		return Response{}, ErrNotListening
	}
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&fs.ModeSocket == 0 || !ownedBySelf(fi) {
		return Response{}, ErrNotListening
	}
	c, err := net.DialTimeout("unix", path, dialTimeout)
	if err != nil {
		return Response{}, ErrNotListening // a socket left by a killed program
	}
	defer c.Close()
	wait := answerTimeout
	if req.Verb == VerbMerge {
		wait = mergeTimeout
	}
	_ = c.SetDeadline(time.Now().Add(wait))
	b, err := json.Marshal(req)
	if err != nil {
		return Response{}, fmt.Errorf("%w: %w", ErrNoAnswer, err)
	}
	// A busy holder answers at once and closes without reading: the write
	// may fail then, but its answer is there to read.
	_, werr := c.Write(append(b, '\n'))
	line, err := bufio.NewReader(io.LimitReader(c, maxResponse)).ReadBytes('\n')
	if werr != nil && len(line) == 0 {
		return Response{}, fmt.Errorf("%w: %w", ErrNoAnswer, werr)
	}
	if err != nil && !(errors.Is(err, io.EOF) && len(line) > 0) {
		return Response{}, fmt.Errorf("%w: %w", ErrNoAnswer, err)
	}
	var resp Response
	if err := json.Unmarshal(line, &resp); err != nil {
		return Response{}, fmt.Errorf("%w: %w", ErrNoAnswer, err)
	}
	for i := range resp.Today { // as TodayItems gives them
		resp.Today[i].Start = resp.Today[i].Start.In(model.Berlin)
		resp.Today[i].End = resp.Today[i].End.In(model.Berlin)
	}
	return resp, nil
}
