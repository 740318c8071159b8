package syscallstest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

var nativeOnlyFlag = flag.Bool("native-only", false, "run only the native side (same as HUSK_COMPAT_NATIVE_ONLY=1)")

// runTimeout bounds each run of a test program, native or in husk.
const runTimeout = 20 * time.Second

// fixedEnv is the whole environment of every run, native and in husk.
var fixedEnv = []string{"PATH=/usr/bin:/bin", "HOME=/", "LANG=C"}

// variants are the two ways each program is built.
var variants = []struct {
	name  string
	flags []string
}{
	{"static", []string{"-O1", "-static"}},
	{"dynamic", []string{"-O1"}},
}

// divergence is one declared difference from Linux.
type divergence struct {
	platform string // a platform name or "*"
	reason   string
}

// program is one C test program and what its header declares.
type program struct {
	family, name string
	src          string // absolute path
	desc         string
	divergent    []divergence
	build        string   // "", "static-only" or "dynamic-only"
	exit         int      // the exit status Linux gives
	tmpfs        []string // husk-tmpfs: directories husk covers with a tmpfs (tmpfs natively)
}

// divergentOn returns the declared reason why p differs on platform, if any.
func (p *program) divergentOn(platform string) (string, bool) {
	for _, d := range p.divergent {
		if d.platform == "*" || d.platform == platform {
			return d.reason, true
		}
	}
	return "", false
}

// wants reports whether p is built as variant v.
func (p *program) wants(v string) bool {
	switch p.build {
	case "static-only":
		return v == "static"
	case "dynamic-only":
		return v == "dynamic"
	}
	return true
}

// parseHeader reads the leading // comment block of a test source.
func parseHeader(name string, src []byte) (*program, error) {
	p := &program{name: name}
	sc := bufio.NewScanner(bytes.NewReader(src))
	first := true
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "//") {
			break
		}
		text := strings.TrimSpace(strings.TrimPrefix(line, "//"))
		if first {
			first = false
			desc, ok := strings.CutPrefix(text, name+":")
			if !ok || strings.TrimSpace(desc) == "" {
				return nil, fmt.Errorf("first line must be \"// %s: <what it checks>\", got %q", name, line)
			}
			p.desc = strings.TrimSpace(desc)
			continue
		}
		key, val, ok := strings.Cut(text, ":")
		if !ok || !strings.HasPrefix(key, "husk-") {
			continue
		}
		val = strings.TrimSpace(val)
		switch key {
		case "husk-divergent":
			plat, reason, ok := strings.Cut(val, ":")
			plat, reason = strings.TrimSpace(plat), strings.TrimSpace(reason)
			if !ok || plat == "" || reason == "" {
				return nil, fmt.Errorf("bad line %q: want \"// husk-divergent: <platform|*>: <reason>\"", line)
			}
			p.divergent = append(p.divergent, divergence{plat, reason})
		case "husk-build":
			if val != "static-only" && val != "dynamic-only" {
				return nil, fmt.Errorf("bad line %q: want static-only or dynamic-only", line)
			}
			p.build = val
		case "husk-tmpfs":
			if !strings.HasPrefix(val, "/") || strings.ContainsAny(val, " \t") {
				return nil, fmt.Errorf("bad line %q: want one absolute directory", line)
			}
			p.tmpfs = append(p.tmpfs, val)
		case "husk-exit":
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 || n > 255 {
				return nil, fmt.Errorf("bad line %q: want an exit status 0..255", line)
			}
			p.exit = n
		default:
			return nil, fmt.Errorf("unknown header key %q in %q", key, line)
		}
	}
	if first {
		return nil, errors.New("no header comment: the file must begin with \"// <name>: <what it checks>\"")
	}
	return p, nil
}

// repoRoot returns the repository root (the test runs in test/syscalls).
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root not found from the test's directory: %v", err)
	}
	return root
}

