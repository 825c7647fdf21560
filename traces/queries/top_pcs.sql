-- The PCs that ran most (ARGS: N, default 20), with their function, from the instructions the
-- trace captured (pc_stats).
SELECT printf('%016x', s.pc) AS pc, s.el, s.vmid, SUM(s.count) AS instructions, SUM(s.cycles) AS cycles,
       (SELECT name FROM symbols y WHERE y.type = 'func' AND y.addr <= s.pc AND (y.size = 0 OR s.pc < y.addr + y.size)
        ORDER BY y.addr DESC LIMIT 1) AS function
FROM pc_stats s
GROUP BY s.pc, s.el, s.vmid
ORDER BY instructions DESC, s.pc
LIMIT COALESCE(?1, 20);
