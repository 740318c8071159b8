package vfs

// Mount makes name under d resolve to ino, hiding whatever the filesystem
// has there (a mount point).
func (d *Dentry) Mount(name string, ino Inode) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.children == nil {
		d.children = make(map[string]*Dentry)
	}
	d.children[name] = &Dentry{name: name, parent: d, inode: ino}
}
