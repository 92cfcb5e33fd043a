#ifndef CLINUXIO_SHIM_H
#define CLINUXIO_SHIM_H
// Linux I/O interfaces the Swift Glibc module does not expose (HTTPServer's event loops).
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sched.h>
#include <pthread.h>

// GNU extensions hidden behind _GNU_SOURCE, which the Glibc module is built without.
extern int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);
extern int sched_getaffinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask);
extern int pthread_setname_np(pthread_t thread, const char *name);
#endif
