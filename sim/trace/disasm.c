/* Disassembly for traces and exports. */
#include "disasm.h"

#include <capstone/capstone.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/sysreg.h"

#define CACHE_SIZE 4096 /* entries, direct-mapped on the PC */

struct cache_entry {
    uint64_t pc;
    uint32_t word;
    bool valid;
    char text[192];
};

struct disasm {
    csh cs;
    bool cs_ok;
    struct cache_entry cache[CACHE_SIZE];

};

struct disasm *disasm_create(void)
{
    struct disasm *d = calloc(1, sizeof *d);
    if (d)
        d->cs_ok = cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &d->cs) == CS_ERR_OK;
    return d;
}

void disasm_destroy(struct disasm *d)
{
    if (!d)
        return;
    if (d->cs_ok)
        cs_close(&d->cs);
    free(d);
}

/* The register's name from the simulator's table in lower case, or its generic S<op0>_<op1>_C<n>_C<m>_<op2> name. */
static void sysreg_text(uint32_t key, char *out, size_t len)
{
    const struct sysreg_info *r = sysreg_lookup(key);
    if (r) {
        size_t k;
        for (k = 0; r->name[k] && k + 1 < len; k++)
            out[k] = (char)tolower((unsigned char)r->name[k]);
        out[k] = 0;
        return;
    }
    snprintf(out, len, "s%u_%u_c%u_c%u_%u", sysreg_key_op0(key), sysreg_key_op1(key), sysreg_key_crn(key),
             sysreg_key_crm(key), sysreg_key_op2(key));
}

static void format(struct disasm *d, uint64_t pc, uint32_t word, char *out, size_t len)
{
    /* MSR (register) / MRS: 1101 0101 00 L 1 o0 op1 CRn CRm op2 Rt */
    if ((word & 0xffd00000u) == 0xd5100000u) {
        char name[48], rt[8];
        unsigned t = word & 31;
        if (t == 31)
            snprintf(rt, sizeof rt, "xzr");
        else
            snprintf(rt, sizeof rt, "x%u", t);
        sysreg_text(sysreg_key_from_word(word), name, sizeof name);
        if (word & (1u << 21))
            snprintf(out, len, "mrs %s, %s", rt, name);
        else
            snprintf(out, len, "msr %s, %s", name, rt);
        return;
    }
    cs_insn *insn = NULL;
    uint8_t bytes[4] = { (uint8_t)word, (uint8_t)(word >> 8), (uint8_t)(word >> 16), (uint8_t)(word >> 24) };
    if (d->cs_ok && cs_disasm(d->cs, bytes, 4, pc, 1, &insn) == 1) {
        if (insn->op_str[0])
            snprintf(out, len, "%s %s", insn->mnemonic, insn->op_str);
        else
            snprintf(out, len, "%s", insn->mnemonic);
        cs_free(insn, 1);
        return;
    }
    snprintf(out, len, ".inst 0x%08x", word);
}

const char *disasm_insn(struct disasm *d, uint64_t pc, uint32_t word)
{
    struct cache_entry *e = &d->cache[(pc >> 2) & (CACHE_SIZE - 1)];
    if (!e->valid || e->pc != pc || e->word != word) {
        format(d, pc, word, e->text, sizeof e->text);
        e->pc = pc;
        e->word = word;
        e->valid = true;
    }
    return e->text;
}
