/* Per-page records of the checks, found by page number (check_internal.h). */
#include "check_internal.h"

#include <stdlib.h>

/* Every record begins with its page number. */
struct page_record {
    uint64_t page;
};

static size_t hash_page(uint64_t page) { return (size_t)((page * 0x9e3779b97f4a7c15ull) >> 24); }

static uint64_t page_of(const void *record) { return ((const struct page_record *)record)->page; }

void *page_set_find(const struct page_set *s, uint64_t page)
{
    if (!s->cap)
        return NULL;
    for (size_t k = hash_page(page) & (s->cap - 1); s->slots[k]; k = (k + 1) & (s->cap - 1))
        if (page_of(s->slots[k]) == page)
            return s->slots[k];
    return NULL;
}

/* Put record in a table of cap slots (a power of two), open addressing. */
static void place(void **slots, size_t cap, void *record)
{
    size_t k = hash_page(page_of(record)) & (cap - 1);
    while (slots[k])
        k = (k + 1) & (cap - 1);
    slots[k] = record;
}

void *page_set_add(struct page_set *s, uint64_t page, size_t size)
{
    if (s->count * 2 >= s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        void **slots = calloc(cap, sizeof(*slots));
        if (!slots)
            return NULL;
        for (size_t n = 0; n < s->cap; n++)
            if (s->slots[n])
                place(slots, cap, s->slots[n]);
        free(s->slots);
        s->slots = slots;
        s->cap = cap;
    }
    struct page_record *record = calloc(1, size);
    if (!record)
        return NULL;
    record->page = page;
    place(s->slots, s->cap, record);
    s->count++;
    return record;
}

void page_set_free(struct page_set *s)
{
    for (size_t n = 0; n < s->cap; n++)
        free(s->slots[n]);
    free(s->slots);
    *s = (struct page_set){ 0 };
}
