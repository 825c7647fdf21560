#include "cpu.h"

#include <string.h>

#include "sysreg.h"

void cpu_flush_fast_tlb(struct cpu *c)
{
    /* Every tag becomes FAST_TLB_INVALID (all ones), which no access can match. */
    memset(c->tlb, 0xff, sizeof(c->tlb));
}

void cpu_reset(struct cpu *c, struct machine *m, int index)
{
    memset(c, 0, offsetof(struct cpu, tlb));
    c->machine = m;
    c->index = index;
    /* Reset into EL3 with SP_EL3 selected and every exception masked (AArch64.TakeReset). */
    c->pstate.el = EL3;
    c->pstate.sp = 1;
    c->pstate.d = c->pstate.a = c->pstate.i = c->pstate.f = 1;
    cpu_update_sp_index(c);
    sysreg_reset(c);
    cpu_flush_fast_tlb(c);
}
