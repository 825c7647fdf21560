-- The PCs that ran most (ARGS: N, default 20), with their function, from the instructions the
-- trace captured (pc_functions: pc_stats with each PC's function).
SELECT printf('%016x', pc) AS pc, el, vmid, SUM(count) AS instructions, SUM(cycles) AS cycles, function
FROM pc_functions
GROUP BY pc, el, vmid
ORDER BY instructions DESC, pc
LIMIT COALESCE(?1, 20);
