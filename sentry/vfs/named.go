package vfs

// Named is implemented by anonymous files (no Dentry) that have a name to
// show where Linux shows one: /proc/PID/fd links and /proc/PID/maps say
// "anon_inode:[timerfd]", "/memfd:NAME (deleted)", "anonymous pidfd"...
type Named interface {
	FileName() string
}

// FileName returns the name of f as a /proc/PID/fd link reads: the path of
// its dentry from root, else its Named name, else "".
func FileName(f *File, root *Dentry) string {
	if f.Dentry != nil {
		return f.Dentry.Path(root)
	}
	if n, ok := f.Impl.(Named); ok {
		return n.FileName()
	}
	return ""
}
