-- The schema of an a72sim trace database (`a72sim run --trace FILE.db`).
--
-- Conventions:
--  * cpu is the core number (0 or 1); -1 for an event of no core.
--  * seq is the number of instructions the core retired before the row's instruction or event,
--    counting the instruction during which an event happened: an instruction's own events (its
--    exception, its system-register write) have its seq + 1, like the instruction after it; an
--    instruction's register writes and memory accesses have its own seq.
--  * cycle is the core's simulated cycle count at that point.
--  * Addresses and 64-bit values are SQLite integers: values of 2^63 and more (kernel virtual
--    addresses) read as negative numbers. Print them with printf('%016x', pc).
--  * Two runs of the same images with the same options give identical table contents. Rows of
--    different cores may be stored in a different physical order: compare them ordered by their
--    keys (events by id, instruction rows by cpu and seq).

-- What this file is: format = 'a72sim-trace', schema_version = 2 (version 2 added the symbols' vmid
-- and el, and the view pc_functions). The a72sim trace subcommands
-- refuse a database without these rows or with a version they do not know.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The run: one row per fact (command_line, version, board, cpus, cpu_hz, ram_bytes, quantum, filter,
-- regs, mem, lossy, full, stop_reason, exit_status, dropped_records, dropped_insns: what --trace-lossy
-- dropped, all records / instructions among them).
CREATE TABLE run (
    key   TEXT PRIMARY KEY,
    value TEXT
);

-- The ELF images and raw blobs loaded, in command-line order, with the SHA-256 of each file.
CREATE TABLE images (
    image  INTEGER PRIMARY KEY,   -- 0 for the first image
    path   TEXT NOT NULL,
    sha256 TEXT NOT NULL
);

-- Function and object symbols of every loaded ELF and --symbols file (addr is the symbol's value, a
-- virtual address). vmid and el are the scope of a --symbols FILE,vmid=N,el=N: the symbol names only
-- code run in that VM (the events' vmid: 0 outside any VM) or at that EL; NULL for any. The view
-- pc_functions below says which function a PC is in.
CREATE TABLE symbols (
    image INTEGER NOT NULL,
    name  TEXT NOT NULL,
    addr  INTEGER NOT NULL,
    size  INTEGER NOT NULL,
    type  TEXT NOT NULL,          -- 'func' or 'object'
    vmid  INTEGER,
    el    INTEGER
);

-- Each core's state when tracing started and its totals when the run ended.
CREATE TABLE cores (
    cpu          INTEGER PRIMARY KEY,
    start_el     INTEGER NOT NULL,
    start_vmid   INTEGER NOT NULL,
    start_seq    INTEGER NOT NULL,
    start_cycle  INTEGER NOT NULL,
    start_sp_el0 INTEGER,         -- the stack pointers when tracing started (for exports)
    start_sp_el1 INTEGER,
    start_sp_el2 INTEGER,
    start_sp_el3 INTEGER,
    end_el       INTEGER,
    end_vmid     INTEGER,
    end_seq      INTEGER,         -- instructions retired at the end
    end_cycle    INTEGER          -- cycles at the end
);

-- Every event, always (one row each). id orders them as they happened in the simulation.
-- kind is one of: exception, eret, irq, tlb_fill, tlbi, sysreg_write, vm_switch, sleep, wake,
-- psci, semihost, check. The columns after asid are set for the kinds named in their comment
-- and NULL otherwise. The views below select one kind each with its own columns.
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    cpu       INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    cycle     INTEGER NOT NULL,
    pc        INTEGER NOT NULL,   -- exception: the vector; eret: the return address; else the instruction
    el        INTEGER NOT NULL,   -- the core's EL when the event happened
    vmid      INTEGER NOT NULL,   -- VTTBR_EL2.VMID in force (0 when EL2 or stage 2 is off)
    asid      INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    from_el   INTEGER,            -- exception, eret
    to_el     INTEGER,            -- exception, eret
    type      TEXT,               -- exception: sync/irq/fiq/serror; irq: pending/ack/eoi/deactivate/maintenance/taken
                                  -- tlbi: scope (va, asid, vmid, all); sleep: wfi/wfe
    esr       INTEGER,            -- exception
    ec        INTEGER,            -- exception: ESR.EC (sync and SError only)
    ec_name   TEXT,               -- exception: the EC's name (HVC64, DABT_LOW, ...: Linux's ESR_ELx_EC_* names)
    far       INTEGER,            -- exception, when valid
    hpfar     INTEGER,            -- exception, when valid (stage-2 faults)
    elr       INTEGER,            -- exception
    spsr      INTEGER,            -- exception, eret
    intid     INTEGER,            -- irq
    virtual   INTEGER,            -- irq: 1 for a virtual interrupt
    lr        INTEGER,            -- irq: list register, virtual interrupts
    level     INTEGER,            -- irq: maintenance interrupt level
    regime    INTEGER,            -- tlb_fill: 1 = EL1&0, 2 = EL2, 3 = EL3
    stage2_only INTEGER,          -- tlb_fill
    global    INTEGER,            -- tlb_fill
    va        INTEGER,            -- tlb_fill
    pa        INTEGER,            -- tlb_fill
    size      INTEGER,            -- tlb_fill: bytes the entry covers
    fill_vmid INTEGER,            -- tlb_fill: the entry's tag
    fill_asid INTEGER,            -- tlb_fill: the entry's tag
    op        TEXT,               -- tlbi: VAE1IS, VMALLS12E1, ...; check: the check's name
    arg       INTEGER,            -- tlbi: Xt as written
    broadcast INTEGER,            -- tlbi: 1 when an IS form executed by another core
    sysreg    TEXT,               -- sysreg_write: the name from the simulator's table
    encoding  INTEGER,            -- sysreg_write: op0:op1:CRn:CRm:op2
    old_value INTEGER,            -- sysreg_write; vm_switch: the old VMID
    new_value INTEGER,            -- sysreg_write; vm_switch: the new VMID
    vttbr     INTEGER,            -- vm_switch: the new VTTBR_EL2
    function  INTEGER,            -- psci, semihost: function id / operation
    arg0      INTEGER,            -- psci, semihost
    arg1      INTEGER,
    arg2      INTEGER,
    result    INTEGER,            -- psci, semihost
    message   TEXT                -- check: the report
);

