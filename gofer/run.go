package gofer

import (
	"husk/seccomp"

	"errors"
	"fmt"
	"os"
	"runtime"

	"go.uber.org/zap"
	"golang.org/x/sys/unix"
)

// Run is the body of the `husk gofer` process: it serves mounts (the root
// first, then the bind mounts) over the connected SOCK_SEQPACKET socket fd
// (which it takes ownership of) until the peer hangs up, then returns nil.
//
// It first arranges to die with its parent (PR_SET_PDEATHSIG = SIGKILL, then
// fails if the parent is already gone), and opens every mount's directory.
// As root it then enters a private mount namespace, makes every mount
// private, and chroots into the root mount's directory; the bind mounts stay
// reachable only through the directory FDs opened before, under which every
// walk is one component at a time (never "..", never following a symlink).
// Otherwise it serves the paths as they are. It sets its umask to 0: the
// sentry applies the app's.
//
// Caveat: Go threads share one fs_struct, but unshare(CLONE_NEWNS) gives the
// calling thread a private one, so the new mount namespace and the chroot hold
// for the calling thread only. Run therefore locks its goroutine to that thread
// and serves from it, with blocking socket calls: every host call the server
// makes runs chrooted. The launcher should also start the gofer with
// CLONE_NEWNS (SysProcAttr) so the whole process is in its own mount
// namespace.
//
// DESIGN says pivot_root; chroot on a thread of a private mount namespace is
// what is built. The served tree never depends on it: the server opens
// nothing by absolute path once it serves.
func Run(mounts []Mount, fd int, log *zap.Logger) error {
	if log == nil {
		log = zap.NewNop()
	}
	conn := os.NewFile(uintptr(fd), "gofer-socket")
	if conn == nil {
		return fmt.Errorf("gofer: bad socket fd %d", fd)
	}
	defer conn.Close()
	if len(mounts) == 0 {
		return errors.New("gofer: nothing to serve")
	}

	// Stay on this thread for good: the namespace and root below are its own.
	// The goroutine returns to main, which exits; the thread is not reused.
	runtime.LockOSThread()

	if err := unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(unix.SIGKILL), 0, 0, 0); err != nil {
		return fmt.Errorf("gofer: set parent-death signal: %w", err)
	}
	if os.Getppid() == 1 {
		return errors.New("gofer: parent already exited; not serving")
	}
	roots, err := openMounts(mounts)
	if err != nil {
		return err
	}
	rootPath := mounts[0].Path
	if os.Geteuid() == 0 {
		if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
			return closeRoots(roots, fmt.Errorf("gofer: unshare mount namespace: %w", err))
		}
		if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
			return closeRoots(roots, fmt.Errorf("gofer: make / rprivate: %w", err))
		}
		if err := unix.Chroot(rootPath); err != nil {
			return closeRoots(roots, fmt.Errorf("gofer: chroot %q: %w (check --root names a directory)", rootPath, err))
		}
		if err := unix.Chdir("/"); err != nil {
			return closeRoots(roots, fmt.Errorf("gofer: chdir / after chroot: %w", err))
		}
		log.Debug("chrooted", zap.String("root", rootPath))
	} else {
		log.Debug("not root: no mount namespace or chroot; serving the paths as they are",
			zap.String("root", rootPath), zap.Int("euid", os.Geteuid()))
	}
	unix.Umask(0)
	seccomp.FixGOMAXPROCS() // the allowlist has no sched_getaffinity
	followCaller = true
	installFilter = func() error { return seccomp.Install(HostCalls) }
	return serveRoots(roots, conn, log, MaxFIDs)
}

func closeRoots(roots []*node, err error) error {
	for _, r := range roots {
		unix.Close(r.fd)
	}
	return err
}
