/* libFuzzer target: the decoder and executor on arbitrary instruction streams at every EL, with
 * both cores, the MMU and stage 2 on or off and random trap bits (exec_harness.c reads the state
 * from the input's first bytes). A run that breaks an invariant of the simulator aborts; so does
 * one that hangs (HARNESS_HUNG). */
#include <stdint.h>
#include <stdlib.h>

#include "exec_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    enum harness_outcome o = harness_run(data, size, 5000, 2000, NULL);
    if (o == HARNESS_BROKEN || o == HARNESS_HUNG)
        abort();
    return 0;
}
