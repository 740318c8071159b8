package hap

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHapTrue runs the built binary as a person would: `husk hap --json --
// /bin/true`. It needs root, tracefs and bin/husk (make build).
func TestHapTrue(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root (tracefs instances): run go test as root")
	}
	if err := Usable(); err != nil {
		t.Skipf("tracefs unavailable: %v", err)
	}
	bin, err := filepath.Abs("../bin/husk")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("built binary %s missing: run make build", bin)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "hap", "--json", "--", "/bin/true").Output()
	if err != nil {
		t.Fatalf("husk hap: %v\n%s", err, out)
	}
	var rep struct {
		Command []string  `json:"command"`
		Results []*Result `json:"results"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("JSON: %v\n%s", err, out)
	}
	by := map[string]*Result{}
	for _, r := range rep.Results {
		by[r.Runner] = r
	}
	n := by["native"]
	if n == nil || n.DistinctSyscalls == 0 || n.Syscalls["execve"] != 1 || n.ExitCode != 0 {
		t.Errorf("native = %+v, want a run with syscalls and exactly one execve", n)
	}
	h := by["husk/ptrace"]
	if h == nil || !h.Ran {
		t.Fatalf("no husk/ptrace column in %s", out)
	}
	if h.ExitCode != 0 || h.Processes < 2 {
		t.Errorf("husk = exit %d, %d processes; want 0 and the sentry, gofer and stubs", h.ExitCode, h.Processes)
	}
	if _, ok := by["runsc"]; !ok {
		t.Errorf("no runsc column (it says \"not installed\" when runsc is missing)")
	}
	// The instance is gone.
	ents, _ := os.ReadDir(filepath.Join(TracefsDir, "instances"))
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "husk-hap-") {
			t.Logf("instance %s present (another husk hap may be running)", e.Name())
		}
	}
	// The table form names every row.
	txt, err := exec.CommandContext(ctx, bin, "hap", "--no-runsc", "--", "/bin/true").Output()
	if err != nil {
		t.Fatalf("husk hap (table): %v\n%s", err, txt)
	}
	for _, want := range []string{"native", "husk/ptrace", "skipped", "distinct host syscalls", "total host syscalls", "processes", "distinct kernel functions", "wall time"} {
		if !strings.Contains(string(txt), want) {
			t.Errorf("table lacks %q:\n%s", want, txt)
		}
	}
}

// TestSysemuNotCounted checks the counting method on a loop of 20000
// getppid calls (bench/getppid.c): natively the host enters getppid 20000+
// times; under husk/ptrace the stub's calls are stopped by PTRACE_SYSEMU and
// never reach raw_syscalls:sys_enter, so the husk column shows only the
// sentry's own handful.
func TestSysemuNotCounted(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root (tracefs instances): run go test as root")
	}
	if err := Usable(); err != nil {
		t.Skipf("tracefs unavailable: %v", err)
	}
	bin, _ := filepath.Abs("../bin/husk")
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("built binary %s missing: run make build", bin)
	}
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("gcc missing: it builds bench/getppid.c")
	}
	prog := filepath.Join(t.TempDir(), "getppid")
	if out, err := exec.Command(gcc, "-O2", "-static", "-o", prog, "../bench/getppid.c").CombinedOutput(); err != nil {
		t.Skipf("gcc -static failed (static libc missing?): %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "hap", "--json", "--no-runsc", "--", prog, "20000").Output()
	if err != nil {
		t.Fatalf("husk hap: %v\n%s", err, out)
	}
	var rep struct{ Results []*Result }
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("JSON: %v", err)
	}
	n, h := rep.Results[0], rep.Results[1]
	if n.Syscalls["getppid"] < 20000 {
		t.Errorf("native getppid = %d, want >= 20000", n.Syscalls["getppid"])
	}
	if h.ExitCode != 0 || h.Syscalls["getppid"] > 100 {
		t.Errorf("husk getppid = %d (exit %d), want the SYSEMU'd calls uncounted", h.Syscalls["getppid"], h.ExitCode)
	}
}
