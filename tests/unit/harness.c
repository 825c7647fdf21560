/* Shared scaffolding of the CMocka unit tests (see harness.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <capstone/capstone.h>
#include <cmocka.h>

#include "harness.h"

#include "cpu/exception.h"
#include "cpu/run.h"
#include "cpu/sysreg_bits.h"

struct machine *harness_machine(unsigned ncpus, uint64_t ram_size)
{
    struct machine *m = machine_create(ncpus);
    assert_non_null(m);
    assert_true(bus_add_ram(&m->bus, "ram", 0, ram_size));
    return m;
}

struct machine *harness_el1_fp_machine(uint64_t ram_size, uint64_t vbar_el1)
{
    struct machine *m = harness_machine(1, ram_size);
    struct cpu *c = m->cpus[0];
    c->sr.scr_el3 = SCR_EL3_NS | SCR_EL3_RW;
    c->sr.vbar_el1 = vbar_el1;
    c->sr.cpacr_el1 = 3ull << CPACR_EL1_FPEN_SHIFT;
    harness_enter(c, EL1, 1); /* also brings the cached SIMD/FP enable up to date */
    return m;
}

void harness_enter(struct cpu *c, unsigned el, unsigned sp)
{
    c->pstate.el = (uint8_t)el;
    c->pstate.sp = (uint8_t)sp;
    cpu_update_derived(c);
}

void harness_run_word(struct cpu *c, uint32_t word)
{
    assert_true(bus_write(&c->machine->bus, c->pc, 4, word));
    assert_int_equal(cpu_run(c, 1), 1);
}

uint64_t harness_esr(const struct cpu *c, unsigned el)
{
    return el == EL1 ? c->sr.esr_el1 : el == EL2 ? c->sr.esr_el2 : c->sr.esr_el3;
}

uint8_t *harness_ram(struct machine *m, uint64_t pa, uint64_t len)
{
    uint8_t *p = bus_ram_ptr(&m->bus, pa, len);
    assert_non_null(p);
    return p;
}

void harness_put32(struct machine *m, uint64_t pa, uint32_t v) { memcpy(harness_ram(m, pa, 4), &v, 4); }
void harness_put64(struct machine *m, uint64_t pa, uint64_t v) { memcpy(harness_ram(m, pa, 8), &v, 8); }

uint64_t harness_get64(struct machine *m, uint64_t pa)
{
    uint64_t v;
    memcpy(&v, harness_ram(m, pa, 8), 8);
    return v;
}

void harness_check_asm(uint32_t word, uint64_t pc, const char *text)
{
    csh capstone;
    assert_int_equal(cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &capstone), CS_ERR_OK);
    uint8_t b[4] = { (uint8_t)word, (uint8_t)(word >> 8), (uint8_t)(word >> 16), (uint8_t)(word >> 24) };
    cs_insn *insn;
    size_t n = cs_disasm(capstone, b, 4, pc, 1, &insn);
    char got[sizeof(insn[0].mnemonic) + sizeof(insn[0].op_str) + 1] = "";
    if (n == 1)
        snprintf(got, sizeof(got), "%s %s", insn[0].mnemonic, insn[0].op_str);
    if (n)
        cs_free(insn, n);
    cs_close(&capstone);
    assert_int_equal(n, 1);
    assert_string_equal(got, text);
}

void harness_exec_at(struct cpu *c, uint64_t pc, uint32_t word, const char *text)
{
    if (text)
        harness_check_asm(word, pc, text);
    c->pc = pc;
    harness_run_word(c, word);
}

uint32_t harness_assert_el1_exception(struct cpu *c, uint64_t vbar, uint64_t pc, unsigned ec)
{
    assert_int_equal(c->pc, vbar + 0x200);          /* synchronous, current EL, SP_ELx */
    assert_int_equal((c->sr.esr_el1 >> 26) & 0x3f, ec);
    assert_int_equal(c->elr_el[EL1], pc);
    harness_enter(c, EL1, 1);
    return (uint32_t)c->sr.esr_el1 & 0x1ffffff;
}
