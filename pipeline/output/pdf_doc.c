/* pdf_doc.c — the libharu adapter of the PDF backend (pdf_private.h): the
 * only file of the project that includes libharu headers.
 *
 * libharu makes the document, pages, annotations, outlines, the info
 * dictionary and the file structure; the other files of the backend build
 * fonts and content through these thin wrappers of its object API. Objects
 * cross the boundary as the opaque bk_pdfobj and are cast back here.
 */
#include "pdf_private.h"

#include <hpdf.h>
#include <hpdf_annotation.h>
#include <hpdf_destination.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <stdlib.h>
#include <string.h>

#include "unicode.h"

/* What libharu's error handler records: libharu calls it from deep inside
 * its functions, so it only notes the code and the caller checks. */
struct bk_pdfdoc {
    HPDF_Doc pdf;
    HPDF_STATUS code, detail;
};

_Static_assert(BK_PDF_MAX_NAME_LEN == HPDF_LIMIT_MAX_NAME_LEN,
               "font names are cut at libharu's limit");

#define DICT(o) ((HPDF_Dict)(void *)(o))
#define ARRAY(o) ((HPDF_Array)(void *)(o))
#define OBJ(o) ((bk_pdfobj *)(void *)(o))

static void HPDF_STDCALL on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail,
                                       void *user)
{
    bk_pdfdoc *d = user;
    if (d->code == HPDF_OK) {
        d->code = code;
        d->detail = detail;
    }
}

bk_pdfdoc *bk_pdfdoc_new(void)
{
    bk_pdfdoc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->pdf = HPDF_New(on_hpdf_error, d);
    if (!d->pdf) {
        free(d);
        return NULL;
    }
    return d;
}

void bk_pdfdoc_free(bk_pdfdoc *d)
{
    if (!d)
        return;
    HPDF_Free(d->pdf);
    free(d);
}

int bk_pdfdoc_setup(bk_pdfdoc *d, int compress)
{
    if (HPDF_SetCompressionMode(d->pdf, compress ? HPDF_COMP_ALL : HPDF_COMP_NONE) != HPDF_OK)
        return -1;
    /* ActualText needs PDF 1.5 */
    d->pdf->pdf_version = HPDF_VER_15;
    return 0;
}

/* The code comes from the handler, or from the document when the failing
 * call only set it (the object API sets errors without calling the
 * handler). */
void bk_pdfdoc_error(const bk_pdfdoc *d, unsigned *code, unsigned *detail)
{
    *code = *detail = 0;
    if (!d)
        return;
    *code = (unsigned)d->code;
    *detail = (unsigned)d->detail;
    if (d->code == HPDF_OK) {
        *code = (unsigned)HPDF_GetError(d->pdf);
        *detail = (unsigned)HPDF_GetErrorDetail(d->pdf);
    }
}

/* ---- objects -------------------------------------------------------------- */

bk_pdfobj *bk_pdfdoc_dict(bk_pdfdoc *d) { return OBJ(HPDF_Dict_New(d->pdf->mmgr)); }

bk_pdfobj *bk_pdfdoc_array(bk_pdfdoc *d) { return OBJ(HPDF_Array_New(d->pdf->mmgr)); }

bk_pdfobj *bk_pdfdoc_stream(bk_pdfdoc *d)
{
    return OBJ(HPDF_DictStream_New(d->pdf->mmgr, d->pdf->xref));
}

bk_pdfobj *bk_pdfdoc_null(bk_pdfdoc *d) { return OBJ(HPDF_Null_New(d->pdf->mmgr)); }

bk_pdfobj *bk_pdfdoc_bool(bk_pdfdoc *d, int v)
{
    return OBJ(HPDF_Boolean_New(d->pdf->mmgr, v ? HPDF_TRUE : HPDF_FALSE));
}

bk_pdfobj *bk_pdfdoc_box(bk_pdfdoc *d, double x0, double y0, double x1, double y1)
{
    HPDF_Box box = {(HPDF_REAL)x0, (HPDF_REAL)y0, (HPDF_REAL)x1, (HPDF_REAL)y1};
    return OBJ(HPDF_Box_Array_New(d->pdf->mmgr, box));
}

