/* Segment (src/lib/folio-segment.c): headings from evidence (numbering,
 * chapter words, font size, bold, the PDF outline), paragraphs and list
 * items, words joined across lines and pages with hyphenation resolved from
 * what the document attests, ligatures expanded, NFC; `continues` on the
 * last paragraph; and the errors of running it out of order.  Documents are
 * built in memory and only marked as stripped, except the seed page, which
 * goes through extract and strip first. */
#include "folio-test.h"

#include <stdio.h>
#include <string.h>

/* ----------------------------------------------------- cleanup and errors */

/* Everything a test allocates is tracked and freed by the checked teardown,
 * which Check runs even after a failed assertion under CK_FORK=no. */
static GError *error;

/* Freed at the end of each test: folio_test_track(). */
#define track folio_test_track

static void
setup (void)
{
  folio_test_track_begin ();
  error = NULL;
}

static void
teardown (void)
{
  folio_test_track_end ();
  g_clear_error (&error);
}

static const char *
error_message (void)
{
  return error ? error->message : "(no error)";
}

/* ------------------------------------------------------ building documents */

static FolioDocument *
new_doc (FolioMediaType type)
{
  FolioDocument *doc = track (folio_document_new (), (GDestroyNotify) folio_document_free);

  doc->media_type = type;
  doc->source = g_strdup (type == FOLIO_MEDIA_PDF ? "memory.pdf" : "memory.txt");
  doc->first_page = 1;
  return doc;
}

/* Appends page n+1: A4 for a PDF, no dimensions for text. */
static FolioPage *
add_page (FolioDocument *doc)
{
  FolioPage *page = folio_page_new (doc->pages->len + 1);

  if (doc->media_type == FOLIO_MEDIA_PDF)
    {
      page->width = 595;
      page->height = 842;
    }
  g_ptr_array_add (doc->pages, page);
  doc->page_count = doc->last_page = doc->pages->len;
  return page;
}

/* Text input: one line per string, "" for a blank line; NULL ends. */
static void
add_text_lines (FolioPage *page, const char *const *lines)
{
  for (guint i = 0; lines[i]; i++)
    g_ptr_array_add (page->lines, folio_line_new (page->index, lines[i]));
}

/* PDF input: a pen that sets lines down the page at 1.4 times their size,
 * with a gap of 1.5 lines where asked. */
typedef struct {
  FolioPage *page;
  double y;
} Pen;

static Pen
pen_on (FolioPage *page)
{
  return (Pen) { page, 72 };
}

static FolioLine *
pen_line (Pen *pen, const char *text, double size, gboolean bold)
{
  FolioLine *line = folio_line_new (pen->page->index, text);
  double w = MIN (0.5 * size * g_utf8_strlen (text, -1), 450);

  line->has_geometry = TRUE;
  folio_line_set_bbox (line, (FolioBBox) { 72, pen->y, 72 + w, pen->y + size });
  line->font = g_intern_static_string (bold ? "Helvetica-Bold" : "Helvetica");
  line->size = size;
  line->bold = bold;
  g_ptr_array_add (pen->page->lines, line);
  pen->y += 1.4 * size;
  return line;
}

/* A line on the row the pen last wrote, from @x0 to @x1. */
static FolioLine *
pen_beside (Pen *pen, const char *text, double size, gboolean bold, double x0, double x1)
{
  FolioLine *line;
  FolioBBox box;

  pen->y -= 1.4 * size;
  line = pen_line (pen, text, size, bold);
  box = folio_line_bbox (line);
  box.x0 = x0;
  box.x1 = x1;
  folio_line_set_bbox (line, box);
  return line;
}

static void
pen_gap (Pen *pen)
{
  pen->y += 15;
}

/* Body text: long lines at 10 points, none a heading on its own. */
static const char *const body[] = {
  "De werkgroep komt elk jaar in het voorjaar bijeen om de procedures van de deelnemende landen",
  "op het gebied van industrieveiligheid op elkaar af te stemmen en zo verder,",
  "waarbij ook de thema's van de kleinere werkgroepen aan bod komen in het",
  "programma dat de voorzitter ieder voorjaar aan alle leden toestuurt.",
};

static void
pen_body (Pen *pen)
{
  for (guint i = 0; i < G_N_ELEMENTS (body); i++)
    pen_line (pen, body[i], 10, FALSE);
}

static void
run_segment (FolioDocument *doc, const FolioSegmentOptions *opts)
{
  g_clear_error (&error);
  folio_document_add_stage (doc, "strip");
  ck_assert_msg (folio_segment_run (doc, opts, &error), "segment failed: %s", error_message ());
  ck_assert_ptr_null (error);
  ck_assert (folio_document_has_stage (doc, "segment"));
}

/* ------------------------------------------------------------- checking */

static FolioBlock *
block_at (const FolioDocument *doc, guint i)
{
  ck_assert_msg (i < doc->blocks->len, "block %u of %u", i, doc->blocks->len);
  return g_ptr_array_index (doc->blocks, i);
}

static guint
count_type (const FolioDocument *doc, FolioBlockType type)
{
  guint n = 0;

  for (guint i = 0; i < doc->blocks->len; i++)
    n += block_at (doc, i)->type == type;
  return n;
}

/* The blocks, one a line, for failure messages. */
static const char *
describe (const FolioDocument *doc)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const FolioBlock *b = block_at (doc, i);

      g_string_append_printf (s, "\n  %s", folio_block_type_to_string (b->type));
      if (b->type == FOLIO_BLOCK_HEADING)
        g_string_append_printf (s, " %u [%s] (%s)", b->level, b->number ? b->number : "-",
                                b->evidence ? b->evidence : "-");
      if (b->marker)
        g_string_append_printf (s, " <%s>", b->marker);
      g_string_append_printf (s, " p%u-%u%s \"%s\"", b->first_page, b->last_page,
                              b->continues ? " continues" : "", b->text);
    }
  return track (g_string_free (s, FALSE), g_free);
}

/* The block whose text is @text, or NULL. */
static FolioBlock *
find_block (const FolioDocument *doc, const char *text)
{
  for (guint i = 0; i < doc->blocks->len; i++)
    if (strcmp (block_at (doc, i)->text, text) == 0)
      return block_at (doc, i);
  return NULL;
}

static FolioBlock *
expect_block (const FolioDocument *doc, FolioBlockType type, const char *text)
{
  FolioBlock *b = find_block (doc, text);

  ck_assert_msg (b != NULL, "no block \"%s\" in:%s", text, describe (doc));
  ck_assert_msg (b->type == type, "\"%s\" is a %s, expected a %s:%s", text, folio_block_type_to_string (b->type),
                 folio_block_type_to_string (type), describe (doc));
  return b;
}

/* ------------------------------------------------------------ hyphenation */

typedef struct {
  const char *name;
  const char *first;     /* the first line of a two-line paragraph */
  const char *second;
  const char *elsewhere; /* (nullable) a paragraph of its own attesting a form */
  const char *joined;    /* the paragraph */
} JoinCase;

static const JoinCase joins[] = {
  { "broken word", "Wij vragen om meer informa-", "tie over de zaak.", NULL,
    "Wij vragen om meer informatie over de zaak." },
  { "capital before hyphen", "Het geld is voor de EU-", "missies van dit jaar.", NULL,
    "Het geld is voor de EU-missies van dit jaar." },
  { "attested with hyphen", "Stuur ons een e-", "mail met de stukken.", "Het e-mail adres staat onderaan.",
    "Stuur ons een e-mail met de stukken." },
  { "unattested lowercase", "Stuur ons een e-", "mail met de stukken.", NULL,
    "Stuur ons een email met de stukken." },
  { "attested joined", "Dit is een zaak van bestuurs-", "recht en niets anders.",
    "Het bestuursrecht geldt hier.", "Dit is een zaak van bestuursrecht en niets anders." },
  { "suspended compound", "Dit zijn de vracht-", "en verzendkosten van de zending.", NULL,
    "Dit zijn de vracht- en verzendkosten van de zending." },
  { "suspended compound, German", "Dort ist der Ein-", "und Ausgang des Hauses.", NULL,
    "Dort ist der Ein- und Ausgang des Hauses." },
  { "capital after hyphen", "De provincie Noord-", "Holland ligt aan zee.", NULL,
    "De provincie Noord-Holland ligt aan zee." },
  { "soft hyphen", "De verga\u00ad", "dering begint om negen uur.", NULL,
    "De vergadering begint om negen uur." },
  { "soft hyphens inside", "De ver\u00adga\u00adde\u00ad", "ring begint om ne\u00adgen uur.", NULL,
    "De vergadering begint om negen uur." },
  { "ligature", "Het \ufb01nanciële beleid van", "de gemeente is \ufb02exibel.", NULL,
    "Het financiële beleid van de gemeente is flexibel." },
  { "ligature at the break", "Het beleid is heel \ufb02ex-", "ibel in de uitvoering.", NULL,
    "Het beleid is heel flexibel in de uitvoering." },
  { "NFC", "Het cafe\u0301 is van", "negen tot vijf open.", NULL, "Het café is van negen tot vijf open." },
  { "digit before hyphen", "Zij tekende een 2-", "jarig contract bij de club.", NULL,
    "Zij tekende een 2-jarig contract bij de club." },
  { "dash, not hyphen", "Hij kwam, zoals altijd -", "te laat op de vergadering.", NULL,
    "Hij kwam, zoals altijd - te laat op de vergadering." },
  { "compound attested with hyphen", "Het gaat om de defensie-indus-", "trie in het land.",
    "De defensie-industrie groeit.", "Het gaat om de defensie-industrie in het land." },
};

/* Loop index: the row, then text (even) or PDF (odd). */
START_TEST (test_join)
{
  const JoinCase *t = &joins[_i / 2];
  gboolean pdf = _i % 2;
  FolioDocument *doc = new_doc (pdf ? FOLIO_MEDIA_PDF : FOLIO_MEDIA_TEXT);
  FolioPage *page = add_page (doc);
  FolioBlock *b;

  if (pdf)
    {
      Pen pen = pen_on (page);

      pen_line (&pen, t->first, 10, FALSE);
      pen_line (&pen, t->second, 10, FALSE);
      if (t->elsewhere)
        {
          pen_gap (&pen);
          pen_line (&pen, t->elsewhere, 10, FALSE);
        }
    }
  else
    {
      const char *lines[] = { t->first, t->second, "", t->elsewhere, NULL };

      add_text_lines (page, lines);
    }
  run_segment (doc, NULL);

  ck_assert_msg (doc->blocks->len == (t->elsewhere ? 2u : 1u), "%s (%s):%s", t->name, pdf ? "pdf" : "text",
                 describe (doc));
  b = block_at (doc, 0);
  ck_assert_msg (b->type == FOLIO_BLOCK_PARAGRAPH && strcmp (b->text, t->joined) == 0,
                 "%s (%s): \"%s\", expected \"%s\"", t->name, pdf ? "pdf" : "text", b->text, t->joined);
  ck_assert_uint_eq (b->first_page, 1);
  ck_assert_uint_eq (b->last_page, 1);
  ck_assert (!b->continues);
  ck_assert_uint_eq (folio_block_n_boxes (b), pdf ? 2 : 0);
}
END_TEST

