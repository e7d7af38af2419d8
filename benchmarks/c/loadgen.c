/* The echo load generator, used against every server: loadgen <port> <clients> <message bytes> <seconds> [depth].
 * 127.0.0.1 only. Each client sends `depth` messages back to back (pipelined: one write of depth * bytes), reads
 * the whole echo back, records the round trip of that batch, repeats, until the time is up (single-threaded
 * epoll, so the generator costs the same against every server; pipelining divides its system calls per request
 * by `depth`, so that the server, not the generator, is the bottleneck). A request is one message.
 * Prints one JSON line: {"req_per_s":..., "mb_per_s":..., "p99_ms":..., "requests":..., "client_cpu_s":...};
 * MB/s counts echoed payload bytes (10^6 bytes), p99 is the batch round trip, client_cpu_s the generator's own
 * user+system time. Exits non-zero if a connection fails or an echo differs from what was sent. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct { int fd; size_t sent, got; double start; char *in; } client;

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static int cmp(const void *a, const void *b) { float x = *(const float *)a, y = *(const float *)b; return x < y ? -1 : x > y; }

int main(int argc, char **argv) {
    if (argc != 5 && argc != 6) { fprintf(stderr, "usage: loadgen <port> <clients> <bytes> <seconds> [depth]\n"); return 2; }
    int port = atoi(argv[1]), nc = atoi(argv[2]), depth = argc == 6 ? atoi(argv[5]) : 1;
    if (depth < 1) { fprintf(stderr, "depth must be >= 1: %d\n", depth); return 2; }
    size_t size = (size_t)atol(argv[3]) * (size_t)depth; double secs = atof(argv[4]);
    char *msg = malloc(size);
    for (size_t i = 0; i < size; i++) msg[i] = (char)('a' + i % 26);
    int ep = epoll_create1(0), one = 1;
    client *cs = calloc(nc, sizeof(client));
    size_t cap = 1 << 20, nlat = 0; float *lat = malloc(cap * sizeof(float));
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < nc; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(fd, (struct sockaddr *)&a, sizeof a)) { perror("connect"); return 1; }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        cs[i].fd = fd; cs[i].in = malloc(size);
        struct epoll_event e = {.events = EPOLLIN | EPOLLOUT, .data.ptr = &cs[i]};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
    }
    double t0 = now(), end = t0 + secs;
    for (int i = 0; i < nc; i++) cs[i].start = t0;
    long requests = 0;
    struct epoll_event evs[256];
    while (now() < end) {
        int n = epoll_wait(ep, evs, 256, 100);
        for (int k = 0; k < n; k++) {
            client *c = evs[k].data.ptr;
            while (c->sent < size) {
                ssize_t w = write(c->fd, msg + c->sent, size - c->sent);
                if (w < 0) { if (errno != EAGAIN) { perror("write"); return 1; } break; }
                c->sent += (size_t)w;
            }
            for (;;) {
                if (c->got == size) break;
                ssize_t r = read(c->fd, c->in + c->got, size - c->got);
                if (r == 0) { fprintf(stderr, "server closed the connection\n"); return 1; }
                if (r < 0) { if (errno != EAGAIN) { perror("read"); return 1; } break; }
                c->got += (size_t)r;
            }
            if (c->got == size) {
                if (memcmp(c->in, msg, size) != 0) { fprintf(stderr, "echo differs from the message\n"); return 1; }
                double t = now();
                if (nlat == cap) { cap *= 2; lat = realloc(lat, cap * sizeof(float)); }
                lat[nlat++] = (float)((t - c->start) * 1000);
                requests += depth;
                c->sent = c->got = 0; c->start = t;
                while (c->sent < size) {
                    ssize_t w = write(c->fd, msg + c->sent, size - c->sent);
                    if (w < 0) break;
                    c->sent += (size_t)w;
                }
            }
            struct epoll_event e = {.events = EPOLLIN | (c->sent < size ? EPOLLOUT : 0), .data.ptr = c};
            epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e);
        }
    }
    double elapsed = now() - t0;
    qsort(lat, nlat, sizeof(float), cmp);
    double p99 = nlat ? lat[(size_t)(nlat * 0.99)] : 0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    printf("{\"req_per_s\": %.1f, \"mb_per_s\": %.2f, \"p99_ms\": %.3f, \"requests\": %ld, \"client_cpu_s\": %.3f}\n",
           requests / elapsed, requests * (double)(size / depth) / elapsed / 1e6, p99, requests, cpu);
    for (int i = 0; i < nc; i++) close(cs[i].fd);
    return 0;
}
