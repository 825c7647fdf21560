-- Virtual-interrupt latency per VM: cycles from the hypervisor's list-register write (a virtual
-- interrupt made pending) to the guest's acknowledge (ICV_IAR read) of the same INTID on the same core.
WITH acks AS (
    SELECT a.vmid, a.cycle - (SELECT p.cycle FROM irqs p
                              WHERE p.what = 'pending' AND p.virtual = 1 AND p.cpu = a.cpu AND p.intid = a.intid
                                    AND p.id < a.id
                              ORDER BY p.id DESC LIMIT 1) AS latency
    FROM irqs a
    WHERE a.what = 'ack' AND a.virtual = 1
)
SELECT vmid, COUNT(latency) AS interrupts, MIN(latency) AS min_cycles, ROUND(AVG(latency), 1) AS mean_cycles,
       MAX(latency) AS max_cycles
FROM acks
WHERE latency IS NOT NULL
GROUP BY vmid
ORDER BY vmid;