bk_pdfobj *bk_pdfdoc_string(bk_pdfdoc *d, const char *ascii)
{
    return OBJ(HPDF_String_New(d->pdf->mmgr, ascii, NULL));
}

bk_pdfobj *bk_pdfdoc_binary(bk_pdfdoc *d, const unsigned char *b, size_t n)
{
    return OBJ(HPDF_Binary_New(d->pdf->mmgr, (HPDF_BYTE *)b, (HPDF_UINT)n));
}

/* How much of s a text string keeps, and whether that is plain printable
 * ASCII (the same in PDFDocEncoding: a literal string) or not (UTF-16BE
 * with a byte order mark). libharu refuses strings over
 * HPDF_LIMIT_MAX_STRING_LEN bytes; a title that long is cut at a character
 * boundary rather than failing. */
static size_t text_cut(const char *s, int *ascii)
{
    size_t n = strlen(s);
    if (n > HPDF_LIMIT_MAX_STRING_LEN / 4 - 1) {
        n = HPDF_LIMIT_MAX_STRING_LEN / 4 - 1;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    *ascii = 1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7E)
            *ascii = 0;
    return n;
}

/* The UTF-16BE bytes of s[0..n) after a byte order mark into u (at least
 * 2 + 2n bytes: a UTF-8 byte gives at most 2); their number. */
static size_t text_utf16(const char *s, size_t n, unsigned char *u)
{
    size_t k = 0;
    u[k++] = 0xFE;
    u[k++] = 0xFF;
    for (size_t i = 0; i < n;) {
        uint32_t c = bk_utf8_next_safe(s, n, &i);
        if (c >= 0x10000) {
            c -= 0x10000;
            uint32_t hi = 0xD800 + (c >> 10), lo = 0xDC00 + (c & 0x3FF);
            u[k++] = (unsigned char)(hi >> 8);
            u[k++] = (unsigned char)hi;
            u[k++] = (unsigned char)(lo >> 8);
            u[k++] = (unsigned char)lo;
        } else {
            u[k++] = (unsigned char)(c >> 8);
            u[k++] = (unsigned char)c;
        }
    }
    return k;
}

bk_pdfobj *bk_pdfdoc_text(bk_pdfdoc *d, const char *s)
{
    int ascii;
    size_t n = text_cut(s, &ascii);
    if (ascii) {
        char *cut = bk_strndup(s, n);
        bk_pdfobj *obj = cut ? bk_pdfdoc_string(d, cut) : NULL;
        free(cut);
        return obj;
    }
    unsigned char *u = malloc(2 + 2 * n);
    if (!u)
        return NULL;
    bk_pdfobj *obj = bk_pdfdoc_binary(d, u, text_utf16(s, n, u));
    free(u);
    return obj;
}

int bk_pdfdoc_register(bk_pdfdoc *d, bk_pdfobj *o)
{
    return HPDF_Xref_Add(d->pdf->xref, o) != HPDF_OK;
}

int bk_pdfobj_set(bk_pdfobj *dict, const char *key, bk_pdfobj *v)
{
    return HPDF_Dict_Add(DICT(dict), key, v) != HPDF_OK;
}

int bk_pdfobj_set_name(bk_pdfobj *dict, const char *key, const char *name)
{
    return HPDF_Dict_AddName(DICT(dict), key, name) != HPDF_OK;
}

int bk_pdfobj_set_int(bk_pdfobj *dict, const char *key, long v)
{
    return HPDF_Dict_AddNumber(DICT(dict), key, (HPDF_INT32)v) != HPDF_OK;
}

int bk_pdfobj_set_bool(bk_pdfobj *dict, const char *key, int v)
{
    return HPDF_Dict_AddBoolean(DICT(dict), key, v ? HPDF_TRUE : HPDF_FALSE) != HPDF_OK;
}

int bk_pdfobj_set_real(bk_pdfobj *dict, const char *key, double v)
{
    return HPDF_Dict_AddReal(DICT(dict), key, (HPDF_REAL)v) != HPDF_OK;
}

