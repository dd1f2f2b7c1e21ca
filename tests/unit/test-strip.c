/* Page furniture (src/lib/folio-strip.c): page numbers by pattern and by
 * sequence, lines repeated in the page margins, running heads by their
 * shape, the metadata mined from the heads (src/lib/folio-metadata.c, seen
 * only through doc->metadata), the options, the errors of user patterns, and
 * what strip promises about the model: nothing removed, nothing reordered,
 * the same result when run again. */
#include "folio-test.h"

#include <stdio.h>
#include <string.h>

/* ----------------------------------------------------- cleanup and errors */

/* Everything a test allocates is tracked and freed by the checked teardown,
 * which Check runs even after a failed assertion under CK_FORK=no: a failing
 * check leaks nothing for valgrind to report on top of the failure. */
static GError *error;

/* Freed at the end of each test: folio_test_track(). */
#define track folio_test_track

static char *
track_str (char *s)
{
  return track (s, g_free);
}

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

static void
run_strip (FolioDocument *doc, const FolioStripOptions *opts)
{
  g_clear_error (&error);
  ck_assert_msg (folio_strip_run (doc, opts, &error), "strip failed: %s", error_message ());
  ck_assert_ptr_null (error);
}

/* ------------------------------------------------------- building pages */

#define PAGE_W 595.0
#define PAGE_H 842.0
#define HEAD_Y 30.0
#define FOOT_Y 810.0
#define BODY_Y 200.0
#define BODY_STEP 28.0

/* Body text: distinct on every page and line, without digits, page words
 * or version/status/date words, and far apart in edit distance. */
static const char *const colours[] = {
  "amber", "brown", "coral", "dusky", "ebony", "fawn", "green", "hazel",
  "orange", "purple", "rusty", "sunny",
};
static const char *const places[] = {
  "harbour", "garden", "forest", "meadow", "river", "canyon", "bridge", "tower",
  "square", "market", "street", "orchard", "valley", "prairie", "estuary", "fjord",
  "plateau", "quarry", "shore", "gateway",
};
static const char *const verbs[] = {
  "stretches", "wanders", "gathers", "narrows", "rises", "bends", "opens", "turns",
  "hurries", "settles", "sparkles",
};
static const char *const things[] = {
  "northern ferry", "quiet orchards", "grey warehouses", "sleepy fishermen", "stone steps",
  "new greenhouses", "yellow barges", "open squares", "tall poplars",
};

static char *
body_text (guint page, guint line)
{
  return g_strdup_printf ("The %s %s %s towards the %s", colours[page % G_N_ELEMENTS (colours)],
                          places[line % G_N_ELEMENTS (places)],
                          verbs[(page + 2 * line) % G_N_ELEMENTS (verbs)],
                          things[(3 * page + line) % G_N_ELEMENTS (things)]);
}

static FolioDocument *
new_doc (FolioMediaType type)
{
  FolioDocument *doc = track (folio_document_new (), (GDestroyNotify) folio_document_free);

  doc->media_type = type;
  doc->source = g_strdup (type == FOLIO_MEDIA_PDF ? "memory.pdf" : "memory.txt");
  doc->first_page = 1;
  return doc;
}

/* Appends page n+1; a PDF page gets A4 dimensions, a text page none. */
static FolioPage *
add_page (FolioDocument *doc)
{
  FolioPage *page = folio_page_new (doc->pages->len + 1);

  if (doc->media_type == FOLIO_MEDIA_PDF)
    {
      page->width = PAGE_W;
      page->height = PAGE_H;
    }
  g_ptr_array_add (doc->pages, page);
  doc->page_count = doc->last_page = doc->pages->len;
  return page;
}

static FolioLine *
add_text (FolioPage *page, const char *text)
{
  FolioLine *line = folio_line_new (page->index, text);

  g_ptr_array_add (page->lines, line);
  return line;
}

/* A PDF line whose vertical centre is @y, set in 10 points, left-aligned at
 * the text margin (not in a side margin). */
static FolioLine *
add_pdf (FolioPage *page, const char *text, double y)
{
  FolioLine *line = add_text (page, text);
  double w = MIN (5.0 * strlen (text), 400.0);

  line->has_geometry = TRUE;
  folio_line_set_bbox (line, (FolioBBox) { 100, y - 5, 100 + w, y + 5 });
  line->font = g_intern_static_string ("Times-Roman");
  line->size = 10;
  return line;
}

/* @n body lines, as text lines or at mid-page heights. */
static void
add_body (FolioPage *page, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = body_text (page->index, i);

      if (page->width > 0)
        add_pdf (page, text, BODY_Y + i * BODY_STEP);
      else
        add_text (page, text);
    }
}

/* A line at the foot of the page: last text line, or at FOOT_Y. */
static FolioLine *
add_foot (FolioPage *page, const char *text)
{
  return page->width > 0 ? add_pdf (page, text, FOOT_Y) : add_text (page, text);
}

static FolioLine *
add_head (FolioPage *page, const char *text)
{
  return page->width > 0 ? add_pdf (page, text, HEAD_Y) : add_text (page, text);
}

static FolioPage *
page_at (const FolioDocument *doc, guint i)
{
  ck_assert_uint_lt (i, doc->pages->len);
  return g_ptr_array_index (doc->pages, i);
}

static FolioLine *
line_at (const FolioPage *page, guint i)
{
  ck_assert_uint_lt (i, page->lines->len);
  return g_ptr_array_index (page->lines, i);
}

static FolioLine *
last_line (const FolioPage *page)
{
  return line_at (page, page->lines->len - 1);
}

/* --------------------------------------------------------------- checks */

