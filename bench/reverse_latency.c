/* reverse-stepi latency: bench/snapshot.sh runs it.
 *
 * usage: reverse_latency INTERVAL INSNS [a72sim run options...] IMAGE
 * Records the run (reverse_enable with INTERVAL) to INSNS instructions of all cores, then times
 * reverse_stepi of core 0 by 1, 100, 10000 and INTERVAL/2 instructions (each from the same point,
 * gone back to with reverse_run_to_icount), and prints one line per distance: the distance, the
 * milliseconds it took, and the checkpoints' memory. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "session.h"
#include "snapshot/reverse.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: reverse_latency INTERVAL INSNS [a72sim run options...] IMAGE\n");
        return 2;
    }
    uint64_t interval = strtoull(argv[1], NULL, 0), insns = strtoull(argv[2], NULL, 0);
    argv[2] = "run";
    struct session s;
    int rc = session_open(&s, argc - 2, argv + 2);
    if (rc != SESSION_READY)
        return session_close(&s, rc == SESSION_DONE ? 0 : rc);
    char err[256];
    if (!reverse_enable(s.m, interval, 0, err, sizeof(err))) {
        fprintf(stderr, "reverse_latency: %s\n", err);
        return session_close(&s, 1);
    }
    double t0 = now();
    reverse_run(s.m, insns);
    double recorded = now() - t0;
    uint64_t here = s.m->cpus[0]->icount;
    printf("recorded %" PRIu64 " instructions in %.3f s; %u checkpoints, %zu KiB\n", machine_total_insns(s.m),
           recorded, reverse_list(s.m, NULL, 0), reverse_memory(s.m) >> 10);
    uint64_t distances[] = { 1, 100, 10000, interval / 2 };
    int status = 0;
    for (unsigned k = 0; k < sizeof(distances) / sizeof(distances[0]); k++) {
        if (!reverse_run_to_icount(s.m, 0, here, err, sizeof(err))) {
            fprintf(stderr, "reverse_latency: %s\n", err);
            status = 1;
            break;
        }
        double t = now();
        if (!reverse_stepi(s.m, 0, distances[k], err, sizeof(err))) {
            fprintf(stderr, "reverse_latency: %s\n", err);
            status = 1;
            break;
        }
        printf("reverse-stepi %" PRIu64 ": %.2f ms\n", distances[k], (now() - t) * 1e3);
    }
    reverse_disable(s.m);
    return session_close(&s, status);
}