-- Instruction rows: the instructions --trace-filter selected (all of them with --trace-filter all).
CREATE TABLE insns (
    cpu    INTEGER NOT NULL,
    seq    INTEGER NOT NULL,
    cycle  INTEGER NOT NULL,
    pc     INTEGER NOT NULL,
    opcode INTEGER NOT NULL,
    el     INTEGER NOT NULL,
    vmid   INTEGER NOT NULL,
    asid   INTEGER NOT NULL
);

-- With --trace-regs: every register the selected instructions wrote, in order.
-- reg: X0..X30, SP_EL0..SP_EL3, NZCV, FPSR, FPCR, V0..V31 (value = bits 63:0, value_hi = 127:64).
CREATE TABLE reg_writes (
    cpu      INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    idx      INTEGER NOT NULL,    -- order among the instruction's writes, from 0
    reg      TEXT NOT NULL,
    value    INTEGER NOT NULL,
    value_hi INTEGER
);

-- With --trace-mem: every data access of the selected instructions, in order (16-byte accesses
-- come as two rows of 8).
CREATE TABLE mem_accesses (
    cpu   INTEGER NOT NULL,
    seq   INTEGER NOT NULL,
    idx   INTEGER NOT NULL,       -- order among the instruction's accesses, from 0
    va    INTEGER NOT NULL,
    pa    INTEGER NOT NULL,
    size  INTEGER NOT NULL,
    write INTEGER NOT NULL,       -- 1 for a store
    data  INTEGER NOT NULL
);

-- With --trace-full: the whole instruction stream, per core, in blocks of up to 4096 consecutive
-- instructions (seq first_seq..last_seq), each compressed (sim/trace/blocks.c: columnar PC
-- deltas, opcodes, cycle deltas, runs of EL/VMID/ASID, then zstd). The summary columns let a query
-- pick the blocks it needs; `a72sim trace expand` turns a window back into rows.
CREATE TABLE blocks (
    cpu         INTEGER NOT NULL,
    first_seq   INTEGER NOT NULL,
    last_seq    INTEGER NOT NULL,
    first_cycle INTEGER NOT NULL,
    last_cycle  INTEGER NOT NULL,
    pc_min      INTEGER NOT NULL,
    pc_max      INTEGER NOT NULL,
    els         TEXT NOT NULL,      -- the ELs present, e.g. ',1,2,'
    vmids       TEXT NOT NULL,      -- the VMIDs present, e.g. ',0,1,'
    count       INTEGER NOT NULL,
    data        BLOB NOT NULL
);

-- Instructions per PC of every instruction the trace saw (the full stream with --trace-full, else
-- the filtered rows), built at the end of the run. cycles charges each instruction the cycles until the core's next one.
CREATE TABLE pc_stats (
    cpu    INTEGER NOT NULL,
    el     INTEGER NOT NULL,
    vmid   INTEGER NOT NULL,
    pc     INTEGER NOT NULL,
    count  INTEGER NOT NULL,
    cycles INTEGER NOT NULL
);

