/* pdf_meta.c — the PDF standards a file claims (pdf_private.h): the XMP
 * metadata stream, the info dictionary entries that must agree with it,
 * the OutputIntents with their ICC profile, and the catalog and page
 * entries PDF/UA-1, PDF/A-2 and PDF/X-4 ask for.
 *
 * - XMP (ISO 16684-1; PDF/A-2 6.6.2, PDF/X-4, PDF/UA-1 7.1): dc:title,
 *   dc:creator (the author), dc:description (the subject), dc:language,
 *   pdf:Keywords, pdf:Producer "booklet VERSION", xmp:CreateDate,
 *   ModifyDate and MetadataDate (SOURCE_DATE_EPOCH), xmp:CreatorTool,
 *   xmpMM:DocumentID (from the title, author and language: the same for
 *   every rendition and build of the document), xmpMM:InstanceID (from the
 *   file's MD5, like /ID: written as a placeholder and patched after the
 *   file is saved), VersionID, RenditionClass; the claims pdfaid:part and
 *   conformance, pdfuaid:part, pdfxid:GTS_PDFXVersion; and, in a PDF/A
 *   file, the extension schema of pdfuaid and pdfxid (PDF/A-2 6.6.2.3.1:
 *   properties outside the predefined schemas must be described). The
 *   stream is not compressed (readable by tools that do not parse PDF).
 * - Info: Producer, Creator, and for PDF/X /Trapped /False and
 *   /GTS_PDFXVersion; title, author, subject, keywords and dates are set by
 *   bk_pdf_info_add, from the same strings and the same time.
 * - OutputIntents: one /GTS_PDFA1 (PDF/A) and/or /GTS_PDFX (PDF/X) intent
 *   sharing one ICC profile stream (/N 4: the profile is CMYK).
 * - PDF/UA: /ViewerPreferences << /DisplayDocTitle true >>, /Tabs /S on
 *   every page. /MarkInfo and /StructTreeRoot belong to the structure
 *   writer, not here.
 */
#include "pdf_private.h"

#include <stdio.h>
#include <string.h>

/* The XMP InstanceID placeholder, patched by bk_pdf_xmp_patch. */
#define INSTANCE_KEY "<xmpMM:InstanceID>uuid:"
#define UUID_HOLE "00000000-0000-0000-0000-000000000000"

/* ---- the claims ------------------------------------------------------- */

static const struct {
    const char *word;
    unsigned bit;
} standards[] = {
    {"pdfa-2b", BK_PDF_STD_PDFA_2B}, {"pdfa-2u", BK_PDF_STD_PDFA_2U},
    {"pdfa-2a", BK_PDF_STD_PDFA_2A}, {"pdfua-1", BK_PDF_STD_PDFUA_1},
    {"pdfx-4", BK_PDF_STD_PDFX_4},
};
#define NSTANDARDS (sizeof standards / sizeof *standards)

int bk_pdf_standards_parse(const char *list, unsigned *std, const char **bad,
                           size_t *badlen)
{
    *std = 0;
    *bad = list;
    *badlen = 0;
    int none = 0, words = 0;
    for (const char *s = list ? list : ""; ; s++) {
        size_t n = strcspn(s, ",");
        unsigned bit = 0;
        for (size_t k = 0; k < NSTANDARDS && !bit; k++)
            if (strlen(standards[k].word) == n && strncmp(s, standards[k].word, n) == 0)
                bit = standards[k].bit;
        if (n == 4 && strncmp(s, "none", 4) == 0)
            none = 1;
        else if (!bit || ((bit & BK_PDF_STD_PDFA) && (*std & BK_PDF_STD_PDFA & ~bit))) {
            *bad = s;
            *badlen = n;
            return -1;
        }
        *std |= bit;
        words++;
        s += n;
        if (!*s)
            break;
    }
    if (none && words > 1) { /* "none" stands alone */
        *bad = list;
        *badlen = strlen(list);
        return -1;
    }
    return 0;
}