static void
assert_role (const FolioLine *line, FolioRole role, const char *rule)
{
  ck_assert_msg (line->role == role, "page %u \"%s\": %s by %s (%s), expected %s", line->page,
                 folio_line_text (line), folio_role_to_string (line->role), folio_line_rule (line) ? folio_line_rule (line) : "-",
                 folio_line_why (line) ? folio_line_why (line) : "-", folio_role_to_string (role));
  if (role == FOLIO_ROLE_BODY)
    ck_assert_msg (folio_line_rule (line) == NULL && folio_line_why (line) == NULL && folio_line_number (line) == NULL && !line->kept,
                   "body line \"%s\" carries furniture fields (rule %s)", folio_line_text (line),
                   folio_line_rule (line) ? folio_line_rule (line) : "-");
  else
    {
      ck_assert_msg (rule == NULL || g_strcmp0 (folio_line_rule (line), rule) == 0,
                     "\"%s\": rule %s, expected %s", folio_line_text (line), folio_line_rule (line) ? folio_line_rule (line) : "(null)", rule);
      ck_assert_msg (folio_line_why (line) != NULL && *folio_line_why (line), "\"%s\": marked without a reason", folio_line_text (line));
    }
}

static void
assert_body (const FolioLine *line)
{
  assert_role (line, FOLIO_ROLE_BODY, NULL);
}

/* How many lines of @doc are marked as furniture. */
static guint
count_marked (const FolioDocument *doc)
{
  guint n = 0;

  for (guint p = 0; p < doc->pages->len; p++)
    {
      const FolioPage *page = g_ptr_array_index (doc->pages, p);

      for (guint i = 0; i < page->lines->len; i++)
        n += ((FolioLine *) g_ptr_array_index (page->lines, i))->role != FOLIO_ROLE_BODY;
    }
  return n;
}

static void
assert_field (const FolioDocument *doc, const char *name, const char *value)
{
  const char *got = folio_document_get_field (doc, name);

  ck_assert_msg (g_strcmp0 (got, value) == 0, "field %s: \"%s\", expected \"%s\" (from \"%s\")", name,
                 got ? got : "(none)", value ? value : "(none)",
                 doc->metadata_source ? doc->metadata_source : "-");
}

/* ------------------------------------------------- page-number patterns */

typedef struct {
  const char *text;
  gboolean marked;
  const char *rule;
  const char *number;
  const char *total;
} NumberCase;

/* Alone at the foot of a single page: the wording (or a total, or dashes)
 * proves a page number; a bare number or numeral proves nothing. */
static const NumberCase numbers[] = {
  { "Pagina 113 van 167", TRUE, "page-of-total", "113", "167" },
  { "pagina 3", TRUE, "page-word", "3", NULL },
  { "Page 3 of 10", TRUE, "page-of-total", "3", "10" },
  { "Seite 3 von 10", TRUE, "page-of-total", "3", "10" },
  { "Page 3 sur 10", TRUE, "page-of-total", "3", "10" },
  { "p. 3", TRUE, "page-word", "3", NULL },
  { "3/167", TRUE, "number-of-total", "3", "167" },
  { "- 3 -", TRUE, "dashed", "3", NULL },
  { "[Page 3]", TRUE, "bracketed-page", "3", NULL },
  /* the first characters strip's byte test lets through to pcre2 */
  { "\u2014 3 \u2014", TRUE, "dashed", "3", NULL },
  { "\u2013 12 \u2013", TRUE, "dashed", "12", NULL },
  { "(3)", TRUE, "bracketed", "3", NULL },
  { "blz. 3", TRUE, "page-word", "3", NULL },
  { "Bladzijde 3 van 9", TRUE, "page-of-total", "3", "9" },
  { "Page xiv", TRUE, "page-word-roman", "xiv", NULL },
  { "\u017Feite 3", TRUE, "page-word", "3", NULL },
  { "3", FALSE, NULL, NULL, NULL },
  { "xiv", FALSE, NULL, NULL, NULL },
};

/* Loop index: the row, then text (even) or PDF (odd). */
START_TEST (test_number_pattern)
{
  const NumberCase *t = &numbers[_i / 2];
  FolioDocument *doc = new_doc (_i % 2 ? FOLIO_MEDIA_PDF : FOLIO_MEDIA_TEXT);
  FolioPage *page = add_page (doc);
  FolioLine *line;

  add_body (page, 8);
  line = add_foot (page, t->text);
  run_strip (doc, NULL);

  for (guint i = 0; i + 1 < page->lines->len; i++)
    assert_body (line_at (page, i));
  if (!t->marked)
    {
      assert_body (line);
      ck_assert_msg (page->printed == NULL, "\"%s\": printed %s", t->text, page->printed);
      return;
    }
  assert_role (line, FOLIO_ROLE_PAGE_NUMBER, t->rule);
  ck_assert_str_eq (folio_line_number (line), t->number);
  ck_assert_pstr_eq (folio_line_total (line), t->total);
  ck_assert_pstr_eq (page->printed, t->number);
  ck_assert (!line->kept);
}
END_TEST

typedef struct {
  const char *name;
  const char *printed[5];
  gboolean marked;
} SequenceCase;

/* The last line of each of five pages: bare numbers and numerals are page
 * numbers when they follow the pages, not when they jump about. */
static const SequenceCase sequences[] = {
  { "bare in sequence", { "11", "12", "13", "14", "15" }, TRUE },
  { "bare out of sequence", { "47", "3", "112", "9", "65" }, FALSE },
  { "roman in sequence", { "i", "ii", "iii", "iv", "v" }, TRUE },
  { "roman out of sequence", { "xi", "vii", "xl", "ii", "ix" }, FALSE },
  { "dashed in sequence", { "- 7 -", "- 8 -", "- 9 -", "- 10 -", "- 11 -" }, TRUE },
};

START_TEST (test_number_sequence)
{
  const SequenceCase *t = &sequences[_i / 2];
  FolioDocument *doc = new_doc (_i % 2 ? FOLIO_MEDIA_PDF : FOLIO_MEDIA_TEXT);

  for (guint p = 0; p < 5; p++)
    {
      FolioPage *page = add_page (doc);

      add_body (page, 8);
      add_foot (page, t->printed[p]);
    }
  run_strip (doc, NULL);

  for (guint p = 0; p < 5; p++)
    {
      FolioPage *page = page_at (doc, p);
      FolioLine *line = last_line (page);

      for (guint i = 0; i + 1 < page->lines->len; i++)
        assert_body (line_at (page, i));
      if (!t->marked)
        {
          assert_body (line);
          ck_assert_msg (page->printed == NULL, "%s: page %u printed %s", t->name, p + 1, page->printed);
          continue;
        }
      assert_role (line, FOLIO_ROLE_PAGE_NUMBER, NULL);
      ck_assert_msg (g_strcmp0 (page->printed, folio_line_number (line)) == 0 && folio_line_number (line) != NULL
                       && strstr (t->printed[p], folio_line_number (line)) != NULL,
                     "%s: page %u printed %s, line number %s, text \"%s\"", t->name, p + 1,
                     page->printed ? page->printed : "(null)", folio_line_number (line) ? folio_line_number (line) : "(null)",
                     t->printed[p]);
      ck_assert_ptr_null (folio_line_total (line));
    }
}
END_TEST