// sources lists every *.c under test/syscalls as "family/name.c" paths, sorted.
func sources(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".c") {
			rel, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// loadPrograms parses every test source.
func loadPrograms(t testing.TB, dir string) []*program {
	t.Helper()
	var progs []*program
	for _, rel := range sources(t, dir) {
		family, file, ok := strings.Cut(rel, "/")
		if !ok || strings.Contains(file, "/") {
			t.Errorf("%s: test sources live at test/syscalls/<family>/<syscall>_<behaviour>.c", rel)
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		p, err := parseHeader(strings.TrimSuffix(file, ".c"), src)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		p.family = family
		p.src = filepath.Join(dir, rel)
		progs = append(progs, p)
	}
	return progs
}

// builder compiles programs into build/syscalls, at most GOMAXPROCS at a time.
type builder struct {
	outDir  string
	common  time.Time // modification time of common.h
	sem     chan struct{}
	mu      sync.Mutex
	results map[string]*buildResult
}

type buildResult struct {
	done chan struct{}
	bin  string
	err  error
}

func newBuilder(t testing.TB, root string) *builder {
	st, err := os.Stat(filepath.Join(root, "test", "syscalls", "common.h"))
	if err != nil {
		t.Fatal(err)
	}
	return &builder{
		outDir:  filepath.Join(root, "build", "syscalls"),
		common:  st.ModTime(),
		sem:     make(chan struct{}, runtime.GOMAXPROCS(0)),
		results: map[string]*buildResult{},
	}
}

// start begins building p as variant v (once) and returns its result.
func (b *builder) start(p *program, v string, flags []string) *buildResult {
	key := p.family + "/" + p.name + "." + v
	b.mu.Lock()
	defer b.mu.Unlock()
	if r, ok := b.results[key]; ok {
		return r
	}
	r := &buildResult{done: make(chan struct{}), bin: filepath.Join(b.outDir, p.family, p.name+"."+v)}
	b.results[key] = r
	go func() {
		defer close(r.done)
		b.sem <- struct{}{}
		defer func() { <-b.sem }()
		r.err = b.compile(p.src, r.bin, flags)
	}()
	return r
}

// newestHeader is the modification time of the newest *.h in dir (a
// family's shared helpers, such as tty/pty.h): a binary older than it is
// rebuilt.
func newestHeader(dir string) time.Time {
	var newest time.Time
	hs, _ := filepath.Glob(filepath.Join(dir, "*.h"))
	for _, h := range hs {
		if st, err := os.Stat(h); err == nil && st.ModTime().After(newest) {
			newest = st.ModTime()
		}
	}
	return newest
}

func (b *builder) compile(src, bin string, flags []string) error {
	sst, err := os.Stat(src)
	if err != nil {
		return err
	}
	if bst, err := os.Stat(bin); err == nil && bst.ModTime().After(sst.ModTime()) && bst.ModTime().After(b.common) &&
		bst.ModTime().After(newestHeader(filepath.Dir(src))) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.tmp%d", bin, os.Getpid())
	args := append(append([]string{}, flags...), "-Wall", "-o", tmp, src)
	out, err := exec.Command("gcc", args...).CombinedOutput()
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("gcc %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return os.Rename(tmp, bin)
}

// result is what one run of a program gave.
type result struct {
	stdout, stderr []byte
	status         int // exit status, 128+N for death by signal N, -1 if it never ran to an end
	err            error
}

func (r result) String() string {
	s := fmt.Sprintf("exit status %d", r.status)
	if r.err != nil {
		s += fmt.Sprintf(" (%v)", r.err)
	}
	return s
}

// runCmd runs argv in cwd with the fixed environment, empty stdin and runTimeout.
func runCmd(argv []string, cwd string) result {
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = cwd
	cmd.Env = fixedEnv
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 2 * time.Second
	err := cmd.Run()
	r := result{stdout: stdout.Bytes(), stderr: stderr.Bytes(), status: -1}
	if ctx.Err() != nil {
		r.err = fmt.Errorf("timed out after %v", runTimeout)
		return r
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
		r.status = 0
	case errors.As(err, &ee):
		ws, ok := ee.Sys().(syscall.WaitStatus)
		switch {
		case ok && ws.Signaled():
			r.status = 128 + int(ws.Signal())
		default:
			r.status = ee.ExitCode()
		}
	default:
		r.err = err
	}
	return r
}

// suite holds what one `go test` run of the compat suite shares.
type suite struct {
	root       string
	husk       string
	nativeOnly bool
	platforms  []string
	passed     atomic.Int64
	divergent  atomic.Int64
	failed     atomic.Int64
}

func newSuite(t *testing.T) *suite {
	s := &suite{root: repoRoot(t)}
	s.nativeOnly = *nativeOnlyFlag || os.Getenv("HUSK_COMPAT_NATIVE_ONLY") == "1"
	// Every platform this machine has: ptrace always, systrap wherever
	// seccomp and futex_waitv (Linux 5.16) are (HUSK_COMPAT_PLATFORMS
	// narrows the list where it is not).
	s.platforms = []string{"ptrace", "systrap"}
	if v := os.Getenv("HUSK_COMPAT_PLATFORMS"); v != "" {
		s.platforms = strings.Split(v, ",")
	}
	s.husk = os.Getenv("HUSK_BIN")
	if s.husk == "" {
		s.husk = filepath.Join(s.root, "bin", "husk")
	}
	if !s.nativeOnly {
		if _, err := os.Stat(s.husk); err != nil {
			t.Fatalf("husk binary %s: %v: run `make build` first (or set HUSK_BIN; HUSK_COMPAT_NATIVE_ONLY=1 checks the suite alone)", s.husk, err)
		}
	}
	t.Cleanup(func() {
		t.Logf("compat: %d passed, %d divergent, %d failed", s.passed.Load(), s.divergent.Load(), s.failed.Load())
	})
	return s
}

// huskArgv is the command line that runs argv in husk on platform. The
// working directory (a temporary directory, emptied after the native run)
// is husk do's default writable workspace, served by the gofer: tests that
// create files there exercise the gofer's write path, and what they leave
// is on the host.
func (s *suite) huskArgv(platform string, argv ...string) []string {
	return s.huskArgvTmpfs(platform, nil, argv...)
}

// huskArgvTmpfs is huskArgv with each directory of tmpfs covered by a
// tmpfs of the sandbox's own (a test's husk-tmpfs lines: behaviour that
// is tmpfs's natively, e.g. /dev/shm, is tmpfs's in husk too).
func (s *suite) huskArgvTmpfs(platform string, tmpfs []string, argv ...string) []string {
	a := []string{s.husk, "do", "--platform=" + platform}
	for _, d := range tmpfs {
		a = append(a, "--tmpfs="+d)
	}
	return append(append(a, "--"), argv...)
}

// emptyDir removes everything in dir (what a run left there), making
// directories writable first so a test's read-only leftovers go too.
func emptyDir(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(path, 0o700)
			}
			return nil
		})
		if err := os.RemoveAll(p); err != nil {
			t.Fatalf("emptying the working directory: %v", err)
		}
	}
}

