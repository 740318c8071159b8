package gofer

import (
	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

var (
	_ vfs.FSSyncer = (*regFile)(nil)
	_ vfs.FSSyncer = (*dirFile)(nil)
	_ vfs.FSSyncer = (*Inode)(nil)
)

// SyncFS implements vfs.FSSyncer for a mount's root (sync(2)): the host
// filesystem of a writable mount, through a directory FD the gofer donates.
// A read-only mount holds nothing of the sandbox's to flush.
func (i *Inode) SyncFS() error {
	if !i.fs.writable {
		return nil
	}
	fd, err := i.fs.c.Open(i.fid, unix.O_RDONLY|unix.O_DIRECTORY)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	return retry(func() error { return unix.Syncfs(fd) })
}

// SyncFS implements vfs.FSSyncer: syncfs of the host filesystem under the
// donated FD.
func (f *regFile) SyncFS() error { return retry(func() error { return unix.Syncfs(f.fd) }) }

// SyncFS implements vfs.FSSyncer through a directory FD the gofer donates,
// as Sync does.
func (d *dirFile) SyncFS() error {
	fd, err := d.i.fs.c.Open(d.i.fid, unix.O_RDONLY|unix.O_DIRECTORY)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	return retry(func() error { return unix.Syncfs(fd) })
}
