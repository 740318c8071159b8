// true: start-to-exit of the smallest static C program: glibc's static start-up
// (arch_prctl, set_tid_address, brk, ...) and exit_group, nothing else.
int main(void) { return 0; }
