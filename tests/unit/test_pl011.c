/* The PL011's receive side and interrupts (sim/dev/pl011.c), as the PL011 TRM (Arm DDI 0183)
 * describes them: UARTFR.RXFE/RXFF, a 32-entry FIFO when UARTLCR_H.FEN is set (a one-byte holding
 * register when clear), UARTIFLS.RXIFLSEL trigger levels 1/8..7/8, the receive (RXRIS, bit 4),
 * transmit (TXRIS, bit 5) and receive timeout (RTRIS, bit 6) interrupts, masked by UARTIMSC, cleared
 * by UARTICR, and UARTINTR as the OR of UARTMIS; and the board's wiring to the GIC (INTID 50).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "dev/pl011.h"
#include "versal/versal.h"

enum { DR = 0x00, FR = 0x18, LCR_H = 0x2c, CR = 0x30, IFLS = 0x34, IMSC = 0x38, RIS = 0x3c, MIS = 0x40, ICR = 0x44 };
#define RXFE (1u << 4)
#define RXFF (1u << 6)
#define TXFE (1u << 7)
#define RXIS (1u << 4)
#define TXIS (1u << 5)
#define RTIS (1u << 6)

static struct pl011 u;
static int irq_changes;
static bool irq_level;

static void set_irq(void *opaque, bool level)
{
    (void)opaque;
    irq_changes++;
    irq_level = level;
}

static uint32_t rd(uint64_t off)
{
    uint64_t v;
    assert_true(pl011_ops.read(&u, off, 4, &v, BUS_NONSECURE));
    return (uint32_t)v;
}

static void wr(uint64_t off, uint32_t v)
{
    assert_true(pl011_ops.write(&u, off, 4, v, BUS_NONSECURE));
}

static int setup(void **state)
{
    (void)state;
    pl011_reset(&u, NULL);
    irq_changes = 0;
    irq_level = false;
    pl011_connect_irq(&u, set_irq, NULL);
    return 0;
}

static void test_receive_disabled_until_enabled(void **state)
{
    (void)state;
    assert_int_equal(rd(FR) & (RXFE | TXFE), RXFE | TXFE);
    assert_false(pl011_can_receive(&u)); /* reset: UARTEN clear */
    wr(CR, 0x301);                       /* UARTEN, TXE, RXE */
    assert_true(pl011_can_receive(&u));
    wr(CR, 0x101);                       /* receiver off */
    assert_false(pl011_can_receive(&u));
}

static void test_fifo_order_flags_and_trigger(void **state)
{
    (void)state;
    wr(CR, 0x301);
    wr(LCR_H, 0x70);       /* 8 bits, FIFO on */
    wr(IFLS, 2u << 3);     /* receive interrupt at 1/2 full: 16 bytes */
    wr(IMSC, RXIS | RTIS);
    for (unsigned k = 0; k < 15; k++)
        pl011_receive(&u, (uint8_t)('a' + k));
    assert_int_equal(rd(RIS) & RXIS, 0);
    assert_false(irq_level);
    pl011_receive(&u, 'p');
    assert_int_equal(rd(RIS) & RXIS, RXIS);
    assert_int_equal(rd(MIS), RXIS);
    assert_true(irq_level);
    for (unsigned k = 16; k < 32; k++)
        pl011_receive(&u, (uint8_t)('a' + k));
    assert_int_equal(rd(FR) & (RXFE | RXFF), RXFF);
    assert_false(pl011_can_receive(&u));
    assert_int_equal(rd(DR), 'a'); /* oldest first */
    assert_int_equal(rd(FR) & (RXFE | RXFF), 0);
    for (unsigned k = 1; k < 16; k++)
        assert_int_equal(rd(DR), 'a' + k);
    assert_int_equal(rd(RIS) & RXIS, RXIS); /* 16 left: still at the level */
    assert_int_equal(rd(DR), 'a' + 16);
    assert_int_equal(rd(RIS) & RXIS, 0);    /* 15 left: below it */
    assert_false(irq_level);
    for (unsigned k = 17; k < 32; k++)
        assert_int_equal(rd(DR), 'a' + k);
    assert_int_equal(rd(FR) & RXFE, RXFE);
    assert_int_equal(rd(DR), 0);            /* empty: nothing to take */
}

