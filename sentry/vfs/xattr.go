package vfs

import (
	"sort"
	"sync"

	"golang.org/x/sys/unix"
)

// Extended attribute limits (linux/limits.h) and setxattr's flags.
const (
	XattrNameMax = 255
	XattrSizeMax = 65536
	XattrCreate  = 1
	XattrReplace = 2
	// XattrListMax bounds listxattr's list, as Linux's XATTR_LIST_MAX.
	XattrListMax = 65536
)

// XattrOps is implemented by inodes that keep extended attributes (tmpfs);
// elsewhere the xattr calls say EOPNOTSUPP. Names arrive checked (a known
// namespace, at most XattrNameMax bytes) and permission is the caller's
// business (the namespaces' rules need the task's credentials).
type XattrOps interface {
	// GetXattr returns name's value. Errors: ENODATA.
	GetXattr(name string) ([]byte, error)
	// SetXattr sets name to value; flags XattrCreate (EEXIST if it is
	// there) or XattrReplace (ENODATA if not). Errors: ENOSPC.
	SetXattr(name string, value []byte, flags int) error
	// ListXattr returns every name, sorted.
	ListXattr() []string
	// RemoveXattr removes name. Errors: ENODATA.
	RemoveXattr(name string) error
}

// Xattrs is an in-memory XattrOps for filesystems of the sentry's own, to
// embed (the zero value is empty and ready). Its lock is a leaf.
type Xattrs struct {
	mu    sync.Mutex
	m     map[string][]byte
	bytes int // names and values, bounded by xattrsMax
}

// xattrsMax bounds the names and values one inode keeps.
const xattrsMax = 1 << 20

var _ XattrOps = (*Xattrs)(nil)

// GetXattr implements XattrOps.
func (x *Xattrs) GetXattr(name string) ([]byte, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	v, ok := x.m[name]
	if !ok {
		return nil, unix.ENODATA
	}
	return append([]byte(nil), v...), nil
}

// SetXattr implements XattrOps.
func (x *Xattrs) SetXattr(name string, value []byte, flags int) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	old, ok := x.m[name]
	switch {
	case ok && flags&XattrCreate != 0:
		return unix.EEXIST
	case !ok && flags&XattrReplace != 0:
		return unix.ENODATA
	}
	n := x.bytes + len(value)
	if ok {
		n -= len(old)
	} else {
		n += len(name)
	}
	if n > xattrsMax {
		return unix.ENOSPC
	}
	if x.m == nil {
		x.m = make(map[string][]byte)
	}
	x.m[name] = append([]byte(nil), value...)
	x.bytes = n
	return nil
}

// ListXattr implements XattrOps.
func (x *Xattrs) ListXattr() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	names := make([]string, 0, len(x.m))
	for n := range x.m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// RemoveXattr implements XattrOps.
func (x *Xattrs) RemoveXattr(name string) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	v, ok := x.m[name]
	if !ok {
		return unix.ENODATA
	}
	delete(x.m, name)
	x.bytes -= len(name) + len(v)
	return nil
}