// TestCompat runs every program natively and in husk and compares them.
func TestCompat(t *testing.T) {
	s := newSuite(t)
	progs := loadPrograms(t, filepath.Join(s.root, "test", "syscalls"))
	// Each leaf subtest builds its own binary (so -run builds only what it runs);
	// the leaves run in parallel and the builder bounds how many gcc run at once.
	b := newBuilder(t, s.root)
	byFamily := map[string][]*program{}
	var families []string
	for _, p := range progs {
		if byFamily[p.family] == nil {
			families = append(families, p.family)
		}
		byFamily[p.family] = append(byFamily[p.family], p)
	}
	for _, family := range families {
		t.Run(family, func(t *testing.T) {
			for _, p := range byFamily[family] {
				t.Run(p.name, func(t *testing.T) {
					for _, v := range variants {
						if !p.wants(v.name) {
							continue
						}
						t.Run(v.name, func(t *testing.T) {
							t.Parallel()
							r := b.start(p, v.name, v.flags)
							<-r.done
							if r.err != nil {
								s.failed.Add(1)
								t.Fatalf("build: %v", r.err)
							}
							s.check(t, p, r.bin)
						})
					}
				})
			}
		})
	}
	t.Run("loader", func(t *testing.T) { s.runLoader(t) })
}

// check runs one built program and records its outcome.
func (s *suite) check(t *testing.T, p *program, bin string) {
	cwd := t.TempDir()
	native := runCmd([]string{bin}, cwd)
	if native.status != p.exit || native.err != nil {
		s.failed.Add(1)
		t.Fatalf("native run: %v, want exit status %d: the test itself is wrong on this host\nstdout:\n%s\nstderr:\n%s",
			native, p.exit, native.stdout, native.stderr)
	}
	if s.nativeOnly {
		emptyDir(t, cwd)
		again := runCmd([]string{bin}, cwd)
		if again.status != native.status || !bytes.Equal(again.stdout, native.stdout) {
			s.failed.Add(1)
			t.Fatalf("native output is not deterministic:\nfirst (%v):\n%s\nsecond (%v):\n%s", native, native.stdout, again, again.stdout)
		}
		s.passed.Add(1)
		return
	}
	var divergentReasons []string
	for _, platform := range s.platforms {
		emptyDir(t, cwd)
		husk := runCmd(s.huskArgvTmpfs(platform, p.tmpfs, bin), cwd)
		same := husk.err == nil && husk.status == native.status && bytes.Equal(husk.stdout, native.stdout)
		if reason, ok := p.divergentOn(platform); ok {
			s.divergent.Add(1)
			if same {
				t.Logf("%s: declared divergent (%s) but matched Linux: remove the husk-divergent line?", platform, reason)
			}
			divergentReasons = append(divergentReasons, platform+": "+reason)
			continue
		}
		if !same {
			s.failed.Add(1)
			t.Errorf("%s: husk differs from Linux\nnative: %v\nnative stdout:\n%s\nhusk: %v\nhusk stdout:\n%s\nhusk stderr:\n%s",
				platform, native, native.stdout, husk, husk.stdout, husk.stderr)
			continue
		}
		s.passed.Add(1)
	}
	if len(divergentReasons) > 0 && !t.Failed() {
		t.Skipf("declared divergence (behaviour not supported identically; counted apart from passes): %s", strings.Join(divergentReasons, "; "))
	}
}
