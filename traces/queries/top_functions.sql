-- The functions that ran most (ARGS: N, default 20) by instructions, with their cycles, from the
-- instructions the trace captured (pc_functions: pc_stats with each PC's function). PCs in no known
-- function count as '?'.
SELECT COALESCE(function, '?') AS function, vmid, el, SUM(count) AS instructions, SUM(cycles) AS cycles
FROM pc_functions
GROUP BY 1, vmid, el
ORDER BY instructions DESC, 1
LIMIT COALESCE(?1, 20);
