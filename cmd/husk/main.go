// Command husk is the husk CLI: the OCI runtime verbs, `do`, `syscalls`, and the
// hidden `boot` (the sentry) and `gofer` processes. Each verb lives in its own
// file; only main exits.
package main

import (
	"errors"
	"fmt"
	"os"
)

// exitError carries an exit status out of a command without printing anything.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	err := newRootCmd().Execute()
	if err == nil {
		os.Exit(0)
	}
	var ee exitError
	if errors.As(err, &ee) {
		os.Exit(ee.code)
	}
	fmt.Fprintf(os.Stderr, "husk: %v\n", err)
	os.Exit(125)
}