unsigned bk_pdf_standards_default(bk_pdf_kind kind)
{
    return kind == BK_PDF_READING ? BK_PDF_STD_PDFA_2U | BK_PDF_STD_PDFUA_1 : BK_PDF_STD_PDFX_4;
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
           (unsigned long)p[2] << 8 | p[3];
}

int bk_pdf_icc_check(const unsigned char *p, size_t n, const char **why)
{
    *why = NULL;
    if (n < 132 || memcmp(p + 36, "acsp", 4) != 0)
        *why = "not an ICC profile (no 'acsp' signature in a 128-byte header)";
    else if (be32(p) != n)
        *why = "the ICC header's size is not the file's (a cut or padded profile)";
    else if (p[8] != 2 && p[8] != 4)
        *why = "ICC version 2 or 4 is needed (PDF/A-2 and PDF/X-4)";
    else if (memcmp(p + 16, "CMYK", 4) != 0)
        *why = "not a CMYK profile: booklet's pages are in CMYK and gray";
    else if (memcmp(p + 12, "prtr", 4) != 0)
        *why = "not an output (printer, 'prtr') profile";
    return *why ? -1 : 0;
}

/* ---- XMP ----------------------------------------------------------------- */

/* s as XML character data: & < > " escaped, characters XML 1.0 does not
 * allow (C0 controls but tab and newline) left out. */
static int put_xml(bk_buf *b, const char *s)
{
    int r = 0;
    for (; s && *s && r == 0; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '&')
            r = bk_buf_puts(b, "&amp;");
        else if (c == '<')
            r = bk_buf_puts(b, "&lt;");
        else if (c == '>')
            r = bk_buf_puts(b, "&gt;");
        else if (c == '"')
            r = bk_buf_puts(b, "&quot;");
        else if (c >= 0x20 || c == '\t' || c == '\n')
            r = bk_buf_append(b, s, 1);
    }
    return r;
}

/* <ns:key><rdf:Alt><rdf:li xml:lang="x-default">v</rdf:li></rdf:Alt></ns:key>,
 * or rdf:Seq / rdf:Bag without the language; nothing when v is empty. */
static int put_list(bk_buf *b, const char *key, const char *kind, const char *v)
{
    if (!v || !*v)
        return 0;
    int alt = strcmp(kind, "Alt") == 0;
    return bk_buf_printf(b, "   <%s><rdf:%s><rdf:li%s>", key, kind,
                         alt ? " xml:lang=\"x-default\"" : "") ||
           put_xml(b, v) || bk_buf_printf(b, "</rdf:li></rdf:%s></%s>\n", kind, key);
}

static int put_prop(bk_buf *b, const char *key, const char *v)
{
    if (!v || !*v)
        return 0;
    return bk_buf_printf(b, "   <%s>", key) || put_xml(b, v) ||
           bk_buf_printf(b, "</%s>\n", key);
}

/* An MD5 as a name-based (version 3) UUID. */
static void uuid_of(const unsigned char dg[16], char out[37])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char u[16];
    memcpy(u, dg, 16);
    u[6] = (unsigned char)((u[6] & 0x0F) | 0x30);
    u[8] = (unsigned char)((u[8] & 0x3F) | 0x80);
    size_t k = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[k++] = '-';
        out[k++] = hex[u[i] >> 4];
        out[k++] = hex[u[i] & 15];
    }
    out[k] = '\0';
}

/* The document's identity: the same for its renditions and rebuilds. */
static void document_id(const bk_frames *f, char out[37])
{
    bk_buf b = {0};
    const char *parts[] = {f->title, f->author, f->lang, f->subject};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (bk_buf_puts(&b, parts[i] ? parts[i] : "") || bk_buf_append(&b, "\n", 1))
            break;
    unsigned char dg[16];
    bk_pdf_md5(b.data ? b.data : "", b.len, dg);
    bk_buf_release(&b);
    uuid_of(dg, out);
}

/* The PDF/A extension schema describing pdfuaid:part and
 * pdfxid:GTS_PDFXVersion (PDF/A-2 6.6.2.3.2 and 6.6.2.3.3). */
