-- The functions that ran most (ARGS: N, default 20) by instructions, with their cycles, from the
-- instructions the trace captured (pc_stats). PCs in no known function count as '?'.
WITH f AS (
    SELECT s.vmid, s.el, s.count, s.cycles,
           COALESCE((SELECT name FROM symbols y WHERE y.type = 'func' AND y.addr <= s.pc
                     AND (y.size = 0 OR s.pc < y.addr + y.size) ORDER BY y.addr DESC LIMIT 1), '?') AS function
    FROM pc_stats s
)
SELECT function, vmid, el, SUM(count) AS instructions, SUM(cycles) AS cycles
FROM f
GROUP BY function, vmid, el
ORDER BY instructions DESC, function
LIMIT COALESCE(?1, 20);
