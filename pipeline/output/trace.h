/* trace.h — the trace backend: a plain-text dump of frames (coordinates
 * rounded to 0.1 pt) used by golden tests and for debugging layout.
 * One line per item, e.g.
 *   page 1 419.5x595.3 label=1
 *   glyphs font=NotoSerif-Regular size=10.5 x=45.4 y=540.2 n=12 text="Kết thúc"
 */
#ifndef BK_TRACE_H
#define BK_TRACE_H

#include "bk.h"
#include "font.h"
#include "frame.h"

bk_status bk_trace_write(bk_ctx *ctx, const bk_frames *frames,
                         bk_fontset *fonts, bk_buf *out);

#endif