int bk_pdfobj_push(bk_pdfobj *array, bk_pdfobj *v)
{
    return HPDF_Array_Add(ARRAY(array), v) != HPDF_OK;
}

int bk_pdfobj_push_name(bk_pdfobj *array, const char *name)
{
    return HPDF_Array_AddName(ARRAY(array), name) != HPDF_OK;
}

int bk_pdfobj_push_int(bk_pdfobj *array, long v)
{
    return HPDF_Array_AddNumber(ARRAY(array), (HPDF_INT32)v) != HPDF_OK;
}

int bk_pdfobj_push_real(bk_pdfobj *array, double v)
{
    return HPDF_Array_AddReal(ARRAY(array), (HPDF_REAL)v) != HPDF_OK;
}

void bk_pdfobj_clear(bk_pdfobj *array) { HPDF_Array_Clear(ARRAY(array)); }

const char *bk_pdfobj_key_of(bk_pdfobj *dict, bk_pdfobj *v)
{
    return HPDF_Dict_GetKeyByObj(DICT(dict), v);
}

size_t bk_pdfobj_count(bk_pdfobj *dict) { return DICT(dict)->list->count; }

/* ---- dictionaries the caller formats ------------------------------------- */

/* libharu writes a dictionary as "<<\n", an entry "/Key value\n" after
 * another, what its write hook adds, then ">>": a dictionary without
 * entries whose hook writes the caller's bytes comes out as the entries
 * would. As libharu objects, each entry of the structure tree's thousands
 * of dictionaries was two or three allocations, made, written through
 * libharu's small writes and freed one by one. The bk_pdfraw_* writers
 * give the bytes libharu's writers give (hpdf_streams.c, hpdf_objects.c). */
static HPDF_STATUS write_raw(HPDF_Dict d, HPDF_Stream out)
{
    const bk_pdf_slice *body = d->attr;
    if (!body || !body->len)
        return HPDF_OK;
    return HPDF_Stream_Write(out, (const HPDF_BYTE *)body->s, body->len);
}

bk_pdfobj *bk_pdfdoc_raw_dict(bk_pdfdoc *d)
{
    HPDF_Dict dict = HPDF_Dict_New(d->pdf->mmgr);
    if (dict)
        dict->write_fn = write_raw;
    return OBJ(dict);
}

void bk_pdfobj_raw_body(bk_pdfobj *dict, const bk_pdf_slice *body)
{
    DICT(dict)->attr = (void *)body;
}

/* v in decimal into s (at least HPDF_INT_LEN + 1 bytes), as HPDF_IToA
 * writes a 32-bit value; its length. */
static size_t put_int(char *s, long v)
{
    static const char pairs[201] = "00010203040506070809101112131415161718192021222324"
                                   "25262728293031323334353637383940414243444546474849"
                                   "50515253545556575859606162636465666768697071727374"
                                   "75767778798081828384858687888990919293949596979899";
    HPDF_INT32 x = (HPDF_INT32)v;
    size_t n = 0;
    if (x < 0) {
        if (x < HPDF_LIMIT_MIN_INT)
            x = HPDF_LIMIT_MIN_INT;
        s[n++] = '-';
        x = -x;
    }
    uint32_t u = (uint32_t)x, t = u;
    size_t nd = 1;
    while (t >= 10) {
        t /= 10;
        nd++;
    }
    char *e = s + n + nd; /* the digits from the last, two at a step */
    while (u >= 100) {
        e -= 2;
        memcpy(e, pairs + 2 * (u % 100), 2);
        u /= 100;
    }
    if (u >= 10)
        memcpy(e - 2, pairs + 2 * u, 2);
    else
        e[-1] = (char)('0' + u);
    return n + nd;
}

int bk_pdfraw_int(bk_buf *b, long v, char after)
{
    char s[HPDF_INT_LEN + 2];
    size_t n = put_int(s, v);
    if (after)
        s[n++] = after;
    return bk_buf_append(b, s, n);
}

