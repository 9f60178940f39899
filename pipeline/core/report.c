/* report.c — the typesetting report (see report.h): its fault sum, its
 * printed form and the sum of columns, all generated from the one list of
 * counts. */
#include "report.h"

#define FAULT_ADD_ADD(name)
#define FAULT_ADD_MAX(name)
#define FAULT_ADD_SHARED(name)
#define FAULT_ADD_FAULT(name) +s->name
#define FAULT_ADD(type, name, combine, label, shown) FAULT_ADD_##combine(name)

size_t bk_typeset_stats_faults(const bk_typeset_stats *s)
{
    return 0 BK_TYPESET_REPORT(FAULT_ADD);
}

/* label NULL: a count the report does not print */
static void print_value(bk_buf *out, const char *label, double v)
{
    if (label)
        bk_buf_printf(out, "%s: %.3f\n", label, v);
}

static void print_count(bk_buf *out, const char *label, size_t v)
{
    if (label)
        bk_buf_printf(out, "%s: %zu\n", label, v);
}

#define PRINT_LINE(type, name, combine, label, shown)                                 \
    _Generic((shown), double: print_value, default: print_count)(out, label, shown);

void bk_typeset_stats_print(const bk_typeset_stats *s, bk_buf *out)
{
    BK_TYPESET_REPORT(PRINT_LINE)
    print_count(out, "faults", bk_typeset_stats_faults(s));
}

#define COMBINE_ADD(name) total->name += column->name;
#define COMBINE_FAULT(name) total->name += column->name;
#define COMBINE_MAX(name)                                                             \
    if (column->name > total->name)                                                   \
        total->name = column->name;
#define COMBINE_SHARED(name)
#define COMBINE(type, name, combine, label, shown) COMBINE_##combine(name)

void bk_typeset_stats_add(bk_typeset_stats *total, const bk_typeset_stats *column)
{
    BK_TYPESET_REPORT(COMBINE)
}
