/* Views not written yet: each says so. */
#include "inspect.h"

#define NOT_YET(f) (fputs("not available yet\n", (f)), -1)

int inspect_translate(FILE *f, struct machine *m, unsigned core, uint64_t va, enum inspect_regime regime, int vmid)
{
    (void)m, (void)core, (void)va, (void)regime, (void)vmid;
    return NOT_YET(f);
}
int inspect_why(FILE *f, struct machine *m, unsigned core, int el)
{
    (void)m, (void)core, (void)el;
    return NOT_YET(f);
}
int inspect_tlb(FILE *f, struct machine *m, unsigned core, int vmid, int asid, bool check_stale)
{
    (void)m, (void)core, (void)vmid, (void)asid, (void)check_stale;
    return NOT_YET(f);
}
int inspect_s2(FILE *f, struct machine *m, unsigned core, int vmid)
{
    (void)m, (void)core, (void)vmid;
    return NOT_YET(f);
}
int inspect_s1(FILE *f, struct machine *m, unsigned core, enum inspect_regime regime)
{
    (void)m, (void)core, (void)regime;
    return NOT_YET(f);
}
int inspect_gic(FILE *f, struct machine *m)
{
    (void)m;
    return NOT_YET(f);
}
int inspect_gic_lrs(FILE *f, struct machine *m, unsigned core)
{
    (void)m, (void)core;
    return NOT_YET(f);
}
int inspect_timers(FILE *f, struct machine *m, unsigned core)
{
    (void)m, (void)core;
    return NOT_YET(f);
}
int inspect_sysreg(FILE *f, struct machine *m, unsigned core, const char *name_or_glob)
{
    (void)m, (void)core, (void)name_or_glob;
    return NOT_YET(f);
}
bool inspect_decode_sysreg(FILE *f, const char *name, uint64_t value)
{
    (void)f, (void)name, (void)value;
    return false;
}
const struct sysreg_info *inspect_sysreg_lookup(const char *name)
{
    (void)name;
    return NULL;
}
const char *inspect_sysreg_name(const struct sysreg_info *r)
{
    (void)r;
    return "";
}
bool inspect_sysreg_read(struct cpu *c, const struct sysreg_info *r, uint64_t *value)
{
    (void)c, (void)r, (void)value;
    return false;
}
bool inspect_sysreg_write(struct cpu *c, const struct sysreg_info *r, uint64_t value)
{
    (void)c, (void)r, (void)value;
    return false;
}
void inspect_sysreg_for_each(void (*fn)(const struct sysreg_info *r, void *arg), void *arg)
{
    (void)fn, (void)arg;
}
const char *inspect_ec_name(unsigned ec)
{
    (void)ec;
    return NULL;
}
char *inspect_exception_summary(char *buf, size_t len, const struct inspect_exception *e)
{
    (void)e;
    if (len)
        snprintf(buf, len, "not available yet");
    return buf;
}
char *inspect_last_exception_summary(char *buf, size_t len, struct cpu *c, unsigned el)
{
    (void)c, (void)el;
    if (len)
        snprintf(buf, len, "not available yet");
    return buf;
}
