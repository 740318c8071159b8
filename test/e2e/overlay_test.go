package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// gone fails the test if path exists on the host.
func gone(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Errorf("%s exists on the host after the sandbox (%v)", path, err)
	}
}

// TestOverlayRoot: the root of `husk do` is copy-on-write: the sandbox
// writes, replaces and removes files anywhere in it (/etc, /usr/bin, /var,
// a host directory outside the working directory), sees its changes, and
// the host sees none of them.
func TestOverlayRoot(t *testing.T) {
	bin := huskBin(t)
	cwd := t.TempDir()
	outside := t.TempDir() // not mounted: part of the overlay's lower
	os.WriteFile(filepath.Join(outside, "keep"), []byte("host data\n"), 0o644)
	os.WriteFile(filepath.Join(outside, "doomed"), []byte("doomed\n"), 0o600)
	os.MkdirAll(filepath.Join(outside, "tree", "sub"), 0o755)
	os.WriteFile(filepath.Join(outside, "tree", "sub", "leaf"), []byte("leaf\n"), 0o644)
	tag := fmt.Sprintf("husk-e2e-%d", os.Getpid())
	etcFile := "/etc/" + tag
	envCopy := "/usr/bin/env-copy-" + tag
	varDir := "/var/lib/" + tag
	script := strings.Join([]string{
		"set -e",
		"echo x > " + etcFile, "cat " + etcFile,
		"cp /usr/bin/env " + envCopy, envCopy + " true && echo copied binary runs", "rm " + envCopy,
		"test ! -e " + envCopy,
		// apt-like: a tree under /var, written then renamed into place.
		"mkdir -p " + varDir + "/lists/partial", "echo pkg > " + varDir + "/lists/partial/x",
		"mv " + varDir + "/lists/partial/x " + varDir + "/lists/x", "cat " + varDir + "/lists/x",
		// a host directory outside the workspace: edit, remove, rename, chmod.
		"cd " + outside,
		"echo more >> keep", "cat keep",
		"rm doomed", "test ! -e doomed && echo doomed gone",
		"chmod 600 keep", "stat -c %a keep",
		"mv tree tree2", // a lower directory: rename says EXDEV, mv copies
		"cat tree2/sub/leaf", "test ! -e tree && echo tree moved",
		"ls",
		"grep -c ' / / .* - overlay ' /proc/self/mountinfo",
	}, "\n")
	r := runIn(t, cwd, runTimeout, bin, "do", "--", "/bin/sh", "-c", script)
	want := "x\ncopied binary runs\npkg\nhost data\nmore\ndoomed gone\n600\nleaf\ntree moved\nkeep\ntree2\n1\n"
	if r.code != 0 || r.stdout != want {
		t.Errorf("exit %d\nstdout %q\nwant   %q\nstderr %q", r.code, r.stdout, want, r.stderr)
	}
	for _, p := range []string{etcFile, envCopy, varDir, filepath.Join(outside, "tree2")} {
		gone(t, p)
	}
	hostFile(t, filepath.Join(outside, "keep"), "host data\n", 0o644)
	hostFile(t, filepath.Join(outside, "doomed"), "doomed\n", 0o600)
	hostFile(t, filepath.Join(outside, "tree", "sub", "leaf"), "leaf\n", 0o644)

	// Each sandbox starts from the host's root again.
	r = runIn(t, cwd, runTimeout, bin, "do", "--", "/bin/sh", "-c", "cat "+etcFile+" 2>/dev/null || echo fresh")
	if r.stdout != "fresh\n" {
		t.Errorf("a second sandbox saw the first one's file: %q", r.stdout)
	}
	// --root-ro: today's read-only root.
	r = runIn(t, cwd, runTimeout, bin, "do", "--root-ro", "--", "/bin/sh", "-c", "echo x > "+etcFile+"; grep -c ' / / .* - rootfs ' /proc/self/mountinfo")
	if r.stdout != "1\n" || !strings.Contains(r.stderr, "Read-only file system") {
		t.Errorf("--root-ro: stdout %q stderr %q, want EROFS", r.stdout, r.stderr)
	}
	gone(t, etcFile)
}

