package vfs

// Mount makes name under d resolve to ino, hiding whatever the filesystem
// has there (a mount point).
func (d *Dentry) Mount(name string, ino Inode) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.children == nil {
		d.children = make(map[string]*Dentry)
	}
	d.children[name] = &Dentry{name: name, parent: d, inode: ino, mount: true, mountID: nextMountID.Add(1)}
	registerMount(ino)
}

// isMountPoint reports whether name under d is covered by a mount.
func (d *Dentry) isMountPoint(name string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.children[name]
	return c != nil && c.mount
}