int bk_pdfraw_ref(bk_buf *b, const bk_pdfobj *o, char after)
{
    const HPDF_Obj_Header *h = (const HPDF_Obj_Header *)(const void *)o;
    if (!h || !(h->obj_id & HPDF_OTYPE_INDIRECT))
        return -1;
    char s[2 * HPDF_INT_LEN + 8];
    size_t n = put_int(s, (long)(h->obj_id & 0x00FFFFFF));
    s[n++] = ' ';
    n += put_int(s + n, (long)h->gen_no);
    memcpy(s + n, " R", 2);
    n += 2;
    if (after)
        s[n++] = after;
    return bk_buf_append(b, s, n);
}

int bk_pdfraw_name(bk_buf *b, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(name);
    if (n == 0 || n > HPDF_LIMIT_MAX_NAME_LEN) /* libharu refuses the name */
        return -1;
    char s[3 * HPDF_LIMIT_MAX_NAME_LEN + 1];
    size_t k = 0;
    s[k++] = '/';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (HPDF_NEEDS_ESCAPE(c)) {
            s[k++] = '#';
            s[k++] = hex[c >> 4];
            s[k++] = hex[c & 15];
        } else {
            s[k++] = (char)c;
        }
    }
    return bk_buf_append(b, s, k);
}

int bk_pdfraw_text(bk_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    int ascii;
    size_t n = text_cut(s, &ascii);
    if (ascii) { /* a literal, escaped as HPDF_Stream_WriteEscapeText does */
        int r = bk_buf_append(b, "(", 1);
        for (size_t i = 0, k = 0; i < n && !r; i = k) {
            while (k < n && !HPDF_NEEDS_ESCAPE((unsigned char)s[k]))
                k++;
            r |= bk_buf_append(b, s + i, k - i);
            if (k < n) {
                unsigned char c = (unsigned char)s[k++];
                char o[4] = {'\\', (char)('0' + (c >> 6)), (char)('0' + ((c >> 3) & 7)),
                             (char)('0' + (c & 7))};
                r |= bk_buf_append(b, o, 4);
            }
        }
        return r | bk_buf_append(b, ")", 1);
    }
    unsigned char *u = malloc(2 + 2 * n);
    if (!u)
        return -1;
    size_t k = text_utf16(s, n, u);
    int r = bk_buf_append(b, "<", 1);
    for (size_t i = 0; i < k && !r; i++) {
        char h[2] = {hex[u[i] >> 4], hex[u[i] & 15]};
        r |= bk_buf_append(b, h, 2);
    }
    free(u);
    return r | bk_buf_append(b, ">", 1);
}

/* Declares the stream compressed (libharu drops a /Filter entry of a
 * stream it does not compress itself; write_fn adds it back). */
static HPDF_STATUS write_flate_entry(HPDF_Dict d, HPDF_Stream out)
{
    (void)d;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

int bk_pdfobj_stream_write(bk_pdfobj *stream, const void *data, size_t len, int flate)
{
    HPDF_Dict d = DICT(stream);
    d->filter = HPDF_STREAM_FILTER_NONE;
    if (flate)
        d->write_fn = write_flate_entry;
    return HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len) != HPDF_OK;
}

/* A stream's content held by the caller: libharu reads it when saving,
 * through the callbacks below, instead of keeping its own copy (its
 * memory streams copy every byte in and out with a byte loop). */
typedef struct held {
    const unsigned char *p;
    HPDF_UINT32 n, pos;
} held;

static HPDF_STATUS held_read(HPDF_Stream s, HPDF_BYTE *buf, HPDF_UINT *size)
{
    held *h = s->attr;
    HPDF_UINT n = h->n - h->pos < *size ? h->n - h->pos : *size;
    if (n)
        memcpy(buf, h->p + h->pos, n);
    h->pos += n;
    *size = n;
    return h->pos >= h->n ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS held_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
    held *h = s->attr;
    long at = mode == HPDF_SEEK_SET ? pos : mode == HPDF_SEEK_CUR ? (long)h->pos + pos
                                                                  : (long)h->n + pos;
    if (at < 0 || at > (long)h->n)
        return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
    h->pos = (HPDF_UINT32)at;
    return HPDF_OK;
}

