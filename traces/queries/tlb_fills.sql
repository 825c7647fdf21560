-- TLB fills per 4 KiB page and VMID (ARGS: N, default 20), most filled first.
SELECT fill_vmid AS vmid, regime, printf('%016x', va & ~4095) AS page, COUNT(*) AS fills
FROM tlb_fills
GROUP BY fill_vmid, regime, va & ~4095
ORDER BY fills DESC, vmid, page
LIMIT COALESCE(?1, 20);
