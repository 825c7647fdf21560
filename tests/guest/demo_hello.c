/* Demo: a banner on the Versal UART0 and a little real work (CRC32, a sort), checked and exit 0. */
#include "test.h"

static uint32_t crc32_hw(uint32_t crc, const uint8_t *p, size_t n)
{
    for (size_t k = 0; k < n; k++)
        __asm__("crc32b %w0, %w0, %w1" : "+r"(crc) : "r"((uint32_t)p[k]));
    return crc;
}

static void insertion_sort(int32_t *a, size_t n)
{
    for (size_t k = 1; k < n; k++) {
        int32_t v = a[k];
        size_t j = k;
        for (; j > 0 && a[j - 1] > v; j--)
            a[j] = a[j - 1];
        a[j] = v;
    }
}

void test_main(void)
{
    static const uint8_t msg[] = "123456789";
    uart_puts("a72sim: hello from EL");
    uart_put_dec(current_el());
    uart_puts(" on the Versal APU model\n");

    /* The CRC-32 check value of "123456789" is 0xCBF43926 (final XOR included). */
    uint32_t crc = ~crc32_hw(~0u, msg, 9);
    uart_puts("  crc32(\"123456789\") = ");
    uart_put_hex(crc);
    uart_puts("\n");
    CHECK_EQ(crc, 0xCBF43926u);
    CHECK_EQ(crc, ~crc32_ref(~0u, msg, 9, 0xEDB88320u));

    int32_t v[12];
    uint32_t seed = 12345;
    for (int k = 0; k < 12; k++) {
        seed = seed * 1103515245u + 12345u; /* a small LCG */
        v[k] = (int32_t)(seed >> 16) % 1000 - 500;
    }
    insertion_sort(v, 12);
    uart_puts("  sorted:");
    for (int k = 0; k < 12; k++) {
        uart_puts(" ");
        if (v[k] < 0) {
            uart_puts("-");
            uart_put_dec((uint64_t)-(int64_t)v[k]);
        } else {
            uart_put_dec((uint64_t)v[k]);
        }
        if (k)
            CHECK(v[k - 1] <= v[k]);
    }
    uart_puts("\n");

    uint64_t fib = 0, next = 1;
    for (int k = 0; k < 90; k++) {
        uint64_t t = fib + next;
        fib = next;
        next = t;
    }
    uart_puts("  fib(90) = ");
    uart_put_dec(fib);
    uart_puts("\n");
    CHECK_EQ(fib, 2880067194370816120ull);
}