/* --------------------------------------------------------------- no boxes */

/* FolioSegmentOptions.no_boxes (what folio convert uses: its output has no
 * geometry) leaves every block's boxes empty and changes nothing else:
 * paragraphs, a footnote and a table from real PDFs come out the same. */
START_TEST (test_no_boxes)
{
  static const char *const names[] = { "draagmoederschap.pdf", "pagelabels.pdf" };

  for (gsize n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autofree char *path = folio_test_sample (names[n]);
      FolioDocument *docs[2];
      guint boxes = 0;

      for (guint k = 0; k < 2; k++)
        {
          FolioSegmentOptions opts = FOLIO_SEGMENT_OPTIONS_INIT;

          opts.no_boxes = k == 1;
          docs[k] = track (folio_extract_file (path, NULL, &error), (GDestroyNotify) folio_document_free);
          ck_assert_msg (docs[k] != NULL, "%s: %s", names[n], error_message ());
          ck_assert_msg (folio_strip_run (docs[k], NULL, &error), "%s", error_message ());
          ck_assert_msg (folio_segment_run (docs[k], &opts, &error), "%s", error_message ());
        }
      ck_assert_uint_eq (docs[0]->blocks->len, docs[1]->blocks->len);
      for (guint i = 0; i < docs[0]->blocks->len; i++)
        {
          const FolioBlock *a = block_at (docs[0], i), *b = block_at (docs[1], i);

          ck_assert_int_eq (a->type, b->type);
          ck_assert_str_eq (a->text, b->text);
          ck_assert_uint_eq (a->first_page, b->first_page);
          ck_assert_uint_eq (a->last_page, b->last_page);
          ck_assert_uint_eq (a->level, b->level);
          ck_assert_uint_eq (folio_block_n_boxes (b), 0);
          boxes += folio_block_n_boxes (a);
        }
      ck_assert_msg (boxes > 0, "%s: no boxes made even without no_boxes", names[n]);
      ck_assert_msg (count_type (docs[0], n == 0 ? FOLIO_BLOCK_FOOTNOTE : FOLIO_BLOCK_TABLE) > 0,
                     "%s", describe (docs[0]));
    }
}
END_TEST

/* ------------------------------------------------------ tables on two threads */

static void
string_free (GString *s)
{
  g_string_free (s, TRUE);
}

/* FolioSegmentOptions.threads: with two, a PDF's second half of pages is
 * searched for tables on a thread of its own.  The document is the same
 * as on one thread: the tables numbered and placed in page order (a
 * wrong number puts a table at another's line), the notes for people in
 * page order too.  Bijlage K has tables in its first and last thirds,
 * one going on over a page break, and lines enough for the second thread. */
START_TEST (test_tables_on_two_threads)
{
  g_autofree char *path = folio_test_corpus ("nl/coronamelder/Bijlage_K_-_Rapportage_Penetratietest.pdf");
  char *json[2];
  GString *notes[2];
  guint first_third = 0, last_third = 0, over_pages = 0;

  FOLIO_SKIP_UNLESS (path, "the shared corpus");
  for (guint k = 0; k < 2; k++)
    {
      FolioSegmentOptions opts = FOLIO_SEGMENT_OPTIONS_INIT;
      FolioEmitOptions eopts = FOLIO_EMIT_OPTIONS_INIT;
      FolioDocument *doc = track (folio_extract_file (path, NULL, &error), (GDestroyNotify) folio_document_free);
      GString *out = track (g_string_new (NULL), (GDestroyNotify) string_free);

      ck_assert_msg (doc != NULL, "%s", error_message ());
      notes[k] = track (g_string_new (NULL), (GDestroyNotify) string_free);
      opts.threads = k == 0 ? 1 : 2;
      opts.explain = notes[k];
      ck_assert_msg (folio_strip_run (doc, NULL, &error), "%s", error_message ());
      ck_assert_msg (folio_segment_run (doc, &opts, &error), "%s", error_message ());
      ck_assert_msg (folio_emit_run (doc, &eopts, out, &error), "%s", error_message ());
      json[k] = out->str;
      if (k == 1)
        for (guint i = 0; i < doc->blocks->len; i++)
          {
            const FolioBlock *b = block_at (doc, i);

            if (b->type != FOLIO_BLOCK_TABLE)
              continue;
            if (b->last_page <= doc->page_count / 3)
              first_third++;
            else if (b->first_page >= doc->page_count * 2 / 3)
              last_third++;
            over_pages += b->last_page > b->first_page ? 1 : 0;
          }
    }
  ck_assert_msg (first_third > 0 && last_third > 0 && over_pages > 0,
                 "tables: %u in the first third, %u in the last, %u over pages", first_third, last_third,
                 over_pages);
  ck_assert_msg (notes[0]->len > 0, "no notes for people");
  ck_assert_str_eq (notes[1]->str, notes[0]->str);
  ck_assert_msg (strcmp (json[1], json[0]) == 0, "two threads made another document");
}
END_TEST

/* ------------------------------------------------------------ the seed page */

START_TEST (test_seed_page)
{
  g_autofree char *path = folio_test_seed ("selectielijst-mivd-p113.txt");
  static const char *const headings[] = {
    "Multinational Industrial Security Working Group (MISWG)",
    "Europese Unie (EU)",
    "Ontwikkelingen",
    "Cyber",
  };
  FolioDocument *doc;
  guint h = 0, p = 0;
  gboolean eu_missies = FALSE, beleid = FALSE;

  FOLIO_SKIP_UNLESS (path, "seed selectielijst-mivd-p113.txt");
  doc = track (folio_extract_file (path, NULL, &error), (GDestroyNotify) folio_document_free);
  ck_assert_msg (doc != NULL, "%s", error_message ());
  ck_assert_msg (folio_strip_run (doc, NULL, &error), "%s", error_message ());
  ck_assert_msg (folio_segment_run (doc, NULL, &error), "%s", error_message ());

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 4, "%s", describe (doc));
  ck_assert_msg (count_type (doc, FOLIO_BLOCK_PARAGRAPH) == 4, "%s", describe (doc));
  ck_assert_msg (doc->blocks->len == 8, "%s", describe (doc));
  /* Heading, paragraph, four times over. */
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const FolioBlock *b = block_at (doc, i);

      if (i % 2 == 0)
        {
          ck_assert_msg (b->type == FOLIO_BLOCK_HEADING, "block %u:%s", i, describe (doc));
          ck_assert_str_eq (b->text, headings[h++]);
          ck_assert_uint_eq (b->level, 1);
          ck_assert (!b->continues);
          continue;
        }
      ck_assert_msg (b->type == FOLIO_BLOCK_PARAGRAPH, "block %u:%s", i, describe (doc));
      p++;
      ck_assert_msg (strchr (b->text, '\n') == NULL, "paragraph %u has a newline: \"%s\"", p, b->text);
      ck_assert_msg (strstr (b->text, "  ") == NULL, "paragraph %u has a double space: \"%s\"", p, b->text);
      ck_assert_msg (!g_str_has_suffix (b->text, " ") && !g_str_has_prefix (b->text, " "),
                     "paragraph %u: \"%s\"", p, b->text);
      ck_assert_uint_eq (b->first_page, 1);
      ck_assert_uint_eq (b->last_page, 1);
      eu_missies |= strstr (b->text, "EU-missies") != NULL;
      beleid |= strstr (b->text, "buitenlands- en veiligheidsbeleid") != NULL;
      if (p < 4)
        ck_assert_msg (!b->continues, "paragraph %u continues: \"%s\"", p, b->text);
      else
        {
          ck_assert_msg (g_str_has_suffix (b->text, "netwerken van"), "last paragraph: \"%s\"", b->text);
          ck_assert_msg (b->continues, "the last paragraph runs on to page 114");
        }
    }
  ck_assert_msg (eu_missies, "no \"EU-missies\":%s", describe (doc));
  ck_assert_msg (beleid, "no \"buitenlands- en veiligheidsbeleid\":%s", describe (doc));
  ck_assert_ptr_nonnull (strstr (block_at (doc, 1)->text, "defensie-industrie"));
  ck_assert_ptr_nonnull (strstr (block_at (doc, 1)->text, "thema’s"));

  /* The body is in the blocks now; the furniture stays on the page. */
  ck_assert_uint_eq (doc->pages->len, 1);
  for (guint i = 0; i < ((FolioPage *) g_ptr_array_index (doc->pages, 0))->lines->len; i++)
    {
      FolioLine *l = g_ptr_array_index (((FolioPage *) g_ptr_array_index (doc->pages, 0))->lines, i);

      ck_assert_msg (l->role != FOLIO_ROLE_BODY, "body line left on the page: \"%s\"", folio_line_text (l));
    }
  ck_assert_uint_eq (folio_document_count_lines (doc), 2);
}
END_TEST

/* ------------------------------------------------------------- page breaks */

typedef struct {
  const char *name;
  const char *page1[4];
  const char *page2[4];
  guint blocks;
  const char *text;      /* the first block */
  guint last_page;       /* of the first block */
} BreakCase;

static const BreakCase breaks[] = {
  { "sentence runs on",
    { "Een alinea die over meerdere regels loopt en", "doorgaat tot op de", NULL },
    { "volgende zin die hier eindigt.", NULL },
    1, "Een alinea die over meerdere regels loopt en doorgaat tot op de volgende zin die hier eindigt.", 2 },
  { "sentence runs on past a blank margin",
    { "Een alinea die over meerdere regels loopt en", "doorgaat tot op de", "", NULL },
    { "volgende zin die hier eindigt.", NULL },
    1, "Een alinea die over meerdere regels loopt en doorgaat tot op de volgende zin die hier eindigt.", 2 },
  { "word broken over the page",
    { "Een alinea die over meerdere regels loopt en", "vraagt om meer informa-", "", NULL },
    { "", "tie over de zaak.", NULL },
    1, "Een alinea die over meerdere regels loopt en vraagt om meer informatie over de zaak.", 2 },
  { "sentence ends",
    { "Een alinea die over meerdere regels loopt en", "eindigt op deze pagina.", NULL },
    { "Een nieuwe alinea begint hier.", NULL },
    2, "Een alinea die over meerdere regels loopt en eindigt op deze pagina.", 1 },
  { "sentence runs on past blank lines on both pages",
    { "Een alinea die over meerdere regels loopt en", "doorgaat tot op de", "", NULL },
    { "", "volgende zin die hier eindigt.", NULL },
    1, "Een alinea die over meerdere regels loopt en doorgaat tot op de volgende zin die hier eindigt.", 2 },
  { "sentence runs on past a blank line on top of the next page",
    { "Een alinea die over meerdere regels loopt en", "doorgaat tot op de", NULL },
    { "", "volgende zin die hier eindigt.", NULL },
    1, "Een alinea die over meerdere regels loopt en doorgaat tot op de volgende zin die hier eindigt.", 2 },
  { "heading on top of the next page",
    { "Een alinea die over meerdere regels loopt en", "doorgaat tot op de", NULL },
    { "Ontwikkelingen", "", "Een nieuwe alinea begint hier.", NULL },
    3, "Een alinea die over meerdere regels loopt en doorgaat tot op de", 1 },
};