// TestOverlayTools: what CI jobs write outside the workspace: git config
// --global and pip install --user under $HOME, Python's byte code next to
// the system's modules; all of it stays in the sandbox.
func TestOverlayTools(t *testing.T) {
	bin := huskBin(t)
	cwd := t.TempDir()
	home := t.TempDir() // a host home outside the workspace
	os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[user]\n\tname = host\n"), 0o644)
	checked := 0
	if _, err := exec.LookPath("git"); err == nil {
		checked++
		r := runIn(t, cwd, runTimeout, bin, "do", "--", "/usr/bin/env", "HOME="+home, "/bin/sh", "-c",
			"git config --global user.name sandbox && git config --global user.name && git config --global core.editor vi && git config --global --list | wc -l")
		if r.code != 0 || r.stdout != "sandbox\n2\n" {
			t.Errorf("git config --global: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
		}
		hostFile(t, filepath.Join(home, ".gitconfig"), "[user]\n\tname = host\n", 0o644)
	}
	if _, err := exec.LookPath("python3"); err == nil {
		checked++
		// pip install --user: a package lands in ~/.local and imports.
		py := `import os, sys, site, importlib.util, py_compile, json.decoder as m
d = site.getusersitepackages()
os.makedirs(os.path.join(d, "huskpkg"))
open(os.path.join(d, "huskpkg", "__init__.py"), "w").write("X = 42\n")
site.addsitedir(d)
import huskpkg
print(huskpkg.X)
c = importlib.util.cache_from_source(m.__file__) + ".` + t.Name() + `"
py_compile.compile(m.__file__, cfile=c)
print(open(c, "rb").read(4) == importlib.util.MAGIC_NUMBER)
print(c)`
		r := runIn(t, cwd, runTimeout, bin, "do", "--", "/usr/bin/env", "HOME="+home, "python3", "-c", py)
		out := lines(r.stdout)
		if r.code != 0 || len(out) != 3 || out[0] != "42" || out[1] != "True" {
			t.Fatalf("python: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
		}
		gone(t, out[2])
		gone(t, filepath.Join(home, ".local"))
	}
	if checked == 0 {
		t.Skip("resource missing: git and python3 (make setup installs them)")
	}
}

// TestOverlayOpenFileFollowsCopyUp: a host file opened for reading, then
// changed through another descriptor (its copy-up), reads the new data
// through the first one, as on Linux's overlayfs (4.19 and later); the
// host's file never changes.
func TestOverlayOpenFileFollowsCopyUp(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("resource missing: python3 (make setup installs it)")
	}
	outside := t.TempDir()
	path := filepath.Join(outside, "f")
	os.WriteFile(path, []byte("host\n"), 0o644)
	py := `import os, sys
p = sys.argv[1]
r = os.open(p, os.O_RDONLY)
st = os.fstat(r)
with open(p, "a") as w:
    w.write("sandbox\n")
print(os.pread(r, 100, 0).decode(), end="")
st2 = os.stat(p)
print(st.st_ino == st2.st_ino and st.st_dev == st2.st_dev, os.fstat(r).st_size)
os.unlink(p)
print(os.pread(r, 100, 0).decode(), end="")
print(os.path.exists(p))`
	r := runIn(t, t.TempDir(), runTimeout, huskBin(t), "do", "--", "python3", "-c", py, path)
	if want := "host\nsandbox\nTrue 13\nhost\nsandbox\nFalse\n"; r.code != 0 || r.stdout != want {
		t.Errorf("exit %d stdout %q want %q stderr %q", r.code, r.stdout, want, r.stderr)
	}
	hostFile(t, path, "host\n", 0o644)
}

// TestOverlayRenameDir: rename(2) of a host directory says EXDEV, as
// overlayfs without redirect_dir; one made in the sandbox renames; a host
// directory removed and made again is empty (opaque).
func TestOverlayRenameDir(t *testing.T) {
	if _, err := exec.LookPath("python3"); err == nil {
		outside := t.TempDir()
		os.MkdirAll(filepath.Join(outside, "d"), 0o755)
		os.WriteFile(filepath.Join(outside, "d", "f"), []byte("f"), 0o644)
		py := `import os, errno, sys
os.chdir(sys.argv[1])
try:
    os.rename("d", "e")
except OSError as e:
    print(errno.errorcode[e.errno])
os.mkdir("n"); os.rename("n", "m"); print(os.path.isdir("m"))
os.unlink("d/f"); os.rmdir("d"); os.mkdir("d"); print(os.listdir("d"))
print(os.stat(".").st_nlink)`
		r := runIn(t, t.TempDir(), runTimeout, huskBin(t), "do", "--", "python3", "-c", py, outside)
		if want := "EXDEV\nTrue\n[]\n1\n"; r.code != 0 || r.stdout != want {
			t.Errorf("exit %d stdout %q want %q stderr %q", r.code, r.stdout, want, r.stderr)
		}
		hostFile(t, filepath.Join(outside, "d", "f"), "f", 0o644)
		gone(t, filepath.Join(outside, "m"))
		return
	}
	t.Skip("resource missing: python3 (make setup installs it)")
}

// TestOverlayStatFS: statfs of the overlay root (df /) says overlayfs, with
// the numbers of the host filesystem the root comes from, as a container's
// overlay on that disk shows them.
func TestOverlayStatFS(t *testing.T) {
	bin := huskBin(t)
	var host unix.Statfs_t
	if err := unix.Statfs("/", &host); err != nil {
		t.Fatal(err)
	}
	r := run(t, "", bin, "do", "--", "stat", "-f", "-c", "%T %b %S", "/")
	want := fmt.Sprintf("overlayfs %d %d\n", host.Blocks, host.Bsize)
	if r.code != 0 || r.stdout != want {
		t.Errorf("stat -f / in husk: %q (exit %d: %s), want %q", r.stdout, r.code, r.stderr, want)
	}
}