static HPDF_INT32 held_tell(HPDF_Stream s) { return (HPDF_INT32)((held *)s->attr)->pos; }

static HPDF_UINT32 held_size(HPDF_Stream s) { return ((held *)s->attr)->n; }

static void held_free(HPDF_Stream s) { HPDF_FreeMem(s->mmgr, s->attr); }

int bk_pdfobj_stream_hold(bk_pdfdoc *d, bk_pdfobj *stream, const void *data, size_t len,
                          int flate)
{
    HPDF_Dict dict = DICT(stream);
    if (len > UINT32_MAX)
        return -1;
    held *h = HPDF_GetMem(d->pdf->mmgr, sizeof *h);
    if (!h)
        return -1;
    *h = (held){data, (HPDF_UINT32)len, 0};
    HPDF_Stream s = HPDF_CallbackReader_New(d->pdf->mmgr, held_read, held_seek, held_tell,
                                            held_size, h);
    if (!s) {
        HPDF_FreeMem(d->pdf->mmgr, h);
        return -1;
    }
    s->free_fn = held_free;
    HPDF_Stream_Free(dict->stream); /* the empty memory stream it had */
    dict->stream = s;
    dict->filter = HPDF_STREAM_FILTER_NONE;
    if (flate)
        dict->write_fn = write_flate_entry;
    return 0;
}

/* ---- pages and navigation -------------------------------------------------- */

bk_pdfobj *bk_pdfdoc_page_add(bk_pdfdoc *d, double w, double h)
{
    HPDF_Page pg = HPDF_AddPage(d->pdf);
    if (!pg || HPDF_Page_SetWidth(pg, (HPDF_REAL)w) != HPDF_OK ||
        HPDF_Page_SetHeight(pg, (HPDF_REAL)h) != HPDF_OK)
        return NULL;
    return OBJ(pg);
}

bk_pdfobj *bk_pdfpage_contents(bk_pdfobj *page)
{
    return OBJ(((HPDF_PageAttr)DICT(page)->attr)->contents);
}

bk_pdfobj *bk_pdfpage_resources(bk_pdfobj *page)
{
    return OBJ(HPDF_Page_GetInheritableItem(DICT(page), "Resources", HPDF_OCLASS_DICT));
}

const char *bk_pdfpage_font_name(bk_pdfobj *page, bk_pdfobj *font)
{
    return HPDF_Page_GetLocalFontName(DICT(page), DICT(font));
}

const char *bk_pdfpage_xobject_name(bk_pdfobj *page, bk_pdfobj *xobject)
{
    return HPDF_Page_GetXObjectName(DICT(page), DICT(xobject));
}

bk_pdfobj *bk_pdfpage_dest(bk_pdfobj *page)
{
    HPDF_Destination d = HPDF_Page_CreateDestination(DICT(page));
    if (d)
        HPDF_Array_Clear(d);
    return OBJ(d);
}

static HPDF_Rect rect_of(const double r[4])
{
    HPDF_Rect rect = {(HPDF_REAL)r[0], (HPDF_REAL)r[1], (HPDF_REAL)r[2], (HPDF_REAL)r[3]};
    return rect;
}

bk_pdfobj *bk_pdfpage_link(bk_pdfobj *page, const double rect[4], bk_pdfobj *dest)
{
    return OBJ(HPDF_Page_CreateLinkAnnot(DICT(page), rect_of(rect), ARRAY(dest)));
}

bk_pdfobj *bk_pdfpage_uri_link(bk_pdfobj *page, const double rect[4], const char *uri)
{
    return OBJ(HPDF_Page_CreateURILinkAnnot(DICT(page), rect_of(rect), uri));
}

int bk_pdfobj_link_borderless(bk_pdfobj *annot)
{
    return HPDF_LinkAnnot_SetBorderStyle(DICT(annot), 0, 0, 0) != HPDF_OK;
}

