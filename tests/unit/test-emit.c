/* Emit (src/lib/folio-emit.c): the section tree built from the heading
 * levels, the section and block ids made from the heading path (stable
 * across drafts, duplicates numbered), the document JSON (read back with
 * json-glib) and Markdown.  Blocks are mostly made by hand, so the tree is
 * exactly what the test says; the seed page goes through every stage. */
#include "folio-test.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

/* ----------------------------------------------------- cleanup and errors */

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

/* A segmented text document of one page, blocks to be added. */
static FolioDocument *
new_doc (void)
{
  FolioDocument *doc = track (folio_document_new (), (GDestroyNotify) folio_document_free);

  doc->media_type = FOLIO_MEDIA_TEXT;
  doc->source = g_strdup ("memory.txt");
  doc->first_page = doc->last_page = doc->page_count = 1;
  g_ptr_array_add (doc->pages, folio_page_new (1));
  folio_document_add_stage (doc, "extract");
  folio_document_add_stage (doc, "strip");
  folio_document_add_stage (doc, "segment");
  return doc;
}

static FolioBlock *
add_block (FolioDocument *doc, FolioBlockType type, const char *text)
{
  FolioBlock *b = folio_block_new (type);

  b->text = g_strdup (text);
  b->first_page = b->last_page = 1;
  g_ptr_array_add (doc->blocks, b);
  return b;
}

static FolioBlock *
add_heading (FolioDocument *doc, guint level, const char *text)
{
  FolioBlock *b = add_block (doc, FOLIO_BLOCK_HEADING, text);

  b->level = level;
  b->evidence = g_strdup ("standalone");
  return b;
}

static FolioBlock *
add_para (FolioDocument *doc, const char *text)
{
  return add_block (doc, FOLIO_BLOCK_PARAGRAPH, text);
}

static FolioBlock *
add_item (FolioDocument *doc, const char *marker, const char *text)
{
  FolioBlock *b = add_block (doc, FOLIO_BLOCK_LIST_ITEM, text);

  b->marker = g_strdup (marker);
  return b;
}

/* ------------------------------------------------------------- emitting */

static char *
emit (const FolioDocument *doc, FolioEmitFormat format)
{
  FolioEmitOptions opts = FOLIO_EMIT_OPTIONS_INIT;
  GString *out = g_string_new (NULL);

  opts.format = format;
  g_clear_error (&error);
  if (!folio_emit_run (doc, &opts, out, &error))
    {
      g_string_free (out, TRUE);
      ck_abort_msg ("emit failed: %s", error_message ());
    }
  ck_assert_ptr_null (error);
  return track (g_string_free (out, FALSE), g_free);
}

/* The document JSON, parsed: its root object. */
static JsonObject *
emit_json (const FolioDocument *doc)
{
  const char *json = emit (doc, FOLIO_EMIT_JSON);
  JsonParser *parser = track (json_parser_new (), g_object_unref);
  JsonNode *root;

  ck_assert_msg (json_parser_load_from_data (parser, json, -1, &error), "%s in:\n%s", error_message (), json);
  root = json_parser_get_root (parser);
  ck_assert_msg (root && JSON_NODE_HOLDS_OBJECT (root), "not an object:\n%s", json);
  return json_node_get_object (root);
}

static JsonArray *
sections_of (JsonObject *o)
{
  ck_assert (json_object_has_member (o, "sections"));
  return json_object_get_array_member (o, "sections");
}

static JsonObject *
section_at (JsonObject *o, guint i)
{
  JsonArray *a = sections_of (o);

  ck_assert_msg (i < json_array_get_length (a), "section %u of %u", i, json_array_get_length (a));
  return json_array_get_object_element (a, i);
}

static JsonObject *
block_at (JsonObject *section, guint i)
{
  JsonArray *a = json_object_get_array_member (section, "blocks");

  ck_assert_msg (a != NULL && i < json_array_get_length (a), "block %u", i);
  return json_array_get_object_element (a, i);
}

static const char *
heading_of (JsonObject *section)
{
  JsonNode *n = json_object_get_member (section, "heading");

  ck_assert_ptr_nonnull (n);
  return JSON_NODE_HOLDS_NULL (n) ? NULL : json_node_get_string (n);
}

static const char *
str (JsonObject *o, const char *member)
{
  ck_assert_msg (json_object_has_member (o, member), "no \"%s\"", member);
  return json_object_get_string_member (o, member);
}