-- pc_stats with each PC's function (NULL: none): of the functions that hold the PC (one of size 0
-- up to the next function of its scope) and whose scope takes in the row's vmid and el, one of the
-- most specific scope, then the one that starts last (a72sim's shell and checks name PCs the same way).
CREATE VIEW pc_functions AS
    SELECT s.*,
           (SELECT name FROM symbols y
            WHERE y.type = 'func' AND y.addr <= s.pc
              AND (y.vmid IS NULL OR y.vmid = s.vmid) AND (y.el IS NULL OR y.el = s.el)
              AND CASE WHEN y.size > 0 THEN s.pc < y.addr + y.size
                       ELSE NOT EXISTS (SELECT 1 FROM symbols z WHERE z.type = 'func' AND z.addr > y.addr
                                        AND z.addr <= s.pc AND z.vmid IS y.vmid AND z.el IS y.el) END
            ORDER BY (y.vmid IS NOT NULL) + (y.el IS NOT NULL) DESC, y.addr DESC, y.size = 0, y.image, y.name
            LIMIT 1) AS function
    FROM pc_stats s;

-- One view per event kind.
CREATE VIEW exceptions AS
    SELECT id, cpu, seq, cycle, pc AS vector, el, vmid, asid, from_el, to_el, type, esr, ec, ec_name,
           far, hpfar, elr, spsr FROM events WHERE kind = 'exception';
CREATE VIEW stage2_faults AS
    SELECT * FROM exceptions WHERE ec IN (32, 36) AND to_el = 2 AND hpfar IS NOT NULL;
CREATE VIEW erets AS
    SELECT id, cpu, seq, cycle, pc AS target, el, vmid, asid, from_el, to_el, spsr FROM events WHERE kind = 'eret';
CREATE VIEW irqs AS
    SELECT id, cpu, seq, cycle, pc, el, vmid, type AS what, intid, virtual, lr, level FROM events WHERE kind = 'irq';
CREATE VIEW tlb_fills AS
    SELECT id, cpu, seq, cycle, pc, el, vmid, regime, stage2_only, fill_vmid, fill_asid, global, va, pa, size
    FROM events WHERE kind = 'tlb_fill';
CREATE VIEW tlbis AS
    SELECT id, cpu, seq, cycle, pc, el, vmid, op, type AS scope, arg, broadcast FROM events WHERE kind = 'tlbi';
CREATE VIEW sysreg_writes AS
    SELECT id, cpu, seq, cycle, pc, el, vmid, sysreg, encoding, old_value, new_value
    FROM events WHERE kind = 'sysreg_write';
CREATE VIEW vm_switches AS
    SELECT id, cpu, seq, cycle, pc, el, old_value AS old_vmid, new_value AS new_vmid, vttbr
    FROM events WHERE kind = 'vm_switch';
CREATE VIEW psci_calls AS
    SELECT id, cpu, seq, cycle, pc, el, vmid, function, arg0, arg1, arg2, result FROM events WHERE kind = 'psci';
CREATE VIEW semihost_calls AS
    SELECT id, cpu, seq, cycle, pc, el, vmid, function, arg0, result FROM events WHERE kind = 'semihost';
CREATE VIEW sleeps AS
    SELECT id, cpu, seq, cycle, pc, el, vmid, kind, type FROM events WHERE kind IN ('sleep', 'wake');
CREATE VIEW checks AS
    SELECT id, cpu, seq, cycle, pc, el, vmid, op AS check_name, message FROM events WHERE kind = 'check';

-- The simulator's system-register table (encoding as in the events' encoding column), so queries
-- can name the registers of trapped MRS/MSR (ESR.ISS of EC 0x18).
CREATE TABLE sysreg_names (
    encoding INTEGER PRIMARY KEY,  -- op0<<14 | op1<<11 | CRn<<7 | CRm<<3 | op2
    name     TEXT NOT NULL
);

-- Where each core was: one row per stretch between exception entries, returns and VM switches.
-- vm is the VMID of the VM the core runs (VTTBR_EL2.VMID at EL0/EL1) and 0 at EL2 and EL3 (the
-- hypervisor and the firmware). A stretch covers the instructions [seq_start, seq_end) and the
-- cycles [cycle_start, cycle_end); the last one ends where the core ended.
CREATE VIEW el_segments AS
WITH tr AS (
    SELECT cpu, -1 AS id, start_seq AS seq, start_cycle AS cycle, start_el AS el, start_vmid AS vttbr_vmid
    FROM cores
    UNION ALL
    SELECT cpu, id, seq, cycle, to_el, NULL FROM events WHERE kind IN ('exception', 'eret')
    UNION ALL
    SELECT cpu, id, seq, cycle, NULL, new_value FROM events WHERE kind = 'vm_switch'
), grouped AS (
    SELECT *, SUM(el IS NOT NULL) OVER w AS el_group, SUM(vttbr_vmid IS NOT NULL) OVER w AS vm_group
    FROM tr WINDOW w AS (PARTITION BY cpu ORDER BY id)
), filled AS (
    SELECT cpu, id, seq, cycle,
           FIRST_VALUE(el) OVER (PARTITION BY cpu, el_group ORDER BY id) AS el,
           FIRST_VALUE(vttbr_vmid) OVER (PARTITION BY cpu, vm_group ORDER BY id) AS vttbr_vmid
    FROM grouped
)
SELECT f.cpu, f.id AS event_id, f.el, CASE WHEN f.el >= 2 THEN 0 ELSE f.vttbr_vmid END AS vm,
       f.seq AS seq_start, COALESCE(LEAD(f.seq) OVER w, c.end_seq) AS seq_end,
       f.cycle AS cycle_start, COALESCE(LEAD(f.cycle) OVER w, c.end_cycle) AS cycle_end
FROM filled f JOIN cores c USING (cpu)
WINDOW w AS (PARTITION BY f.cpu ORDER BY f.id);
