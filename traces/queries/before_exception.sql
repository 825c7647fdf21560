-- The last N instructions (ARGS: EXCEPTION_ID [N], default the last exception and 20) captured on
-- the exception's core up to the instruction that took it (instruction rows needed).
WITH x AS (
    SELECT cpu, seq FROM exceptions WHERE id = COALESCE(?1, (SELECT MAX(id) FROM exceptions))
), last AS (
    SELECT i.* FROM x CROSS JOIN insns i
    WHERE i.cpu = x.cpu AND i.seq < x.seq
    ORDER BY i.seq DESC
    LIMIT COALESCE(?2, 20)
)
SELECT cpu, seq, cycle, printf('%016x', pc) AS pc, printf('%08x', opcode) AS opcode, el, vmid, asid
FROM last
ORDER BY seq;