static int put_extension(bk_buf *b, unsigned std)
{
    static const struct {
        unsigned bit;
        const char *ns, *prefix, *schema, *prop, *type, *desc;
    } ext[] = {
        {BK_PDF_STD_PDFUA_1, "http://www.aiim.org/pdfua/ns/id/", "pdfuaid",
         "PDF/UA identification schema", "part", "Integer", "Part of ISO 14289 conformed to"},
        {BK_PDF_STD_PDFX_4, "http://www.npes.org/pdfx/ns/id/", "pdfxid",
         "PDF/X identification schema", "GTS_PDFXVersion", "Text", "ID of PDF/X standard"},
    };
    int r = bk_buf_puts(b, "  <rdf:Description rdf:about=\"\"\n"
                           "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
                           "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
                           "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
                           "   <pdfaExtension:schemas><rdf:Bag>\n");
    for (size_t i = 0; i < sizeof ext / sizeof *ext && !r; i++)
        if (std & ext[i].bit)
            r = bk_buf_printf(
                b,
                "    <rdf:li rdf:parseType=\"Resource\">\n"
                "     <pdfaSchema:schema>%s</pdfaSchema:schema>\n"
                "     <pdfaSchema:namespaceURI>%s</pdfaSchema:namespaceURI>\n"
                "     <pdfaSchema:prefix>%s</pdfaSchema:prefix>\n"
                "     <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
                "      <pdfaProperty:name>%s</pdfaProperty:name>\n"
                "      <pdfaProperty:valueType>%s</pdfaProperty:valueType>\n"
                "      <pdfaProperty:category>internal</pdfaProperty:category>\n"
                "      <pdfaProperty:description>%s</pdfaProperty:description>\n"
                "     </rdf:li></rdf:Seq></pdfaSchema:property>\n"
                "    </rdf:li>\n",
                ext[i].schema, ext[i].ns, ext[i].prefix, ext[i].prop, ext[i].type, ext[i].desc);
    return r || bk_buf_puts(b, "   </rdf:Bag></pdfaExtension:schemas>\n  </rdf:Description>\n");
}

/* The claims: pdfaid, pdfuaid, pdfxid, each in its own description. */
static int put_claims(bk_buf *b, unsigned std)
{
    int r = 0;
    if (std & BK_PDF_STD_PDFA)
        r = bk_buf_printf(b,
                          "  <rdf:Description rdf:about=\"\" "
                          "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                          "   <pdfaid:part>2</pdfaid:part>\n"
                          "   <pdfaid:conformance>%s</pdfaid:conformance>\n"
                          "  </rdf:Description>\n",
                          std & BK_PDF_STD_PDFA_2A   ? "A"
                          : std & BK_PDF_STD_PDFA_2U ? "U"
                                                     : "B");
    if (!r && (std & BK_PDF_STD_PDFUA_1))
        r = bk_buf_puts(b, "  <rdf:Description rdf:about=\"\" "
                           "xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
                           "   <pdfuaid:part>1</pdfuaid:part>\n"
                           "  </rdf:Description>\n");
    if (!r && (std & BK_PDF_STD_PDFX_4))
        r = bk_buf_puts(b, "  <rdf:Description rdf:about=\"\" "
                           "xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\">\n"
                           "   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n"
                           "  </rdf:Description>\n");
    if (!r && (std & BK_PDF_STD_PDFA) && (std & (BK_PDF_STD_PDFUA_1 | BK_PDF_STD_PDFX_4)))
        r = put_extension(b, std);
    return r;
}

