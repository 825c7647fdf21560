/* The SQL shipped inside the simulator: traces/schema.sql and the canned queries of traces/queries/
 * (embedded at build time by traces/embed.cmake). */
#ifndef A72SIM_TRACE_EMBEDDED_H
#define A72SIM_TRACE_EMBEDDED_H

struct trace_query {
    const char *name;  /* the file's name without .sql */
    const char *sql;   /* its text: a comment block, then one statement with ?1, ?2 ... parameters */
};

extern const char *const trace_schema_sql;
extern const struct trace_query trace_queries[]; /* ends with { NULL, NULL } */

#endif
