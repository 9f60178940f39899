/* new.h — `booklet new DIR`: a starter project for a user's own texts.
 *
 * The files come from the program's data (DATADIR/templates/starter/: a
 * text, a layout extending the neutral handout, a Makefile that rebuilds
 * the PDFs, a README), so the starter is data, not code. */
#ifndef BK_NEW_H
#define BK_NEW_H

#include "bk.h"

/* Creates DIR if needed and copies the starter files into it. Nothing is
 * written when one of them exists already there (BK_EINPUT naming it).
 * *created receives the number of files written. */
bk_status bk_project_new(bk_ctx *ctx, const char *dir, size_t *created);

#endif
