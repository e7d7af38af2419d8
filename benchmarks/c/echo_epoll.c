/* The machine's floor for the echo workloads: a single-threaded, level-triggered epoll echo server.
 * Binds 127.0.0.1:0, prints "PORT <n>", serves until killed. Data that cannot be written at once waits in a
 * per-connection buffer (reading from that connection pauses until it is flushed). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF (256 * 1024)
typedef struct { int fd; size_t off, len; char buf[BUF]; } conn;

static void nonblock(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

int main(void) {
    int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 1024)) { perror("bind/listen"); return 1; }
    socklen_t al = sizeof a;
    getsockname(ls, (struct sockaddr *)&a, &al);
    printf("PORT %d\n", ntohs(a.sin_port));
    fflush(stdout);
    nonblock(ls);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL}, evs[256];
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
    for (;;) {
        int n = epoll_wait(ep, evs, 256, -1);
        for (int i = 0; i < n; i++) {
            conn *c = evs[i].data.ptr;
            if (c == NULL) {
                int fd;
                while ((fd = accept(ls, NULL, NULL)) >= 0) {
                    nonblock(fd);
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    conn *nc = malloc(sizeof(conn));
                    nc->fd = fd; nc->off = nc->len = 0;
                    struct epoll_event e = {.events = EPOLLIN, .data.ptr = nc};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
                }
                continue;
            }
            if (c->len == 0) {
                ssize_t r = read(c->fd, c->buf, BUF);
                if (r == 0 || (r < 0 && errno != EAGAIN)) { close(c->fd); free(c); continue; }
                if (r < 0) continue;
                c->off = 0; c->len = (size_t)r;
            }
            while (c->off < c->len) {
                ssize_t w = write(c->fd, c->buf + c->off, c->len - c->off);
                if (w < 0) break;
                c->off += (size_t)w;
            }
            struct epoll_event e = {.data.ptr = c};
            if (c->off < c->len) { e.events = EPOLLOUT; epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e); }
            else {
                if (evs[i].events & EPOLLOUT) { e.events = EPOLLIN; epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e); }
                c->len = 0;
            }
        }
    }
}
