// Package capture reads and writes capture files: Yellowstone SubscribeUpdate messages, each
// preceded by its length as a protobuf varint — the length-delimited format of
// google.golang.org/protobuf/encoding/protodelim, holding the same bytes a provider sends.
// geysersim replays them, `geyserjet capture import-rpc` builds them from RPC JSON and
// `geyserjet capture inspect` decodes them.
//
// A Writer marshals deterministically, so the same updates always give the same file. A
// Reader reports a truncated or corrupt file with the number and byte offset of the record
// that failed. Neither is safe for concurrent use; neither buffers beyond one record, so wrap
// a file in a bufio.Writer or bufio.Reader (NewReader does that itself).
package capture

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/encoding/protodelim"
	"google.golang.org/protobuf/proto"
)

// MaxRecord is the largest record a Reader accepts, in bytes; a larger length prefix means a
// corrupt file.
const MaxRecord = 64 << 20

// ErrTruncated means the file ended inside a record.
var ErrTruncated = errors.New("truncated")

// ErrCorrupt means a record's length prefix or message bytes are not valid.
var ErrCorrupt = errors.New("corrupt")

// Error is a failure to read one record. It wraps ErrTruncated, ErrCorrupt or the error of the
// underlying reader.
type Error struct {
	Record int   // 1 for the first record of the file
	Offset int64 // byte offset of the record's length prefix in the file
	Err    error
}

func (e *Error) Error() string {
	return fmt.Sprintf("capture: record %d at offset %d: %v", e.Record, e.Offset, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Writer writes updates to a capture file. It is not safe for concurrent use.
type Writer struct {
	w       io.Writer
	opts    protodelim.MarshalOptions
	records int
	offset  int64
}

// NewWriter returns a Writer that writes to w, one Write call per record.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w, opts: protodelim.MarshalOptions{MarshalOptions: proto.MarshalOptions{Deterministic: true}}}
}

// Write appends one update. It returns the error of marshaling or of the underlying writer.
func (w *Writer) Write(u *pb.SubscribeUpdate) error {
	n, err := w.opts.MarshalTo(w.w, u)
	w.offset += int64(n)
	if err != nil {
		return fmt.Errorf("capture: write record %d at offset %d: %w", w.records+1, w.offset-int64(n), err)
	}
	w.records++
	return nil
}

// Records returns the number of records written.
func (w *Writer) Records() int { return w.records }

// Offset returns the number of bytes written.
func (w *Writer) Offset() int64 { return w.offset }

// Reader reads updates from a capture file. It is not safe for concurrent use.
type Reader struct {
	r       *bufio.Reader
	records int
	offset  int64
	buf     []byte
	err     error
}

// NewReader returns a Reader that reads from r (buffered).
func NewReader(r io.Reader) *Reader {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	return &Reader{r: br}
}

// Next returns the next update. At a clean end of the file it returns io.EOF; a file that ends
// inside a record, or holds an invalid record, gives an *Error wrapping ErrTruncated or
// ErrCorrupt. After the first error every call returns it again.
func (r *Reader) Next() (*pb.SubscribeUpdate, error) {
	if r.err != nil {
		return nil, r.err
	}
	u, err := r.next()
	if err != nil {
		r.err = err
		return nil, err
	}
	return u, nil
}

func (r *Reader) next() (*pb.SubscribeUpdate, error) {
	start := r.offset
	fail := func(err error) error { return &Error{Record: r.records + 1, Offset: start, Err: err} }

	// The length prefix, a varint of at most 10 bytes.
	var size uint64
	for i := 0; ; i++ {
		c, err := r.r.ReadByte()
		if err == io.EOF {
			if i == 0 {
				return nil, io.EOF
			}
			return nil, fail(fmt.Errorf("%w: length prefix cut after %d bytes", ErrTruncated, i))
		}
		if err != nil {
			return nil, fail(err)
		}
		r.offset++
		if i == 9 && c > 1 {
			return nil, fail(fmt.Errorf("%w: length prefix overflows 64 bits", ErrCorrupt))
		}
		size |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			break
		}
	}
	if size > MaxRecord {
		return nil, fail(fmt.Errorf("%w: record length %d exceeds %d", ErrCorrupt, size, MaxRecord))
	}

	// The message. Past the capacity in hand the buffer grows as bytes arrive (doubling), so
	// a bogus length costs no memory.
	r.buf = r.buf[:0]
	for uint64(len(r.buf)) < size {
		n := len(r.buf)
		want := int(min(size, uint64(max(cap(r.buf), 2*n, 64<<10))))
		if want > cap(r.buf) {
			r.buf = append(r.buf[:n:n], make([]byte, want-n)...)
		}
		r.buf = r.buf[:want]
		got, err := io.ReadFull(r.r, r.buf[n:])
		r.offset += int64(got)
		r.buf = r.buf[:n+got]
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, fail(fmt.Errorf("%w: need %d bytes, have %d", ErrTruncated, size, len(r.buf)))
		}
		if err != nil {
			return nil, fail(err)
		}
	}
	u := new(pb.SubscribeUpdate)
	if err := proto.Unmarshal(r.buf, u); err != nil {
		return nil, fail(fmt.Errorf("%w: %d-byte message: %v", ErrCorrupt, size, err))
	}
	r.records++
	return u, nil
}

// Records returns the number of records read.
func (r *Reader) Records() int { return r.records }

// Offset returns the number of bytes read, the offset of the next record.
func (r *Reader) Offset() int64 { return r.offset }
