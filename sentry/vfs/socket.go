package vfs

// SocketMaker is implemented by directories that can hold socket files
// (bind(2) of a unix socket to a path: tmpfs). A directory without it
// cannot (EPERM, as Linux's mknod on a filesystem without one).
type SocketMaker interface {
	// MakeSocket makes a socket inode bound to ep. Errors: EEXIST.
	MakeSocket(name string, mode, uid, gid uint32, ep any) (Inode, error)
}

// BoundSocket is implemented by socket inodes: Endpoint returns what was
// bound there (the sentry's unix socket), or nil (a socket file made
// outside the sandbox, which nothing in it listens on).
type BoundSocket interface {
	Endpoint() any
}