/* Loop index: the row, then text (even) or PDF (odd). */
START_TEST (test_page_break)
{
  const BreakCase *t = &breaks[_i / 2];
  gboolean pdf = _i % 2;
  FolioDocument *doc = new_doc (pdf ? FOLIO_MEDIA_PDF : FOLIO_MEDIA_TEXT);
  const char *const *pages[2] = { t->page1, t->page2 };
  const FolioBlock *b;

  for (guint p = 0; p < 2; p++)
    {
      FolioPage *page = add_page (doc);
      Pen pen = pen_on (page);

      if (!pdf)
        {
          add_text_lines (page, pages[p]);
          continue;
        }
      /* The body runs to the foot of page 1. */
      pen.y = p == 0 ? 700 : 72;
      for (guint i = 0; pages[p][i]; i++)
        {
          if (*pages[p][i] == '\0')
            pen_gap (&pen);
          else if (strcmp (pages[p][i], "Ontwikkelingen") == 0)
            pen_line (&pen, pages[p][i], 14, TRUE);
          else
            pen_line (&pen, pages[p][i], 10, FALSE);
        }
    }
  run_segment (doc, NULL);

  ck_assert_msg (doc->blocks->len == t->blocks, "%s (%s):%s", t->name, pdf ? "pdf" : "text", describe (doc));
  b = block_at (doc, 0);
  ck_assert_msg (b->type == FOLIO_BLOCK_PARAGRAPH && strcmp (b->text, t->text) == 0, "%s (%s):%s", t->name,
                 pdf ? "pdf" : "text", describe (doc));
  ck_assert_uint_eq (b->first_page, 1);
  ck_assert_uint_eq (b->last_page, t->last_page);
  if (pdf)
    ck_assert_uint_eq (folio_block_n_boxes (b), t->last_page == 2 ? 3 : 2);
  if (t->blocks == 3)
    {
      const FolioBlock *h = block_at (doc, 1);

      ck_assert_msg (h->type == FOLIO_BLOCK_HEADING, "%s", describe (doc));
      ck_assert_str_eq (h->text, "Ontwikkelingen");
      ck_assert_uint_eq (h->first_page, 2);
      ck_assert_uint_eq (block_at (doc, 2)->first_page, 2);
    }
  for (guint i = 0; i < doc->blocks->len; i++)
    ck_assert (!block_at (doc, i)->continues);
}
END_TEST

/* A paragraph open at the end of what was read runs on when there are more
 * pages; a closed one, or the last page of the document, does not. */
START_TEST (test_continues)
{
  static const struct {
    const char *last;
    guint page_count;
    gboolean continues;
  } rows[] = {
    { "en dan loopt de zin door naar de", 5, TRUE },
    { "en dan eindigt de zin hier.", 5, FALSE },
    { "en dan loopt de zin door naar de", 1, FALSE },
  };
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  const char *lines[] = { "Hier begint een alinea over het een", rows[_i].last, NULL };

  add_text_lines (add_page (doc), lines);
  doc->page_count = rows[_i].page_count;
  run_segment (doc, NULL);
  ck_assert_msg (doc->blocks->len == 1, "%s", describe (doc));
  ck_assert_msg (block_at (doc, 0)->continues == rows[_i].continues, "%s", describe (doc));
}
END_TEST

/* ---------------------------------------------------------------- headings */

typedef struct {
  const char *text;
  double size;
  gboolean bold;
  guint level;
  const char *number;
  const char *evidence;  /* one item it must contain */
} HeadingCase;

/* Set with space above and below among 10-point body text. */
static const HeadingCase pdf_headings[] = {
  { "2.3.1 Titel", 10, TRUE, 3, "2.3.1", "numbering" },
  { "2.3 Titel", 10, TRUE, 2, "2.3", "numbering" },
  { "3. Titel", 10, TRUE, 1, "3", "numbering" },
  { "Hoofdstuk 3 Titel", 14, FALSE, 1, "3", "numbering" },
  { "Artikel 5", 10, TRUE, 2, "5", "numbering" },
  { "Inleiding", 14, FALSE, 1, NULL, "font-size" },
  { "Inleiding", 10, TRUE, 1, NULL, "bold" },
  { "IV. Conclusies", 10, TRUE, 1, "IV", "numbering" },
  { "Art. 7 Slotbepaling", 10, TRUE, 2, "7", "numbering" },
  { "INLEIDING", 10, FALSE, 1, NULL, "capitals" },
  { "6.3.2 macOS", 13, TRUE, 3, "6.3.2", "numbering" }, /* a name written in lower case */
  { "5.2.4 Het vullen van de <object> elementen", 12, TRUE, 3, "5.2.4", "numbering" }, /* an element's name */
};

START_TEST (test_pdf_heading)
{
  const HeadingCase *t = &pdf_headings[_i];
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));
  const FolioBlock *h;

  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, t->text, t->size, t->bold);
  pen_gap (&pen);
  pen_body (&pen);
  run_segment (doc, NULL);

  ck_assert_msg (doc->blocks->len == 3 && count_type (doc, FOLIO_BLOCK_HEADING) == 1, "%s", describe (doc));
  h = expect_block (doc, FOLIO_BLOCK_HEADING, t->text);
  ck_assert_msg (h == block_at (doc, 1), "%s", describe (doc));
  ck_assert_uint_eq (h->level, t->level);
  ck_assert_pstr_eq (h->number, t->number);
  ck_assert_msg (h->evidence && strstr (h->evidence, t->evidence), "\"%s\": evidence %s, expected %s", t->text,
                 h->evidence ? h->evidence : "(null)", t->evidence);
  ck_assert_uint_eq (folio_block_n_boxes (h), 1);
}
END_TEST

/* Text input: a line between blank lines. */
static const HeadingCase text_headings[] = {
  { "Hoofdstuk 3", 0, FALSE, 1, "3", "numbering" },
  { "Bijlage A", 0, FALSE, 1, "A", "numbering" },
  { "Artikel 5", 0, FALSE, 2, "5", "numbering" },
  { "2.3.1 Titel", 0, FALSE, 3, "2.3.1", "numbering" },
  { "Ontwikkelingen", 0, FALSE, 1, NULL, "standalone" },
};

START_TEST (test_text_heading)
{
  const HeadingCase *t = &text_headings[_i];
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  const char *lines[] = { body[0], body[1], "", t->text, "", body[2], body[3], NULL };
  const FolioBlock *h;

  add_text_lines (add_page (doc), lines);
  run_segment (doc, NULL);

  ck_assert_msg (doc->blocks->len == 3 && count_type (doc, FOLIO_BLOCK_HEADING) == 1, "%s", describe (doc));
  h = expect_block (doc, FOLIO_BLOCK_HEADING, t->text);
  ck_assert_uint_eq (h->level, t->level);
  ck_assert_pstr_eq (h->number, t->number);
  ck_assert_msg (h->evidence && strstr (h->evidence, t->evidence), "\"%s\": evidence %s, expected %s", t->text,
                 h->evidence ? h->evidence : "(null)", t->evidence);
  ck_assert_uint_eq (folio_block_n_boxes (h), 0);
}
END_TEST

/* Two sizes of heading, unnumbered: the larger is level 1. */
START_TEST (test_size_ranks)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));
  const FolioBlock *h;

  pen_line (&pen, "Achtergrond", 16, FALSE);
  pen_gap (&pen);
  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "Aanpak", 13, FALSE);
  pen_gap (&pen);
  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "Uitvoering", 13, FALSE);
  pen_gap (&pen);
  pen_body (&pen);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 3 && doc->blocks->len == 6, "%s", describe (doc));
  h = expect_block (doc, FOLIO_BLOCK_HEADING, "Achtergrond");
  ck_assert_uint_eq (h->level, 1);
  ck_assert_ptr_nonnull (strstr (h->evidence, "font-size"));
  ck_assert_ptr_null (h->number);
  h = expect_block (doc, FOLIO_BLOCK_HEADING, "Aanpak");
  ck_assert_uint_eq (h->level, 2);
  ck_assert_ptr_nonnull (strstr (h->evidence, "font-size"));
  h = expect_block (doc, FOLIO_BLOCK_HEADING, "Uitvoering");
  ck_assert_uint_eq (h->level, 2);
}
END_TEST

typedef struct {
  const char *name;
  const char *text;
  gboolean bold;
} NotHeadingCase;

/* Set on its own among body text: a paragraph, not a heading. */
static const NotHeadingCase not_headings[] = {
  { "long bold sentence",
    "Dit is een lange zin in vette letters die als gewone tekst moet gelden omdat hij te lang is.", TRUE },
  { "long bold line",
    "Dit is een lange regel in vette letters die als gewone tekst moet gelden omdat hij veel te lang is", TRUE },
  { "short sentence", "Dit is kort.", TRUE },
  { "body-size line", "Werkwijze", FALSE },
  { "blank page notice", "This Page Intentionally Left Blank", TRUE },
  { "formula", "Da A, B ∈ M", TRUE },
  { "acronyms in a diagram", "NPS NNP MAC", TRUE },
  { "code ending in a hyphen", "BAD REF:-U-", TRUE },
  { "theorem word alone", "Bemerkung", TRUE },
  { "number, then running text", "11.5 points: she snarfed in one night", TRUE },
  { "equation", "Fall 3: a = 1", TRUE },
  { "syntax with placeholders", "CREATE PERMISSION <permission name>", TRUE },
  /* a reference run over lines (R's refman.pdf, p. 307), a citation */
  { "a part cited", "Appendix A, Classes and Methods of", FALSE },
  { "an article cited", "Artikel 5, eerste lid", FALSE },
};

START_TEST (test_not_heading)
{
  const NotHeadingCase *t = &not_headings[_i];
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));

  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, t->text, 10, t->bold);
  pen_gap (&pen);
  pen_body (&pen);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 0, "%s:%s", t->name, describe (doc));
  expect_block (doc, FOLIO_BLOCK_PARAGRAPH, t->text);
  ck_assert_uint_eq (doc->blocks->len, 3);
}
END_TEST

