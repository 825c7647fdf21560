/* The virtual CPU interface (gic_vcpuif.c): the ICV_ behaviour that EL1's ICC_ accesses get
 * under HCR_EL2.IMO/FMO, and the ICH_ rows of the system-register table. */
#ifndef A72SIM_GIC_GIC_VCPUIF_H
#define A72SIM_GIC_GIC_VCPUIF_H

#include "../cpu/sysreg.h"
#include "gic_internal.h"

uint64_t gic_virtual_read_iar(struct cpu *c, bool grp1);
uint64_t gic_virtual_read_hppir(struct cpu *c, bool grp1);
void gic_virtual_write_eoir(struct cpu *c, bool grp1, uint32_t intid);
void gic_virtual_write_dir(struct cpu *c, uint32_t intid);
uint64_t gic_icv_read_pmr(struct cpu *c);
void gic_icv_write_pmr(struct cpu *c, uint64_t v);
uint64_t gic_icv_read_rpr(struct cpu *c);
uint64_t gic_icv_read_bpr(struct cpu *c, bool grp1);
void gic_icv_write_bpr(struct cpu *c, bool grp1, uint64_t v);
uint64_t gic_icv_read_ctlr(struct cpu *c);
void gic_icv_write_ctlr(struct cpu *c, uint64_t v);
uint64_t gic_icv_read_igrpen(struct cpu *c, bool grp1);
void gic_icv_write_igrpen(struct cpu *c, bool grp1, bool enable);

/* The ICH_ registers' row functions. */
enum sysreg_access gic_ich_access(struct cpu *c, const struct sysreg_info *r, bool is_read);
uint64_t gic_ich_read(struct cpu *c, const struct sysreg_info *r);
bool gic_ich_write(struct cpu *c, const struct sysreg_info *r, uint64_t v);

#define ICH(nm, k, fl)                                                                                  \
    { .name = nm, .key = k, .min_el = 2, .flags = SYSREG_NO_STORAGE | SYSREG_END_BLOCK | (fl),         \
      .access = gic_ich_access, .read = gic_ich_read, .write = (fl) & SYSREG_RO ? NULL : gic_ich_write }
#define GIC_VCPUIF_ROWS                                                             \
    ICH("ICH_AP0R0_EL2", SYSREG_KEY(3, 4, 12, 8, 0), 0),                            \
    ICH("ICH_AP1R0_EL2", SYSREG_KEY(3, 4, 12, 9, 0), 0),                            \
    ICH("ICH_HCR_EL2", SYSREG_KEY(3, 4, 12, 11, 0), 0),                             \
    ICH("ICH_VTR_EL2", SYSREG_KEY(3, 4, 12, 11, 1), SYSREG_RO),                     \
    ICH("ICH_MISR_EL2", SYSREG_KEY(3, 4, 12, 11, 2), SYSREG_RO),                    \
    ICH("ICH_EISR_EL2", SYSREG_KEY(3, 4, 12, 11, 3), SYSREG_RO),                    \
    ICH("ICH_ELRSR_EL2", SYSREG_KEY(3, 4, 12, 11, 5), SYSREG_RO),                   \
    ICH("ICH_VMCR_EL2", SYSREG_KEY(3, 4, 12, 11, 7), 0),                            \
    ICH("ICH_LR0_EL2", SYSREG_KEY(3, 4, 12, 12, 0), 0),                             \
    ICH("ICH_LR1_EL2", SYSREG_KEY(3, 4, 12, 12, 1), 0),                             \
    ICH("ICH_LR2_EL2", SYSREG_KEY(3, 4, 12, 12, 2), 0),                             \
    ICH("ICH_LR3_EL2", SYSREG_KEY(3, 4, 12, 12, 3), 0)

#endif
