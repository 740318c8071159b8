// umask_create: the umask clears mode bits of files made by open(O_CREAT), mkdir, mknod and openat2; a set-group-ID directory gives new files its group and new directories its group and S_ISGID.
#include "../common.h"
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>

int main(void) {
  struct stat st;
  CHECK_EQ(umask(077), 022);
  CHECK_EQ(umask(027), 077);
  CHECK_OK(close(open("f", O_CREAT | O_WRONLY, 0777)));
  CHECK_OK(stat("f", &st));
  CHECK_EQ(st.st_mode & 07777, 0750);
  CHECK_OK(mkdir("d", 0777));
  CHECK_OK(stat("d", &st));
  CHECK_EQ(st.st_mode & 07777, 0750);
  CHECK_OK(mknod("n", S_IFREG | 0666, 0));
  CHECK_OK(stat("n", &st));
  CHECK_EQ(st.st_mode & 07777, 0640);
  struct open_how how = {.flags = O_CREAT | O_WRONLY, .mode = 0666};
  long fd = syscall(SYS_openat2, AT_FDCWD, "o", &how, sizeof how);
  CHECK(fd >= 0);
  close(fd);
  CHECK_OK(stat("o", &st));
  CHECK_EQ(st.st_mode & 07777, 0640);
  umask(0);
  CHECK_OK(mkdir("sg", 0775));
  CHECK_OK(chown("sg", 0, 54400));
  CHECK_OK(chmod("sg", 02775));
  CHECK_OK(close(open("sg/f", O_CREAT | O_WRONLY, 0644)));
  CHECK_OK(stat("sg/f", &st));
  CHECK_EQ(st.st_gid, 54400);
  CHECK_EQ(st.st_mode & 07777, 0644);
  CHECK_OK(mkdir("sg/d", 0755));
  CHECK_OK(stat("sg/d", &st));
  CHECK_EQ(st.st_gid, 54400);
  CHECK_EQ(st.st_mode & 07777, 02755);
  CHECK_OK(symlink("f", "sg/l"));
  CHECK_OK(lstat("sg/l", &st));
  CHECK_EQ(st.st_gid, 54400);
  DONE();
}
