package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runIn runs argv in dir with the fixed environment and a timeout.
func runIn(t testing.TB, dir string, timeout time.Duration, argv ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = fixedEnv
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%q: timed out after %v; stderr:\n%s", argv, timeout, errb.String())
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("%q: %v", argv, err)
	}
	return result{stdout: out.String(), stderr: errb.String(), code: exitCode(cmd.ProcessState)}
}

func hostFile(t *testing.T, path, want string, mode os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || string(b) != want {
		t.Errorf("%s on the host: %q (%v), want %q", path, b, err, want)
		return
	}
	st, _ := os.Stat(path)
	if st.Mode() != mode {
		t.Errorf("%s on the host: mode %v, want %v", path, st.Mode(), mode)
	}
}

// TestWorkspace: `husk do` in a directory may create, edit, rename and
// remove files there, and everything lands on the host as written, modes
// included; what it writes in the rest of the root stays in the sandbox
// (the overlay root).
func TestWorkspace(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "existing"), []byte("old contents\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "doomed"), []byte("x"), 0o644)
	script := `umask 022
echo hello > new.txt
echo more >> new.txt
echo replaced > existing
mkdir -p src/pkg
printf 'int x;\n' > src/pkg/a.c
mv src/pkg/a.c src/pkg/b.c
chmod 750 src/pkg/b.c
ln -s pkg/b.c src/link
ln new.txt hard.txt
rm doomed
mkdir gone && rmdir gone
touch -d @86400 existing
cat src/link
pwd
echo x > /etc/husk-probe && cat /etc/husk-probe`
	r := runIn(t, dir, runTimeout, huskBin(t), "do", "--", "/bin/sh", "-c", script)
	if r.code != 0 {
		t.Fatalf("exit %d: stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	if want := "int x;\n" + dir + "\nx\n"; r.stdout != want {
		t.Errorf("stdout %q, want %q", r.stdout, want)
	}
	hostFile(t, filepath.Join(dir, "new.txt"), "hello\nmore\n", 0o644)
	hostFile(t, filepath.Join(dir, "hard.txt"), "hello\nmore\n", 0o644)
	hostFile(t, filepath.Join(dir, "existing"), "replaced\n", 0o644)
	hostFile(t, filepath.Join(dir, "src/pkg/b.c"), "int x;\n", 0o750)
	if tg, err := os.Readlink(filepath.Join(dir, "src/link")); err != nil || tg != "pkg/b.c" {
		t.Errorf("symlink on the host: %q %v", tg, err)
	}
	for _, gone := range []string{"doomed", "gone", "src/pkg/a.c"} {
		if _, err := os.Lstat(filepath.Join(dir, gone)); !os.IsNotExist(err) {
			t.Errorf("%s still on the host (%v)", gone, err)
		}
	}
	if st, _ := os.Stat(filepath.Join(dir, "existing")); st == nil || st.ModTime().Unix() != 86400 {
		t.Errorf("touch -d did not reach the host: %v", st)
	}
	a, _ := os.Stat(filepath.Join(dir, "new.txt"))
	b, _ := os.Stat(filepath.Join(dir, "hard.txt"))
	if !os.SameFile(a, b) {
		t.Error("the hard link is not the same file on the host")
	}
	if _, err := os.Stat("/etc/husk-probe"); err == nil {
		t.Error("/etc/husk-probe was written on the host")
	}
}

// TestWorkspaceOptions: --workdir=ro keeps the working directory read-only,
// and with off it is the overlay root's (changes stay in the sandbox); -v
// mounts host directories read-only or writable at any path;
// errors name the flag and the fix.
func TestWorkspaceOptions(t *testing.T) {
	bin := huskBin(t)
	dir := t.TempDir()
	for _, wd := range [][]string{{"--workdir=ro"}, {"--workdir=off", "--root-ro"}} {
		r := runIn(t, dir, runTimeout, append(append([]string{bin, "do"}, wd...), "--", "/bin/sh", "-c", "echo x > f")...)
		if r.code == 0 || !strings.Contains(r.stderr, "Read-only file system") {
			t.Errorf("%q: exit %d, stderr %q, want EROFS", wd, r.code, r.stderr)
		}
	}
	if r := runIn(t, dir, runTimeout, bin, "do", "--workdir=off", "--", "/bin/sh", "-c", "echo x > f && cat f"); r.code != 0 || r.stdout != "x\n" {
		t.Errorf("--workdir=off: exit %d, stdout %q, stderr %q, want the file written in the overlay", r.code, r.stdout, r.stderr)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("a read-only working directory changed: %v", ents)
	}

	ro, rw := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(ro, "in"), []byte("from the host\n"), 0o644)
	r := runIn(t, dir, runTimeout, bin, "do", "-v", ro+":/mnt/husk-ro:ro", "--volume", rw+":/mnt/husk-rw", "--",
		"/bin/sh", "-c", "cat /mnt/husk-ro/in; echo w > /mnt/husk-ro/out || echo ro refused; echo written > /mnt/husk-rw/out; ls /mnt/husk-rw")
	if r.code != 0 || r.stdout != "from the host\nro refused\nout\n" {
		t.Errorf("volumes: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "Read-only file system") {
		t.Errorf("writing a :ro volume: stderr %q, want EROFS", r.stderr)
	}
	hostFile(t, filepath.Join(rw, "out"), "written\n", 0o644)
	if _, err := os.Stat(filepath.Join(ro, "out")); err == nil {
		t.Error("a :ro volume was written on the host")
	}

	// A volume inside the workspace: its mount point is busy, and the
	// directory under it stays on the host.
	os.Mkdir(filepath.Join(dir, "cache"), 0o755)
	r = runIn(t, dir, runTimeout, bin, "do", "-v", rw+":"+filepath.Join(dir, "cache"), "--",
		"/bin/sh", "-c", "cat cache/out; rmdir cache; mv cache elsewhere; rm -rf cache; ls -d cache")
	if r.stdout != "written\ncache\n" || strings.Count(r.stderr, "busy") != 3 {
		t.Errorf("a mount point in the workspace: stdout %q, stderr %q, want it busy three times", r.stdout, r.stderr)
	}
	if st, err := os.Stat(filepath.Join(dir, "cache")); err != nil || !st.IsDir() {
		t.Errorf("the mount point's directory left the host: %v", err)
	}
	// (rm -rf emptied the volume first, as it would natively.)

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-v", "/nonexistent-husk:/y"}, "husk: --volume /nonexistent-husk:/y: /nonexistent-husk: no such directory"},
		{[]string{"-v", ro + ":relative"}, "the sandbox path must be absolute"},
		{[]string{"-v", ro + ":/y:rx"}, `unknown option "rx"`},
		{[]string{"-v", ro}, "want HOST:GUEST[:ro]"},
		{[]string{"-v", ro + ":/"}, "cannot mount over the sandbox's root"},
		{[]string{"-v", ro + ":/etc/passwd"}, "not a directory in the sandbox"},
		{[]string{"--rootfs", "/nonexistent-husk"}, "husk: --rootfs /nonexistent-husk: /nonexistent-husk: no such directory"},
		{[]string{"--workdir", "maybe"}, `--workdir "maybe": want rw, ro or off`},
	} {
		r := runIn(t, dir, runTimeout, append(append([]string{bin, "do"}, c.args...), "--", "/bin/true")...)
		if r.code == 0 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q, want it to say %q", c.args, r.code, r.stderr, c.want)
		}
	}
}

