package syscalls

import (
	"golang.org/x/sys/unix"

	"husk/sentry/errno"
	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

func init() {
	reg("fsync", Supported, "files and directories of gofer mounts (and the app's stdio when a host file) reach the disk through donated FDs; tmpfs has nothing to flush", sysFsync)
	reg("fdatasync", Supported, "as fsync, with a host fdatasync", sysFdatasync)
	reg("syncfs", Supported, "the host filesystem of a donated FD (host syncfs); else nothing to flush", sysSyncfs)
	reg("sync", Partial, "flushes the host filesystems of the writable gofer mounts (host syncfs); the app's stdio redirected to a host file is not flushed (fsync it)", sysSync)
	reg("sync_file_range", Supported, "arguments checked as Linux does; writes already went to the host's page cache, so it starts no write-back", sysSyncFileRange)
}

// syncFile flushes f: a host-backed file through the host, a sentry file
// (tmpfs) needs nothing. Files Linux has no fsync for (pipes, sockets,
// devices) are EINVAL.
func syncFile(t *kernel.Task, fd uintptr, dataOnly bool) (uintptr, error) {
	f, err := getFile(t, fd)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if f.Flags()&unix.O_PATH != 0 {
		return 0, unix.EBADF
	}
	if s, ok := f.Impl.(vfs.Syncer); ok {
		return 0, errno.FromHost(s.Sync(dataOnly))
	}
	st, err := f.Impl.Stat()
	if err != nil {
		return 0, err
	}
	if st.IsRegular() || st.IsDir() {
		return 0, nil
	}
	return 0, unix.EINVAL
}

func sysFsync(t *kernel.Task, a Args) (uintptr, error)     { return syncFile(t, a[0], false) }
func sysFdatasync(t *kernel.Task, a Args) (uintptr, error) { return syncFile(t, a[0], true) }

// sysSync flushes every writable host mount; sync(2) cannot fail.
func sysSync(t *kernel.Task, a Args) (uintptr, error) {
	vfs.SyncMounts()
	return 0, nil
}

func sysSyncfs(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if f.Flags()&unix.O_PATH != 0 {
		return 0, unix.EBADF
	}
	if s, ok := f.Impl.(vfs.FSSyncer); ok {
		return 0, errno.FromHost(s.SyncFS())
	}
	return 0, nil
}

func sysSyncFileRange(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if f.Flags()&unix.O_PATH != 0 {
		return 0, unix.EBADF
	}
	off, n, flags := int64(a[1]), int64(a[2]), a[3]
	const all = unix.SYNC_FILE_RANGE_WAIT_BEFORE | unix.SYNC_FILE_RANGE_WRITE | unix.SYNC_FILE_RANGE_WAIT_AFTER
	if flags&^all != 0 || off < 0 || n < 0 || off+n < off {
		return 0, unix.EINVAL
	}
	st, err := f.Impl.Stat()
	if err != nil {
		return 0, err
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFREG, unix.S_IFDIR, unix.S_IFBLK:
		return 0, nil
	}
	return 0, unix.ESPIPE
}