typedef struct {
  const char *format;  /* one %u */
  int offset;          /* the number is the page index plus this */
} StrayCase;

/* A number in the middle of a page, whatever it looks like and even when it
 * fits the sequence of the real page numbers, is body text. */
static const StrayCase strays[] = {
  { "%u", 10 },
  { "%u", 0 },
  { "Pagina %u van 9", 0 },
  { "- %u -", 10 },
  { "%u/9", 0 },
  { "[Page %u]", 0 },
  { "xiv", 0 },
};

START_TEST (test_stray_number)
{
  const StrayCase *t = &strays[_i / 2];
  FolioDocument *doc = new_doc (_i % 2 ? FOLIO_MEDIA_PDF : FOLIO_MEDIA_TEXT);
  const guint stray_at = 6;

  for (guint p = 0; p < 5; p++)
    {
      FolioPage *page = add_page (doc);
      g_autofree char *stray = g_strdup_printf (t->format, (guint) (p + 1 + t->offset));
      g_autofree char *num = g_strdup_printf ("%u", p + 11);

      for (guint i = 0; i < 12; i++)
        {
          g_autofree char *text = i == stray_at ? g_strdup (stray) : body_text (page->index, i);

          if (page->width > 0)
            add_pdf (page, text, BODY_Y + i * BODY_STEP);
          else
            add_text (page, text);
        }
      add_foot (page, num);
    }
  run_strip (doc, NULL);

  for (guint p = 0; p < 5; p++)
    {
      FolioPage *page = page_at (doc, p);
      const char *num = track_str (g_strdup_printf ("%u", p + 11));

      assert_body (line_at (page, stray_at));
      assert_role (last_line (page), FOLIO_ROLE_PAGE_NUMBER, "bare");
      ck_assert_pstr_eq (page->printed, num);
    }
  ck_assert_uint_eq (count_marked (doc), 5);
}
END_TEST

/* ----------------------------------------------------------- repetition */

/* Six A4 pages with mid-page body lines and a head from @heads[page-1]
 * (NULL: none) at HEAD_Y. */
static FolioDocument *
pdf_with_heads (const char *const heads[6])
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);

  for (guint p = 0; p < 6; p++)
    {
      FolioPage *page = add_page (doc);

      if (heads[p])
        add_head (page, heads[p]);
      add_body (page, 10);
    }
  return doc;
}

/* The first line of every page is a header by @rule; all else is body. */
static void
assert_heads_only (const FolioDocument *doc, const char *rule)
{
  for (guint p = 0; p < doc->pages->len; p++)
    {
      const FolioPage *page = page_at (doc, p);

      assert_role (line_at (page, 0), FOLIO_ROLE_HEADER, rule);
      for (guint i = 1; i < page->lines->len; i++)
        assert_body (line_at (page, i));
    }
}

START_TEST (test_repeated_head)
{
  static const char *const heads[6] = {
    "Annual review of the harbour board", "Annual review of the harbour board",
    "Annual review of the harbour board", "Annual review of the harbour board",
    "Annual review of the harbour board", "Annual review of the harbour board",
  };
  FolioDocument *doc = pdf_with_heads (heads);

  run_strip (doc, NULL);
  assert_heads_only (doc, "repeated-top");
  /* A head on every page names the document. */
  assert_field (doc, "title", "Annual review of the harbour board");
  ck_assert_pstr_eq (doc->metadata_source, "Annual review of the harbour board");
}
END_TEST

START_TEST (test_repeated_foot)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);

  for (guint p = 0; p < 6; p++)
    {
      FolioPage *page = add_page (doc);

      add_body (page, 10);
      add_foot (page, "Harbour board, all rights reserved");
    }
  run_strip (doc, NULL);
  for (guint p = 0; p < 6; p++)
    {
      FolioPage *page = page_at (doc, p);

      assert_role (last_line (page), FOLIO_ROLE_FOOTER, "repeated-bottom");
      for (guint i = 0; i + 1 < page->lines->len; i++)
        assert_body (line_at (page, i));
    }
}
END_TEST

START_TEST (test_repeated_odd_even)
{
  static const char *const heads[6] = {
    "Annual review of the harbour board", "Chapter on moorings and fees",
    "Annual review of the harbour board", "Chapter on moorings and fees",
    "Annual review of the harbour board", "Chapter on moorings and fees",
  };
  FolioDocument *doc = pdf_with_heads (heads);

  run_strip (doc, NULL);
  assert_heads_only (doc, "repeated-top");
}
END_TEST

START_TEST (test_repeated_per_chapter)
{
  static const char *const heads[6] = {
    "Introduction and scope of the review", "Introduction and scope of the review",
    "Introduction and scope of the review", "Methods and findings of the survey",
    "Methods and findings of the survey", "Methods and findings of the survey",
  };
  FolioDocument *doc = pdf_with_heads (heads);

  run_strip (doc, NULL);
  assert_heads_only (doc, "repeated-top");
}
END_TEST

/* Numbers aside, the head is the same: a number that does not follow the
 * pages is left alone, one that does is the page's printed number. */
