package mm

import "husk/platform"

// Read-only views of an address space for the sandbox's own /proc
// (/proc/[pid]/maps, smaps, statm, cmdline, environ, auxv).

// ExecInfo is where execve put the argument and environment strings and
// what auxv it wrote.
type ExecInfo struct {
	ArgStart, ArgEnd, EnvStart, EnvEnd uintptr
	Auxv                               [][2]uint64
}

// SetExecInfo records it (exec, on the new MM).
func (m *MM) SetExecInfo(e ExecInfo) {
	m.mu.Lock()
	m.exec = e
	m.mu.Unlock()
}

// ExecInfo returns it.
func (m *MM) ExecInfo() ExecInfo {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.exec
}

// NameMappings gives every unnamed mapping of f the name name (the path of
// the program and interpreter exec mapped, which the loader maps unnamed).
func (m *MM) NameMappings(f File, name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, v := range m.vmas {
		if v.file == f && v.name == "" {
			v.name = name
		}
	}
}

// Mapping is one VMA as /proc/[pid]/maps shows it.
type Mapping struct {
	Start, End uintptr
	Perms      platform.AccessType
	Shared     bool
	File       bool  // a file mapping (Offset is meaningful)
	Offset     int64 // in the file
	Name       string
	Resident   uintptr // bytes of it that are present
}

// Mappings returns the address space's mappings in order.
func (m *MM) Mappings() []Mapping {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Mapping, 0, len(m.vmas))
	for _, v := range m.vmas {
		_, anon := v.file.(*sharedAnon)
		mp := Mapping{Start: v.start, End: v.end, Perms: v.perms, Shared: v.shared, File: v.file != nil && !anon,
			Offset: v.off, Name: v.name}
		if n := (v.end - v.start) / PageSize; n < uintptr(len(m.pages)) {
			for a := v.start; a < v.end; a += PageSize {
				if _, ok := m.pages[a]; ok {
					mp.Resident += PageSize
				}
			}
		} else {
			for a := range m.pages {
				if a >= v.start && a < v.end {
					mp.Resident += PageSize
				}
			}
		}
		out = append(out, mp)
	}
	return out
}

// Usage returns the mapped and the resident size in bytes, and the size
// of the data mappings (private writable) and of the stack.
func (m *MM) Usage() (virt, rss, data, stack uintptr) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, v := range m.vmas {
		n := v.end - v.start
		virt += n
		switch {
		case v.growsDown:
			stack += n
		case v.perms.Write && !v.shared:
			data += n
		}
	}
	return virt, uintptr(len(m.pages)) * PageSize, data, stack
}

// BrkRange returns the heap's start and the current break.
func (m *MM) BrkRange() (start, end uintptr) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.brkStart, m.brk
}

// StackTop returns the top of the initial stack.
func (m *MM) StackTop() uintptr {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stackTop
}
