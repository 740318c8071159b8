// fcntl_notify_dir: F_NOTIFY signals SIGIO for the events asked in a directory (create, access, modify, delete, rename, attrib by fd and by path; a rename is a delete for DN_DELETE watchers); a watch without DN_MULTISHOT fires once; masks add up; a close of the fd drops it; an empty mask succeeds on any file, an event mask on a non-directory is ENOTDIR, on an O_PATH fd EBADF.
#include "../common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>

static volatile int sigios;
static void on_sigio(int sig) { (void)sig; sigios++; }

int main(void) {
  struct sigaction sa = {.sa_handler = on_sigio};
  CHECK_OK(sigaction(SIGIO, &sa, NULL));
  rmdir("d/sub");
  unlink("d/a");
  unlink("d/b");
  unlink("d/c");
  rmdir("d");
  CHECK_OK(mkdir("d", 0755));
  int dfd = open("d", O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  int reg = open("plain", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_ERR(fcntl(reg, F_NOTIFY, DN_CREATE), ENOTDIR);
  CHECK_OK(fcntl(reg, F_NOTIFY, 0));
  CHECK_OK(fcntl(reg, F_NOTIFY, DN_MULTISHOT)); // no event: removes, on any file
  int path = open("d", O_PATH);
  CHECK_ERR(fcntl(path, F_NOTIFY, DN_CREATE), EBADF);

  CHECK_OK(fcntl(dfd, F_NOTIFY, DN_CREATE)); // one shot
  int a = open("d/a", O_CREAT | O_RDWR, 0644);
  CHECK_EQ(sigios, 1);
  int b = open("d/b", O_CREAT | O_RDWR, 0644);
  CHECK_EQ(sigios, 1);
  CHECK_EQ(write(a, "x", 1), 1); // not asked for
  CHECK_EQ(sigios, 1);

  CHECK_OK(fcntl(dfd, F_NOTIFY, DN_MODIFY | DN_DELETE | DN_MULTISHOT));
  CHECK_EQ(write(a, "y", 1), 1);
  CHECK_EQ(sigios, 2);
  CHECK_OK(close(b));
  CHECK_OK(unlink("d/b"));
  CHECK_EQ(sigios, 3);
  CHECK_EQ(write(a, "z", 1), 1);
  CHECK_EQ(sigios, 4);
  CHECK_OK(rename("d/a", "d/c")); // the old name leaving is a DN_DELETE
  CHECK_EQ(sigios, 5);
  CHECK_OK(fcntl(dfd, F_NOTIFY, DN_RENAME | DN_ATTRIB | DN_MULTISHOT)); // adds to the mask
  CHECK_OK(rename("d/c", "d/a")); // one signal for DN_DELETE|DN_RENAME, none for the arrival
  CHECK_EQ(sigios, 6);
  CHECK_OK(fchmod(a, 0600));
  CHECK_EQ(sigios, 7);
  CHECK_OK(ftruncate(a, 0));
  CHECK_EQ(sigios, 8);
  CHECK_OK(mkdir("d/sub", 0755)); // DN_CREATE was one-shot and went
  CHECK_EQ(sigios, 8);
  CHECK_EQ(pwrite(a, "q", 1, 0), 1);
  CHECK_EQ(sigios, 9);
  char c;
  CHECK_EQ(pread(a, &c, 1, 0), 1); // DN_ACCESS not asked for yet
  CHECK_EQ(sigios, 9);
  CHECK_OK(fcntl(dfd, F_NOTIFY, DN_ACCESS));
  CHECK_EQ(pread(a, &c, 1, 0), 1);
  CHECK_EQ(sigios, 10);
  CHECK_OK(chmod("d/a", 0644)); // by path too
  CHECK_EQ(sigios, 11);
  CHECK_OK(utimensat(AT_FDCWD, "d/a", NULL, 0));
  CHECK_EQ(sigios, 12);
  CHECK_OK(truncate("d/a", 0));
  CHECK_EQ(sigios, 13);

  int dup_fd = dup(dfd);
  CHECK_OK(close(dup_fd)); // any close of the description by this process drops the watch
  CHECK_EQ(write(a, "w", 1), 1);
  CHECK_EQ(pread(a, &c, 1, 0), 1);
  CHECK_EQ(sigios, 13);
  DONE();
}