START_TEST (test_repeated_digits_differ)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
  FolioDocument *paged = new_doc (FOLIO_MEDIA_PDF);

  for (guint p = 0; p < 6; p++)
    {
      g_autofree char *issue = g_strdup_printf ("Report 2021 annual review, issue %u", 7 * (p + 1) + p * p);
      g_autofree char *head = g_strdup_printf ("Report 2021 – annual review – page %u", p + 1);
      FolioPage *page = add_page (doc);

      add_head (page, issue);
      add_body (page, 10);
      page = add_page (paged);
      add_head (page, head);
      add_body (page, 10);
    }
  run_strip (doc, NULL);
  run_strip (paged, NULL);

  assert_heads_only (doc, "repeated-top");
  assert_heads_only (paged, NULL);
  for (guint p = 0; p < 6; p++)
    {
      const char *n = track_str (g_strdup_printf ("%u", p + 1));

      ck_assert_msg (page_at (doc, p)->printed == NULL, "page %u printed %s", p + 1, page_at (doc, p)->printed);
      ck_assert_pstr_eq (page_at (paged, p)->printed, n);
      ck_assert_pstr_eq (folio_line_number (line_at (page_at (paged, p), 0)), n);
    }
}
END_TEST

/* Repeated text in the middle of the pages is body text; so is text that
 * opens some pages and stands in the middle of others. */
START_TEST (test_repeated_mid_page)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);

  for (guint p = 0; p < 6; p++)
    {
      FolioPage *page = add_page (doc);

      if (p < 3)
        add_head (page, "See the table that follows below");
      add_body (page, 10);
      add_pdf (page, "This paragraph repeats on every sheet", 420);
      if (p >= 3)
        add_pdf (page, "See the table that follows below", 440);
    }
  run_strip (doc, NULL);
  ck_assert_uint_eq (count_marked (doc), 0);
}
END_TEST

/* Furniture sits at the same height on every page. */
START_TEST (test_repeated_height_differs)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);

  for (guint p = 0; p < 6; p++)
    {
      FolioPage *page = add_page (doc);

      add_pdf (page, "Annual review of the harbour board", 20 + 20 * p);
      add_body (page, 10);
    }
  run_strip (doc, NULL);
  ck_assert_uint_eq (count_marked (doc), 0);
}
END_TEST

START_TEST (test_repeated_two_line_head)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);

  for (guint p = 0; p < 6; p++)
    {
      FolioPage *page = add_page (doc);

      add_pdf (page, "Ministry of Harbours and Waterways", 20);
      add_pdf (page, "Department of Moorings", 32);
      add_body (page, 10);
    }
  run_strip (doc, NULL);
  for (guint p = 0; p < 6; p++)
    {
      FolioPage *page = page_at (doc, p);

      assert_role (line_at (page, 0), FOLIO_ROLE_HEADER, "repeated-top");
      assert_role (line_at (page, 1), FOLIO_ROLE_HEADER, "repeated-top");
      for (guint i = 2; i < page->lines->len; i++)
        assert_body (line_at (page, i));
    }
}
END_TEST

/* Heads that name the topic a page is in change every page or three, so
 * repetition misses most of them (R's refman.pdf: ".Machine" over the
 * pages of that help topic).  Set in a style of their own atop most pages,
 * they are headers; the same lines in the body's type, set larger than it
 * (headings opening pages), or never the same on two pages running, stay
 * in the body.  With --no-repetition, so does every one. */
START_TEST (test_style_head)
{
  static const char *const topics[] = { ".Device", ".Machine", ".Machine", ".Platform", ".Platform",
                                        "abbreviate", "agrep", "agrep", "all", "all.equal",
                                        "all.equal", "any" };
  static const char *const unique[] = { "Aims", "Scope", "Method", "Findings", "Risks", "Costs",
                                        "Planning", "Advice", "Sources", "Terms", "Index", "Notes" };
  static const struct {
    const char *name, *font;
    double size;
    gboolean unique, no_repetition, furniture;
  } cases[] = {
    { "topics in italic", "Times-Italic", 10, FALSE, FALSE, TRUE },
    { "topics in smaller italic", "Times-Italic", 8, FALSE, FALSE, TRUE },
    { "topics in the body's type", "Times-Roman", 10, FALSE, FALSE, FALSE },
    { "topics set larger", "Times-Italic", 14, FALSE, FALSE, FALSE },
    { "headings, each once", "Times-Bold", 10, TRUE, FALSE, FALSE },
    { "topics, --no-repetition", "Times-Italic", 10, FALSE, TRUE, FALSE },
  };

  for (guint t = 0; t < G_N_ELEMENTS (cases); t++)
    {
      FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);
      FolioStripOptions opts = FOLIO_STRIP_OPTIONS_INIT;

      for (guint p = 0; p < G_N_ELEMENTS (topics); p++)
        {
          FolioPage *page = add_page (doc);
          FolioLine *head = add_head (page, cases[t].unique ? unique[p] : topics[p]);

          head->font = g_intern_static_string (cases[t].font);
          head->size = cases[t].size;
          add_body (page, 10);
        }
      opts.no_repetition = cases[t].no_repetition;
      run_strip (doc, &opts);
      for (guint p = 0; p < doc->pages->len; p++)
        {
          const FolioPage *page = page_at (doc, p);
          const FolioLine *head = line_at (page, 0);

          if (!cases[t].furniture)
            {
              /* (a topic on two pages running is still a repeated head) */
              if (cases[t].unique || cases[t].no_repetition || p == 0 || p == 5 || p == 8 || p == 11)
                assert_body (head);
            }
          else if (folio_line_rule (head) == NULL || strcmp (folio_line_rule (head), "repeated-top") != 0)
            assert_role (head, FOLIO_ROLE_HEADER, "head-style");
          for (guint i = 1; i < page->lines->len; i++)
            assert_body (line_at (page, i));
        }
      if (cases[t].furniture)
        {
          const FolioLine *single = line_at (page_at (doc, 0), 0);

          /* ".Device" stands once: only its style tells */
          assert_role (single, FOLIO_ROLE_HEADER, "head-style");
          ck_assert_msg (strstr (folio_line_why (single), "atop 12 of 12 pages"), "%s: %s", cases[t].name,
                         folio_line_why (single));
        }
    }
}
END_TEST

/* ----------------------------------------------------------- head shape */

/* One page of pdftotext output: the head says version, status, title and
 * date between bars; the foot is "Pagina 113 van 167". */