static void
assert_pages (JsonObject *o, guint first, guint last)
{
  JsonArray *a = json_object_get_array_member (o, "pages");

  ck_assert_ptr_nonnull (a);
  ck_assert_uint_eq (json_array_get_length (a), 2);
  ck_assert_int_eq (json_array_get_int_element (a, 0), first);
  ck_assert_int_eq (json_array_get_int_element (a, 1), last);
}

/* The tree as "A(B,C),D" by heading text ("-" for none). */
static void
outline_of (GString *s, JsonArray *sections)
{
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonObject *sec = json_array_get_object_element (sections, i);
      JsonArray *children = json_object_get_array_member (sec, "sections");
      const char *h = heading_of (sec);

      if (i)
        g_string_append_c (s, ',');
      g_string_append (s, h ? h : "-");
      if (json_array_get_length (children) > 0)
        {
          g_string_append_c (s, '(');
          outline_of (s, children);
          g_string_append_c (s, ')');
        }
    }
}

static const char *
outline (JsonObject *root)
{
  GString *s = g_string_new (NULL);

  outline_of (s, sections_of (root));
  return track (g_string_free (s, FALSE), g_free);
}

/* Every id in the tree, sections and blocks, in document order. */
static void
ids_of (GString *s, JsonArray *sections)
{
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonObject *sec = json_array_get_object_element (sections, i);
      JsonArray *blocks = json_object_get_array_member (sec, "blocks");

      g_string_append_printf (s, "%s\n", str (sec, "id"));
      for (guint k = 0; k < json_array_get_length (blocks); k++)
        {
          JsonObject *b = json_array_get_object_element (blocks, k);

          g_string_append_printf (s, "  %s %s\n", str (b, "id"), str (b, "text"));
        }
      ids_of (s, json_object_get_array_member (sec, "sections"));
    }
}

static const char *
ids (JsonObject *root)
{
  GString *s = g_string_new (NULL);

  ids_of (s, sections_of (root));
  return track (g_string_free (s, FALSE), g_free);
}

/* ------------------------------------------------------------------- tree */

typedef struct {
  guint levels[6];       /* of headings H1, H2, ... each over a paragraph; 0 ends */
  const char *tree;
} TreeCase;

static const TreeCase trees[] = {
  { { 1, 2, 2, 1 }, "H1(H2,H3),H4" },
  { { 1, 2, 3, 2 }, "H1(H2(H3),H4)" },
  { { 1, 3, 2 }, "H1(H2,H3)" },
  { { 2, 1 }, "H1,H2" },
  { { 2, 2, 2 }, "H1,H2,H3" },
  { { 1, 2, 3, 1, 3 }, "H1(H2(H3)),H4(H5)" },
};

START_TEST (test_tree)
{
  const TreeCase *t = &trees[_i];
  FolioDocument *doc = new_doc ();
  JsonObject *root, *first;

  for (guint i = 0; i < G_N_ELEMENTS (t->levels) && t->levels[i]; i++)
    {
      g_autofree char *h = g_strdup_printf ("H%u", i + 1);
      g_autofree char *p = g_strdup_printf ("Tekst onder H%u.", i + 1);

      add_heading (doc, t->levels[i], h);
      add_para (doc, p);
    }
  root = emit_json (doc);
  ck_assert_str_eq (outline (root), t->tree);

  /* Each section holds the paragraph under its heading, at its level. */
  first = section_at (root, 0);
  ck_assert_str_eq (heading_of (first), "H1");
  ck_assert_int_eq (json_object_get_int_member (first, "level"), t->levels[0]);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (first, "blocks")), 1);
  ck_assert_str_eq (str (block_at (first, 0), "text"), "Tekst onder H1.");
  ck_assert_str_eq (str (block_at (first, 0), "type"), "paragraph");
  ck_assert_str_eq (str (first, "evidence"), "standalone");
}
END_TEST

/* 1, 2, 2, 1: two top sections, the first with two children, with their
 * ids, levels and blocks. */
