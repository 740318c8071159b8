// mknod_fifo_tmpfs: mknod on tmpfs makes FIFOs, regular files, socket nodes and (with CAP_MKNOD) device nodes, less the umask; a FIFO's open for reading waits for a writer and the other way round, O_NONBLOCK readers never wait, an O_NONBLOCK writer with no reader is ENXIO, O_RDWR never waits; data passes through; a socket node opens as ENXIO; a taken name is EEXIST, S_IFDIR EPERM, an unknown type EINVAL; without CAP_MKNOD a device node is EPERM and in a directory it cannot write EACCES.
// husk-tmpfs: /dev/shm
#include "../common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

int main(void) {
  char dir[] = "/dev/shm/husk-mknod-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CHECK_OK(chmod(dir, 0755));
  CHECK_OK(chdir(dir));
  umask(027);
  struct stat st;
  CHECK_OK(mknod("p", S_IFIFO | 0666, 0));
  CHECK_OK(stat("p", &st));
  CHECK(S_ISFIFO(st.st_mode));
  CHECK_EQ(st.st_mode & 07777, 0640);
  CHECK_OK(mknod("r", 0644, 0));
  CHECK_OK(stat("r", &st));
  CHECK(S_ISREG(st.st_mode));
  CHECK_EQ(st.st_mode & 07777, 0640);
  CHECK_OK(mknodat(AT_FDCWD, "s", S_IFSOCK | 0600, 0));
  CHECK_OK(stat("s", &st));
  CHECK(S_ISSOCK(st.st_mode));
  CHECK_ERR(open("s", O_RDONLY), ENXIO);
  CHECK_OK(mknod("c", S_IFCHR | 0600, makedev(1, 3)));
  CHECK_OK(stat("c", &st));
  CHECK(S_ISCHR(st.st_mode));
  CHECK_EQ(major(st.st_rdev), 1);
  CHECK_EQ(minor(st.st_rdev), 3);
  CHECK_ERR(mknod("p", S_IFIFO | 0600, 0), EEXIST);
  CHECK_ERR(mknod("x", S_IFDIR | 0600, 0), EPERM);
  CHECK_ERR(mknod("x", 0170000 | 0600, 0), EINVAL);
  CHECK_ERR(mknod("nodir/x", S_IFIFO | 0600, 0), ENOENT);
  umask(022);

  CHECK_ERR(open("p", O_WRONLY | O_NONBLOCK), ENXIO);
  int r = open("p", O_RDONLY | O_NONBLOCK);
  CHECK(r >= 0);
  int w = open("p", O_WRONLY | O_NONBLOCK);
  CHECK(w >= 0);
  CHECK_OK(fstat(w, &st));
  CHECK(S_ISFIFO(st.st_mode));
  CHECK_EQ(write(w, "hi", 2), 2);
  char buf[16];
  CHECK_EQ(read(r, buf, sizeof buf), 2);
  CHECK_ERR(read(r, buf, sizeof buf), EAGAIN);
  close(w);
  CHECK_EQ(read(r, buf, sizeof buf), 0);
  close(r);
  int rw = open("p", O_RDWR);
  CHECK(rw >= 0);
  CHECK_EQ(write(rw, "x", 1), 1);
  CHECK_EQ(read(rw, buf, 1), 1);
  close(rw);

  pid_t pid = fork();
  if (pid == 0) {
    int fd = open("p", O_WRONLY); // waits for the parent's reader
    _exit(fd < 0 || write(fd, "abc", 3) != 3);
  }
  r = open("p", O_RDONLY); // waits for the child's writer
  CHECK(r >= 0);
  int n = 0, k;
  while ((k = read(r, buf + n, sizeof buf - n)) > 0)
    n += k;
  CHECK_EQ(n, 3);
  CHECK(memcmp(buf, "abc", 3) == 0);
  close(r);
  int status;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  CHECK_OK(mkdir("open", 0777));
  CHECK_OK(chmod("open", 0777));
  pid = fork();
  if (pid == 0) {
    if (setgroups(0, NULL) || setresgid(54321, 54321, 54321) || setresuid(54321, 54321, 54321))
      _exit(10);
    int bad = 0;
    errno = 0;
    bad |= (mknod("open/c", S_IFCHR | 0600, makedev(1, 3)) != -1 || errno != EPERM) << 0;
    errno = 0;
    bad |= (mknod("q", S_IFIFO | 0600, 0) != -1 || errno != EACCES) << 1;
    bad |= (mknod("open/q", S_IFIFO | 0600, 0) != 0) << 2;
    bad |= (unlink("open/q") != 0) << 3;
    _exit(bad);
  }
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 0);

  CHECK_OK(rmdir("open"));
  const char *names[] = {"p", "r", "s", "c"};
  for (int i = 0; i < 4; i++)
    CHECK_OK(unlink(names[i]));
  CHECK_OK(chdir("/"));
  CHECK_OK(rmdir(dir));
  DONE();
}