START_TEST (test_seed_page)
{
  const char *path = track_str (folio_test_seed ("selectielijst-mivd-p113.txt"));
  FolioDocument *doc;
  FolioPage *page;

  FOLIO_SKIP_UNLESS (path, "seed selectielijst-mivd-p113.txt");
  doc = track (folio_extract_file (path, NULL, &error), (GDestroyNotify) folio_document_free);
  ck_assert_msg (doc != NULL, "%s", error_message ());
  run_strip (doc, NULL);

  ck_assert_uint_eq (doc->pages->len, 1);
  page = page_at (doc, 0);
  ck_assert_uint_eq (count_marked (doc), 2);
  assert_role (line_at (page, 0), FOLIO_ROLE_HEADER, "head-shape");
  assert_role (last_line (page), FOLIO_ROLE_PAGE_NUMBER, "page-of-total");
  ck_assert_pstr_eq (folio_line_number (last_line (page)), "113");
  ck_assert_pstr_eq (folio_line_total (last_line (page)), "167");
  ck_assert_pstr_eq (page->printed, "113");

  assert_field (doc, "version", "0.16");
  assert_field (doc, "status", "ter inzagelegging");
  assert_field (doc, "date", "2015-03");
  assert_field (doc, "title", "Generieke Selectielijst MIVD");
  ck_assert_pstr_eq (doc->metadata_source, folio_line_text (line_at (page, 0)));
}
END_TEST

typedef struct {
  const char *head;
  const char *version, *status, *date;
} MetadataCase;

/* The first line of a single page: a head by its shape, and what it says. */
static const MetadataCase heads[] = {
  { "Version 1.2 – Draft – 12 March 2020", "1.2", "Draft", "2020-03-12" },
  { "Entwurf | Fassung 3 | Mai 2019", "3", "Entwurf", "2019-05" },
  { "Projet | version 2.0 | juin 2021", "2.0", "Projet", "2021-06" },
  { "Concept | 7-10-2016", NULL, "Concept", "2016-10-07" },
  { "Versie 0.16 ter inzagelegging | Generieke Selectielijst MIVD | maart 2015", "0.16",
    "ter inzagelegging", "2015-03" },
  { "Entwurf | Fassung 3 | März 2019", "3", "Entwurf", "2019-03" },
  { "Final draft | Version 4 | décembre 2019", "4", "Final draft", "2019-12" },
  { "Version 1.2 – Draft – March 12, 2020", "1.2", "Draft", "2020-03-12" },
  /* An ISO date is a date too. */
  { "Version 1.2 – Draft – 2020-03-12", "1.2", "Draft", "2020-03-12" },
  { "Concept | 2016-10-07", NULL, "Concept", "2016-10-07" },
};

START_TEST (test_head_metadata)
{
  const MetadataCase *t = &heads[_i];
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  FolioPage *page = add_page (doc);

  add_head (page, t->head);
  add_body (page, 8);
  run_strip (doc, NULL);

  assert_role (line_at (page, 0), FOLIO_ROLE_HEADER, "head-shape");
  ck_assert_uint_eq (count_marked (doc), 1);
  ck_assert_pstr_eq (doc->metadata_source, t->head);
  assert_field (doc, "version", t->version);
  assert_field (doc, "status", t->status);
  assert_field (doc, "date", t->date);
}
END_TEST

/* An ordinary first line is no head, and says nothing about the document. */
START_TEST (test_no_head)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  FolioPage *page = add_page (doc);

  add_head (page, "Introduction to the harbour and its moorings");
  add_body (page, 8);
  run_strip (doc, NULL);
  ck_assert_uint_eq (count_marked (doc), 0);
  ck_assert_uint_eq (doc->metadata->len, 0);
  ck_assert_ptr_null (doc->metadata_source);
}
END_TEST

/* -------------------------------------------------------------- options */

/* A single text page with a head and a page number. */
static FolioDocument *
one_page_with_furniture (void)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  FolioPage *page = add_page (doc);

  add_head (page, "Versie 2 | Concept | mei 2020");
  add_body (page, 8);
  add_foot (page, "Pagina 3 van 10");
  return doc;
}

START_TEST (test_keep)
{
  FolioDocument *doc = one_page_with_furniture ();
  FolioDocument *plain = one_page_with_furniture ();
  FolioStripOptions opts = FOLIO_STRIP_OPTIONS_INIT;
  FolioPage *page = page_at (doc, 0), *plain_page = page_at (plain, 0);

  opts.keep = TRUE;
  run_strip (doc, &opts);
  run_strip (plain, NULL);

  ck_assert_uint_eq (page->lines->len, 10);
  ck_assert_uint_eq (plain_page->lines->len, 10);
  assert_role (line_at (page, 0), FOLIO_ROLE_HEADER, "head-shape");
  assert_role (last_line (page), FOLIO_ROLE_PAGE_NUMBER, "page-of-total");
  ck_assert (line_at (page, 0)->kept);
  ck_assert (last_line (page)->kept);
  for (guint i = 1; i + 1 < page->lines->len; i++)
    assert_body (line_at (page, i));
  ck_assert_pstr_eq (page->printed, "3");

  /* Without keep the same lines are marked, none kept. */
  assert_role (line_at (plain_page, 0), FOLIO_ROLE_HEADER, "head-shape");
  assert_role (last_line (plain_page), FOLIO_ROLE_PAGE_NUMBER, "page-of-total");
  ck_assert (!line_at (plain_page, 0)->kept);
  ck_assert (!last_line (plain_page)->kept);
  ck_assert_uint_eq (count_marked (plain), 2);
  assert_field (plain, "version", "2");
  assert_field (plain, "status", "Concept");
  assert_field (plain, "date", "2020-05");
}
END_TEST

/* Six pages with the same head and "Pagina N van 6" at the foot. */
static FolioDocument *
pdf_head_and_numbers (void)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);

  for (guint p = 0; p < 6; p++)
    {
      FolioPage *page = add_page (doc);
      g_autofree char *foot = g_strdup_printf ("Pagina %u van 6", p + 1);

      add_head (page, "Annual review of the harbour board");
      add_body (page, 10);
      add_foot (page, foot);
    }
  return doc;
}