START_TEST (test_tree_nesting)
{
  FolioDocument *doc = new_doc ();
  JsonObject *root, *een, *twee, *drie, *vier;
  JsonArray *children;

  add_heading (doc, 1, "Een");
  add_para (doc, "Tekst een.");
  add_heading (doc, 2, "Twee");
  add_para (doc, "Tekst twee.");
  add_heading (doc, 2, "Drie");
  add_para (doc, "Tekst drie.");
  add_heading (doc, 1, "Vier");
  add_para (doc, "Tekst vier.");
  root = emit_json (doc);

  ck_assert_uint_eq (json_array_get_length (sections_of (root)), 2);
  een = section_at (root, 0);
  vier = section_at (root, 1);
  children = json_object_get_array_member (een, "sections");
  ck_assert_uint_eq (json_array_get_length (children), 2);
  twee = json_array_get_object_element (children, 0);
  drie = json_array_get_object_element (children, 1);
  ck_assert_str_eq (str (een, "id"), "een");
  ck_assert_str_eq (str (twee, "id"), "een/twee");
  ck_assert_str_eq (str (drie, "id"), "een/drie");
  ck_assert_str_eq (str (vier, "id"), "vier");
  ck_assert_int_eq (json_object_get_int_member (twee, "level"), 2);
  ck_assert_int_eq (json_object_get_int_member (vier, "level"), 1);
  ck_assert_str_eq (str (block_at (een, 0), "text"), "Tekst een.");
  ck_assert_str_eq (str (block_at (drie, 0), "text"), "Tekst drie.");
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (vier, "sections")), 0);
}
END_TEST

/* Text before the first heading is a section without one. */
START_TEST (test_front)
{
  FolioDocument *doc = new_doc ();
  JsonObject *root, *front;

  add_para (doc, "Voorwoord.");
  add_item (doc, "•", "een punt");
  add_heading (doc, 1, "Inleiding");
  add_para (doc, "Tekst.");
  root = emit_json (doc);

  ck_assert_str_eq (outline (root), "-,Inleiding");
  front = section_at (root, 0);
  ck_assert_ptr_null (heading_of (front));
  ck_assert_str_eq (str (front, "id"), "front");
  ck_assert_int_eq (json_object_get_int_member (front, "level"), 0);
  ck_assert (!json_object_has_member (front, "number"));
  ck_assert (!json_object_has_member (front, "evidence"));
  ck_assert_str_eq (str (block_at (front, 0), "id"), "front#p1");
  ck_assert_str_eq (str (block_at (front, 1), "id"), "front#l1");
  ck_assert_str_eq (str (section_at (root, 1), "id"), "inleiding");
  ck_assert_str_eq (str (block_at (section_at (root, 1), 0), "id"), "inleiding#p1");
}
END_TEST

/* No heading at all: one front section with everything. */
START_TEST (test_no_headings)
{
  FolioDocument *doc = new_doc ();
  JsonObject *root;

  add_para (doc, "Een.");
  add_para (doc, "Twee.");
  root = emit_json (doc);
  ck_assert_str_eq (ids (root), "front\n  front#p1 Een.\n  front#p2 Twee.\n");
}
END_TEST

/* Nothing at all: no sections. */
START_TEST (test_empty)
{
  FolioDocument *doc = new_doc ();

  ck_assert_uint_eq (json_array_get_length (sections_of (emit_json (doc))), 0);
  ck_assert_str_eq (emit (doc, FOLIO_EMIT_MARKDOWN), "");
}
END_TEST

/* -------------------------------------------------------------------- ids */

static const struct {
  const char *heading;
  const char *id;
} slugs[] = {
  { "Europese Unie (EU)", "europese-unie-eu" },
  { "Multinational Industrial Security Working Group (MISWG)",
    "multinational-industrial-security-working-group-miswg" },
  { "Ontwikkelingen", "ontwikkelingen" },
  { "2.3 Café & Co.", "2-3-cafe-co" },
  { "Ein- und Ausgang", "ein-und-ausgang" },
  { "  Spaties  rondom  ", "spaties-rondom" },
  { "!!!", "section" },
};

START_TEST (test_slug)
{
  FolioDocument *doc = new_doc ();
  JsonObject *sec;

  add_heading (doc, 1, slugs[_i].heading);
  add_para (doc, "Tekst.");
  sec = section_at (emit_json (doc), 0);
  ck_assert_str_eq (str (sec, "id"), slugs[_i].id);
  ck_assert_str_eq (heading_of (sec), slugs[_i].heading);
  ck_assert_str_eq (str (block_at (sec, 0), "id"), track (g_strconcat (slugs[_i].id, "#p1", NULL), g_free));
}
END_TEST

