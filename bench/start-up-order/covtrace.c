// covtrace: which functions of a program's executable run, in the order they first run.
//
//   covtrace SECONDS ENTRIES HITS -- PROGRAM [ARGUMENT...]
//
// ENTRIES holds the functions' entry addresses in the executable (hex, as in its symbol table,
// one per line). PROGRAM is started under ptrace with a one-shot breakpoint (int3) on each entry;
// the first call of a function (on any thread) restores its byte and appends its address to
// HITS. After SECONDS, or when covtrace gets SIGTERM or SIGINT, the program is killed. Each function traps at most once, so the program
// runs at almost its own speed after its first calls. Used by bench/start-up-order.py; x86-64
// Linux only (root or ptrace_scope 0).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    unsigned long address;
    unsigned char original;
    int armed;
} Breakpoint;

static Breakpoint *breakpoints;
static size_t count;

static int compare(const void *a, const void *b) {
    unsigned long x = ((const Breakpoint *)a)->address, y = ((const Breakpoint *)b)->address;
    return x < y ? -1 : x > y;
}

static Breakpoint *find(unsigned long address) {
    size_t low = 0, high = count;
    while (low < high) {
        size_t middle = (low + high) / 2;
        if (breakpoints[middle].address == address) return &breakpoints[middle];
        if (breakpoints[middle].address < address) low = middle + 1; else high = middle;
    }
    return NULL;
}

static volatile sig_atomic_t stop_requested;

static void request_stop(int signal) {
    (void)signal;
    stop_requested = 1;
}

static double seconds_since(const struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

// The load address of the executable: its mapping at file offset 0.
static unsigned long load_address(pid_t pid) {
    char path[64], executable[4096], line[4600];
    snprintf(path, sizeof path, "/proc/%d/exe", pid);
    ssize_t length = readlink(path, executable, sizeof executable - 1);
    if (length < 0) { perror("readlink"); exit(1); }
    executable[length] = 0;
    snprintf(path, sizeof path, "/proc/%d/maps", pid);
    FILE *maps = fopen(path, "r");
    unsigned long result = 0;
    while (maps && fgets(line, sizeof line, maps)) {
        unsigned long start, offset;
        char name[4096] = "";
        if (sscanf(line, "%lx-%*x %*s %lx %*s %*s %4095s", &start, &offset, name) == 3
            && offset == 0 && strcmp(name, executable) == 0) { result = start; break; }
    }
    if (maps) fclose(maps);
    return result;
}

int main(int argc, char **argv) {
    if (argc < 6 || strcmp(argv[4], "--") != 0) {
        fprintf(stderr, "usage: covtrace SECONDS ENTRIES HITS -- PROGRAM [ARGUMENT...]\n");
        return 2;
    }
    double limit = atof(argv[1]);
    FILE *entries = fopen(argv[2], "r");
    FILE *hits = fopen(argv[3], "w");
    if (!entries || !hits) { perror("covtrace"); return 1; }
    size_t capacity = 1 << 16;
    breakpoints = malloc(capacity * sizeof *breakpoints);
    unsigned long address;
    while (fscanf(entries, "%lx", &address) == 1) {
        if (count == capacity) breakpoints = realloc(breakpoints, (capacity *= 2) * sizeof *breakpoints);
        breakpoints[count++] = (Breakpoint){ .address = address };
    }
    qsort(breakpoints, count, sizeof *breakpoints, compare);

    pid_t pid = fork();
    if (pid == 0) {
        ptrace(PTRACE_TRACEME, 0, NULL, NULL);
        execv(argv[5], argv + 5);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);  // stopped at exec, before the dynamic loader ran
    unsigned long base = load_address(pid);
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", pid);
    int memory = open(path, O_RDWR);
    if (memory < 0) { perror("open mem"); return 1; }
    size_t armed = 0;
    unsigned char trap = 0xcc;
    for (size_t i = 0; i < count; i++) {
        breakpoints[i].address += base;
        if (pread(memory, &breakpoints[i].original, 1, breakpoints[i].address) == 1
            && pwrite(memory, &trap, 1, breakpoints[i].address) == 1) {
            breakpoints[i].armed = 1;
            armed++;
        }
    }
    fprintf(stderr, "covtrace: %zu breakpoints\n", armed);
    ptrace(PTRACE_SETOPTIONS, pid, NULL, PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL);
    ptrace(PTRACE_CONT, pid, NULL, NULL);

    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    size_t hit = 0;
    signal(SIGTERM, request_stop);
    signal(SIGINT, request_stop);
    while (!stop_requested && seconds_since(&start) < limit) {
        pid_t thread = waitpid(-1, &status, __WALL | WNOHANG);
        if (thread == 0) { usleep(200); continue; }
        if (thread < 0) { if (errno == ECHILD) break; continue; }
        if (!WIFSTOPPED(status)) { if (thread == pid) break; continue; }
        int signal = WSTOPSIG(status);
        if (signal == SIGTRAP && (status >> 16) == PTRACE_EVENT_CLONE) {
            ptrace(PTRACE_CONT, thread, NULL, NULL);
            continue;
        }
        if (signal == SIGTRAP) {
            struct user_regs_struct registers;
            ptrace(PTRACE_GETREGS, thread, NULL, &registers);
            Breakpoint *breakpoint = find(registers.rip - 1);
            if (breakpoint) {
                // A second thread may trap on the same entry before the first restored it.
                if (breakpoint->armed) {
                    breakpoint->armed = 0;
                    pwrite(memory, &breakpoint->original, 1, breakpoint->address);
                    fprintf(hits, "%lx\n", breakpoint->address - base);
                    hit++;
                }
                registers.rip -= 1;
                ptrace(PTRACE_SETREGS, thread, NULL, &registers);
                signal = 0;
            }
        } else if (signal == SIGSTOP) {
            signal = 0;  // a new thread's first stop
        }
        ptrace(PTRACE_CONT, thread, NULL, (void *)(long)signal);
    }
    fclose(hits);
    fprintf(stderr, "covtrace: %zu functions ran\n", hit);
    kill(pid, SIGKILL);
    return 0;
}