START_TEST (test_no_repetition)
{
  FolioDocument *doc = pdf_head_and_numbers ();
  FolioDocument *control = pdf_head_and_numbers ();
  FolioStripOptions opts = FOLIO_STRIP_OPTIONS_INIT;

  opts.no_repetition = TRUE;
  run_strip (doc, &opts);
  run_strip (control, NULL);
  for (guint p = 0; p < 6; p++)
    {
      FolioPage *page = page_at (doc, p);
      const char *n = track_str (g_strdup_printf ("%u", p + 1));

      assert_body (line_at (page, 0));
      assert_role (last_line (page), FOLIO_ROLE_PAGE_NUMBER, "page-of-total");
      ck_assert_pstr_eq (folio_line_total (last_line (page)), "6");
      ck_assert_pstr_eq (page->printed, n);
      assert_role (line_at (page_at (control, p), 0), FOLIO_ROLE_HEADER, "repeated-top");
      assert_role (last_line (page_at (control, p)), FOLIO_ROLE_PAGE_NUMBER, "page-of-total");
    }
  ck_assert_uint_eq (count_marked (doc), 6);
  ck_assert_uint_eq (count_marked (control), 12);
}
END_TEST

/* One text page ending in @foot. */
static FolioDocument *
one_page_ending (const char *foot)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  FolioPage *page = add_page (doc);

  add_body (page, 8);
  add_foot (page, foot);
  return doc;
}

START_TEST (test_user_pattern)
{
  FolioStripPatterns *patterns = track (folio_strip_patterns_new (), (GDestroyNotify) folio_strip_patterns_free);
  FolioStripOptions opts = FOLIO_STRIP_OPTIONS_INIT;
  FolioDocument *builtin = one_page_ending ("Folio 12");
  FolioDocument *doc = one_page_ending ("Folio 12");
  FolioDocument *total = one_page_ending ("Folio 12 in 40");
  FolioDocument *still = one_page_ending ("Pagina 4 van 9");
  FolioLine *line;

  ck_assert_msg (folio_strip_patterns_add (patterns, "folio", "Folio (?<num>\\d+)", &error), "%s", error_message ());
  ck_assert_msg (folio_strip_patterns_add (patterns, "folio-in", "folio (?<num>\\d+) in (?<total>\\d+)", &error),
                 "%s", error_message ());
  opts.patterns = patterns;

  run_strip (builtin, NULL);
  assert_body (last_line (page_at (builtin, 0)));

  run_strip (doc, &opts);
  line = last_line (page_at (doc, 0));
  assert_role (line, FOLIO_ROLE_PAGE_NUMBER, "folio");
  ck_assert_pstr_eq (folio_line_number (line), "12");
  ck_assert_ptr_null (folio_line_total (line));
  ck_assert_pstr_eq (page_at (doc, 0)->printed, "12");

  /* Case-insensitive, with a total. */
  run_strip (total, &opts);
  line = last_line (page_at (total, 0));
  assert_role (line, FOLIO_ROLE_PAGE_NUMBER, "folio-in");
  ck_assert_pstr_eq (folio_line_number (line), "12");
  ck_assert_pstr_eq (folio_line_total (line), "40");

  /* The built-in patterns are still there. */
  run_strip (still, &opts);
  assert_role (last_line (page_at (still, 0)), FOLIO_ROLE_PAGE_NUMBER, "page-of-total");
}
END_TEST

typedef struct {
  const char *name;
  const char *regex;
  const char *says;    /* pcre2's message, or what the error says */
  const char *offset;  /* (nullable) where in @regex */
} BadPattern;

static const BadPattern bad_patterns[] = {
  { "unclosed", "Folio (?<num>\\d+", "missing closing parenthesis", "at offset 16" },
  { "quantifier", "(?<num>\\d+)x{3,2}", "numbers out of order in {} quantifier", "at offset 16" },
  { "range", "(?<num>\\d+)[z-a]", "range out of order in character class", "at offset 14" },
  /* Unbalanced: must not close the anchoring group around the pattern. */
  { "unbalanced", "x)|(?<num>\\d+", "unmatched closing parenthesis", NULL },
  { "unnamed", "Folio (\\d+)", "(?<num>", NULL },
  { "misnamed", "Folio (?<number>\\d+)", "(?<num>", NULL },
};

START_TEST (test_bad_pattern)
{
  const BadPattern *t = &bad_patterns[_i];
  FolioStripPatterns *patterns = track (folio_strip_patterns_new (), (GDestroyNotify) folio_strip_patterns_free);
  gboolean ok = folio_strip_patterns_add (patterns, t->name, t->regex, &error);

  ck_assert_msg (!ok, "pattern %s (%s) accepted", t->name, t->regex);
  ck_assert_msg (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_INVALID_ARGUMENT), "%s: %s/%d %s",
                 t->name, error ? g_quark_to_string (error->domain) : "-", error ? error->code : -1,
                 error_message ());
  ck_assert_msg (strstr (error->message, t->name) != NULL, "\"%s\" does not name the pattern", error->message);
  ck_assert_msg (strstr (error->message, t->says) != NULL, "\"%s\" does not say \"%s\"", error->message, t->says);
  ck_assert_msg (t->offset == NULL || strstr (error->message, t->offset) != NULL,
                 "\"%s\" does not say \"%s\"", error->message, t->offset);
}
END_TEST

