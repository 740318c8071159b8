package syscallstest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// The loader family: malformed ELF files that Linux's execve refuses with ENOEXEC.
// Measured on Linux 6.x (Debian 12): execve gives ENOEXEC for each of them, and both
// `sh -c ./file` (dash) and bash then exit 126 with "Exec format error" on stderr.
// husk must refuse them the same way: `husk do -- ./file` exits 126 and says why on
// stderr, and never starts app code.

// elfHeader returns a 64-byte ELF64 little-endian header for an x86_64 executable
// with one program header right after it, changed by edit.
func elfHeader(edit func(h []byte)) []byte {
	h := make([]byte, 64)
	copy(h, []byte{0x7f, 'E', 'L', 'F', 2 /* ELFCLASS64 */, 1 /* LSB */, 1 /* EV_CURRENT */, 0})
	le := binary.LittleEndian
	le.PutUint16(h[16:], 2)        // e_type: ET_EXEC
	le.PutUint16(h[18:], 62)       // e_machine: EM_X86_64
	le.PutUint32(h[20:], 1)        // e_version
	le.PutUint64(h[24:], 0x400078) // e_entry
	le.PutUint64(h[32:], 64)       // e_phoff
	le.PutUint16(h[52:], 64)       // e_ehsize
	le.PutUint16(h[54:], 56)       // e_phentsize
	le.PutUint16(h[56:], 1)        // e_phnum
	le.PutUint16(h[58:], 64)       // e_shentsize
	if edit != nil {
		edit(h)
	}
	return h
}

// loadPhdr is a PT_LOAD header (R+X) mapping the first 0x80 bytes at 0x400000.
func loadPhdr() []byte {
	p := make([]byte, 56)
	le := binary.LittleEndian
	le.PutUint32(p[0:], 1)         // p_type: PT_LOAD
	le.PutUint32(p[4:], 5)         // p_flags: R+X
	le.PutUint64(p[16:], 0x400000) // p_vaddr
	le.PutUint64(p[24:], 0x400000) // p_paddr
	le.PutUint64(p[32:], 0x80)     // p_filesz
	le.PutUint64(p[40:], 0x80)     // p_memsz
	le.PutUint64(p[48:], 0x1000)   // p_align
	return p
}

// badELFs are the loader cases: name -> file contents.
func badELFs() map[string][]byte {
	le := binary.LittleEndian
	whole := func(edit func(h []byte)) []byte { return append(elfHeader(edit), loadPhdr()...) }
	return map[string][]byte{
		"bad_elf_truncated_header": elfHeader(nil)[:20],
		"bad_elf_wrong_machine":    whole(func(h []byte) { le.PutUint16(h[18:], 183) }), // EM_AARCH64
		"bad_elf_phnum_zero":       whole(func(h []byte) { le.PutUint16(h[56:], 0) }),
		"bad_elf_phdr_past_eof":    whole(func(h []byte) { le.PutUint64(h[32:], 0x100000) }),
		"bad_elf_not_executable":   whole(func(h []byte) { le.PutUint16(h[16:], 1) }), // ET_REL
	}
}

// writeBadELFs writes the loader cases under build/syscalls/loader, mode 0755.
func writeBadELFs(t *testing.T, root string) map[string]string {
	dir := filepath.Join(root, "build", "syscalls", "loader")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	paths := map[string]string{}
	for name, data := range badELFs() {
		path := filepath.Join(dir, name+".bin")
		if old, err := os.ReadFile(path); err != nil || !bytes.Equal(old, data) {
			if err := os.WriteFile(path, data, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(path, 0o755); err != nil {
			t.Fatal(err)
		}
		paths[name] = path
	}
	return paths
}

// runLoader checks each malformed ELF natively (execve -> ENOEXEC, sh -> 126) and in husk (126).
func (s *suite) runLoader(t *testing.T) {
	for name, path := range writeBadELFs(t, s.root) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cwd := t.TempDir()
			// Linux: execve itself fails with ENOEXEC...
			cmd := exec.Command(path)
			cmd.Dir, cmd.Env = cwd, fixedEnv
			if err := cmd.Run(); !errors.Is(err, syscall.ENOEXEC) {
				s.failed.Add(1)
				t.Fatalf("native execve(%s): %v, want ENOEXEC", name, err)
			}
			// ...and a shell reports it as exit status 126.
			sh := runCmd([]string{"/bin/sh", "-c", path}, cwd)
			if sh.status != 126 || !bytes.Contains(sh.stderr, []byte("Exec format error")) {
				s.failed.Add(1)
				t.Fatalf("native sh -c %s: %v, stderr %q; want 126 and \"Exec format error\"", name, sh, sh.stderr)
			}
			if s.nativeOnly {
				s.passed.Add(1)
				return
			}
			for _, platform := range s.platforms {
				husk := runCmd(s.huskArgv(platform, path), cwd)
				if husk.err != nil || husk.status != 126 || len(bytes.TrimSpace(husk.stderr)) == 0 || len(husk.stdout) != 0 {
					s.failed.Add(1)
					t.Errorf("%s: husk do -- %s: %v, stdout %q, stderr %q; want exit status 126, nothing on stdout and the reason on stderr",
						platform, name, husk, husk.stdout, husk.stderr)
					continue
				}
				s.passed.Add(1)
			}
		})
	}
}