/* The XMP packet: the document's description and its claims. */
static int xmp_build(bk_pdf_job *j, const char *date, bk_buf *b)
{
    const bk_frames *f = j->frames;
    char docid[37];
    document_id(f, docid);
    int r = bk_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                           "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                           " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                           "  <rdf:Description rdf:about=\"\" "
                           "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                           "   <dc:format>application/pdf</dc:format>\n");
    r = r || put_list(b, "dc:title", "Alt", f->title) ||
        put_list(b, "dc:creator", "Seq", f->author) ||
        put_list(b, "dc:description", "Alt", f->subject) ||
        put_list(b, "dc:language", "Bag", f->lang) ||
        bk_buf_printf(b, "  </rdf:Description>\n"
                         "  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
                         "   <xmp:CreateDate>%s</xmp:CreateDate>\n"
                         "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
                         "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n"
                         "   <xmp:CreatorTool>booklet</xmp:CreatorTool>\n"
                         "  </rdf:Description>\n"
                         "  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                         "   <pdf:Producer>booklet %s</pdf:Producer>\n",
                      date, date, date, BK_VERSION) ||
        put_prop(b, "pdf:Keywords", f->keywords) ||
        ((j->standards & BK_PDF_STD_PDFX_4) &&
         bk_buf_puts(b, "   <pdf:Trapped>False</pdf:Trapped>\n")) ||
        bk_buf_printf(b, "  </rdf:Description>\n"
                         "  <rdf:Description rdf:about=\"\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\n"
                         "   <xmpMM:DocumentID>uuid:%s</xmpMM:DocumentID>\n"
                         "   " INSTANCE_KEY UUID_HOLE "</xmpMM:InstanceID>\n"
                         "   <xmpMM:VersionID>1</xmpMM:VersionID>\n"
                         "   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n"
                         "  </rdf:Description>\n",
                      docid) ||
        put_claims(b, j->standards) || bk_buf_puts(b, " </rdf:RDF>\n</x:xmpmeta>\n");
    /* room for an editor to grow the packet in place, as XMP advises */
    for (int i = 0; i < 20 && !r; i++)
        r = bk_buf_printf(b, "%99s\n", "");
    return r || bk_buf_puts(b, "<?xpacket end=\"w\"?>");
}

int bk_pdf_xmp_patch(unsigned char *data, size_t len, const unsigned char dg[16])
{
    /* from the end: the metadata stream is written after every object
     * holding a string the document gave (info, outline, links, intents) */
    size_t kl = sizeof INSTANCE_KEY - 1, hl = sizeof UUID_HOLE - 1;
    for (size_t i = len >= kl + hl ? len - kl - hl + 1 : 0; i-- > 0;)
        if (data[i] == '<' && memcmp(data + i, INSTANCE_KEY, kl) == 0 &&
            memcmp(data + i + kl, UUID_HOLE, hl) == 0) {
            char u[37];
            uuid_of(dg, u);
            memcpy(data + i + kl, u, hl);
            return 1;
        }
    return 0;
}

/* ---- the objects ------------------------------------------------------------ */

static bk_status metadata_add(bk_pdf_job *j, const char *date)
{
    bk_buf x = {0};
    bk_status st = BK_OK;
    bk_pdfobj *s = bk_pdfdoc_stream(j->doc);
    if (xmp_build(j, date, &x)) {
        st = bk_pdf_oom(j);
    } else if (!s || bk_pdfobj_set_name(s, "Type", "Metadata") ||
               bk_pdfobj_set_name(s, "Subtype", "XML") ||
               bk_pdfobj_stream_write(s, x.data, x.len, 0) ||
               bk_pdfobj_set(bk_pdfdoc_catalog(j->doc), "Metadata", s)) {
        st = bk_pdf_fail(j, "writing the XMP metadata");
    }
    bk_buf_release(&x);
    return st;
}

/* One output intent of subtype s over the shared profile stream. */
static int intent_add(bk_pdf_job *j, bk_pdfobj *list, const char *s, bk_pdfobj *profile)
{
    const bk_pdf_intent *in = j->intent;
    bk_pdfobj *d = bk_pdfdoc_dict(j->doc);
    if (!d || bk_pdfobj_push(list, d))
        return -1;
    int r = bk_pdfobj_set_name(d, "Type", "OutputIntent") || bk_pdfobj_set_name(d, "S", s) ||
            bk_pdfobj_set(d, "OutputConditionIdentifier", bk_pdfdoc_text(j->doc, in->condition)) ||
            bk_pdfobj_set(d, "OutputCondition", bk_pdfdoc_text(j->doc, in->info ? in->info
                                                                                 : in->condition)) ||
            bk_pdfobj_set(d, "DestOutputProfile", profile);
    if (!r && in->info)
        r = bk_pdfobj_set(d, "Info", bk_pdfdoc_text(j->doc, in->info));
    if (!r && in->registry)
        r = bk_pdfobj_set(d, "RegistryName", bk_pdfdoc_text(j->doc, in->registry));
    return r;
}

