/* The contract between the demo hypervisor and its guests: the guest-physical memory map and the
 * hypercall ABI (HVC #imm from EL1, arguments in x0). */
#ifndef DEMO_H
#define DEMO_H

#define VM_RAM_IPA   0x40000000ul   /* each VM's RAM: 2 MiB at this IPA, its image loaded at the start */
#define VM_RAM_SIZE  0x00200000ul
#define VM_UART_IPA  0x09000000ul   /* the emulated PL011 each VM sees (not mapped at stage 2) */

/* Hypercalls: the HVC immediate selects the call (ESR_EL2.ISS holds it). */
#define HVC_DONE  0                 /* x0 = exit code; the VM is finished */
#define HVC_YIELD 1                 /* x0 = a progress number the hypervisor logs; gives up the CPU */

/* PL011 registers the emulation implements (the others read as zero and ignore writes). */
#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_TXFF (1u << 5)

#endif
