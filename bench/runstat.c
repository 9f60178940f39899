/* runstat — runs one command and appends its cost to a file:
 *
 *   runstat RESULT-FILE COMMAND [ARG...]
 *
 * appends "wall_ms user_ms sys_ms maxrss_kb status" (one line) to
 * RESULT-FILE and exits with the command's status (128 + signal if it was
 * killed, 127 if it could not be started). Wall time is CLOCK_MONOTONIC
 * around fork/exec/wait; user and system time and the peak resident set
 * size come from getrusage(RUSAGE_CHILDREN), which covers exactly the one
 * child this process waits for. The command's own output is left alone.
 *
 * Used by bench/bench.sh (see bench/README.md): no package needed, and
 * finer than GNU time's 10 ms.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double ms_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) * 1e3 +
           (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

static double tv_ms(const struct timeval *t)
{
    return (double)t->tv_sec * 1e3 + (double)t->tv_usec / 1e3;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: runstat RESULT-FILE COMMAND [ARG...]\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("runstat: fork");
        return 127;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "runstat: cannot run %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("runstat: waitpid");
            return 127;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    getrusage(RUSAGE_CHILDREN, &ru);
    int rc = WIFEXITED(status) ? WEXITSTATUS(status)
             : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 127;
    FILE *out = fopen(argv[1], "a");
    if (!out) {
        fprintf(stderr, "runstat: cannot open %s: %s\n", argv[1], strerror(errno));
        return 127;
    }
    fprintf(out, "%.3f %.3f %.3f %ld %d\n", ms_between(&t0, &t1),
            tv_ms(&ru.ru_utime), tv_ms(&ru.ru_stime), (long)ru.ru_maxrss, rc);
    if (fclose(out) != 0) {
        fprintf(stderr, "runstat: cannot write %s\n", argv[1]);
        return 127;
    }
    return rc;
}
