// prctl_name: PR_SET_NAME keeps the first 15 bytes and PR_GET_NAME returns them NUL-terminated; PR_SET_NO_NEW_PRIVS rejects stray arguments with EINVAL and cannot be unset; an unknown option is EINVAL.
#include "../common.h"
#include <sys/prctl.h>

int main(void) {
  char name[16] = {0};
  CHECK_OK(prctl(PR_SET_NAME, "a-rather-long-thread-name", 0, 0, 0));
  CHECK_OK(prctl(PR_GET_NAME, name, 0, 0, 0));
  printf("name: %s\n", name);
  CHECK_EQ(strlen(name), 15);
  CHECK_ERR(prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0), EINVAL);
  CHECK_ERR(prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0), EINVAL);
  CHECK_OK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
  CHECK_EQ(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 1);
  CHECK_ERR(prctl(0x7fff1234, 0, 0, 0, 0), EINVAL);
  DONE();
}
