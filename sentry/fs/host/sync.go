package host

import (
	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

var (
	_ vfs.Syncer   = (*File)(nil)
	_ vfs.FSSyncer = (*File)(nil)
)

// Sync implements vfs.Syncer: stdio redirected to a host file reaches the
// disk; any other kind (a pipe, a tty) is EINVAL without a host call, as
// Linux says for files with no fsync.
func (f *File) Sync(dataOnly bool) error {
	if !f.seekable {
		return unix.EINVAL
	}
	for {
		var err error
		if dataOnly {
			err = unix.Fdatasync(f.fd)
		} else {
			err = unix.Fsync(f.fd)
		}
		if err != unix.EINTR {
			return err
		}
	}
}

// SyncFS implements vfs.FSSyncer.
func (f *File) SyncFS() error {
	if !f.seekable {
		return nil
	}
	for {
		err := unix.Syncfs(f.fd)
		if err != unix.EINTR {
			return err
		}
	}
}

var _ vfs.LockDomainer = (*File)(nil)

// LockDomain implements vfs.LockDomainer: the app's stdio are host files,
// in the same domain as the gofer's.
func (f *File) LockDomain() string { return vfs.HostLockDomain }