START_TEST (test_duplicate_ids)
{
  FolioDocument *doc = new_doc ();

  add_heading (doc, 1, "Bijlage");
  add_para (doc, "Een.");
  add_heading (doc, 2, "Noten");
  add_para (doc, "Twee.");
  add_heading (doc, 2, "Noten");
  add_para (doc, "Drie.");
  add_heading (doc, 1, "Bijlage");
  add_para (doc, "Vier.");
  add_heading (doc, 2, "Noten");
  add_para (doc, "Vijf.");
  add_heading (doc, 1, "Bijlage");
  ck_assert_str_eq (ids (emit_json (doc)),
                    "bijlage\n"
                    "  bijlage#p1 Een.\n"
                    "bijlage/noten\n"
                    "  bijlage/noten#p1 Twee.\n"
                    "bijlage/noten-2\n"
                    "  bijlage/noten-2#p1 Drie.\n"
                    "bijlage-2\n"
                    "  bijlage-2#p1 Vier.\n"
                    "bijlage-2/noten\n"
                    "  bijlage-2/noten#p1 Vijf.\n"
                    "bijlage-3\n");
}
END_TEST

/* Paragraphs and list items are counted apart. */
START_TEST (test_block_ids)
{
  FolioDocument *doc = new_doc ();
  JsonObject *sec, *b;

  add_heading (doc, 1, "Europese Unie (EU)");
  add_para (doc, "Een.");
  add_item (doc, "•", "eerste");
  add_item (doc, "-", "tweede");
  add_para (doc, "Twee.");
  sec = section_at (emit_json (doc), 0);
  ck_assert_str_eq (str (block_at (sec, 0), "id"), "europese-unie-eu#p1");
  ck_assert_str_eq (str (block_at (sec, 1), "id"), "europese-unie-eu#l1");
  ck_assert_str_eq (str (block_at (sec, 2), "id"), "europese-unie-eu#l2");
  ck_assert_str_eq (str (block_at (sec, 3), "id"), "europese-unie-eu#p2");
  b = block_at (sec, 1);
  ck_assert_str_eq (str (b, "type"), "list-item");
  ck_assert_str_eq (str (b, "marker"), "•");
  ck_assert (!json_object_has_member (block_at (sec, 0), "marker"));
}
END_TEST

/* folio_emit_block_ids(): one id per block, in the blocks' order, the
 * same as the JSON's: a heading's is its section's. */
START_TEST (test_block_ids_api)
{
  FolioDocument *doc = new_doc ();
  GPtrArray *ids;
  const char *want[] = { "front#p1", "bijlage", "bijlage#p1", "bijlage#l1", "bijlage/noten",
                         "bijlage/noten#p1", "bijlage-2", "bijlage-2#l1" };

  add_para (doc, "Voorwoord.");
  add_heading (doc, 1, "Bijlage");
  add_para (doc, "Een.");
  add_item (doc, "•", "punt");
  add_heading (doc, 2, "Noten");
  add_para (doc, "Twee.");
  add_heading (doc, 1, "Bijlage");
  add_item (doc, "-", "nog een punt");
  ids = track (folio_emit_block_ids (doc, &error), (GDestroyNotify) g_ptr_array_unref);
  ck_assert_msg (ids != NULL, "%s", error_message ());
  ck_assert_uint_eq (ids->len, doc->blocks->len);
  ck_assert_uint_eq (ids->len, G_N_ELEMENTS (want));
  for (guint i = 0; i < ids->len; i++)
    ck_assert_str_eq (g_ptr_array_index (ids, i), want[i]);
  ck_assert_str_eq (str (block_at (section_at (emit_json (doc), 1), 1), "id"), g_ptr_array_index (ids, 3));
}
END_TEST

START_TEST (test_block_ids_not_segmented)
{
  FolioDocument *doc = track (folio_document_new (), (GDestroyNotify) folio_document_free);

  folio_document_add_stage (doc, "extract");
  ck_assert (folio_emit_block_ids (doc, &error) == NULL);
  ck_assert_msg (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM), "%s", error_message ());
}
END_TEST

/* A paragraph added to one section changes no id outside it, and none of
 * the blocks before it. */
