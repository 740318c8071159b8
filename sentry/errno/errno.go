// Package errno is the sentry's one error type for app-visible failures: a Linux
// errno. Host errors are translated to it here, in one place (FromHost), and
// restart codes that must never reach the app are defined here too.
//
// It never calls the host.
package errno

import (
	"errors"

	"golang.org/x/sys/unix"
)

// Errno is a Linux error number as the app sees it.
type Errno = unix.Errno

// Restart codes, as in Linux: they tell the task loop to restart an interrupted
// syscall; they are translated to EINTR (or restarted) before the app can see them.
const (
	ERESTARTSYS           Errno = 512
	ERESTARTNOINTR        Errno = 513
	ERESTARTNOHAND        Errno = 514
	ERESTART_RESTARTBLOCK Errno = 516
)

// FromHost turns an error from a host call (or anything wrapping one) into the
// errno the app should see. Anything that is not an errno becomes EIO.
func FromHost(err error) Errno {
	if err == nil {
		return 0
	}
	var e unix.Errno
	if errors.As(err, &e) {
		return e
	}
	return unix.EIO
}

// Of returns err as an Errno if it is one, else EIO; nil gives 0.
func Of(err error) Errno { return FromHost(err) }
