// chown_owner: chown to the current owner and group (or -1) succeeds and changes nothing; as root chown, fchown and fchownat set any owner, and lchown changes a symlink itself; a missing name is ENOENT.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  struct stat st, st2;
  CHECK_OK(fstat(fd, &st));
  CHECK_OK(chown("f", st.st_uid, st.st_gid));
  CHECK_OK(chown("f", -1, -1));
  CHECK_OK(fchown(fd, -1, st.st_gid));
  CHECK_OK(fstat(fd, &st2));
  CHECK(st2.st_uid == st.st_uid && st2.st_gid == st.st_gid);
  CHECK_ERR(chown("missing", -1, -1), ENOENT);
  CHECK_OK(symlink("f", "l"));
  if (geteuid() == 0) {
    CHECK_OK(chown("f", 1234, 4321));
    CHECK_OK(stat("f", &st2));
    CHECK_EQ(st2.st_uid, 1234);
    CHECK_EQ(st2.st_gid, 4321);
    CHECK_OK(fchown(fd, 99, -1));
    CHECK_OK(fstat(fd, &st2));
    CHECK_EQ(st2.st_uid, 99);
    CHECK_EQ(st2.st_gid, 4321);
    CHECK_OK(lchown("l", 555, 555));
    CHECK_OK(lstat("l", &st2));
    CHECK_EQ(st2.st_uid, 555);
    CHECK_OK(stat("l", &st2));
    CHECK_EQ(st2.st_uid, 99);
    CHECK_OK(fchownat(AT_FDCWD, "f", 0, 0, 0));
    CHECK_OK(stat("f", &st2));
    CHECK_EQ(st2.st_uid, 0);
  } else {
    CHECK_ERR(chown("f", 0, -1), EPERM);
    printf("not root: the rest needs CAP_CHOWN\n");
  }
  close(fd);
  DONE();
}
