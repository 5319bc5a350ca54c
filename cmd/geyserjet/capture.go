package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"github.com/spf13/cobra"

	"github.com/geyserjet/geyserjet/pkg/capture"
	"github.com/geyserjet/geyserjet/pkg/decoder"
	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/rpcjson"
)

func newCaptureCmd(sio stdio) *cobra.Command {
	c := &cobra.Command{
		Use:   "capture",
		Short: "Build and read capture files (length-delimited Yellowstone SubscribeUpdates)",
	}
	c.AddCommand(newImportRPCCmd(sio), newInspectCmd(sio))
	return c
}

// importOptions configure importRPC.
type importOptions struct {
	Output    string // capture file to write; "" or "-" for stdout
	Slot      uint64 // slot for documents without one
	BlockTime int64  // block time for documents without one; 0 unknown
}

func newImportRPCCmd(sio stdio) *cobra.Command {
	var opts importOptions
	c := &cobra.Command{
		Use:   "import-rpc FILE|DIR...",
		Short: "Convert Solana RPC JSON (getTransaction, getAccountInfo, blockSubscribe, Yellowstone JSON) to a capture",
		Long: `import-rpc converts JSON documents to one capture file: each argument is a JSON file, or a
directory whose *.json files are taken in name order. What a document could not carry exactly is
noted on stderr, prefixed by its file name, followed by a summary line.`,
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, paths []string) error {
			return importRPC(paths, opts, sio)
		},
	}
	c.Flags().StringVarP(&opts.Output, "output", "o", "", "capture file to write (default: stdout)")
	c.Flags().Uint64Var(&opts.Slot, "slot", 0, "slot for documents without one (blockSubscribe entries, bare accounts)")
	c.Flags().Int64Var(&opts.BlockTime, "block-time", 0, "block time (unix seconds) for documents without one")
	return c
}

// importRPC imports every JSON file of paths into one capture. Nothing is written when a file
// fails: the error names the file.
func importRPC(paths []string, opts importOptions, sio stdio) error {
	files, err := jsonFiles(paths)
	if err != nil {
		return err
	}
	var updates []*pb.SubscribeUpdate
	var txs, accounts int
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("import-rpc: %w", err)
		}
		res, err := rpcjson.Import(data, rpcjson.Options{Slot: opts.Slot, BlockTime: opts.BlockTime})
		if err != nil {
			return fmt.Errorf("import-rpc: %s: %w", f, err)
		}
		for _, n := range res.Notes {
			fmt.Fprintf(sio.err, "%s: %s\n", f, n)
		}
		for _, u := range res.Updates {
			switch {
			case u.GetTransaction() != nil:
				txs++
			case u.GetAccount() != nil:
				accounts++
			}
		}
		updates = append(updates, res.Updates...)
	}
	n, err := writeCapture(opts.Output, updates, sio.out)
	if err != nil {
		return fmt.Errorf("import-rpc: %w", err)
	}
	dest := opts.Output
	if dest == "" || dest == "-" {
		dest = "stdout"
	}
	fmt.Fprintf(sio.err, "import-rpc: %d files, %d transactions, %d accounts: %d updates, %d bytes to %s\n",
		len(files), txs, accounts, len(updates), n, dest)
	return nil
}

// jsonFiles expands the arguments: files as given, directories to their *.json files in order.
func jsonFiles(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("import-rpc: %w", err)
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		m, err := filepath.Glob(filepath.Join(p, "*.json"))
		if err != nil {
			return nil, fmt.Errorf("import-rpc: %s: %w", p, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("import-rpc: %s: no *.json files", p)
		}
		sort.Strings(m)
		files = append(files, m...)
	}
	return files, nil
}