static FolioDocument *
draft (gboolean second)
{
  FolioDocument *doc = new_doc ();

  add_heading (doc, 1, "Een");
  add_para (doc, "Eerste alinea.");
  if (second)
    add_para (doc, "Nieuwe alinea.");
  add_heading (doc, 2, "Een en een");
  add_para (doc, "Tweede alinea.");
  add_heading (doc, 1, "Twee");
  add_para (doc, "Derde alinea.");
  add_item (doc, "•", "punt");
  return doc;
}

START_TEST (test_stable_ids)
{
  FolioDocument *doc = draft (FALSE);
  const char *before = ids (emit_json (doc));
  const char *after = ids (emit_json (draft (TRUE)));

  /* The same document, the same text. */
  ck_assert_str_eq (emit (doc, FOLIO_EMIT_JSON), emit (doc, FOLIO_EMIT_JSON));

  ck_assert_str_eq (before,
                    "een\n"
                    "  een#p1 Eerste alinea.\n"
                    "een/een-en-een\n"
                    "  een/een-en-een#p1 Tweede alinea.\n"
                    "twee\n"
                    "  twee#p1 Derde alinea.\n"
                    "  twee#l1 punt\n");
  ck_assert_str_eq (after,
                    "een\n"
                    "  een#p1 Eerste alinea.\n"
                    "  een#p2 Nieuwe alinea.\n"
                    "een/een-en-een\n"
                    "  een/een-en-een#p1 Tweede alinea.\n"
                    "twee\n"
                    "  twee#p1 Derde alinea.\n"
                    "  twee#l1 punt\n");
}
END_TEST

/* ------------------------------------------------------------------- JSON */

START_TEST (test_json_document)
{
  FolioDocument *doc = new_doc ();
  FolioPage *page = g_ptr_array_index (doc->pages, 0);
  FolioLine *foot = folio_line_new (1, "Pagina 1 van 3");
  FolioBlock *h, *p;
  JsonObject *root, *source, *sec, *b;
  JsonArray *furniture;

  doc->page_count = 3;
  doc->encoding = g_strdup ("UTF-8");
  foot->role = FOLIO_ROLE_PAGE_NUMBER;
  folio_line_mark (foot)->rule = g_strdup ("page-of-total");
  folio_line_mark (foot)->number = g_strdup ("1");
  folio_line_mark (foot)->total = g_strdup ("3");
  g_ptr_array_add (page->lines, foot);
  page->printed = g_strdup ("1");
  g_ptr_array_add (doc->metadata, folio_field_new ("version", "0.16"));
  h = add_heading (doc, 2, "2.3 Methode");
  h->number = g_strdup ("2.3");
  h->evidence = (g_free (h->evidence), g_strdup ("numbering,bold"));
  p = add_para (doc, "Zij zei: \"ja\"\t\\ en \u2713 \u00e9\u00e9n\x01.");
  p->continues = TRUE;
  root = emit_json (doc);

  ck_assert_str_eq (str (root, "format"), "folio");
  ck_assert_str_eq (str (root, "format_version"), FOLIO_FORMAT_VERSION);
  ck_assert (g_str_has_prefix (str (root, "generator"), "folio "));
  source = json_object_get_object_member (root, "source");
  ck_assert_ptr_nonnull (source);
  ck_assert_str_eq (str (source, "path"), "memory.txt");
  ck_assert_str_eq (str (source, "media_type"), "text/plain");
  ck_assert_str_eq (str (source, "encoding"), "UTF-8");
  ck_assert_int_eq (json_object_get_int_member (source, "page_count"), 3);
  ck_assert (!json_object_has_member (source, "outline"));
  ck_assert_str_eq (str (json_object_get_object_member (root, "metadata"), "version"), "0.16");
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (root, "pages")), 1);
  ck_assert_str_eq (str (json_array_get_object_element (json_object_get_array_member (root, "pages"), 0),
                         "printed"), "1");
  furniture = json_object_get_array_member (root, "furniture");
  ck_assert_uint_eq (json_array_get_length (furniture), 1);
  ck_assert_str_eq (str (json_array_get_object_element (furniture, 0), "role"), "page-number");
  ck_assert_str_eq (str (json_array_get_object_element (furniture, 0), "template"), "Pagina # van #");

  sec = section_at (root, 0);
  ck_assert_str_eq (str (sec, "id"), "2-3-methode");
  ck_assert_str_eq (str (sec, "number"), "2.3");
  ck_assert_str_eq (str (sec, "evidence"), "numbering,bold");
  ck_assert_int_eq (json_object_get_int_member (sec, "level"), 2);
  assert_pages (sec, 1, 1);
  b = block_at (sec, 0);
  ck_assert_str_eq (str (b, "text"), p->text);
  ck_assert (json_object_get_boolean_member (b, "continues"));
  assert_pages (b, 1, 1);
}
END_TEST

