/* Reverse execution over gdb (bs, bc): not available in this version; the packets get an error
 * reply and qSupported does not offer ReverseStep/ReverseContinue. */
#include "gdb_stub_internal.h"

bool gdb_reverse_available(const struct gdb_stub *s)
{
    (void)s;
    return false;
}

void gdb_reverse(struct gdb_stub *s, bool step)
{
    (void)step;
    gdb_send_str(s, "E01");
}