static bk_status intents_add(bk_pdf_job *j)
{
    const bk_pdf_intent *in = j->intent;
    const char *why = NULL;
    if (!in || !in->profile || !in->condition || !*in->condition)
        return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                             "PDF: PDF/A and PDF/X need an output intent");
    if (bk_pdf_icc_check(in->profile, in->len, &why))
        return bk_diag_error(j->ctx->diag, BK_EINPUT, j->path, 0, 0,
                             "PDF: the output intent's profile: %s", why);
    bk_pdfobj *list = bk_pdfdoc_array(j->doc);
    bk_pdfobj *profile = bk_pdfdoc_stream(j->doc);
    /* compressed once for every output of the run */
    const bk_pdf_blob *icc = bk_pdf_cache_icc(j, in->profile, in->len);
    int r = !list || !profile || !icc || bk_pdfobj_set_int(profile, "N", 4) ||
            bk_pdf_blob_put(j, profile, icc);
    if (!r && (j->standards & BK_PDF_STD_PDFA))
        r = intent_add(j, list, "GTS_PDFA1", profile);
    if (!r && (j->standards & BK_PDF_STD_PDFX_4))
        r = intent_add(j, list, "GTS_PDFX", profile);
    if (r || bk_pdfobj_set(bk_pdfdoc_catalog(j->doc), "OutputIntents", list))
        return bk_pdf_fail(j, "writing the output intents");
    return BK_OK;
}

/* PDF/UA: the title in the window, tab order by structure on every page. */
static bk_status ua_add(bk_pdf_job *j)
{
    bk_pdfobj *vp = bk_pdfdoc_dict(j->doc);
    int r = !vp || bk_pdfobj_set_bool(vp, "DisplayDocTitle", 1) ||
            bk_pdfobj_set(bk_pdfdoc_catalog(j->doc), "ViewerPreferences", vp);
    size_t n = j->kind == BK_PDF_IMPOSED ? 2 * j->plan.sheets : j->frames->n;
    for (size_t i = 0; i < n && !r; i++)
        r = bk_pdfobj_set_name(j->pages[i], "Tabs", "S");
    return r ? bk_pdf_fail(j, "writing the PDF/UA entries") : BK_OK;
}

bk_status bk_pdf_meta_add(bk_pdf_job *j, const struct tm *utc)
{
    char date[96];
    snprintf(date, sizeof date, "%04d-%02d-%02dT%02d:%02d:%02dZ", utc->tm_year + 1900,
             utc->tm_mon + 1, utc->tm_mday, utc->tm_hour, utc->tm_min,
             utc->tm_sec > 59 ? 59 : utc->tm_sec);
    bk_pdfobj *info = bk_pdfdoc_info(j->doc);
    char producer[64];
    snprintf(producer, sizeof producer, "booklet %s", BK_VERSION);
    int r = bk_pdfobj_set(info, "Producer", bk_pdfdoc_text(j->doc, producer));
    if (!r && (j->standards & BK_PDF_STD_PDFX_4))
        r = bk_pdfobj_set_name(info, "Trapped", "False") ||
            bk_pdfobj_set(info, "GTS_PDFXVersion", bk_pdfdoc_text(j->doc, "PDF/X-4"));
    if (r)
        return bk_pdf_fail(j, "writing document information");
    /* the intents before the metadata: objects are written in the order
     * made, and bk_pdf_xmp_patch looks for the XMP from the end */
    bk_status st = BK_OK;
    if (j->standards & (BK_PDF_STD_PDFA | BK_PDF_STD_PDFX_4))
        st = intents_add(j);
    if (!st)
        st = metadata_add(j, date);
    if (!st && (j->standards & BK_PDF_STD_PDFUA_1))
        st = ua_add(j);
    return st;
}