/* A PDF source: the info dictionary, the outline (an unresolved target is
 * null), page sizes. */
START_TEST (test_json_pdf)
{
  FolioDocument *doc = new_doc ();
  FolioPage *page = g_ptr_array_index (doc->pages, 0);
  JsonObject *root, *source, *info, *p;
  JsonArray *outline;

  doc->media_type = FOLIO_MEDIA_PDF;
  doc->info.title = g_strdup ("Selectielijst");
  doc->info.pdf_version = g_strdup ("PDF-1.7");
  g_ptr_array_add (doc->outline, folio_outline_entry_new ("Cyber", 1, 1));
  g_ptr_array_add (doc->outline, folio_outline_entry_new ("Nergens", 2, 0));
  page->width = 595.5;
  page->height = 842;
  page->label = g_strdup ("iv");
  add_heading (doc, 1, "Cyber");
  add_para (doc, "Tekst.");
  root = emit_json (doc);

  source = json_object_get_object_member (root, "source");
  ck_assert_str_eq (str (source, "media_type"), "application/pdf");
  ck_assert (!json_object_get_boolean_member (source, "encrypted"));
  info = json_object_get_object_member (source, "info");
  ck_assert_str_eq (str (info, "title"), "Selectielijst");
  ck_assert_str_eq (str (info, "pdf_version"), "PDF-1.7");
  ck_assert (!json_object_has_member (info, "author"));
  outline = json_object_get_array_member (source, "outline");
  ck_assert_uint_eq (json_array_get_length (outline), 2);
  ck_assert_str_eq (str (json_array_get_object_element (outline, 0), "title"), "Cyber");
  ck_assert_int_eq (json_object_get_int_member (json_array_get_object_element (outline, 0), "page"), 1);
  ck_assert (json_object_get_null_member (json_array_get_object_element (outline, 1), "page"));
  ck_assert_int_eq (json_object_get_int_member (json_array_get_object_element (outline, 1), "level"), 2);
  p = json_array_get_object_element (json_object_get_array_member (root, "pages"), 0);
  ck_assert_str_eq (str (p, "label"), "iv");
  ck_assert (json_object_get_double_member (p, "width") == 595.5);
  ck_assert (json_object_get_double_member (p, "height") == 842);
  ck_assert_str_eq (str (section_at (root, 0), "id"), "cyber");
}
END_TEST

/* A section spans its blocks' pages and its subsections'. */
START_TEST (test_json_pages)
{
  FolioDocument *doc = new_doc ();
  JsonObject *root, *sec;

  doc->last_page = doc->page_count = 4;
  for (guint i = 2; i <= 4; i++)
    g_ptr_array_add (doc->pages, folio_page_new (i));
  add_heading (doc, 1, "Een");
  add_para (doc, "Een.")->last_page = 2;
  add_heading (doc, 2, "Twee")->first_page = 3;
  ((FolioBlock *) g_ptr_array_index (doc->blocks, 2))->last_page = 3;
  add_para (doc, "Twee.")->first_page = 3;
  ((FolioBlock *) g_ptr_array_index (doc->blocks, 3))->last_page = 4;
  root = emit_json (doc);

  sec = section_at (root, 0);
  assert_pages (sec, 1, 4);
  assert_pages (block_at (sec, 0), 1, 2);
  assert_pages (json_array_get_object_element (json_object_get_array_member (sec, "sections"), 0), 3, 4);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (root, "pages")), 4);
}
END_TEST

/* The text goes after what is in @out already. */
START_TEST (test_appends)
{
  FolioDocument *doc = new_doc ();
  g_autoptr (GString) out = g_string_new ("before\n");

  add_para (doc, "Tekst.");
  ck_assert (folio_emit_run (doc, NULL, out, &error));
  ck_assert (g_str_has_prefix (out->str, "before\n{\"format\":\"folio\""));
  ck_assert (g_str_has_suffix (out->str, "}\n"));
}
END_TEST

/* --------------------------------------------------------------- Markdown */