/* A numbered list is items, not sections, in text and in PDF. */
START_TEST (test_numbered_list)
{
  static const char *const items[] = { "1. Read the form.", "2. Sign here.", "3. Send it back" };
  gboolean pdf = _i;
  FolioDocument *doc = new_doc (pdf ? FOLIO_MEDIA_PDF : FOLIO_MEDIA_TEXT);
  FolioPage *page = add_page (doc);

  if (pdf)
    {
      Pen pen = pen_on (page);

      pen_line (&pen, "To apply, do the following:", 10, FALSE);
      for (guint i = 0; i < G_N_ELEMENTS (items); i++)
        pen_line (&pen, items[i], 10, FALSE);
    }
  else
    {
      const char *lines[] = { "To apply, do the following:", items[0], items[1], items[2], NULL };

      add_text_lines (page, lines);
    }
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 0, "%s", describe (doc));
  ck_assert_msg (doc->blocks->len == 4, "%s", describe (doc));
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      const FolioBlock *b = block_at (doc, i + 1);
      char marker[3] = { items[i][0], '.', '\0' };

      ck_assert_msg (b->type == FOLIO_BLOCK_LIST_ITEM, "%s", describe (doc));
      ck_assert_str_eq (b->marker, marker);
      ck_assert_str_eq (b->text, items[i] + 3);
    }
}
END_TEST

/* "1. Mutatiesoort ..." in italics inside chapter 5, set smaller than the
 * chapter heading: an enumeration, not chapter 1 again; "6. Conclusies"
 * set as the chapters are is chapter 6. */
START_TEST (test_stray_numbers)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));
  const FolioBlock *h;

  pen_line (&pen, "5. Kennisgevingberichten", 14, TRUE);
  pen_gap (&pen);
  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "5.1 Sturing van de verwerking", 11, TRUE);
  pen_gap (&pen);
  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "1. Mutatiesoort T en verwerkingssoort T", 10, FALSE)->italic = TRUE;
  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "2. Mutatiesoort W en verwerkingssoort W", 10, FALSE)->italic = TRUE;
  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "6. Conclusies", 14, TRUE);
  pen_gap (&pen);
  pen_body (&pen);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 3, "%s", describe (doc));
  h = expect_block (doc, FOLIO_BLOCK_HEADING, "6. Conclusies");
  ck_assert_uint_eq (h->level, 1);
  ck_assert_str_eq (h->number, "6");
  expect_block (doc, FOLIO_BLOCK_HEADING, "5.1 Sturing van de verwerking");
}
END_TEST

/* "6. Mutatiesoort W" in chapter 5 runs ahead of the chapters, set
 * smaller than they are; a later chapter numbered 6 in the chapters'
 * style shows it is an enumeration ("11." too), not chapter 6. */
START_TEST (test_stray_numbers_ahead)
{
  static const char *const items[] = { "6. Mutatiesoort W en verwerkingssoort E",
                                       "7. Mutatiesoort W en verwerkingssoort R",
                                       "11. Mutatiesoort C en verwerkingssoort S" };
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));

  pen_line (&pen, "5. Kennisgevingberichten", 14, TRUE);
  pen_gap (&pen);
  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "5.1 Sturing van de verwerking", 11, TRUE);
  pen_gap (&pen);
  pen_body (&pen);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      pen_gap (&pen);
      pen_line (&pen, items[i], 10, FALSE)->italic = TRUE;
      pen_body (&pen);
    }
  pen_gap (&pen);
  pen_line (&pen, "6. Vraag- en antwoordberichten", 14, TRUE);
  pen_gap (&pen);
  pen_body (&pen);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 3, "%s", describe (doc));
  ck_assert_uint_eq (expect_block (doc, FOLIO_BLOCK_HEADING, "6. Vraag- en antwoordberichten")->level, 1);
}
END_TEST

/* Lines of one style ending in a page number, three or more on a page
 * without a contents title ("KITCHEN 96"), are entries, not headings;
 * titles numbered alike are headings when each heads its paragraph. */
START_TEST (test_numbered_entries)
{
  static const char *const entries[] = { "LIVING ROOM 4", "KITCHEN 96", "BATHROOM 240" };
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));

  pen_body (&pen);
  pen_body (&pen); /* too few entries for a page of contents */
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      pen_gap (&pen);
      pen_line (&pen, entries[i], 12, TRUE);
    }
  pen = pen_on (add_page (doc));
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *title = g_strdup_printf ("History of Kirkwall: Chapter %u", i);

      pen_gap (&pen);
      pen_line (&pen, title, 12, TRUE);
      pen_body (&pen);
    }
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 3, "%s", describe (doc));
  expect_block (doc, FOLIO_BLOCK_HEADING, "History of Kirkwall: Chapter 2");
}
END_TEST

/* Gives @line a segment per pair of @cuts (start and end, character
 * offsets; -1 ends): what extract records where poppler joined cells set
 * apart by wide gaps. */
static void
cut_line (Pen *pen, const int *cuts)
{
  GPtrArray *lines = pen->page->lines;
  FolioLine *line = g_ptr_array_index (lines, lines->len - 1), *cut;
  g_autoptr (GArray) segments = g_array_new (FALSE, FALSE, sizeof (FolioSegment));

  for (guint k = 0; cuts[2 * k] >= 0; k++)
    {
      FolioSegment seg = { (guint) cuts[2 * k], (guint) cuts[2 * k + 1], { 0 } };
      FolioBBox box = folio_line_bbox (line);

      box.x0 += 100 * k;
      box.x1 = box.x0 + 60;
      folio_segment_set_bbox (&seg, box);
      g_array_append_val (segments, seg);
    }
  /* a line's segments are made with it (see FolioLine) */
  cut = folio_line_new_full (line->page, folio_line_text (line), -1, (const FolioSegment *) segments->data,
                             segments->len);
  cut->has_geometry = line->has_geometry;
  folio_line_set_bbox (cut, folio_line_bbox (line));
  cut->font = line->font;
  cut->size = line->size;
  cut->bold = line->bold;
  g_ptr_array_index (lines, lines->len - 1) = cut;
  folio_line_free (line);
}

/* A bold line poppler joined from a table's head cells ("Waarde" and
 * "Betekenis" far apart) is no heading; a section number set apart from
 * its title is. */
START_TEST (test_gapped_row)
{
  static const int row[] = { 0, 6, 7, 16, -1 }, numbered[] = { 0, 3, 4, 9, -1 };
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));

  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "Waarde Betekenis", 10, TRUE);
  cut_line (&pen, row);
  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "3.1 Scope", 10, TRUE);
  cut_line (&pen, numbered);
  pen_gap (&pen);
  pen_body (&pen);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 1, "%s", describe (doc));
  expect_block (doc, FOLIO_BLOCK_HEADING, "3.1 Scope");
}
END_TEST

/* Two lines in one style on one row: a title and the label set flush
 * right beside it ("Arboreal Fort", "Letters and Notes"), or over no
 * running text the head row of a table ("Scherm", "Omschrijving"); the
 * title is the heading, the label and the cells are not. */
START_TEST (test_row_beside)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));

  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "Arboreal Fort", 14, FALSE);
  pen_beside (&pen, "Letters and Notes", 14, FALSE, 400, 522);
  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "Scherm", 10, TRUE);
  pen_beside (&pen, "Omschrijving", 10, TRUE, 250, 310);
  pen_gap (&pen);
  pen_line (&pen, "CoronaMelder is gestopt", 10, FALSE);
  pen_gap (&pen);
  pen_line (&pen, "Status van de app", 10, FALSE);
  pen_gap (&pen);
  pen_body (&pen);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 1, "%s", describe (doc));
  expect_block (doc, FOLIO_BLOCK_HEADING, "Arboreal Fort");
}
END_TEST

/* On a contents page, an entry whose label stands apart from its title
 * and page number ("Appendix A", "Copying Information. . . 24" on the
 * same row) or runs on to a second line is not a heading. */
START_TEST (test_contents_entry_apart)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));
  FolioLine *appendix, *rest;

  pen_line (&pen, "Table of Contents", 14, TRUE);
  pen_gap (&pen);
  pen_line (&pen, "1 Introduction . . . . . . . . . . 1", 10, FALSE);
  pen_line (&pen, "2 Structure handling . . . . . . . 2", 10, FALSE);
  pen_line (&pen, "3 Utilities . . . . . . . . . . . . 5", 10, FALSE);
  pen_gap (&pen);
  appendix = pen_line (&pen, "Appendix A", 14, TRUE);
  pen_line (&pen, "A.1", 10, FALSE);
  /* poppler reads the number column first: the row's rest comes after */
  rest = pen_beside (&pen, "Copying Information. . . . . . 24", 14, TRUE, 190, 450);
  rest->box[1] = appendix->box[1];
  rest->box[3] = appendix->box[3];
  pen_gap (&pen);
  pen_line (&pen, "Appendix B Essential and useful other", 14, TRUE);
  pen_line (&pen, "programs under a Unix-alike . . . . 41", 14, TRUE);
  pen = pen_on (add_page (doc));
  pen_line (&pen, "1 Introduction", 14, TRUE);
  pen_body (&pen);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 2, "%s", describe (doc));
  expect_block (doc, FOLIO_BLOCK_HEADING, "Table of Contents");
  expect_block (doc, FOLIO_BLOCK_HEADING, "1 Introduction");
}
END_TEST

/* The same bold head over a paragraph in each part of a compendium
 * ("Genlock" in three codices) is a heading each time, though said three
 * times; the same words as a short label are not, however they are
 * written (texts are the same that are the same as titles compare). */
START_TEST (test_repeated_heads)
{
  static const char *const labels[] = { "Fout gevonden", "FOUT GEVONDEN", "Fout-gevonden" };
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);

  for (guint part = 0; part < 3; part++)
    {
      Pen pen = pen_on (add_page (doc));

      pen_body (&pen);
      pen_gap (&pen);
      pen_line (&pen, "Genlock", 10, TRUE);
      pen_body (&pen);
      pen_gap (&pen);
      pen_line (&pen, labels[part], 10, TRUE);
      pen_line (&pen, "Ja", 10, FALSE);
      pen_gap (&pen);
      pen_body (&pen);
    }
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 3, "%s", describe (doc));
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const FolioBlock *b = block_at (doc, i);

      if (b->type == FOLIO_BLOCK_HEADING)
        ck_assert_str_eq (b->text, "Genlock");
    }
}
END_TEST

/* A contents page under its title: its entries are not headings, though
 * few lines end in a page number. */
START_TEST (test_titled_contents)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));

  pen_line (&pen, "Contents", 14, TRUE);
  pen_gap (&pen);
  pen_line (&pen, "1. Introduction 2", 10, TRUE);
  pen_line (&pen, "2. The Buchert scheme 4", 10, TRUE);
  pen_line (&pen, "3. The Lemaitre-Tolman model 5", 10, TRUE);
  pen_gap (&pen);
  for (guint i = 0; i < 3; i++)
    pen_body (&pen);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 1, "%s", describe (doc));
  expect_block (doc, FOLIO_BLOCK_HEADING, "Contents");
}
END_TEST

