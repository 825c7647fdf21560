-- VM exits (exceptions from EL0/EL1 taken to EL2) by VMID and class (the ESR's EC name, or IRQ/FIQ/SERROR),
-- with their count and the cycles from the exit to the ERET back to the guest (total and mean).
WITH x AS (
    SELECT cpu, id, kind, cycle, vmid, type, ec_name,
           LEAD(kind) OVER w AS next_kind, LEAD(cycle) OVER w AS next_cycle
    FROM events
    WHERE (kind = 'exception' AND to_el = 2 AND from_el < 2) OR (kind = 'eret' AND from_el = 2 AND to_el < 2)
    WINDOW w AS (PARTITION BY cpu ORDER BY id)
)
SELECT vmid, CASE WHEN type = 'sync' THEN ec_name ELSE upper(type) END AS exit_class, COUNT(*) AS exits,
       SUM(next_cycle - cycle) AS total_cycles, ROUND(AVG(next_cycle - cycle), 1) AS mean_cycles
FROM x
WHERE kind = 'exception' AND next_kind = 'eret'
GROUP BY vmid, exit_class
ORDER BY total_cycles DESC, vmid, exit_class;