START_TEST (test_markdown)
{
  FolioDocument *doc = new_doc ();

  add_para (doc, "Voorwoord.");
  add_heading (doc, 1, "Een");
  add_para (doc, "Tekst.");
  add_heading (doc, 2, "Twee");
  add_item (doc, "•", "eerste");
  add_item (doc, "a.", "tweede");
  add_para (doc, "Daarna:");
  add_item (doc, "1.", "een");
  add_item (doc, "2.", "twee");
  add_heading (doc, 3, "Drie");
  add_para (doc, "Slot.");
  ck_assert_str_eq (emit (doc, FOLIO_EMIT_MARKDOWN),
                    "Voorwoord.\n"
                    "\n"
                    "# Een\n"
                    "\n"
                    "Tekst.\n"
                    "\n"
                    "## Twee\n"
                    "\n"
                    "- eerste\n"
                    "- tweede\n"
                    "\n"
                    "Daarna:\n"
                    "\n"
                    "1. een\n"
                    "2. twee\n"
                    "\n"
                    "### Drie\n"
                    "\n"
                    "Slot.\n");
}
END_TEST

/* ----------------------------------------------------------------- errors */

START_TEST (test_not_segmented)
{
  FolioDocument *doc = track (folio_document_new (), (GDestroyNotify) folio_document_free);
  FolioEmitOptions opts = FOLIO_EMIT_OPTIONS_INIT;
  g_autoptr (GString) out = g_string_new (NULL);

  doc->source = g_strdup ("memory.txt");
  folio_document_add_stage (doc, "extract");
  folio_document_add_stage (doc, "strip");
  opts.format = _i ? FOLIO_EMIT_MARKDOWN : FOLIO_EMIT_JSON;
  ck_assert (!folio_emit_run (doc, &opts, out, &error));
  ck_assert_msg (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_BAD_STREAM), "%s", error_message ());
  ck_assert_msg (strstr (error->message, "folio-segment") != NULL, "%s", error->message);
  ck_assert_msg (g_str_has_prefix (error->message, "memory.txt: "), "%s", error->message);
  ck_assert_uint_eq (out->len, 0);
}
END_TEST

/* --------------------------------------------------------------- the seed */

/* folio_emit_write(): a long document comes in pieces of about 64 KiB
 * that make exactly folio_emit_run()'s bytes, JSON and Markdown alike; a
 * writer's failure stops the writing and is the error. */
typedef struct {
  GString *all;
  guint pieces;
  guint fail_at;         /* 1-based piece that fails, 0: none */
} Pieces;

static void
string_free (GString *s)
{
  g_string_free (s, TRUE);
}

static gboolean
take_piece (const char *text, gsize len, gpointer data, GError **err)
{
  Pieces *p = data;

  ck_assert_uint_gt (len, 0);
  if (++p->pieces == p->fail_at)
    {
      g_set_error (err, FOLIO_ERROR, FOLIO_ERROR_WRITE, "out.json: write failed: No space left on device");
      return FALSE;
    }
  /* a section's blocks are written as they go: no piece much past 64 KiB */
  ck_assert_uint_lt (len, 64 * 1024 + 4096);
  g_string_append_len (p->all, text, (gssize) len);
  return TRUE;
}

START_TEST (test_write_pieces)
{
  FolioDocument *doc = new_doc ();
  const FolioEmitFormat formats[] = { FOLIO_EMIT_JSON, FOLIO_EMIT_MARKDOWN };

  for (guint h = 0; h < 40; h++)
    {
      add_heading (doc, 1 + h % 3, track (g_strdup_printf ("Hoofdstuk %u", h), g_free));
      for (guint i = 0; i < 60; i++)
        add_para (doc, track (g_strdup_printf ("Alinea %u.%u, lang genoeg om de uitvoer over veel stukken te "
                                               "verdelen: \"aanhalingstekens\" en één é.", h, i), g_free));
      add_item (doc, "-", "laatste punt");
    }
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      FolioEmitOptions opts = { formats[f] };
      const char *whole = emit (doc, formats[f]);
      Pieces p = { track (g_string_new (NULL), (GDestroyNotify) string_free), 0, 0 };
      Pieces failing = { track (g_string_new (NULL), (GDestroyNotify) string_free), 0, 2 };

      ck_assert_msg (folio_emit_write (doc, &opts, take_piece, &p, &error), "%s", error_message ());
      ck_assert_uint_gt (p.pieces, 3);
      ck_assert_uint_eq (p.all->len, strlen (whole));
      ck_assert_str_eq (p.all->str, whole);

      ck_assert (!folio_emit_write (doc, &opts, take_piece, &failing, &error));
      ck_assert (g_error_matches (error, FOLIO_ERROR, FOLIO_ERROR_WRITE));
      ck_assert_uint_eq (failing.pieces, 2);
      g_clear_error (&error);
    }
}
END_TEST