/* A bookmark names a body-sized line a heading, at the bookmark's level. */
START_TEST (test_outline)
{
  gboolean no_outline = _i;
  FolioSegmentOptions opts = FOLIO_SEGMENT_OPTIONS_INIT;
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));
  const FolioBlock *h;

  g_ptr_array_add (doc->outline, folio_outline_entry_new ("Werkwijze", 2, 1));
  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "Werkwijze", 10, FALSE);
  pen_body (&pen);
  opts.no_outline = no_outline;
  run_segment (doc, &opts);

  if (no_outline)
    {
      ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 0, "%s", describe (doc));
      ck_assert_ptr_null (find_block (doc, "Werkwijze"));
      return;
    }
  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 1 && doc->blocks->len == 3, "%s", describe (doc));
  h = expect_block (doc, FOLIO_BLOCK_HEADING, "Werkwijze");
  ck_assert_uint_eq (h->level, 2);
  ck_assert_msg (h->evidence && strstr (h->evidence, "outline"), "evidence %s", h->evidence);
  ck_assert (h == block_at (doc, 1));
}
END_TEST

/* A page of body text with the bookmarked @name set apart in @name_font,
 * @beside on its row from @x0 to @x1 in @font (NULL: the name's), italic
 * or not, and, unless NULL, @under on the next row at @beside's left in
 * its type; segmented.  Its second block, which should be the heading. */
static const FolioBlock *
bookmarked_row (FolioDocument *doc, const char *name, const char *name_font, const char *beside,
                const char *font, gboolean italic, double x0, double x1, const char *under)
{
  Pen pen = pen_on (add_page (doc));
  FolioLine *line, *title;

  g_ptr_array_add (doc->outline, folio_outline_entry_new (name, 2, 1));
  pen_body (&pen);
  pen_gap (&pen);
  line = pen_line (&pen, name, 10, FALSE);
  line->font = g_intern_string (name_font);
  title = pen_beside (&pen, beside, 10, FALSE, x0, x1);
  title->font = font ? g_intern_string (font) : line->font;
  title->italic = italic;
  if (under != NULL)
    {
      FolioLine *rest = pen_line (&pen, under, 10, FALSE);
      FolioBBox box = folio_line_bbox (rest);

      box.x0 = x0;
      box.x1 = x0 + 5 * strlen (under);
      folio_line_set_bbox (rest, box);
      rest->font = title->font;
      rest->italic = italic;
    }
  pen_gap (&pen);
  pen_body (&pen);
  run_segment (doc, NULL);
  return block_at (doc, 1);
}

/* A bookmark that names what starts a row, the row going on with its
 * title in another type (R's refman.pdf: "body", in a fixed-width font,
 * then "Access to and Manipulation of the Body of a Function" in italic):
 * one heading, also when the title is one sentence with its full stop or
 * question mark, or starts small; or in the same type, near the name.  A
 * label set beside a title in the title's own type far right (a
 * compendium's "Notes") stays out of it, and so do a page number, two
 * sentences and a lead-in to what follows. */
START_TEST (test_outline_title_beside)
{
  static const struct {
    const char *name, *beside, *font;
    gboolean italic, joined;
    double x0; /* where the title beside starts; 0 for 300 */
  } cases[] = {
    { "body", "Access to and Manipulation of the Body of a Function", "NimbusRomNo9L-ReguItal", TRUE, TRUE },
    { "Letter to Rendon Howe", "Notes", "Helvetica", FALSE, FALSE },
    { "Optimized Table Tokenization", "9", "Helvetica-Oblique", TRUE, FALSE },
    /* in a type of its own, one sentence: a full stop, a question, a
     * small letter first, an ellipsis, dots first */
    { "arrow", "Describe arrows to add to a line.", "NimbusRomNo9L-ReguItal", TRUE, TRUE },
    { "which.min", "Where is the Min() or Max() or first TRUE or FALSE ?", "NimbusRomNo9L-ReguItal", TRUE, TRUE },
    { "quartz", "macOS Quartz Device", "NimbusRomNo9L-ReguItal", TRUE, TRUE },
    { "dotsMethods", "The Use of ... in Method Signatures", "NimbusRomNo9L-ReguItal", TRUE, TRUE },
    { "dots", ". . . , ..1, etc used in Functions", "NimbusRomNo9L-ReguItal", TRUE, TRUE },
    /* two sentences are running text; a colon leads into what follows */
    { "init", "Starts the engine. Then it waits.", "NimbusRomNo9L-ReguItal", TRUE, FALSE },
    { "Options", "These are the choices:", "NimbusRomNo9L-ReguItal", TRUE, FALSE },
    /* in the same type (poppler names one font for both), near the name:
     * a title; far right it is a label (as "Notes" above) */
    { "unname", "Remove names or dimnames", NULL, FALSE, TRUE, 160 },
    { "unname", "Remove names or dimnames", NULL, FALSE, FALSE, 400 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
      g_autofree char *both = g_strdup_printf ("%s %s", cases[i].name, cases[i].beside);
      double x0 = cases[i].x0 > 0 ? cases[i].x0 : 300;
      const FolioBlock *h = bookmarked_row (doc, cases[i].name, i == 0 ? "Inconsolata" : "Helvetica",
                                            cases[i].beside, cases[i].font, cases[i].italic, x0,
                                            x0 + 5 * strlen (cases[i].beside), NULL);

      ck_assert_msg (h->type == FOLIO_BLOCK_HEADING, "%s: %s", cases[i].name, describe (doc));
      ck_assert_str_eq (h->text, cases[i].joined ? both : cases[i].name);
      ck_assert_pstr_eq (h->evidence, "outline");
      ck_assert_uint_eq (count_type (doc, FOLIO_BLOCK_HEADING), 1);
    }
}
END_TEST

/* A bookmark's text standing twice on its page (a help page's name as a
 * line of the examples of the one before, then as its own name, set
 * apart, with its title beside it): the second is the heading. */
START_TEST (test_outline_set_apart)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));
  FolioLine *name, *title;
  const FolioBlock *h;

  g_ptr_array_add (doc->outline, folio_outline_entry_new ("attributes", 2, 1));
  pen_body (&pen);
  pen_line (&pen, "x <- cbind(a = 1:3, pi = pi)", 10, FALSE);
  pen_line (&pen, "attributes", 10, FALSE);
  pen_line (&pen, "y <- x + 1", 10, FALSE);
  pen_gap (&pen);
  name = pen_line (&pen, "attributes", 10, FALSE);
  name->font = g_intern_static_string ("Inconsolata");
  title = pen_beside (&pen, "Object Attribute Lists", 10, FALSE, 160, 270);
  title->font = g_intern_static_string ("NimbusRomNo9L-ReguItal");
  title->italic = TRUE;
  pen_gap (&pen);
  pen_body (&pen);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 1, "%s", describe (doc));
  h = expect_block (doc, FOLIO_BLOCK_HEADING, "attributes Object Attribute Lists");
  ck_assert_pstr_eq (h->evidence, "outline");
  ck_assert_uint_eq (h->first_page, 1);
}
END_TEST

/* A title beside a bookmarked name that fills its row to the right edge
 * goes on under itself (refman's "funprog", then "Common Higher-Order
 * Functions in Functional Programming Lan-" over "guages"): one heading,
 * the word made whole.  A title short of the edge does not go on. */
START_TEST (test_outline_title_wraps)
{
  static const char *const title = "Common Higher-Order Functions in Functional Programming Lan-";

  for (int full = 0; full <= 1; full++)
    {
      FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
      const FolioBlock *h = bookmarked_row (doc, "funprog", "Inconsolata", title, "NimbusRomNo9L-ReguItal",
                                            TRUE, 160, full ? 520 : 420, "guages");

      ck_assert_msg (h->type == FOLIO_BLOCK_HEADING, "%s", describe (doc));
      if (full)
        ck_assert_str_eq (h->text, "funprog Common Higher-Order Functions in Functional Programming Languages");
      else
        ck_assert_str_eq (h->text, "funprog Common Higher-Order Functions in Functional Programming Lan-");
      ck_assert_uint_eq (count_type (doc, FOLIO_BLOCK_HEADING), 1);
    }
}
END_TEST

/* A bookmark whose title the page sets over two lines: one heading. */
START_TEST (test_outline_two_lines)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));
  const FolioBlock *h;

  g_ptr_array_add (doc->outline, folio_outline_entry_new ("Samenwerking met de Europese Unie", 1, 1));
  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "Samenwerking met de", 10, FALSE);
  pen_line (&pen, "Europese Unie", 10, FALSE);
  pen_gap (&pen);
  pen_body (&pen);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 1 && doc->blocks->len == 3, "%s", describe (doc));
  h = expect_block (doc, FOLIO_BLOCK_HEADING, "Samenwerking met de Europese Unie");
  ck_assert_uint_eq (h->level, 1);
  ck_assert_pstr_eq (h->evidence, "outline");
  ck_assert_uint_eq (folio_block_n_boxes (h), 2);
}
END_TEST

/* "Chapter 1" on a line of its own over its title is one heading,
 * whether the title is bookmarked (R's refman.pdf) or set large
 * ("Bĳlage A" over "Key IDs", the ij as one letter); a part cited, set in
 * a type of its own, is a heading too. */
START_TEST (test_keyword_and_title)
{
  static const struct {
    const char *first, *second, *joined, *number, *evidence;
    double size;
    gboolean bold, bookmarked;
  } cases[] = {
    { "Chapter 1", "The base package", "Chapter 1 The base package", "1", "outline", 20, FALSE, TRUE },
    { "B\xc4\xb3lage A", "Key IDs", "B\xc4\xb3lage A Key IDs", "A", "font-size", 16, FALSE, FALSE },
    { "Part I, General Provisions", NULL, "Part I, General Provisions", "I", "bold", 10, TRUE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
      Pen pen = pen_on (add_page (doc));
      const FolioBlock *h;

      if (cases[i].bookmarked)
        g_ptr_array_add (doc->outline, folio_outline_entry_new (cases[i].second, 1, 1));
      pen_body (&pen);
      pen_gap (&pen);
      pen_line (&pen, cases[i].first, cases[i].size, cases[i].bold);
      if (cases[i].second)
        {
          pen_gap (&pen);
          pen_line (&pen, cases[i].second, cases[i].size, cases[i].bold);
        }
      pen_gap (&pen);
      pen_body (&pen);
      run_segment (doc, NULL);

      ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 1 && doc->blocks->len == 3, "%s: %s",
                     cases[i].joined, describe (doc));
      h = expect_block (doc, FOLIO_BLOCK_HEADING, cases[i].joined);
      ck_assert_uint_eq (h->level, 1);
      ck_assert_pstr_eq (h->number, cases[i].number);
      ck_assert_msg (h->evidence && strstr (h->evidence, "numbering") && strstr (h->evidence, cases[i].evidence),
                     "%s: evidence %s", cases[i].joined, h->evidence);
      ck_assert_uint_eq (folio_block_n_boxes (h), cases[i].second ? 2 : 1);
    }
}
END_TEST