bk_pdfobj *bk_pdfdoc_outline(bk_pdfdoc *d, bk_pdfobj *parent)
{
    return OBJ(HPDF_CreateOutline(d->pdf, DICT(parent), "", NULL));
}

int bk_pdfobj_outline_set(bk_pdfobj *outline, bk_pdfobj *dest, int opened)
{
    return HPDF_Outline_SetDestination(DICT(outline), ARRAY(dest)) != HPDF_OK ||
           HPDF_Outline_SetOpened(DICT(outline), opened ? HPDF_TRUE : HPDF_FALSE) != HPDF_OK;
}

int bk_pdfdoc_show_outline(bk_pdfdoc *d)
{
    return d->pdf->outlines &&
           HPDF_SetPageMode(d->pdf, HPDF_PAGE_MODE_USE_OUTLINE) != HPDF_OK;
}

/* ---- document ------------------------------------------------------------- */

int bk_pdfdoc_page_label(bk_pdfdoc *d, size_t page, bk_pdfobj *label)
{
    return HPDF_Catalog_AddPageLabel(d->pdf->catalog, (HPDF_UINT)page, DICT(label)) != HPDF_OK;
}

int bk_pdfdoc_set_creator(bk_pdfdoc *d, const char *creator)
{
    return HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, creator) != HPDF_OK;
}

int bk_pdfdoc_set_dates(bk_pdfdoc *d, const struct tm *tm)
{
    HPDF_Date date = {tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour,
                      tm->tm_min, tm->tm_sec > 59 ? 59 : tm->tm_sec, 'Z', 0, 0};
    return HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date) != HPDF_OK ||
           HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, date) != HPDF_OK;
}

bk_pdfobj *bk_pdfdoc_info(bk_pdfdoc *d) { return OBJ(d->pdf->info); }

bk_pdfobj *bk_pdfdoc_catalog(bk_pdfdoc *d) { return OBJ(d->pdf->catalog); }

bk_pdfobj *bk_pdfdoc_trailer(bk_pdfdoc *d) { return OBJ(d->pdf->trailer); }

/* The saved file goes straight into one buffer through a callback
 * stream, sized from the caller's estimate: libharu's own memory stream
 * copies every byte in with a byte loop (HPDF_MemCpy), in 4 KB blocks
 * that would then be copied out again. */
typedef struct saved {
    unsigned char *p;
    size_t n, cap;
} saved;

static HPDF_STATUS saved_write(HPDF_Stream s, const HPDF_BYTE *ptr, HPDF_UINT size)
{
    saved *o = s->attr;
    if (size > o->cap - o->n) {
        size_t cap = o->cap ? o->cap : 65536;
        while (size > cap - o->n)
            cap *= 2;
        unsigned char *np = realloc(o->p, cap);
        if (!np)
            return HPDF_SetError(s->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
        o->p = np;
        o->cap = cap;
    }
    memcpy(o->p + o->n, ptr, size);
    o->n += size;
    return HPDF_OK;
}

int bk_pdfdoc_save(bk_pdfdoc *d, size_t hint, unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    saved o = {NULL, 0, 0};
    /* the objects around the streams add about half as much again; pages
     * of the buffer never written cost nothing */
    if (hint && !(o.p = malloc(o.cap = hint + hint / 2 + 65536)))
        return -2;
    HPDF_Stream s = HPDF_CallbackWriter_New(d->pdf->mmgr, saved_write, &o);
    if (!s) {
        free(o.p);
        return -1;
    }
    /* HPDF_SaveToStream writes to the document's stream, made when
     * missing: this one, freed right after (it points at o) */
    HPDF_Stream_Free(d->pdf->stream);
    d->pdf->stream = s;
    HPDF_STATUS r = HPDF_SaveToStream(d->pdf);
    HPDF_Stream_Free(s);
    d->pdf->stream = NULL;
    if (r != HPDF_OK) {
        free(o.p);
        return d->code == HPDF_FAILD_TO_ALLOC_MEM ? -2 : -1;
    }
    *out = o.p;
    *len = o.n;
    return 0;
}
