package vfs

import "sync"

// Every mounted filesystem root that lives on the host (an FSSyncer: the
// gofer's mounts) is remembered so that sync(2) can flush them all.
var mountSyncers struct {
	mu   sync.Mutex
	list []FSSyncer
}

// registerMount remembers ino if it can flush its filesystem.
func registerMount(ino Inode) {
	s, ok := ino.(FSSyncer)
	if !ok {
		return
	}
	mountSyncers.mu.Lock()
	mountSyncers.list = append(mountSyncers.list, s)
	mountSyncers.mu.Unlock()
}

// SyncMounts flushes every mounted host filesystem (sync(2)); all are tried
// and the first error is returned. Filesystems of the sentry's own (tmpfs,
// proc) have nothing to flush.
func SyncMounts() error {
	mountSyncers.mu.Lock()
	list := append([]FSSyncer(nil), mountSyncers.list...)
	mountSyncers.mu.Unlock()
	var first error
	for _, s := range list {
		if err := s.SyncFS(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