/* A heading set over two lines in the same type is one heading. */
START_TEST (test_two_line_heading)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));
  const FolioBlock *h;

  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "3.2 Samenwerking met de", 12, TRUE);
  pen_line (&pen, "Europese Unie", 12, TRUE);
  pen_gap (&pen);
  pen_body (&pen);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 1 && doc->blocks->len == 3, "%s", describe (doc));
  h = expect_block (doc, FOLIO_BLOCK_HEADING, "3.2 Samenwerking met de Europese Unie");
  ck_assert_uint_eq (h->level, 2);
  ck_assert_pstr_eq (h->number, "3.2");
  ck_assert_uint_eq (folio_block_n_boxes (h), 2);
}
END_TEST

/* A title in display type over two lines with wide leading is one
 * heading when its first line cannot end a title ("... in die"); two
 * such lines that can are two headings. */
START_TEST (test_two_line_title_leading)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));

  pen_line (&pen, "Einführung in die", 14, TRUE);
  pen.y += 8; /* leading wider than a gap */
  pen_line (&pen, "Geometrie und Topologie", 14, TRUE);
  pen_gap (&pen);
  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "Vorwort", 14, TRUE);
  pen.y += 8;
  pen_line (&pen, "Danksagungen", 14, TRUE);
  pen_gap (&pen);
  pen_body (&pen);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 3, "%s", describe (doc));
  expect_block (doc, FOLIO_BLOCK_HEADING, "Einführung in die Geometrie und Topologie");
  expect_block (doc, FOLIO_BLOCK_HEADING, "Danksagungen");
}
END_TEST

/* The second line of a bold heading may start in lower case; body text
 * right under a heading in another style is not its second line. */
START_TEST (test_two_line_heading_lowercase)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));

  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "Redactionele bijlage bij het advies van de Afdeling advisering van", 12, TRUE);
  pen_line (&pen, "de Raad van State betreffende no. W13.20.0254/III", 12, TRUE);
  pen_gap (&pen);
  pen_body (&pen);
  pen_gap (&pen);
  pen_line (&pen, "Werkwijze", 12, TRUE);
  pen_line (&pen, "de werkgroep komt bijeen", 10, FALSE);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_HEADING) == 2, "%s", describe (doc));
  expect_block (doc, FOLIO_BLOCK_HEADING,
                "Redactionele bijlage bij het advies van de Afdeling advisering van de Raad van State betreffende no. "
                "W13.20.0254/III");
  expect_block (doc, FOLIO_BLOCK_HEADING, "Werkwijze");
}
END_TEST

/* PDF paragraphs: a gap, or a short last line ending a sentence, ends one;
 * a column that ends mid-sentence goes on at the top of the next. */
START_TEST (test_pdf_paragraphs)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  FolioPage *page = add_page (doc);
  Pen pen = pen_on (page);
  FolioLine *l;

  pen_line (&pen, body[0], 10, FALSE);
  pen_line (&pen, "en dit is de laatste regel.", 10, FALSE);
  pen_line (&pen, body[0], 10, FALSE);
  pen_line (&pen, "en deze alinea loopt door naar de", 10, FALSE);
  /* The second column, back at the top. */
  pen.y = 72;
  l = pen_line (&pen, "volgende kolom waar hij eindigt.", 10, FALSE);
  l->box[0] += 250 * 100;
  l->box[2] += 250 * 100;
  run_segment (doc, NULL);

  ck_assert_msg (doc->blocks->len == 2, "%s", describe (doc));
  ck_assert_str_eq (block_at (doc, 0)->text,
                    "De werkgroep komt elk jaar in het voorjaar bijeen om de procedures van de deelnemende landen "
                    "en dit is de laatste regel.");
  ck_assert_str_eq (block_at (doc, 1)->text,
                    "De werkgroep komt elk jaar in het voorjaar bijeen om de procedures van de deelnemende landen "
                    "en deze alinea loopt door naar de volgende kolom waar hij eindigt.");
  ck_assert_uint_eq (folio_block_n_boxes (block_at (doc, 1)), 3);
}
END_TEST

/* -------------------------------------------------------------- list items */

static const struct {
  const char *line;
  const char *marker;
  const char *text;
} list_items[] = {
  { "• eerste", "•", "eerste" },
  { "- tweede", "-", "tweede" },
  { "1) derde", "1)", "derde" },
  { "a. vierde", "a.", "vierde" },
  { "(b) vijfde", "(b)", "vijfde" },
  { "– zesde", "–", "zesde" },
  { "\xef\x83\xbc zevende", "\xef\x83\xbc", "zevende" }, /* U+F0FC: a Wingdings check mark */
  { "✓ achtste", "✓", "achtste" },
};

/* Loop index: text (0) or PDF (1). */
START_TEST (test_list_items)
{
  gboolean pdf = _i;
  FolioDocument *doc = new_doc (pdf ? FOLIO_MEDIA_PDF : FOLIO_MEDIA_TEXT);
  FolioPage *page = add_page (doc);
  Pen pen = pen_on (page);

  if (pdf)
    pen_line (&pen, "De punten zijn als volgt:", 10, FALSE);
  else
    g_ptr_array_add (page->lines, folio_line_new (1, "De punten zijn als volgt:"));
  for (guint i = 0; i < G_N_ELEMENTS (list_items); i++)
    if (pdf)
      pen_line (&pen, list_items[i].line, 10, FALSE);
    else
      g_ptr_array_add (page->lines, folio_line_new (1, list_items[i].line));
  run_segment (doc, NULL);

  ck_assert_msg (doc->blocks->len == 1 + G_N_ELEMENTS (list_items), "%s", describe (doc));
  expect_block (doc, FOLIO_BLOCK_PARAGRAPH, "De punten zijn als volgt:");
  for (guint i = 0; i < G_N_ELEMENTS (list_items); i++)
    {
      const FolioBlock *b = block_at (doc, i + 1);

      ck_assert_msg (b->type == FOLIO_BLOCK_LIST_ITEM, "\"%s\":%s", list_items[i].line, describe (doc));
      ck_assert_pstr_eq (b->marker, list_items[i].marker);
      ck_assert_str_eq (b->text, list_items[i].text);
    }
}
END_TEST

/* A wrapped item goes on in its indented lines (text input). */
START_TEST (test_list_item_wrapped)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  const char *lines[] = { "• een punt dat over", "  twee regels loopt", "• nog een punt", "Daarna gewone tekst.", NULL };

  add_text_lines (add_page (doc), lines);
  run_segment (doc, NULL);

  ck_assert_msg (doc->blocks->len == 3, "%s", describe (doc));
  expect_block (doc, FOLIO_BLOCK_LIST_ITEM, "een punt dat over twee regels loopt");
  expect_block (doc, FOLIO_BLOCK_LIST_ITEM, "nog een punt");
  expect_block (doc, FOLIO_BLOCK_PARAGRAPH, "Daarna gewone tekst.");
}
END_TEST

/* ----------------------------------------------------------------- errors */

START_TEST (test_not_stripped)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  const char *lines[] = { "Een regel tekst.", NULL };

  add_text_lines (add_page (doc), lines);
  folio_document_add_stage (doc, "extract");
  ck_assert (!folio_segment_run (doc, NULL, &error));
  ck_assert_msg (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM), "%s", error_message ());
  ck_assert_msg (strstr (error->message, "run folio-strip before folio-segment") != NULL, "%s", error->message);
  ck_assert_msg (g_str_has_prefix (error->message, "memory.txt: "), "%s", error->message);
  /* Nothing touched. */
  ck_assert_uint_eq (doc->blocks->len, 0);
  ck_assert_uint_eq (folio_document_count_lines (doc), 1);
  ck_assert (!folio_document_has_stage (doc, "segment"));
}
END_TEST

START_TEST (test_segment_twice)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  const char *lines[] = { "Een regel tekst.", NULL };
  char *before;

  add_text_lines (add_page (doc), lines);
  run_segment (doc, NULL);
  ck_assert_uint_eq (doc->blocks->len, 1);
  before = track (g_strdup (describe (doc)), g_free);
  ck_assert (!folio_segment_run (doc, NULL, &error));
  ck_assert_msg (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM), "%s", error_message ());
  ck_assert_msg (strstr (error->message, "already segmented") != NULL, "%s", error->message);
  ck_assert_str_eq (describe (doc), before);
}
END_TEST

/* Nothing in the body: no blocks, no error. */
START_TEST (test_empty)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  const char *lines[] = { "", "   ", "", NULL };

  add_text_lines (add_page (doc), lines);
  add_page (doc);
  run_segment (doc, NULL);
  ck_assert_uint_eq (doc->blocks->len, 0);
  ck_assert_uint_eq (folio_document_count_lines (doc), 0);
}
END_TEST

/* Furniture is left on its page, in the body nothing is. */
START_TEST (test_furniture_stays)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  const char *lines[] = { "Kop van de pagina", "Een regel tekst.", "Pagina 1 van 3", NULL };
  FolioPage *page = add_page (doc);
  FolioLine *head, *foot;

  add_text_lines (page, lines);
  head = g_ptr_array_index (page->lines, 0);
  foot = g_ptr_array_index (page->lines, 2);
  head->role = FOLIO_ROLE_HEADER;
  foot->role = FOLIO_ROLE_PAGE_NUMBER;
  folio_line_mark (foot)->number = g_strdup ("1");
  folio_line_mark (foot)->total = g_strdup ("3");
  run_segment (doc, NULL);

  ck_assert_msg (doc->blocks->len == 1, "%s", describe (doc));
  ck_assert_str_eq (block_at (doc, 0)->text, "Een regel tekst.");
  ck_assert_uint_eq (page->lines->len, 2);
  ck_assert_ptr_eq (g_ptr_array_index (page->lines, 0), head);
  ck_assert_ptr_eq (g_ptr_array_index (page->lines, 1), foot);
}
END_TEST

/* ------------------------------------------------------------------ suite */

static TCase *
new_tcase (const char *name)
{
  TCase *tc = tcase_create (name);

  tcase_add_checked_fixture (tc, setup, teardown);
  return tc;
}

/* ---------------------------------------------- footnotes, tables, fields */

/* A PDF page whose paragraph runs on to the next page, with a footnote in
 * small type at its foot: the paragraph stays one, the footnote is a block
 * of its own after it, with its marker. */
START_TEST (test_pdf_footnote)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));
  const FolioBlock *note, *para;

  pen.y = 600;
  pen_line (&pen, "De werkgroep komt elk jaar bijeen om de procedures3 van de deelnemende", 10, FALSE);
  pen_line (&pen, "landen op het gebied van industrieveiligheid af te stemmen en", 10, FALSE);
  pen.y = 740;
  pen_line (&pen, "3 Zie het verslag van de werkgroep over", 8, FALSE);
  pen_line (&pen, "het jaar 2014.", 8, FALSE);
  pen = pen_on (add_page (doc));
  pen_line (&pen, "zo verder, waarbij ook de kleinere werkgroepen aan bod komen.", 10, FALSE);
  run_segment (doc, NULL);

  ck_assert_msg (doc->blocks->len == 2, "%s", describe (doc));
  para = block_at (doc, 0);
  ck_assert_msg (para->type == FOLIO_BLOCK_PARAGRAPH && para->first_page == 1 && para->last_page == 2,
                 "%s", describe (doc));
  ck_assert_ptr_nonnull (strstr (para->text, "af te stemmen en zo verder"));
  note = expect_block (doc, FOLIO_BLOCK_FOOTNOTE, "Zie het verslag van de werkgroep over het jaar 2014.");
  ck_assert_str_eq (note->marker, "3");
  ck_assert_uint_eq (folio_block_n_boxes (note), 2);
}
END_TEST

