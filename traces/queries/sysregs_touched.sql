-- System registers each VM touched: MSR writes seen (sysreg_write events) and MRS/MSR accesses
-- trapped to a higher EL (EC 0x18, named from the ISS through sysreg_names), with counts.
WITH trapped AS (
    SELECT vmid, esr, (esr >> 20 & 3) << 14 | (esr >> 14 & 7) << 11 | (esr >> 10 & 15) << 7 | (esr >> 1 & 15) << 3
                      | (esr >> 17 & 7) AS encoding,
           CASE WHEN esr & 1 THEN 'trapped read' ELSE 'trapped write' END AS access
    FROM exceptions WHERE ec = 24
)
SELECT vmid, sysreg, access, COUNT(*) AS count FROM (
    SELECT vmid, sysreg, 'write' AS access FROM sysreg_writes
    UNION ALL
    SELECT t.vmid, COALESCE(n.name, printf('S%d_%d_C%d_C%d_%d', t.encoding >> 14, t.encoding >> 11 & 7,
                                           t.encoding >> 7 & 15, t.encoding >> 3 & 15, t.encoding & 7)), t.access
    FROM trapped t LEFT JOIN sysreg_names n USING (encoding)
)
GROUP BY vmid, sysreg, access
ORDER BY vmid, count DESC, sysreg;
