package e2e

import (
	"os/exec"
	"testing"
)

// TestTmpfsSharedMapping: a MAP_SHARED mapping of a file on a --tmpfs is the
// file (stores seen by read(2), write(2) and ftruncate seen through it, a
// forked child's stores seen by the parent), as natively on a host
// directory. The compat suite cannot reach a tmpfs (its cwd is a gofer
// mount), hence this test.
func TestTmpfsSharedMapping(t *testing.T) {
	dir := t.TempDir()
	bin := buildC(t, dir, "tmpfsmap", tmpfsMapSrc, true)
	native := t.TempDir()
	out, err := exec.Command(bin, native).Output()
	if err != nil || string(out) != "done 0\n" {
		t.Fatalf("native: %v %q", err, out)
	}
	mnt := t.TempDir()
	r := husk(t, "do", "--tmpfs", mnt, "--", bin, mnt)
	if r.code != 0 || r.stdout != "done 0\n" {
		t.Errorf("husk: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

const tmpfsMapSrc = `#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

static int fails;
#define CHECK(c) do { if (!(c)) { printf("FAIL: %s (line %d)\n", #c, __LINE__); fails++; } } while (0)
#define CHECK_EQ(a, b) CHECK((a) == (b))
#define CHECK_OK(e) CHECK((e) != -1)

int main(int argc, char **argv) {
  long pg = sysconf(_SC_PAGESIZE);
  char name[4096];
  snprintf(name, sizeof name, "%s/shared-map", argv[1]);
  int fd = open(name, O_CREAT | O_RDWR | O_TRUNC, 0600);
  CHECK(fd >= 0);
  unlink(name);
  CHECK_OK(ftruncate(fd, 2 * pg));
  char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(m != MAP_FAILED);
  memcpy(m + 10, "tmpfs", 5);
  char buf[8] = {0};
  CHECK_EQ(pread(fd, buf, 5, 10), 5);
  CHECK(strcmp(buf, "tmpfs") == 0);
  CHECK_EQ(pwrite(fd, "WRITE", 5, pg), 5);
  CHECK(memcmp(m + pg, "WRITE", 5) == 0);
  pid_t pid = fork();
  if (pid == 0) {
    memcpy(m + pg + 100, "kid", 3);
    _exit(0);
  }
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(memcmp(m + pg + 100, "kid", 3) == 0);
  CHECK_OK(ftruncate(fd, pg + 50));
  CHECK_EQ(m[pg + 100], 0);
  CHECK_EQ(m[pg + 1], 'R');
  CHECK_OK(msync(m, 2 * pg, MS_SYNC));
  CHECK_OK(munmap(m, 2 * pg));
  struct stat sb;
  CHECK_OK(fstat(fd, &sb));
  CHECK_EQ(sb.st_size, pg + 50);
  memset(buf, 0, sizeof buf);
  CHECK_EQ(pread(fd, buf, 5, 10), 5);
  CHECK(strcmp(buf, "tmpfs") == 0);
  printf("done %d\n", fails);
  return fails != 0;
}
`