/* Small type at a page's foot that no marker in the body points to is not
 * a footnote. */
START_TEST (test_pdf_no_footnote)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));

  pen_body (&pen);
  pen.y = 740;
  pen_line (&pen, "3 exemplaren zijn verzonden aan de leden.", 8, FALSE);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_FOOTNOTE) == 0, "%s", describe (doc));
}
END_TEST

/* Text input: the notes under a rule of underscores at the page's foot. */
START_TEST (test_text_footnote)
{
  static const char *const page1[] = {
    "De MIVD werkt samen met het EU Satellietcentrum* en met het",
    "", "", "__________", "* Gevestigd in Torrejón de Ardoz.", NULL,
  };
  static const char *const page2[] = { "EU Defensieagentschap.", NULL };
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  const FolioBlock *note;

  add_text_lines (add_page (doc), page1);
  add_text_lines (add_page (doc), page2);
  run_segment (doc, NULL);

  ck_assert_msg (doc->blocks->len == 2, "%s", describe (doc));
  expect_block (doc, FOLIO_BLOCK_PARAGRAPH,
                "De MIVD werkt samen met het EU Satellietcentrum* en met het EU Defensieagentschap.");
  note = expect_block (doc, FOLIO_BLOCK_FOOTNOTE, "Gevestigd in Torrejón de Ardoz.");
  ck_assert_str_eq (note->marker, "*");
}
END_TEST

/* "Label: value" records whose labels repeat: fields blocks, a wrapped
 * value joined; a one-off "Let op: ..." stays a paragraph. */
START_TEST (test_fields)
{
  static const char *const lines[] = {
    "Handeling: Het vaststellen van het beleid",
    "inzake de beveiliging.",
    "Periode: 1945-",
    "Waardering: V 10 jaar",
    "",
    "Handeling: Het adviseren over",
    "Periode: 1945-",
    "Waardering: B (5)",
    "",
    "Handeling: Het verzamelen van gegevens",
    "Periode: 2002-",
    "Waardering: V 5 jaar",
    "",
    "Let op: de termijnen gaan in na afsluiting.",
    NULL,
  };
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  const FolioBlock *f;
  const FolioField *field;

  add_text_lines (add_page (doc), lines);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_FIELDS) == 3 && doc->blocks->len == 4, "%s", describe (doc));
  f = block_at (doc, 0);
  ck_assert_uint_eq (f->fields->len, 3);
  field = g_ptr_array_index (f->fields, 0);
  ck_assert_str_eq (field->name, "Handeling");
  ck_assert_str_eq (field->value, "Het vaststellen van het beleid inzake de beveiliging.");
  field = g_ptr_array_index (f->fields, 2);
  ck_assert_str_eq (field->name, "Waardering");
  ck_assert_str_eq (field->value, "V 10 jaar");
  expect_block (doc, FOLIO_BLOCK_PARAGRAPH, "Let op: de termijnen gaan in na afsluiting.");
}
END_TEST

/* A caption is a label and a title, not a sentence about the figure. */
START_TEST (test_captions)
{
  static const char *const lines[] = {
    "Figuur 3: Aantal meldingen per week", "",
    "Figuur 3 laat zien dat het aantal meldingen stijgt.", "",
    "Tabel 2.1 Voorbeeld van materiële historie", "",
    "Example 3-9 Creating a mask on the TAX_ID column", "",
    "[표 1] 감염병예방법 제2조제2호 개정전·후 비교", "",
    "Example 3 shows that the mask applies.", NULL,
  };
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  const FolioBlock *c;

  add_text_lines (add_page (doc), lines);
  run_segment (doc, NULL);

  c = expect_block (doc, FOLIO_BLOCK_CAPTION, "Figuur 3: Aantal meldingen per week");
  ck_assert_str_eq (c->marker, "Figuur 3");
  expect_block (doc, FOLIO_BLOCK_PARAGRAPH, "Figuur 3 laat zien dat het aantal meldingen stijgt.");
  c = expect_block (doc, FOLIO_BLOCK_CAPTION, "Tabel 2.1 Voorbeeld van materiële historie");
  ck_assert_str_eq (c->marker, "Tabel 2.1");
  c = expect_block (doc, FOLIO_BLOCK_CAPTION, "Example 3-9 Creating a mask on the TAX_ID column");
  ck_assert_str_eq (c->marker, "Example 3-9");
  c = expect_block (doc, FOLIO_BLOCK_CAPTION, "[표 1] 감염병예방법 제2조제2호 개정전·후 비교");
  ck_assert_str_eq (c->marker, "[표 1]");
  expect_block (doc, FOLIO_BLOCK_PARAGRAPH, "Example 3 shows that the mask applies.");
}
END_TEST

/* Cells side by side on a baseline, three columns over four rows: a table,
 * its bold first row the head; a cell wrapped onto a second line stays one
 * cell.  Continued on the next page with the head repeated: one table. */
static void
table_row (Pen *pen, const char *const *cells, gboolean bold)
{
  static const double x[] = { 72, 200, 330 };

  for (guint c = 0; c < 3; c++)
    {
      FolioLine *line;

      if (*cells[c] == '\0')
        continue;
      line = pen_line (pen, cells[c], 10, bold);
      pen->y -= 14; /* the cells share the row's baseline */
      line->box[2] += folio_hundredths (x[c]) - line->box[0];
      line->box[0] = folio_hundredths (x[c]);
    }
  pen->y += 14;
}

START_TEST (test_table)
{
  static const char *const head[] = { "Naam", "Type", "Verplicht" };
  static const char *const rows[][3] = {
    { "sleutelVerzendend", "String", "Optioneel" },
    { "sleutelOntvangend", "String", "Verplicht in kennisgevingen" },
    { "", "", "en antwoorden" },
    { "sleutelGegevensbeheer", "String", "Optioneel" },
  };
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));
  const FolioBlock *t = NULL;
  char **r;

  pen_body (&pen);
  pen_gap (&pen);
  table_row (&pen, head, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    table_row (&pen, rows[i], FALSE);
  pen = pen_on (add_page (doc));
  table_row (&pen, head, TRUE);
  table_row (&pen, rows[0], FALSE);
  table_row (&pen, rows[3], FALSE);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_TABLE) == 1, "%s", describe (doc));
  for (guint i = 0; i < doc->blocks->len; i++)
    if ((t = block_at (doc, i))->type == FOLIO_BLOCK_TABLE)
      break;
  ck_assert_uint_eq (t->header_rows, 1);
  ck_assert_uint_eq (t->first_page, 1);
  ck_assert_uint_eq (t->last_page, 2);
  ck_assert_msg (t->rows->len == 6, "%u rows: %s", t->rows->len, t->text);
  r = g_ptr_array_index (t->rows, 0);
  ck_assert_str_eq (r[0], "Naam");
  ck_assert_str_eq (r[2], "Verplicht");
  r = g_ptr_array_index (t->rows, 2);
  ck_assert_str_eq (r[0], "sleutelOntvangend");
  ck_assert_str_eq (r[2], "Verplicht in kennisgevingen en antwoorden");
  r = g_ptr_array_index (t->rows, 4);
  ck_assert_str_eq (r[0], "sleutelVerzendend");
  ck_assert_ptr_null (strstr (strstr (t->text, "Verplicht") + 1, "Naam"));
  ck_assert_uint_eq (count_type (doc, FOLIO_BLOCK_HEADING), 0);
}
END_TEST

/* Text input: columns set apart by wide gaps over three rows or more, a
 * rule under the head row, a wrapped cell: a table. */
START_TEST (test_text_table)
{
  static const char *const lines[] = {
    "De bewaartermijnen:", "",
    "   Handeling      Periode    Waardering",
    "   ----------     -------    ----------",
    "   Vaststellen    1945-      V 10 jaar",
    "   Adviseren      1945-      B (5)",
    "                             na afsluiting",
    "   Verzamelen     2002-      V 5 jaar",
    "", NULL,
  };
  /* a stray border line ends a table without a cell in it */
  static const char *const bordered[] = {
    "   a  |  b  |  c", "   d  |  e  |  f", "   g  |  h  |  i", "|", "", NULL,
  };
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  const FolioBlock *t = NULL;
  char **r;

  add_text_lines (add_page (doc), lines);
  run_segment (doc, NULL);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_TABLE) == 1 && doc->blocks->len == 2, "%s", describe (doc));
  t = block_at (doc, 1);
  ck_assert_uint_eq (t->rows->len, 4);
  ck_assert_uint_eq (t->header_rows, 1);
  r = g_ptr_array_index (t->rows, 0);
  ck_assert_str_eq (r[0], "Handeling");
  ck_assert_str_eq (r[2], "Waardering");
  r = g_ptr_array_index (t->rows, 2);
  ck_assert_str_eq (r[0], "Adviseren");
  ck_assert_str_eq (r[2], "B (5) na afsluiting");

  doc = new_doc (FOLIO_MEDIA_TEXT);
  add_text_lines (add_page (doc), bordered);
  run_segment (doc, NULL);
  ck_assert_msg (count_type (doc, FOLIO_BLOCK_TABLE) == 1, "%s", describe (doc));
  r = g_ptr_array_index (block_at (doc, 0)->rows, 2);
  ck_assert_str_eq (r[1], "h");
  ck_assert_uint_eq (g_strv_length (r), 3);
}
END_TEST

/* Text input: a table cut by a page break, the blank lines of the
 * margins between, goes on at the next page's head where its columns do;
 * a paragraph there ends it. */
START_TEST (test_text_table_over_pages)
{
  static const char *const foot[] = {
    "De bewaartermijnen:", "",
    "   Handeling      Periode    Waardering",
    "   Vaststellen    1945-      V 10 jaar",
    "   Adviseren      1945-      B (5)",
    "   Verzamelen     2002-      V 5 jaar", "", "", NULL,
  };
  static const char *const head[] = {
    "", "   Archiveren     2002-      V 7 jaar",
    "   Vernietigen    2010-      V 1 jaar", "",
    "Daarna volgt de toelichting op de termijnen.", NULL,
  };
  static const char *const prose[] = {
    "", "Daarna volgt de toelichting op de termijnen.", NULL,
  };
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  const FolioBlock *t;
  char **r;

  add_text_lines (add_page (doc), foot);
  add_text_lines (add_page (doc), head);
  run_segment (doc, NULL);
  ck_assert_msg (count_type (doc, FOLIO_BLOCK_TABLE) == 1, "%s", describe (doc));
  t = block_at (doc, 1);
  ck_assert_msg (t->type == FOLIO_BLOCK_TABLE && t->rows->len == 6, "%s", describe (doc));
  ck_assert_uint_eq (t->first_page, 1);
  ck_assert_uint_eq (t->last_page, 2);
  r = g_ptr_array_index (t->rows, 5);
  ck_assert_str_eq (r[0], "Vernietigen");
  ck_assert_str_eq (r[2], "V 1 jaar");
  ck_assert_int_eq (block_at (doc, 2)->type, FOLIO_BLOCK_PARAGRAPH);

  doc = new_doc (FOLIO_MEDIA_TEXT);
  add_text_lines (add_page (doc), foot);
  add_text_lines (add_page (doc), prose);
  run_segment (doc, NULL);
  t = block_at (doc, 1);
  ck_assert_msg (t->type == FOLIO_BLOCK_TABLE && t->rows->len == 4 && t->last_page == 1, "%s", describe (doc));
}
END_TEST

