/* libFuzzer target: the decoder and executor on arbitrary instruction streams at every EL, with
 * both cores, the MMU and stage 2 on or off and random trap bits (exec_harness.c reads the state
 * from the input's first bytes). A run that breaks an invariant of the simulator aborts; so does
 * that hangs (HARNESS_HUNG); a loop of fetch faults (HARNESS_FETCH_LOOP, the run loop's known
 * defect) too when A72SIM_FUZZ_HANGS is set in the environment. */
#include <stdint.h>
#include <stdlib.h>

#include "exec_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int hangs_are_findings = -1;
    if (hangs_are_findings < 0)
        hangs_are_findings = getenv("A72SIM_FUZZ_HANGS") != NULL;
    enum harness_outcome o = harness_run(data, size, 5000, 2000, NULL);
    if (o == HARNESS_BROKEN || o == HARNESS_HUNG || (o == HARNESS_FETCH_LOOP && hangs_are_findings))
        abort();
    return 0;
}