static const char *
write_file (const char *name, const char *contents)
{
  char *path = track_str (g_build_filename (folio_test_tmpdir (), name, NULL));

  ck_assert (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

START_TEST (test_pattern_file)
{
  const char *path = write_file ("good.patterns",
                                 "# folio's own numbering\n"
                                 "\n"
                                 "folio\tFolio (?<num>\\d+)\n"
                                 "Blatt (?<num>\\d+)\n");
  FolioStripPatterns *patterns = track (folio_strip_patterns_new (), (GDestroyNotify) folio_strip_patterns_free);
  FolioStripOptions opts = FOLIO_STRIP_OPTIONS_INIT;
  FolioDocument *folio = one_page_ending ("Folio 12");
  FolioDocument *blatt = one_page_ending ("Blatt 4");
  const char *unnamed = track_str (g_strdup_printf ("%s:4", path));

  ck_assert_msg (folio_strip_patterns_add_file (patterns, path, &error), "%s", error_message ());
  opts.patterns = patterns;
  run_strip (folio, &opts);
  run_strip (blatt, &opts);
  assert_role (last_line (page_at (folio, 0)), FOLIO_ROLE_PAGE_NUMBER, "folio");
  assert_role (last_line (page_at (blatt, 0)), FOLIO_ROLE_PAGE_NUMBER, unnamed);
  ck_assert_pstr_eq (page_at (blatt, 0)->printed, "4");
}
END_TEST

START_TEST (test_pattern_file_bad_line)
{
  const char *path = write_file ("bad.patterns",
                                 "# folio's own numbering\n"
                                 "folio\tFolio (?<num>\\d+)\n"
                                 "\n"
                                 "blatt\tBlatt (?<num>\\d+\n");
  const char *prefix = track_str (g_strdup_printf ("%s:4: ", path));
  FolioStripPatterns *patterns = track (folio_strip_patterns_new (), (GDestroyNotify) folio_strip_patterns_free);

  ck_assert (!folio_strip_patterns_add_file (patterns, path, &error));
  ck_assert_msg (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_INVALID_ARGUMENT), "%s", error_message ());
  ck_assert_msg (g_str_has_prefix (error->message, prefix), "\"%s\" does not begin with \"%s\"",
                 error->message, prefix);
  ck_assert_msg (strstr (error->message, "blatt") != NULL, "\"%s\" does not name the pattern", error->message);
  ck_assert_msg (strstr (error->message, "missing closing parenthesis") != NULL, "%s", error->message);
}
END_TEST

/* "Every pattern is compiled before the file is accepted": a file with a bad
 * line adds none of its patterns. */
START_TEST (test_pattern_file_all_or_nothing)
{
  const char *path = write_file ("half.patterns",
                                 "folio\tFolio (?<num>\\d+)\n"
                                 "blatt\tBlatt (?<num>\\d+\n");
  FolioStripPatterns *patterns = track (folio_strip_patterns_new (), (GDestroyNotify) folio_strip_patterns_free);
  FolioStripOptions opts = FOLIO_STRIP_OPTIONS_INIT;
  FolioDocument *doc = one_page_ending ("Folio 12");

  ck_assert (!folio_strip_patterns_add_file (patterns, path, &error));
  opts.patterns = patterns;
  run_strip (doc, &opts);
  assert_body (last_line (page_at (doc, 0)));
}
END_TEST

START_TEST (test_pattern_file_missing)
{
  const char *path = track_str (g_build_filename (folio_test_tmpdir (), "absent.patterns", NULL));
  FolioStripPatterns *patterns = track (folio_strip_patterns_new (), (GDestroyNotify) folio_strip_patterns_free);

  ck_assert (!folio_strip_patterns_add_file (patterns, path, &error));
  ck_assert_msg (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND), "%s", error_message ());
  ck_assert_msg (strstr (error->message, path) != NULL, "\"%s\" does not name the file", error->message);
}
END_TEST

/* ------------------------------------------------------------ invariants */

/* Every document built above that has furniture of some kind. */
static FolioDocument *
build_numbers_text (void)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);

  for (guint p = 0; p < 5; p++)
    {
      FolioPage *page = add_page (doc);
      g_autofree char *n = g_strdup_printf ("%u", p + 11);

      add_head (page, "Versie 0.3 | Concept | mei 2020");
      add_body (page, 8);
      add_foot (page, n);
    }
  return doc;
}

static FolioDocument *
build_two_line_head (void)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_PDF);

  for (guint p = 0; p < 6; p++)
    {
      FolioPage *page = add_page (doc);
      g_autofree char *n = g_strdup_printf ("- %u -", p + 1);

      add_pdf (page, "Ministry of Harbours and Waterways", 20);
      add_pdf (page, p % 2 ? "Department of Moorings" : "Annual review 2020", 32);
      add_body (page, 10);
      add_pdf (page, "This paragraph repeats on every sheet", 520);
      add_foot (page, n);
    }
  return doc;
}

static FolioDocument *
build_seed (void)
{
  g_autofree char *path = folio_test_seed ("selectielijst-mivd-p113.txt");

  if (path == NULL)
    return one_page_with_furniture ();
  return track (folio_extract_file (path, NULL, NULL), (GDestroyNotify) folio_document_free);
}

static FolioDocument *(*const builders[]) (void) = {
  build_numbers_text,
  build_two_line_head,
  pdf_head_and_numbers,
  one_page_with_furniture,
  build_seed,
};

/* Which line objects each page holds, in order, and their text. */
static char *
layout (const FolioDocument *doc)
{
  GString *s = g_string_new (NULL);

  for (guint p = 0; p < doc->pages->len; p++)
    {
      const FolioPage *page = g_ptr_array_index (doc->pages, p);

      g_string_append_printf (s, "page %u\n", page->index);
      for (guint i = 0; i < page->lines->len; i++)
        {
          const FolioLine *line = g_ptr_array_index (page->lines, i);

          g_string_append_printf (s, "  %p %s\n", (void *) line, folio_line_text (line));
        }
    }
  return track_str (g_string_free (s, FALSE));
}

/* Everything strip sets. */
static char *
result (const FolioDocument *doc)
{
  GString *s = g_string_new (NULL);

#define OR(x) ((x) ? (x) : "(null)")
  for (guint p = 0; p < doc->pages->len; p++)
    {
      const FolioPage *page = g_ptr_array_index (doc->pages, p);

      g_string_append_printf (s, "page %u printed %s\n", page->index, OR (page->printed));
      for (guint i = 0; i < page->lines->len; i++)
        {
          const FolioLine *line = g_ptr_array_index (page->lines, i);

          g_string_append_printf (s, "  %p %s | %s %s %s %s/%s kept=%d\n", (void *) line, folio_line_text (line),
                                  folio_role_to_string (line->role), OR (folio_line_rule (line)), OR (folio_line_why (line)),
                                  OR (folio_line_number (line)), OR (folio_line_total (line)), line->kept);
        }
    }
  for (guint i = 0; i < doc->metadata->len; i++)
    {
      const FolioField *f = g_ptr_array_index (doc->metadata, i);

      g_string_append_printf (s, "%s = %s\n", f->name, f->value);
    }
  g_string_append_printf (s, "from %s\n", OR (doc->metadata_source));
#undef OR
  return track_str (g_string_free (s, FALSE));
}

