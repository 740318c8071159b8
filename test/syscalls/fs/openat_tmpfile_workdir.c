// openat_tmpfile_workdir: O_TMPFILE in the (host-backed, ext4 here) working directory makes a nameless file that linkat can name.
// husk-divergent: *: the gofer has no O_TMPFILE request (and no host-call budget left for one): husk says EOPNOTSUPP, as Linux does on filesystems without O_TMPFILE
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  int fd = open(".", O_TMPFILE | O_RDWR, 0600);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "x", 1), 1);
  CHECK_OK(linkat(fd, "", AT_FDCWD, "named", AT_EMPTY_PATH));
  struct stat st;
  CHECK_OK(stat("named", &st));
  CHECK_EQ(st.st_size, 1);
  close(fd);
  DONE();
}
