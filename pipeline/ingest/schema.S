/* schema.S — builds the RELAX NG schema of the TEI subset into the program
 * (read by xml.c). Assemble from the repository root so the path below
 * resolves (or pass -I with the root). A NUL byte follows the schema so it
 * can also be used as a C string; bk_schema_rng_end points at that NUL. */
    .section .rodata
    .global bk_schema_rng_start
    .global bk_schema_rng_end
    .type bk_schema_rng_start, @object
    .type bk_schema_rng_end, @object
bk_schema_rng_start:
    .incbin "pipeline/ingest/tei-booklet.rng"
bk_schema_rng_end:
    .byte 0
    .section .note.GNU-stack,"",@progbits
