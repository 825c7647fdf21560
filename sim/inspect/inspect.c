/* Machine inspection: what every view shares (regime names, core selection) and `info cpus`. */
#include "inspect.h"

#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "inspect_internal.h"
#include "machine.h"

static const struct {
    const char *word;
    enum inspect_regime regime;
} regime_words[] = {
    { "current", INSPECT_CURRENT }, { "el0", INSPECT_EL0 }, { "el1", INSPECT_EL1 }, { "s12", INSPECT_EL1 },
    { "s1", INSPECT_EL1_S1 },       { "el2", INSPECT_EL2 }, { "el3", INSPECT_EL3 }, { "ipa", INSPECT_IPA },
    { "s2", INSPECT_IPA },
};

bool inspect_regime_parse(const char *word, enum inspect_regime *out)
{
    for (size_t n = 0; n < sizeof(regime_words) / sizeof(regime_words[0]); n++)
        if (strcasecmp(word, regime_words[n].word) == 0) {
            *out = regime_words[n].regime;
            return true;
        }
    return false;
}

const char *inspect_regime_name(enum inspect_regime r)
{
    switch (r) {
    case INSPECT_CURRENT: return "current";
    case INSPECT_EL0: return "EL1&0 (EL0 permissions, stages 1+2)";
    case INSPECT_EL1: return "EL1&0 (EL1 permissions, stages 1+2)";
    case INSPECT_EL1_S1: return "EL1&0 stage 1";
    case INSPECT_EL2: return "EL2";
    case INSPECT_EL3: return "EL3";
    case INSPECT_IPA: return "EL1&0 stage 2 (IPA)";
    }
    return "?";
}

struct cpu *inspect_core(FILE *f, struct machine *m, unsigned core)
{
    if (core >= m->ncpus) {
        fprintf(f, "no cpu%u: the machine has %u core%s\n", core, m->ncpus, m->ncpus == 1 ? "" : "s");
        return NULL;
    }
    return m->cpus[core];
}

int inspect_cpus(FILE *f, struct machine *m)
{
    for (unsigned n = 0; n < m->ncpus; n++) {
        const struct cpu *c = m->cpus[n];
        fprintf(f, "cpu%u: %-7s pc 0x%016" PRIx64 " EL%u%c VMID %u ASID %u, %" PRIu64 " instructions, %" PRIu64
                   " cycles\n",
                n, machine_core_state(c), c->pc, c->pstate.el, c->pstate.sp ? 'h' : 't', cpu_current_vmid(c),
                cpu_current_asid(c), c->icount, c->cycles);
    }
    return 0;
}
