// read_proc_self_status: /proc/self/status's Name, State, Tgid, Pid, PPid, Uid, Gid, Threads, SigBlk and Umask lines are the caller's.
#include "../common.h"
#include "proc.h"
#include <signal.h>
#include <sys/stat.h>

int main(int argc, char **argv) {
  (void)argc;
  umask(027);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, NULL);
  signal(SIGUSR2, SIG_IGN);
  char buf[8192];
  CHECK(slurp("/proc/self/status", buf, sizeof buf) > 0);
  const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  char name[16] = {0};
  strncpy(name, base, 15);
  const char *v = field(buf, "Name");
  CHECK(v && strncmp(v, name, strlen(name)) == 0 && v[strlen(name)] == '\n');
  CHECK(field(buf, "State") && strncmp(field(buf, "State"), "R (running)", 11) == 0);
  CHECK_EQ(atoi(field(buf, "Tgid")), getpid());
  CHECK_EQ(atoi(field(buf, "Pid")), getpid());
  CHECK_EQ(atoi(field(buf, "PPid")), getppid());
  unsigned r, e, s, f;
  CHECK(sscanf(field(buf, "Uid"), "%u %u %u %u", &r, &e, &s, &f) == 4);
  CHECK(r == getuid() && e == geteuid());
  CHECK(sscanf(field(buf, "Gid"), "%u %u %u %u", &r, &e, &s, &f) == 4);
  CHECK(r == getgid() && e == getegid());
  CHECK_EQ(atoi(field(buf, "Threads")), 1);
  CHECK_EQ(strtoull(field(buf, "SigBlk"), NULL, 16), 1ull << (SIGUSR1 - 1));
  CHECK_EQ(strtoull(field(buf, "SigIgn"), NULL, 16) & (1ull << (SIGUSR2 - 1)), 1ull << (SIGUSR2 - 1));
  CHECK_EQ(strtoul(field(buf, "Umask"), NULL, 8), 027);
  CHECK(field(buf, "VmRSS") != NULL);
  CHECK(field(buf, "CapEff") != NULL);
  DONE();
}