START_TEST (test_run_twice)
{
  FolioDocument *doc = builders[_i] ();
  FolioStripOptions keep = FOLIO_STRIP_OPTIONS_INIT;
  char *first, *again, *kept;

  ck_assert_ptr_nonnull (doc);
  run_strip (doc, NULL);
  first = result (doc);
  ck_assert_uint_gt (count_marked (doc), 0);
  run_strip (doc, NULL);
  again = result (doc);
  ck_assert_str_eq (again, first);

  /* Starting over: keep, then without keep, gives the first result. */
  keep.keep = TRUE;
  run_strip (doc, &keep);
  kept = result (doc);
  ck_assert_str_ne (kept, first);
  run_strip (doc, NULL);
  ck_assert_str_eq (result (doc), first);
}
END_TEST

START_TEST (test_nothing_removed)
{
  FolioDocument *doc = builders[_i] ();
  FolioStripOptions opts = FOLIO_STRIP_OPTIONS_INIT;
  char *before;
  guint n;

  ck_assert_ptr_nonnull (doc);
  before = layout (doc);
  n = folio_document_count_lines (doc);
  run_strip (doc, NULL);
  ck_assert_str_eq (layout (doc), before);
  opts.keep = TRUE;
  run_strip (doc, &opts);
  ck_assert_str_eq (layout (doc), before);
  ck_assert_uint_eq (folio_document_count_lines (doc), n);
}
END_TEST

START_TEST (test_explain)
{
  FolioDocument *doc = builders[_i] ();
  char *text;

  ck_assert_ptr_nonnull (doc);
  run_strip (doc, NULL);
  text = track_str (folio_strip_explain (doc));
  ck_assert_ptr_nonnull (text);
  for (guint p = 0; p < doc->pages->len; p++)
    {
      const FolioPage *page = page_at (doc, p);

      if (page->printed)
        {
          char *printed = track_str (g_strdup_printf ("page %u (printed %s)", page->index, page->printed));

          ck_assert_msg (strstr (text, printed) != NULL, "explain does not say \"%s\":\n%s", printed, text);
        }
      for (guint i = 0; i < page->lines->len; i++)
        {
          const FolioLine *line = line_at (page, i);

          if (line->role != FOLIO_ROLE_BODY)
            ck_assert_msg (strstr (text, folio_line_text (line)) != NULL, "explain does not mention \"%s\":\n%s",
                           folio_line_text (line), text);
        }
    }
  for (guint i = 0; i < doc->metadata->len; i++)
    ck_assert (strstr (text, ((FolioField *) g_ptr_array_index (doc->metadata, i))->value) != NULL);
}
END_TEST

/* An empty document, pages without lines, blank lines: nothing to do. */
START_TEST (test_empty)
{
  FolioDocument *doc = new_doc (FOLIO_MEDIA_TEXT);
  FolioDocument *pdf = new_doc (FOLIO_MEDIA_PDF);
  FolioPage *page;

  run_strip (doc, NULL);
  add_page (doc);
  page = add_page (doc);
  add_text (page, "");
  add_text (page, "   ");
  run_strip (doc, NULL);
  ck_assert_uint_eq (count_marked (doc), 0);
  ck_assert_uint_eq (doc->metadata->len, 0);

  page = add_page (pdf);
  add_text (page, "a line without geometry");
  run_strip (pdf, NULL);
  ck_assert_uint_eq (count_marked (pdf), 0);
}
END_TEST

/* --------------------------------------------------------------- suite */

static TCase *
new_tcase (const char *name)
{
  TCase *tc = tcase_create (name);

  tcase_add_checked_fixture (tc, setup, teardown);
  return tc;
}

static Suite *
strip_suite (void)
{
  Suite *s = suite_create ("strip");
  TCase *tc;

  tc = new_tcase ("page-numbers");
  tcase_add_loop_test (tc, test_number_pattern, 0, 2 * G_N_ELEMENTS (numbers));
  tcase_add_loop_test (tc, test_number_sequence, 0, 2 * G_N_ELEMENTS (sequences));
  tcase_add_loop_test (tc, test_stray_number, 0, 2 * G_N_ELEMENTS (strays));
  suite_add_tcase (s, tc);

  tc = new_tcase ("repetition");
  tcase_add_test (tc, test_repeated_head);
  tcase_add_test (tc, test_repeated_foot);
  tcase_add_test (tc, test_repeated_odd_even);
  tcase_add_test (tc, test_repeated_per_chapter);
  tcase_add_test (tc, test_repeated_digits_differ);
  tcase_add_test (tc, test_repeated_mid_page);
  tcase_add_test (tc, test_repeated_height_differs);
  tcase_add_test (tc, test_repeated_two_line_head);
  tcase_add_test (tc, test_style_head);
  suite_add_tcase (s, tc);

  tc = new_tcase ("head-shape");
  tcase_add_test (tc, test_seed_page);
  tcase_add_loop_test (tc, test_head_metadata, 0, G_N_ELEMENTS (heads));
  tcase_add_test (tc, test_no_head);
  suite_add_tcase (s, tc);

  tc = new_tcase ("options");
  tcase_add_test (tc, test_keep);
  tcase_add_test (tc, test_no_repetition);
  tcase_add_test (tc, test_user_pattern);
  tcase_add_loop_test (tc, test_bad_pattern, 0, G_N_ELEMENTS (bad_patterns));
  tcase_add_test (tc, test_pattern_file);
  tcase_add_test (tc, test_pattern_file_bad_line);
  tcase_add_test (tc, test_pattern_file_all_or_nothing);
  tcase_add_test (tc, test_pattern_file_missing);
  suite_add_tcase (s, tc);

  tc = new_tcase ("invariants");
  tcase_add_loop_test (tc, test_run_twice, 0, G_N_ELEMENTS (builders));
  tcase_add_loop_test (tc, test_nothing_removed, 0, G_N_ELEMENTS (builders));
  tcase_add_loop_test (tc, test_explain, 0, G_N_ELEMENTS (builders));
  tcase_add_test (tc, test_empty);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return folio_test_main (strip_suite ());
}
