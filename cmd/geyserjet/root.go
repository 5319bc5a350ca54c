package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// stdio is where a command reads and writes; tests pass buffers.
type stdio struct {
	in  io.Reader
	out io.Writer
	err io.Writer
}

// run executes the command line args and returns the process exit code: 0 on success, 1 when
// the command failed (the error is printed to stderr), 2 for a usage error.
func run(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) int {
	root := newRoot(stdio{in: in, out: out, err: errOut})
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return 0
	}
	fmt.Fprintf(errOut, "geyserjet: %v\n", err)
	if _, ok := err.(usageError); ok {
		fmt.Fprintf(errOut, "Run '%s --help' for usage.\n", cmd.CommandPath())
		return 2
	}
	return 1
}

// usageError is a wrong command line, as opposed to a failure of the command.
type usageError struct{ error }

// newRoot returns the geyserjet command with every subcommand.
func newRoot(sio stdio) *cobra.Command {
	root := &cobra.Command{
		Use:           "geyserjet",
		Short:         "GeyserJet operator CLI",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(sio.in)
	root.SetOut(sio.out)
	root.SetErr(sio.err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newCaptureCmd(sio), newDevCmd(sio), newVersionCmd(sio))
	return root
}

// args wraps a cobra argument check so that its failure is a usage error.
func args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if err := check(cmd, a); err != nil {
			return usageError{err}
		}
		return nil
	}
}