START_TEST (test_seed_page)
{
  g_autofree char *path = folio_test_seed ("selectielijst-mivd-p113.txt");
  static const char *const expect[] = {
    "multinational-industrial-security-working-group-miswg",
    "europese-unie-eu",
    "ontwikkelingen",
    "cyber",
  };
  FolioDocument *doc;
  JsonObject *root, *last;
  const char *md;

  FOLIO_SKIP_UNLESS (path, "seed selectielijst-mivd-p113.txt");
  doc = track (folio_extract_file (path, NULL, &error), (GDestroyNotify) folio_document_free);
  ck_assert_msg (doc != NULL, "%s", error_message ());
  ck_assert_msg (folio_strip_run (doc, NULL, &error), "%s", error_message ());
  ck_assert_msg (folio_segment_run (doc, NULL, &error), "%s", error_message ());
  root = emit_json (doc);

  ck_assert_uint_eq (json_array_get_length (sections_of (root)), G_N_ELEMENTS (expect));
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      JsonObject *sec = section_at (root, i);
      const char *pid = track (g_strconcat (expect[i], "#p1", NULL), g_free);

      ck_assert_str_eq (str (sec, "id"), expect[i]);
      ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (sec, "blocks")), 1);
      ck_assert_str_eq (str (block_at (sec, 0), "id"), pid);
    }
  last = block_at (section_at (root, 3), 0);
  ck_assert (json_object_get_boolean_member_with_default (last, "continues", FALSE));
  ck_assert (!json_object_has_member (block_at (section_at (root, 0), 0), "continues"));
  ck_assert_uint_ge (json_array_get_length (json_object_get_array_member (root, "furniture")), 2);
  ck_assert_str_eq (str (json_object_get_object_member (root, "metadata"), "version"), "0.16");

  md = emit (doc, FOLIO_EMIT_MARKDOWN);
  ck_assert (g_str_has_prefix (md, "# Multinational Industrial Security Working Group (MISWG)\n\nDe MIVD "));
  ck_assert_ptr_nonnull (strstr (md, "\n\n# Europese Unie (EU)\n\nDe EU heeft "));
  ck_assert (g_str_has_suffix (md, "netwerken van\n"));
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

static Suite *
emit_suite (void)
{
  Suite *s = suite_create ("emit");
  TCase *tc;

  tc = new_tcase ("tree");
  tcase_add_loop_test (tc, test_tree, 0, G_N_ELEMENTS (trees));
  tcase_add_test (tc, test_tree_nesting);
  tcase_add_test (tc, test_front);
  tcase_add_test (tc, test_no_headings);
  tcase_add_test (tc, test_empty);
  suite_add_tcase (s, tc);

  tc = new_tcase ("ids");
  tcase_add_loop_test (tc, test_slug, 0, G_N_ELEMENTS (slugs));
  tcase_add_test (tc, test_duplicate_ids);
  tcase_add_test (tc, test_block_ids);
  tcase_add_test (tc, test_stable_ids);
  tcase_add_test (tc, test_block_ids_api);
  tcase_add_test (tc, test_block_ids_not_segmented);
  suite_add_tcase (s, tc);

  tc = new_tcase ("json");
  tcase_add_test (tc, test_json_document);
  tcase_add_test (tc, test_json_pdf);
  tcase_add_test (tc, test_json_pages);
  tcase_add_test (tc, test_appends);
  suite_add_tcase (s, tc);

  tc = new_tcase ("markdown");
  tcase_add_test (tc, test_markdown);
  tcase_add_test (tc, test_write_pieces);
  suite_add_tcase (s, tc);

  tc = new_tcase ("errors");
  tcase_add_loop_test (tc, test_not_segmented, 0, 2);
  tcase_add_test (tc, test_seed_page);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  return folio_test_main (emit_suite ());
}