// writeCapture writes updates to the file at path (through a temporary file renamed at the
// end, so a failure leaves no partial capture), or to stdout when path is "" or "-". It returns
// the number of bytes written.
func writeCapture(path string, updates []*pb.SubscribeUpdate, stdout io.Writer) (int64, error) {
	if path == "" || path == "-" {
		bw := bufio.NewWriter(stdout)
		w := capture.NewWriter(bw)
		for _, u := range updates {
			if err := w.Write(u); err != nil {
				return 0, err
			}
		}
		return w.Offset(), bw.Flush()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	bw := bufio.NewWriter(tmp)
	w := capture.NewWriter(bw)
	for _, u := range updates {
		if err := w.Write(u); err != nil {
			tmp.Close()
			return 0, err
		}
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return 0, err
	}
	return w.Offset(), os.Rename(tmp.Name(), path)
}

// inspectOptions configure inspect.
type inspectOptions struct {
	IncludeFailed bool
	Summary       bool
	Now           string // RFC 3339 receive time of every event; "" for the current time
}

func newInspectCmd(sio stdio) *cobra.Command {
	var opts inspectOptions
	c := &cobra.Command{
		Use:   "inspect FILE|-",
		Short: "Decode a capture and print its events, one JSON object per line",
		Long: `inspect decodes every update of a capture file ("-" reads stdin) and prints each event as
{"subject": …, "msg_id": …, "event": {…}}, the event being the JSON that would be published.
Updates that do not decode are reported on stderr with their record number; the run goes on.
A truncated or corrupt capture stops it with an error giving the record's byte offset.`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			return inspect(cmd.Context(), a[0], opts, sio)
		},
	}
	c.Flags().BoolVar(&opts.IncludeFailed, "include-failed", false, "also decode failed transactions (their events did not happen)")
	c.Flags().BoolVar(&opts.Summary, "summary", false, "print counts by program and kind, and the decoder's statistics, instead of the events")
	c.Flags().StringVar(&opts.Now, "now", "", "RFC 3339 receive time written in every event, for reproducible output (default: the current time)")
	return c
}

// line is one event as inspect prints it; the same shape as decodertest.Line, which the golden
// files hold.
type line struct {
	Subject string          `json:"subject"`
	MsgID   string          `json:"msg_id"`
	Event   json.RawMessage `json:"event"`
}

// inspect decodes the capture at path ("-" for stdin) and prints its events or a summary. It
// stops early, returning nil, when ctx is canceled.
func inspect(ctx context.Context, path string, opts inspectOptions, sio stdio) (err error) {
	dopts := decoder.Options{IncludeFailed: opts.IncludeFailed}
	if opts.Now != "" {
		now, err := time.Parse(time.RFC3339Nano, opts.Now)
		if err != nil {
			return usageError{fmt.Errorf("--now: %w", err)}
		}
		dopts.Now = func() time.Time { return now }
	}
	in := sio.in
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("inspect: %w", err)
		}
		defer f.Close()
		in = f
	}
	out := bufio.NewWriter(sio.out)
	defer func() {
		if ferr := out.Flush(); err == nil && ferr != nil {
			err = fmt.Errorf("inspect: %w", ferr)
		}
	}()

	r := capture.NewReader(in)
	d := decoder.New(dopts)
	var evs []events.Event
	kinds := map[string]uint64{}
	decodeErrs := 0
	for ctx.Err() == nil {
		u, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("inspect: %s: %w", path, err)
		}
		var derr error
		evs, derr = d.Decode(u, evs[:0])
		if derr != nil {
			decodeErrs++
			fmt.Fprintf(sio.err, "inspect: record %d: %v\n", r.Records(), strings.ReplaceAll(derr.Error(), "\n", "; "))
		}
		for i := range evs {
			e := &evs[i]
			if opts.Summary {
				kinds[string(e.Body.Program())+" "+string(e.Body.Kind())]++
				continue
			}
			b, err := json.Marshal(line{Subject: e.Subject(), MsgID: e.MsgID(), Event: e.AppendJSON(nil)})
			if err != nil {
				return fmt.Errorf("inspect: record %d: event %s: %w", r.Records(), e.MsgID(), err)
			}
			out.Write(b)
			out.WriteByte('\n')
		}
	}
	if opts.Summary {
		printSummary(out, r.Records(), r.Offset(), d.Stats(), kinds, decodeErrs)
	}
	return nil
}

func printSummary(w io.Writer, records int, size int64, st decoder.Stats, kinds map[string]uint64, decodeErrs int) {
	fmt.Fprintf(w, "records            %d (%d bytes)\n", records, size)
	fmt.Fprintf(w, "updates            %d\n", st.Updates)
	fmt.Fprintf(w, "transactions       %d\n", st.Transactions)
	fmt.Fprintf(w, "accounts           %d\n", st.Accounts)
	fmt.Fprintf(w, "failed skipped     %d\n", st.Failed)
	fmt.Fprintf(w, "events             %d\n", st.Events)
	fmt.Fprintf(w, "updates with decode errors %d\n", decodeErrs)
	section := func(title string, m map[string]uint64) {
		fmt.Fprintf(w, "%s:", title)
		if len(m) == 0 {
			fmt.Fprintln(w, " none")
			return
		}
		fmt.Fprintln(w)
		for _, k := range decoder.SortedKeys(m) {
			fmt.Fprintf(w, "  %-60s %d\n", k, m[k])
		}
	}
	section("events by program and kind", kinds)
	section("decode errors by program", st.Errors)
	section("unknown discriminators", st.Unknown)
}