/* A table's head repeated at the top of the next page, under its rule as
 * on the first, is not a row again: the rows go on after it.  A table
 * without a head (no rule under its first row) keeps a first row met
 * again as a row. */
START_TEST (test_text_table_repeated_head)
{
  static const char *const first[] = {
    "   Handeling      Periode    Waardering",
    "   ----------     -------    ----------",
    "   Vaststellen    1945-      V 10 jaar",
    "   Adviseren      1945-      B (5)",
    "   Verzamelen     2002-      V 5 jaar", "", "", NULL,
  };
  static const char *const second[] = {
    "", "   Handeling      Periode    Waardering",
    "   ----------     -------    ----------",
    "   Archiveren     2002-      V 7 jaar",
    "   Vernietigen    2010-      V 1 jaar", "",
    "Daarna volgt de toelichting op de termijnen.", NULL,
  };
  static const char *const headless[] = {
    "   Vaststellen    1945-      V 10 jaar",
    "   Adviseren      1945-      B (5)",
    "   Verzamelen     2002-      V 5 jaar", "", "", NULL,
  };
  static const char *const again[] = {
    "", "   Vaststellen    1945-      V 10 jaar",
    "   Archiveren     2002-      V 7 jaar", "",
    "Daarna volgt de toelichting op de termijnen.", NULL,
  };
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  const FolioBlock *t;
  char **r;

  add_text_lines (add_page (doc), first);
  add_text_lines (add_page (doc), second);
  run_segment (doc, NULL);
  ck_assert_msg (count_type (doc, FOLIO_BLOCK_TABLE) == 1, "%s", describe (doc));
  t = block_at (doc, 0);
  ck_assert_msg (t->type == FOLIO_BLOCK_TABLE && t->rows->len == 6 && t->header_rows == 1,
                 "%s", describe (doc));
  ck_assert_uint_eq (t->last_page, 2);
  r = g_ptr_array_index (t->rows, 4);
  ck_assert_str_eq (r[0], "Archiveren");
  r = g_ptr_array_index (t->rows, 5);
  ck_assert_str_eq (r[2], "V 1 jaar");
  ck_assert_int_eq (block_at (doc, 1)->type, FOLIO_BLOCK_PARAGRAPH);

  /* no head: a first row seen again is a row */
  doc = new_doc (FOLIO_MEDIA_TEXT);
  add_text_lines (add_page (doc), headless);
  add_text_lines (add_page (doc), again);
  run_segment (doc, NULL);
  t = block_at (doc, 0);
  ck_assert_msg (t->type == FOLIO_BLOCK_TABLE && t->rows->len == 5 && t->header_rows == 0,
                 "%s", describe (doc));
  r = g_ptr_array_index (t->rows, 3);
  ck_assert_str_eq (r[0], "Vaststellen");
}
END_TEST

/* A lone "=" or "-" between wide gaps is a cell, not a border: a
 * grammar's rules (RFC 5724's ABNF) keep their "=", a table its "-". */
START_TEST (test_text_table_lone_signs)
{
  static const char *const grammar[] = {
    "   sms-uri               =  scheme \":\" sms-hier-part",
    "   scheme                =  \"sms\"",
    "   sms-hier-part         =  sms-recipient *( \",\" sms-recipient )",
    "   sms-recipient         =  telephone-subscriber", "", NULL,
  };
  static const char *const dashes[] = {
    "   Stuk           Bewaren    Vernietigen",
    "   Notulen        20 jaar    -",
    "   Agenda         -          5 jaar",
    "   Brieven        10 jaar    -", "", NULL,
  };
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  const FolioBlock *t;
  char **r;

  add_text_lines (add_page (doc), grammar);
  run_segment (doc, NULL);
  ck_assert_msg (count_type (doc, FOLIO_BLOCK_TABLE) == 1, "%s", describe (doc));
  t = block_at (doc, 0);
  ck_assert_msg (strstr (t->text, "sms-uri | = | scheme") != NULL, "%s", t->text);
  r = g_ptr_array_index (t->rows, 1);
  ck_assert_str_eq (r[0], "scheme");
  ck_assert_str_eq (r[1], "=");
  ck_assert_str_eq (r[2], "\"sms\"");

  doc = new_doc (FOLIO_MEDIA_TEXT);
  add_text_lines (add_page (doc), dashes);
  run_segment (doc, NULL);
  ck_assert_msg (count_type (doc, FOLIO_BLOCK_TABLE) == 1, "%s", describe (doc));
  r = g_ptr_array_index (block_at (doc, 0)->rows, 2);
  ck_assert_str_eq (r[0], "Agenda");
  ck_assert_str_eq (r[1], "-");
  ck_assert_str_eq (r[2], "5 jaar");
}
END_TEST

/* Two columns of running text side by side are not a table: they stay
 * paragraphs, and --explain says why. */
START_TEST (test_columns_not_table)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  Pen pen = pen_on (add_page (doc));
  g_autoptr (GString) notes = g_string_new (NULL);
  FolioSegmentOptions opts = FOLIO_SEGMENT_OPTIONS_INIT;

  for (guint i = 0; i < G_N_ELEMENTS (body); i++)
    {
      FolioLine *left = pen_line (&pen, body[i], 10, FALSE);
      FolioLine *right;

      pen.y -= 14;
      right = pen_line (&pen, body[i], 10, FALSE);
      left->box[2] = 290 * 100;
      right->box[0] = 310 * 100;
      right->box[2] = 530 * 100;
    }
  opts.explain = notes;
  run_segment (doc, &opts);

  ck_assert_msg (count_type (doc, FOLIO_BLOCK_TABLE) == 0, "%s", describe (doc));
  ck_assert_msg (strstr (notes->str, "page 1: 4 rows side by side") != NULL
                 && strstr (notes->str, "left as text") != NULL, "%s", notes->str);
}
END_TEST

/* A PDF stream whose lines have no geometry (written by hand or by another
 * tool): no table or footnote can be found, and nothing breaks. */
START_TEST (test_pdf_without_geometry)
{
  static const char *const lines[] = { "Een regel zonder plaats.", "Nog een.", NULL };
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);

  add_text_lines (add_page (doc), lines);
  add_text_lines (add_page (doc), lines);
  run_segment (doc, NULL);

  ck_assert_uint_eq (count_type (doc, FOLIO_BLOCK_TABLE), 0);
  ck_assert_uint_eq (count_type (doc, FOLIO_BLOCK_FOOTNOTE), 0);
  ck_assert_msg (doc->blocks->len >= 1, "%s", describe (doc));
}
END_TEST

static Suite *
segment_suite (void)
{
  Suite *s = suite_create ("segment");
  TCase *tc;

  tc = new_tcase ("words");
  tcase_add_loop_test (tc, test_join, 0, 2 * G_N_ELEMENTS (joins));
  suite_add_tcase (s, tc);

  tc = new_tcase ("seed");
  tcase_add_test (tc, test_seed_page);
  tcase_add_test (tc, test_no_boxes);
  tcase_add_test (tc, test_tables_on_two_threads);
  suite_add_tcase (s, tc);

  tc = new_tcase ("pages");
  tcase_add_loop_test (tc, test_page_break, 0, 2 * G_N_ELEMENTS (breaks));
  tcase_add_loop_test (tc, test_continues, 0, 3);
  tcase_add_test (tc, test_pdf_paragraphs);
  suite_add_tcase (s, tc);

  tc = new_tcase ("headings");
  tcase_add_loop_test (tc, test_pdf_heading, 0, G_N_ELEMENTS (pdf_headings));
  tcase_add_loop_test (tc, test_text_heading, 0, G_N_ELEMENTS (text_headings));
  tcase_add_test (tc, test_size_ranks);
  tcase_add_loop_test (tc, test_not_heading, 0, G_N_ELEMENTS (not_headings));
  tcase_add_loop_test (tc, test_numbered_list, 0, 2);
  tcase_add_test (tc, test_stray_numbers);
  tcase_add_test (tc, test_titled_contents);
  tcase_add_test (tc, test_repeated_heads);
  tcase_add_test (tc, test_gapped_row);
  tcase_add_test (tc, test_row_beside);
  tcase_add_test (tc, test_two_line_title_leading);
  tcase_add_test (tc, test_stray_numbers_ahead);
  tcase_add_test (tc, test_numbered_entries);
  tcase_add_test (tc, test_contents_entry_apart);
  tcase_add_loop_test (tc, test_outline, 0, 2);
  tcase_add_test (tc, test_outline_two_lines);
  tcase_add_test (tc, test_outline_title_beside);
  tcase_add_test (tc, test_outline_title_wraps);
  tcase_add_test (tc, test_outline_set_apart);
  tcase_add_test (tc, test_keyword_and_title);
  tcase_add_test (tc, test_two_line_heading);
  tcase_add_test (tc, test_two_line_heading_lowercase);
  suite_add_tcase (s, tc);

  tc = new_tcase ("lists");
  tcase_add_loop_test (tc, test_list_items, 0, 2);
  tcase_add_test (tc, test_list_item_wrapped);
  suite_add_tcase (s, tc);

  tc = new_tcase ("blocks");
  tcase_add_test (tc, test_pdf_footnote);
  tcase_add_test (tc, test_pdf_no_footnote);
  tcase_add_test (tc, test_text_footnote);
  tcase_add_test (tc, test_fields);
  tcase_add_test (tc, test_captions);
  tcase_add_test (tc, test_table);
  tcase_add_test (tc, test_text_table);
  tcase_add_test (tc, test_text_table_lone_signs);
  tcase_add_test (tc, test_text_table_over_pages);
  tcase_add_test (tc, test_text_table_repeated_head);
  tcase_add_test (tc, test_columns_not_table);
  tcase_add_test (tc, test_pdf_without_geometry);
  suite_add_tcase (s, tc);

  tc = new_tcase ("errors");
  tcase_add_test (tc, test_not_stripped);
  tcase_add_test (tc, test_segment_twice);
  tcase_add_test (tc, test_empty);
  tcase_add_test (tc, test_furniture_stays);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return folio_test_main (segment_suite ());
}