// TestRootfs: --rootfs serves a directory (here: a static busybox) as the
// root; the working directory is still mounted at its path (its parents
// appear as empty directories), and symlinks resolve inside the new root,
// never on the host.
func TestRootfs(t *testing.T) {
	busybox, err := exec.LookPath("busybox")
	if err != nil {
		t.Skip("resource missing: busybox (scripts/setup.sh installs busybox-static)")
	}
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "bin"), 0o755)
	os.MkdirAll(filepath.Join(root, "etc"), 0o755)
	b, err := os.ReadFile(busybox)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "bin", "busybox"), b, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Symlink("busybox", filepath.Join(root, "bin", "sh"))
	os.WriteFile(filepath.Join(root, "etc", "hostname"), []byte("inside-rootfs\n"), 0o644)
	dir := t.TempDir()
	os.Symlink("/etc/hostname", filepath.Join(dir, "hn")) // made on the host: absolute
	r := runIn(t, dir, runTimeout, huskBin(t), "do", "--rootfs", root, "--", "/bin/sh", "-c",
		"ls /; busybox cat hn; echo made > f; pwd; ls /usr/bin/gcc 2>&1 || echo no gcc")
	if r.code != 0 {
		t.Fatalf("exit %d: stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	want := "bin\netc\ninside-rootfs\n" + dir + "\n"
	if !strings.HasPrefix(r.stdout, want) || !strings.HasSuffix(r.stdout, "no gcc\n") {
		t.Errorf("stdout %q, want %q then no gcc (the rootfs, not the host's /)", r.stdout, want)
	}
	hostFile(t, filepath.Join(dir, "f"), "made\n", 0o644)
	if _, err := os.Stat(filepath.Join(root, "f")); err == nil {
		t.Error("a file landed in the read-only rootfs")
	}
	r = runIn(t, dir, runTimeout, huskBin(t), "do", "--rootfs", root, "--workdir=off", "--root-ro", "--", "/bin/sh", "-c", "pwd; echo x > /f")
	if r.stdout != "/\n" || !strings.Contains(r.stderr, "Read-only file system") {
		t.Errorf("--workdir=off --root-ro: stdout %q stderr %q, want / and a read-only root", r.stdout, r.stderr)
	}
	r = runIn(t, dir, runTimeout, huskBin(t), "do", "--rootfs", root, "--workdir=off", "--", "/bin/sh", "-c", "echo x > /f && cat /f && rm /etc/hostname && ls /etc")
	if r.code != 0 || r.stdout != "x\n" {
		t.Errorf("--workdir=off: stdout %q stderr %q, want the overlay root to take the change", r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(root, "f")); err == nil {
		t.Error("the overlay root wrote into the rootfs")
	}
	hostFile(t, filepath.Join(root, "etc", "hostname"), "inside-rootfs\n", 0o644)
}

// genProject writes a C project of n source files and a Makefile into dir.
func genProject(t *testing.T, dir string, n int) {
	t.Helper()
	var objs, calls, decls strings.Builder
	for i := 0; i < n; i++ {
		src := fmt.Sprintf("#include \"common.h\"\nint f%d(int x) {\n  int s = x;\n  for (int k = 0; k < %d; k++) s = s * 31 + k;\n  return s %% 1000 + %d;\n}\n", i, 10+i, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%02d.c", i)), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&objs, " obj/f%02d.o", i)
		fmt.Fprintf(&decls, "int f%d(int);\n", i)
		fmt.Fprintf(&calls, "  printf(\"f%d=%%d\\n\", f%d(%d));\n", i, i, i)
	}
	os.WriteFile(filepath.Join(dir, "common.h"), []byte("#include <stdio.h>\n"+decls.String()), 0o644)
	os.WriteFile(filepath.Join(dir, "main.c"), []byte("#include \"common.h\"\nint main(void) {\n"+calls.String()+"  return 0;\n}\n"), 0o644)
	mk := "OBJS =" + objs.String() + " obj/main.o\n" +
		"prog: $(OBJS)\n\tgcc -o $@ $(OBJS)\n" +
		"obj/%.o: %.c common.h | obj\n\tgcc -O1 -c -o $@.tmp $<\n\tmv $@.tmp $@\n" +
		"obj:\n\tmkdir -p obj\n" +
		"clean:\n\trm -rf obj prog\n"
	os.WriteFile(filepath.Join(dir, "Makefile"), []byte(mk), 0o644)
}

// TestMakeProject builds a generated 30-file C project with make -j2 in the
// working directory, natively and in husk: the objects and the program land
// on the host and the program prints what the native one prints. The times
// are logged (go test -v).
func TestMakeProject(t *testing.T) {
	for _, tool := range []string{"make", "gcc"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("resource missing: %s (scripts/setup.sh installs it)", tool)
		}
	}
	native, sandboxed := t.TempDir(), t.TempDir()
	genProject(t, native, 30)
	genProject(t, sandboxed, 30)
	const timeout = 5 * time.Minute
	start := time.Now()
	r := runIn(t, native, timeout, "make", "-j2", "-s")
	nativeTime := time.Since(start)
	if r.code != 0 {
		t.Fatalf("native make: exit %d: %s", r.code, r.stderr)
	}
	start = time.Now()
	h := runIn(t, sandboxed, timeout, huskBin(t), "do", "--", "make", "-j2", "-s")
	huskTime := time.Since(start)
	if h.code != 0 {
		t.Fatalf("make in husk: exit %d: stdout %q stderr %q", h.code, h.stdout, h.stderr)
	}
	t.Logf("make -j2 of 31 C files: native %v, husk %v (%.1fx)", nativeTime.Round(time.Millisecond),
		huskTime.Round(time.Millisecond), huskTime.Seconds()/nativeTime.Seconds())
	for i := 0; i < 30; i++ {
		if st, err := os.Stat(filepath.Join(sandboxed, "obj", fmt.Sprintf("f%02d.o", i))); err != nil || st.Size() == 0 {
			t.Errorf("object f%02d.o not on the host: %v", i, err)
		}
	}
	if tmps, _ := filepath.Glob(filepath.Join(sandboxed, "obj", "*.tmp")); len(tmps) != 0 {
		t.Errorf("renames did not happen: %v", tmps)
	}
	want := runIn(t, native, runTimeout, "./prog")
	got := runIn(t, sandboxed, runTimeout, "./prog") // built in husk, run natively
	if want.code != 0 || got.code != 0 || got.stdout != want.stdout || len(lines(want.stdout)) != 30 {
		t.Errorf("the program built in husk prints %q (exit %d), native %q (exit %d)", got.stdout, got.code, want.stdout, want.code)
	}
	in := runIn(t, sandboxed, runTimeout, huskBin(t), "do", "--", "./prog")
	if in.stdout != want.stdout {
		t.Errorf("the program run in husk prints %q, want %q", in.stdout, want.stdout)
	}
	// A second make in husk finds everything up to date (mtimes agree).
	h = runIn(t, sandboxed, timeout, huskBin(t), "do", "--", "make", "-j2")
	if h.code != 0 || !strings.Contains(h.stdout, "up to date") {
		t.Errorf("second make: exit %d, stdout %q, want up to date", h.code, h.stdout)
	}
}
