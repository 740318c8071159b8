// mmap_shared_file_write: a MAP_SHARED mapping of a workspace file is the file: a store through it is seen by read(2) of another open file, a write(2) shows through it, a forked child's stores are seen by the parent, msync(MS_SYNC) and fsync succeed, a read-only fd cannot make a writable shared mapping (EACCES), and after munmap and close the file on disk holds the stores (also through an O_APPEND fd) (checked through a fresh open and by a child that exits without unmapping).
#include "../common.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  const char *name = "mmap_shared_file_write.dat";
  unlink(name);
  int fd = open(name, O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  char *init = calloc(1, 3 * pg);
  memset(init, '.', 3 * pg - 10);
  CHECK_EQ(write(fd, init, 3 * pg - 10), 3 * pg - 10);
  char *m = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(m != MAP_FAILED);
  CHECK_EQ(m[0], '.');
  CHECK_EQ(m[3 * pg - 11], '.');
  CHECK_EQ(m[3 * pg - 10], 0); // past the end, inside the last page
  memcpy(m + 5, "STORE", 5);
  int rfd = open(name, O_RDONLY);
  CHECK(rfd >= 0);
  char buf[16] = {0};
  CHECK_EQ(pread(rfd, buf, 5, 5), 5);
  CHECK(memcmp(buf, "STORE", 5) == 0);
  CHECK_EQ(pwrite(fd, "write", 5, pg + 1), 5);
  CHECK(memcmp(m + pg + 1, "write", 5) == 0);

  // A read-only fd: no writable shared mapping.
  CHECK(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0) == MAP_FAILED);
  CHECK_EQ(errno, EACCES);
  char *ro = mmap(NULL, pg, PROT_READ, MAP_SHARED, rfd, 0);
  CHECK(ro != MAP_FAILED);
  CHECK(memcmp(ro + 5, "STORE", 5) == 0);

  pid_t pid = fork();
  if (pid == 0) {
    memcpy(m + 2 * pg, "CHILD", 5);
    _exit(0);
  }
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(memcmp(m + 2 * pg, "CHILD", 5) == 0);
  CHECK_OK(msync(m, 3 * pg, MS_SYNC));
  m[10] = '!';
  CHECK_OK(fsync(fd));
  CHECK_OK(munmap(m, 3 * pg));
  CHECK_OK(munmap(ro, pg));
  CHECK_OK(close(fd));
  CHECK_OK(close(rfd));

  // A child maps, stores and exits without munmap.
  pid = fork();
  if (pid == 0) {
    int cfd = open(name, O_RDWR);
    char *c = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, pg);
    if (c == MAP_FAILED) _exit(1);
    memcpy(c + 100, "EXIT", 4);
    _exit(0);
  }
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);

  fd = open(name, O_RDONLY);
  CHECK(fd >= 0);
  struct stat sb;
  CHECK_OK(fstat(fd, &sb));
  CHECK_EQ(sb.st_size, 3 * pg - 10);
  char *all = malloc(3 * pg);
  CHECK_EQ(read(fd, all, 3 * pg), 3 * pg - 10);
  CHECK(memcmp(all + 5, "STORE", 5) == 0);
  CHECK_EQ(all[10], '!');
  CHECK(memcmp(all + pg + 1, "write", 5) == 0);
  CHECK(memcmp(all + pg + 100, "EXIT", 4) == 0);
  CHECK(memcmp(all + 2 * pg, "CHILD", 5) == 0);
  CHECK_EQ(all[2 * pg + 5], '.');
  CHECK_OK(close(fd));

  // Through an O_APPEND fd: the store lands where it was made.
  fd = open(name, O_RDWR | O_APPEND);
  CHECK(fd >= 0);
  m = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(m != MAP_FAILED);
  memcpy(m + 20, "APPEND", 6);
  CHECK_EQ(write(fd, "tail", 4), 4);
  CHECK_OK(munmap(m, pg));
  CHECK_OK(close(fd));
  fd = open(name, O_RDONLY);
  memset(buf, 0, sizeof buf);
  CHECK_EQ(pread(fd, buf, 6, 20), 6);
  CHECK(strcmp(buf, "APPEND") == 0);
  memset(buf, 0, sizeof buf);
  CHECK_EQ(pread(fd, buf, 8, 3 * pg - 10), 4);
  CHECK(strcmp(buf, "tail") == 0);
  CHECK_OK(close(fd));
  CHECK_OK(unlink(name));
  DONE();
}
