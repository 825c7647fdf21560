-- Cycles and instructions per core, EL and VM (0 = the hypervisor at EL2, or EL3), from the
-- exception entries, returns and VM switches; no instruction rows needed.
SELECT cpu, el, vm, SUM(seq_end - seq_start) AS instructions, SUM(cycle_end - cycle_start) AS cycles
FROM el_segments
GROUP BY cpu, el, vm
ORDER BY cpu, el, vm;
