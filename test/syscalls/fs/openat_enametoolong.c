// openat_enametoolong: a component over NAME_MAX or a path over PATH_MAX fails with ENAMETOOLONG.
#include "../common.h"
#include <fcntl.h>
#include <limits.h>

int main(void) {
  char comp[1 + NAME_MAX + 2];
  comp[0] = '/';
  memset(comp + 1, 'a', NAME_MAX + 1);
  comp[NAME_MAX + 2] = 0;
  CHECK_ERR(open(comp, O_RDONLY), ENAMETOOLONG);

  static char path[PATH_MAX + 16];
  size_t n = 0;
  while (n + 2 < sizeof path - 1) {
    path[n++] = '/';
    path[n++] = '.';
  }
  path[n] = 0;
  CHECK_ERR(open(path, O_RDONLY), ENAMETOOLONG);
  DONE();
}