static void test_receive_timeout(void **state)
{
    (void)state;
    wr(CR, 0x301);
    wr(LCR_H, 0x70);
    wr(IMSC, RXIS | RTIS);
    assert_false(pl011_receive_idle(&u)); /* empty: no timeout */
    pl011_receive(&u, 'x');
    assert_false(pl011_receive_idle(&u)); /* a byte just came */
    assert_false(irq_level);
    assert_true(pl011_receive_idle(&u));  /* idle since: the timeout rises */
    assert_int_equal(rd(MIS), RTIS);
    assert_true(irq_level);
    assert_false(pl011_receive_idle(&u)); /* already up */
    assert_int_equal(rd(DR), 'x');        /* emptied: it falls */
    assert_int_equal(rd(RIS) & RTIS, 0);
    assert_false(irq_level);
    pl011_receive(&u, 'y');
    pl011_receive_idle(&u);
    assert_true(pl011_receive_idle(&u));
    wr(ICR, RTIS);                        /* or cleared by UARTICR */
    assert_int_equal(rd(RIS) & RTIS, 0);
    assert_false(irq_level);
}

static void test_holding_register_without_fifo(void **state)
{
    (void)state;
    wr(CR, 0x301);
    wr(IMSC, RXIS);
    pl011_receive(&u, '1'); /* FEN clear: one byte fills it, the receive interrupt at once */
    assert_false(pl011_can_receive(&u));
    assert_int_equal(rd(FR) & RXFF, RXFF);
    assert_true(irq_level);
    pl011_receive(&u, '2'); /* an overrun: lost */
    assert_int_equal(rd(DR), '1');
    assert_int_equal(rd(FR) & RXFE, RXFE);
    assert_false(irq_level);
}

static void test_transmit_interrupt(void **state)
{
    (void)state;
    wr(CR, 0x301);
    assert_int_equal(rd(RIS) & TXIS, TXIS); /* reset: the empty FIFO is below its level */
    assert_false(irq_level);
    wr(IMSC, TXIS);
    assert_true(irq_level);
    wr(ICR, TXIS);
    assert_false(irq_level);
    wr(DR, 'z');                            /* sent at once: below the level again */
    assert_true(irq_level);
    wr(IMSC, 0);
    assert_false(irq_level);
}

/* The board: UART0's UARTINTR is SPI 18 (INTID 50) at the GIC, pending when the UART raises it. */
static void test_board_wiring(void **state)
{
    (void)state;
    struct versal_config cfg = { .ncpus = 1, .ddr_size = 16u << 20 };
    struct machine *m = versal_create(&cfg);
    assert_non_null(m);
    versal_boot(m, 0, false, 0);
    struct pl011 *u0 = versal_uart(m, 0);
    assert_non_null(u0);
    assert_ptr_equal(versal_uart(m, 2), NULL);
    uint64_t v;
    uint64_t ispendr1 = VERSAL_GICD_BASE + 0x200 + 4; /* GICD_ISPENDR1: INTIDs 32-63 */
    assert_true(bus_read(&m->bus, ispendr1, 4, &v));
    assert_int_equal(v & (1u << (50 - 32)), 0);
    assert_true(bus_write(&m->bus, VERSAL_UART0_BASE + CR, 4, 0x301));
    assert_true(bus_write(&m->bus, VERSAL_UART0_BASE + IMSC, 4, RXIS));
    pl011_receive(u0, 'k');
    assert_true(bus_read(&m->bus, ispendr1, 4, &v));
    assert_int_equal(v & (1u << (50 - 32)), 1u << (50 - 32));
    assert_true(bus_read(&m->bus, VERSAL_UART0_BASE + DR, 4, &v));
    assert_int_equal(v, 'k');
    assert_true(bus_read(&m->bus, ispendr1, 4, &v));
    assert_int_equal(v & (1u << (50 - 32)), 0); /* level-sensitive: it follows the line */
    machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_receive_disabled_until_enabled, setup),
        cmocka_unit_test_setup(test_fifo_order_flags_and_trigger, setup),
        cmocka_unit_test_setup(test_receive_timeout, setup),
        cmocka_unit_test_setup(test_holding_register_without_fifo, setup),
        cmocka_unit_test_setup(test_transmit_interrupt, setup),
        cmocka_unit_test_setup(test_board_wiring, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
