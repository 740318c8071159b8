// mkdir_setgid_tmpfs: on tmpfs a set-group-ID directory gives files, FIFOs and symlinks made in it its group, and new directories its group and S_ISGID; elsewhere new files get the creator's group.
// husk-tmpfs: /dev/shm
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  char dir[] = "/dev/shm/husk-sgid-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CHECK_OK(chdir(dir));
  umask(022);
  CHECK_OK(mkdir("sg", 0755));
  CHECK_OK(chown("sg", 0, 54400));
  CHECK_OK(chmod("sg", 02775));
  struct stat st;
  CHECK_OK(close(open("sg/f", O_CREAT | O_WRONLY, 0644)));
  CHECK_OK(stat("sg/f", &st));
  CHECK_EQ(st.st_gid, 54400);
  CHECK_OK(mkfifo("sg/p", 0644));
  CHECK_OK(stat("sg/p", &st));
  CHECK_EQ(st.st_gid, 54400);
  CHECK_OK(symlink("f", "sg/l"));
  CHECK_OK(lstat("sg/l", &st));
  CHECK_EQ(st.st_gid, 54400);
  CHECK_OK(mkdir("sg/d", 0755));
  CHECK_OK(stat("sg/d", &st));
  CHECK_EQ(st.st_gid, 54400);
  CHECK_EQ(st.st_mode & 07777, 02755);
  CHECK_OK(close(open("sg/d/g", O_CREAT | O_WRONLY, 0644)));
  CHECK_OK(stat("sg/d/g", &st));
  CHECK_EQ(st.st_gid, 54400);
  CHECK_OK(close(open("plain", O_CREAT | O_WRONLY, 0644)));
  CHECK_OK(stat("plain", &st));
  CHECK_EQ(st.st_gid, getegid());
  const char *rm[] = {"sg/d/g", "sg/f", "sg/p", "sg/l", "plain"};
  for (int i = 0; i < 5; i++)
    CHECK_OK(unlink(rm[i]));
  CHECK_OK(rmdir("sg/d"));
  CHECK_OK(rmdir("sg"));
  CHECK_OK(chdir("/"));
  CHECK_OK(rmdir(dir));
  DONE();
}
