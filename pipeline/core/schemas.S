/* schemas.S — builds the RELAX NG schemas of the program's XML inputs
 * (the .rng files of schemas/) into the program (listed by schemas.c). Assemble from the
 * repository root so the paths resolve. Each schema is followed by a NUL
 * byte; bk_schema_NAME_end points at it. */
    .section .rodata
    .macro bk_schema name, file
    .global bk_schema_\name\()_start
    .global bk_schema_\name\()_end
    .type bk_schema_\name\()_start, @object
    .type bk_schema_\name\()_end, @object
bk_schema_\name\()_start:
    .incbin "\file"
bk_schema_\name\()_end:
    .byte 0
    .endm
    bk_schema layout, "schemas/layout.rng"
    bk_schema fonts, "schemas/fonts.rng"
    bk_schema catalog, "schemas/catalog.rng"
    bk_schema messages, "schemas/messages.rng"
    bk_schema map, "schemas/map.rng"
    bk_schema glossary, "schemas/glossary.rng"
    .section .note.GNU-stack,"",@progbits
