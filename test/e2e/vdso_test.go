package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

const vdsoC = `#include <stdio.h>
#include <time.h>
#include <sys/time.h>
static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }
int main(void) {
	struct timespec a, b, r;
	struct timeval tv;
	long back = 0;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 1000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (ns(b) < ns(a)) back++;
		a = b;
	}
	clock_gettime(CLOCK_REALTIME, &r);
	gettimeofday(&tv, NULL);
	printf("%lld %lld %ld %ld\n", (long long)r.tv_sec, (long long)tv.tv_sec, (long)time(NULL), back);
	return 0;
}
`

const vdsoGo = `package main

import (
	"fmt"
	"time"
)

func main() {
	back := 0
	last := time.Now()
	for i := 0; i < 1000; i++ {
		now := time.Now()
		if now.Before(last) {
			back++
		}
		last = now
	}
	s := time.Now().Unix()
	fmt.Println(s, s, s, back)
}
`

// TestVDSOTime runs a static and a dynamic C program and a Go program that
// read the time 1000 times each, under --strace: they get the right time,
// monotonic never goes back, and the reads do not trap (the strace log
// shows at most a handful of clock_gettime, not 1000).
func TestVDSOTime(t *testing.T) {
	dir := t.TempDir()
	progs := map[string]string{
		"static":  buildC(t, dir, "vdso-static", vdsoC, true),
		"dynamic": buildC(t, dir, "vdso-dynamic", vdsoC, false),
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = "/usr/local/go/bin/go"
	}
	gdir := filepath.Join(dir, "goprog")
	os.MkdirAll(gdir, 0o755)
	os.WriteFile(filepath.Join(gdir, "main.go"), []byte(vdsoGo), 0o644)
	os.WriteFile(filepath.Join(gdir, "go.mod"), []byte("module p\ngo 1.26\n"), 0o644)
	cmd := exec.Command(gobin, "build", "-o", filepath.Join(dir, "vdso-go"), ".")
	cmd.Dir = gdir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	progs["go"] = filepath.Join(dir, "vdso-go")
	for name, bin := range progs {
		t.Run(name, func(t *testing.T) {
			before := time.Now().Unix()
			got := husk(t, "do", "--strace", "--", bin)
			after := time.Now().Unix()
			if got.code != 0 {
				t.Fatalf("exit %d; stderr:\n%.3000s", got.code, got.stderr)
			}
			f := strings.Fields(got.stdout)
			if len(f) != 4 {
				t.Fatalf("stdout %q", got.stdout)
			}
			for i, what := range []string{"CLOCK_REALTIME", "gettimeofday", "time"} {
				s, err := strconv.ParseInt(f[i], 10, 64)
				if err != nil || s < before-1 || s > after+1 {
					t.Errorf("%s read %s, the host's clock was %d..%d", what, f[i], before, after)
				}
			}
			if f[3] != "0" {
				t.Errorf("CLOCK_MONOTONIC went backwards %s times in 1000 reads", f[3])
			}
			traps := 0
			for _, l := range strings.Split(got.stderr, "\n") {
				if strings.Contains(l, "] clock_gettime(") || strings.Contains(l, "] gettimeofday(") || strings.Contains(l, "] time(") {
					traps++
				}
			}
			t.Logf("%d time syscalls trapped for 1000+ reads", traps)
			if traps > 20 {
				t.Errorf("%d time syscalls reached the sentry for 1000 reads: the vDSO is not serving them", traps)
			}
			if !strings.Contains(got.stderr, "] exit_group(") && !strings.Contains(got.stderr, "] write(") {
				t.Errorf("--strace logged nothing: the trap count proves nothing; stderr:\n%.2000s", got.stderr)
			}
		})
	}
}
