/* Placeholder: the system-register table comes with its own change. */
#include "sysreg.h"

const struct sysreg_info *sysreg_lookup(uint32_t key) { (void)key; return NULL; }
const struct sysreg_info *sysreg_by_name(const char *name) { (void)name; return NULL; }
void sysreg_for_each(void (*fn)(const struct sysreg_info *r, void *arg), void *arg) { (void)fn; (void)arg; }
void sysreg_reset(struct cpu *c) { c->sr.sctlr_el1 = 0x00C50838; c->sr.sctlr_el2 = 0x30C50838; c->sr.sctlr_el3 = 0x30C50838; }
uint64_t sysreg_get(struct cpu *c, const struct sysreg_info *r) { (void)c; (void)r; return 0; }
void sysreg_set(struct cpu *c, const struct sysreg_info *r, uint64_t v) { (void)c; (void)r; (void)v; }
