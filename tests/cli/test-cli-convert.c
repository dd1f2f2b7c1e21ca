/* folio convert, folio-segment and folio-emit, run as a user runs them:
 * the document JSON of real documents, checked against what a reader of
 * them sees, against the piped stage programs, and against the schema. */
#include "folio-test.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

static const char *
bin (const char *var)
{
  const char *p = g_getenv (var);

  ck_assert_msg (p != NULL, "%s not set (run through meson test)", var);
  return p;
}

static FolioRun *
convert (const char *input, const char *a1, const char *a2)
{
  const char *argv[] = { bin ("FOLIO"), "convert", input, a1, a2, NULL };

  return folio_test_run (argv, NULL);
}

/* Runs @prog with stdin from @in_path, stdout into a new temporary file. */
static char *
stage (const char *prog, const char *in_path, const char *extra)
{
  static guint n;
  char *out = g_strdup_printf ("%s/stage-%u.out", folio_test_tmpdir (), n++);
  const char *argv[] = { bin (prog), in_path, "-o", out, extra, NULL };
  g_autoptr (FolioRun) r = folio_test_run (argv, NULL);

  ck_assert_msg (r->status == 0, "%s: %s", prog, r->err);
  return out;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  ck_assert_msg (json_parser_load_from_data (parser, text, -1, &error), "not JSON: %s",
                 error ? error->message : "");
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
section_at (JsonObject *doc, guint i)
{
  return json_array_get_object_element (json_object_get_array_member (doc, "sections"), i);
}

/* The document JSON of corpus file @relpath as `folio convert` makes it,
 * the run asserted to succeed; NULL when the corpus is not there. */
static JsonNode *
convert_corpus (const char *relpath)
{
  g_autofree char *pdf = folio_test_corpus (relpath);
  g_autoptr (FolioRun) r = NULL;

  if (pdf == NULL)
    return NULL;
  r = convert (pdf, NULL, NULL);
  ck_assert_msg (r->status == 0, "%s: %s", relpath, r->err);
  return parse_json (r->out);
}

START_TEST (seed_page_sections)
{
  g_autofree char *seed = folio_test_seed ("selectielijst-mivd-p113.txt");
  g_autoptr (FolioRun) r = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *doc;
  JsonArray *sections;
  const char *headings[] = { "Multinational Industrial Security Working Group (MISWG)",
                             "Europese Unie (EU)", "Ontwikkelingen", "Cyber" };

  FOLIO_SKIP_UNLESS (seed, "../shared/seed/selectielijst-mivd-p113.txt");
  r = convert (seed, NULL, NULL);
  ck_assert_msg (r->status == 0, "%s", r->err);
  ck_assert_str_eq (r->err, "");
  root = parse_json (r->out);
  doc = json_node_get_object (root);
  ck_assert_str_eq (json_object_get_string_member (doc, "format"), "folio");
  sections = json_object_get_array_member (doc, "sections");
  ck_assert_int_eq (json_array_get_length (sections), 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *s = section_at (doc, i);
      JsonArray *blocks = json_object_get_array_member (s, "blocks");
      JsonObject *p;
      const char *text;

      ck_assert_str_eq (json_object_get_string_member (s, "heading"), headings[i]);
      ck_assert_int_eq (json_array_get_length (blocks), 1);
      p = json_array_get_object_element (blocks, 0);
      text = json_object_get_string_member (p, "text");
      ck_assert_str_eq (json_object_get_string_member (p, "type"), "paragraph");
      ck_assert (strchr (text, '\n') == NULL);
      /* The last paragraph runs on to page 114. */
      ck_assert_int_eq (json_object_get_boolean_member_with_default (p, "continues", FALSE), i == 3);
      if (i == 1)
        {
          ck_assert (strstr (text, "uitgewisseld") != NULL);
          ck_assert_msg (strstr (text, "het aantal EU-missies en") != NULL, "%s", text);
          ck_assert (strstr (text, "buitenlands- en veiligheidsbeleid") != NULL);
        }
      if (i == 3)
        ck_assert (g_str_has_suffix (text, "netwerken van"));
    }
  ck_assert_str_eq (json_object_get_string_member (section_at (doc, 1), "id"), "europese-unie-eu");
  ck_assert_str_eq (json_object_get_string_member (json_object_get_object_member (doc, "metadata"), "version"),
                    "0.16");
  /* Furniture kept on record. */
  ck_assert_int_eq (json_array_get_length (json_object_get_array_member (doc, "furniture")), 2);
}
END_TEST

/* convert is the four stage programs piped, byte for byte. */
START_TEST (convert_equals_the_pipe)
{
  const char *names[] = { "draagmoederschap.pdf", "draft-ietf-appsawg-file-scheme-00.txt",
                          "pagelabels.pdf", "bookmark_sample.pdf" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *input = folio_test_sample (names[i]);
      g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *piped = NULL;
      g_autoptr (FolioRun) conv = NULL;
      gsize len = 0;

      if (input == NULL)
        continue;
      a = stage ("FOLIO_EXTRACT", input, NULL);
      b = stage ("FOLIO_STRIP", a, NULL);
      c = stage ("FOLIO_SEGMENT", b, NULL);
      d = stage ("FOLIO_EMIT", c, NULL);
      ck_assert (g_file_get_contents (d, &piped, &len, NULL));
      conv = convert (input, NULL, NULL);
      ck_assert_msg (conv->status == 0, "%s: %s", names[i], conv->err);
      ck_assert_int_eq (conv->out_len, len);
      ck_assert_msg (memcmp (conv->out, piped, len) == 0, "%s: convert and the pipe differ", names[i]);
      json_node_unref (parse_json (conv->out));
    }
}
END_TEST

START_TEST (markdown_and_output_file)
{
  g_autofree char *seed = folio_test_seed ("selectielijst-mivd-p113.txt");
  g_autofree char *out = g_build_filename (folio_test_tmpdir (), "seed.md", NULL);
  g_autofree char *md = NULL;
  g_autofree char *opt = g_strconcat ("--output=", out, NULL);
  g_autoptr (FolioRun) r = NULL;

  FOLIO_SKIP_UNLESS (seed, "../shared/seed/selectielijst-mivd-p113.txt");
  r = convert (seed, "--format=markdown", opt);
  ck_assert_msg (r->status == 0, "%s", r->err);
  ck_assert_int_eq (r->out_len, 0);
  ck_assert (g_file_get_contents (out, &md, NULL, NULL));
  ck_assert (g_str_has_prefix (md, "# Multinational Industrial Security Working Group (MISWG)\n\nDe MIVD"));
  ck_assert (strstr (md, "\n# Cyber\n\n") != NULL);
  ck_assert (strstr (md, "Pagina 113") == NULL);
}
END_TEST

START_TEST (stages_in_order)
{
  g_autofree char *seed = folio_test_seed ("selectielijst-mivd-p113.txt");
  g_autofree char *a = NULL, *b = NULL;

  FOLIO_SKIP_UNLESS (seed, "../shared/seed/selectielijst-mivd-p113.txt");
  a = stage ("FOLIO_EXTRACT", seed, NULL);
  {
    /* segment straight after extract: strip has to run first */
    const char *argv[] = { bin ("FOLIO_SEGMENT"), a, NULL };
    g_autoptr (FolioRun) r = folio_test_run (argv, NULL);

    ck_assert_int_eq (r->status, FOLIO_EXIT_BAD_STREAM);
    ck_assert_msg (strstr (r->err, "run folio-strip before folio-segment") != NULL, "%s", r->err);
    ck_assert_int_eq (r->out_len, 0);
  }
  b = stage ("FOLIO_STRIP", a, NULL);
  {
    /* threads looking for tables: one or more */
    const char *argv[] = { bin ("FOLIO_SEGMENT"), "-j", "-1", b, NULL };
    g_autoptr (FolioRun) r = folio_test_run (argv, NULL);

    ck_assert_int_eq (r->status, FOLIO_EXIT_USAGE);
    ck_assert_msg (strstr (r->err, "-j takes a number of threads") != NULL, "%s", r->err);
    ck_assert_int_eq (r->out_len, 0);
  }
  {
    const char *argv[] = { bin ("FOLIO_EMIT"), b, NULL };
    g_autoptr (FolioRun) r = folio_test_run (argv, NULL);

    ck_assert_int_eq (r->status, FOLIO_EXIT_BAD_STREAM);
    ck_assert_msg (strstr (r->err, "run folio-segment before folio-emit") != NULL, "%s", r->err);
  }
  {
    const char *argv[] = { bin ("FOLIO_EMIT"), "--format=docx", b, NULL };
    g_autoptr (FolioRun) r = folio_test_run (argv, NULL);

    ck_assert_int_eq (r->status, FOLIO_EXIT_USAGE);
  }
}
END_TEST

/* Real outputs against docs/folio.schema.json, with python3-jsonschema. */
START_TEST (outputs_match_the_schema)
{
  /* Debian's python3, where scripts/setup installs python3-jsonschema. */
  g_autofree char *python = g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)
                              ? g_strdup ("/usr/bin/python3") : g_find_program_in_path ("python3");
  g_autofree char *schema = g_build_filename (g_getenv ("FOLIO_DOCS"), "folio.schema.json", NULL);
  const char *inputs[] = { "draagmoederschap.pdf", "draft-ietf-appsawg-file-scheme-00.txt",
                           "pagelabels.pdf", "bookmark_sample.pdf" };
  const char *check = "import json,sys,jsonschema\n"
                      "s=json.load(open(sys.argv[1]))\n"
                      "jsonschema.Draft202012Validator.check_schema(s)\n"
                      "for p in sys.argv[2:]:\n"
                      "  jsonschema.validate(json.load(open(p)), s, cls=jsonschema.Draft202012Validator)\n";
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *err = NULL;
  int status = -1;

  FOLIO_SKIP_UNLESS (python, "python3");
  if (!g_file_test (schema, G_FILE_TEST_EXISTS))
    ck_abort_msg ("%s missing", schema);
  {
    const char *probe[] = { python, "-c", "import jsonschema", NULL };

    if (!g_spawn_sync (NULL, (char **) probe, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                       &status, NULL) || status != 0)
      {
        fprintf (stderr, "# skip: python3-jsonschema not installed\n");
        return;
      }
  }
  g_ptr_array_add (argv, g_strdup (python));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup (check));
  g_ptr_array_add (argv, g_strdup (schema));
  /* and, where the corpus is at hand, documents with footnotes, captions,
   * tables and fields */
  const char *corpus[] = { "versions/stuf0302-rev2959/stuf0302-rev2959-2017-03-06_RFC0473.pdf",
                           "nl/coronamelder/Bijlage_K_-_Rapportage_Penetratietest.pdf" };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs) + 1 + G_N_ELEMENTS (corpus); i++)
    {
      g_autofree char *input = i < G_N_ELEMENTS (inputs) ? folio_test_sample (inputs[i])
                               : i == G_N_ELEMENTS (inputs) ? folio_test_seed ("selectielijst-mivd-p113.txt")
                               : folio_test_corpus (corpus[i - G_N_ELEMENTS (inputs) - 1]);
      g_autofree char *out = g_strdup_printf ("%s/schema-%zu.json", folio_test_tmpdir (), i);
      g_autoptr (FolioRun) r = NULL;

      if (input == NULL)
        continue;
      r = convert (input, "-o", out);
      ck_assert_msg (r->status == 0, "%s", r->err);
      g_ptr_array_add (argv, g_strdup (out));
    }
  {
    /* A skipped page (docs/reliability.md) is in the schema too. */
    g_autofree char *input = folio_test_sample ("draagmoederschap.pdf");
    g_autofree char *out = g_strdup_printf ("%s/schema-skipped.json", folio_test_tmpdir ());
    g_autoptr (FolioRun) r = NULL;

    g_setenv ("FOLIO_TEST_DAMAGED_PAGE", "2", TRUE);
    r = convert (input, "-o", out);
    g_unsetenv ("FOLIO_TEST_DAMAGED_PAGE");
    ck_assert_msg (r->status == FOLIO_EXIT_PAGES_SKIPPED, "%s", r->err);
    g_ptr_array_add (argv, g_strdup (out));
  }
  g_ptr_array_add (argv, NULL);
  ck_assert (g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL, NULL, NULL, &err, &status, NULL));
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "schema check failed: %s", err);
}
END_TEST

/* Pages read on several threads give the very same document. */
START_TEST (threads_change_nothing)
{
  g_autofree char *pdf = folio_test_corpus ("nl/plooi/fiche-5-herziening-verordening-en-richtlijn-markten-voor-financiele-instrumenten.pdf");
  g_autoptr (FolioRun) one = NULL;

  FOLIO_SKIP_UNLESS (pdf, "the shared corpus");
  one = convert (pdf, "-j", "1");
  ck_assert_msg (one->status == 0, "%s", one->err);
  for (int j = 2; j <= 4; j++)
    {
      g_autofree char *n = g_strdup_printf ("%d", j);
      g_autoptr (FolioRun) many = convert (pdf, "-j", n);

      ck_assert_int_eq (many->status, 0);
      ck_assert_int_eq (many->out_len, one->out_len);
      ck_assert_msg (memcmp (many->out, one->out, one->out_len) == 0, "-j %d differs from -j 1", j);
    }
}
END_TEST

/* "-j2", "-f2": a short option's value joined to it, as getopt takes it
 * (GOption alone read "-j2 FILE" as -j with the file's name for its
 * number), also after options without one ("-kj2" is -k -j 2); and
 * "-o -j2", where "-j2" is -o's value, still a file name. */
START_TEST (short_option_values_joined)
{
  g_autofree char *pdf = folio_test_sample ("draagmoederschap.pdf");
  g_autofree char *odd = g_build_filename (folio_test_tmpdir (), "-j2", NULL);
  g_autofree char *written = NULL;
  gsize len;
  const char *apart[] = { bin ("FOLIO"), "convert", "-j", "2", "-f", "2", "-l", "3", pdf, NULL };
  const char *joined[] = { bin ("FOLIO"), "convert", "-j2", "-f2", "-l3", pdf, NULL };
  const char *value[] = { bin ("FOLIO"), "convert", "-f2", pdf, "-o", odd, NULL };
  const char *bad[] = { bin ("FOLIO"), "convert", "-jx", pdf, NULL };
  const char *kept_apart[] = { bin ("FOLIO"), "convert", "-k", "-j", "2", "-f", "2", "-l", "3", pdf, NULL };
  const char *grouped[] = { bin ("FOLIO"), "convert", "-kj2", "-f2", "-l3", pdf, NULL };
  g_autoptr (FolioRun) a = folio_test_run (apart, NULL);
  g_autoptr (FolioRun) ka = folio_test_run (kept_apart, NULL);
  g_autoptr (FolioRun) g = folio_test_run (grouped, NULL);
  g_autoptr (FolioRun) j = folio_test_run (joined, NULL);
  g_autoptr (FolioRun) v = folio_test_run (value, NULL);
  g_autoptr (FolioRun) b = folio_test_run (bad, NULL);

  ck_assert_msg (a->status == 0, "%s", a->err);
  ck_assert_msg (j->status == 0, "%s", j->err);
  ck_assert_uint_eq (j->out_len, a->out_len);
  ck_assert (memcmp (j->out, a->out, a->out_len) == 0);
  ck_assert_msg (v->status == 0, "%s", v->err);
  ck_assert_msg (g_file_get_contents (odd, &written, &len, NULL), "nothing written to %s", odd);
  ck_assert_msg (strstr (written, "\"first_page\":2") != NULL, "%.200s", written);
  ck_assert_int_eq (b->status, FOLIO_EXIT_USAGE);
  ck_assert_msg (strstr (b->err, "\u201cx\u201d for -j") != NULL, "%s", b->err);
  ck_assert_msg (ka->status == 0, "%s", ka->err);
  ck_assert_msg (g->status == 0, "%s", g->err);
  ck_assert_uint_eq (g->out_len, ka->out_len);
  ck_assert (memcmp (g->out, ka->out, ka->out_len) == 0);
  /* -k left the furniture in the body: not the same as without it */
  ck_assert (ka->out_len != a->out_len || memcmp (ka->out, a->out, a->out_len) != 0);
}
END_TEST

/* Runs the launcher @launcher with GLIBC_TUNABLES set to @tunables (unset
 * if NULL), and @arg. */
static FolioRun *
launch (const char *launcher, const char *tunables, const char *arg)
{
  g_autofree char *set = tunables ? g_strdup_printf ("GLIBC_TUNABLES=%s", tunables) : NULL;
  const char *argv[] = { "/usr/bin/env", "-u", "GLIBC_TUNABLES", launcher, arg, NULL, NULL };

  if (set != NULL)
    {
      argv[1] = set;
      argv[2] = launcher;
      argv[3] = arg;
      argv[4] = NULL;
    }
  return folio_test_run (argv, NULL);
}

/* `folio` and `folio-extract` start their program through a launcher that
 * sets glibc's thread cache larger (src/tools/folio-launch.c): a copy of
 * it, beside a stand-in program that shows what it was given, adds the
 * setting to what the user set, leaves the user's own size alone, passes
 * the arguments and the exit status through, and says so when the program
 * is missing. */
START_TEST (launcher_sets_the_thread_cache)
{
  g_autofree char *dir = g_build_filename (folio_test_tmpdir (), "launch", NULL);
  g_autofree char *libexec = g_build_filename (dir, "libexec", NULL);
  g_autofree char *launcher = g_build_filename (dir, "folio", NULL);
  g_autofree char *program = g_build_filename (libexec, "folio", NULL);
  g_autofree char *installed = g_build_filename (bin ("FOLIO_LIBEXECDIR"), "folio", NULL);
  g_autofree char *bytes = NULL;
  gsize len;
  g_autoptr (GError) error = NULL;

  ck_assert_int_eq (g_mkdir_with_parents (libexec, 0755), 0);
  ck_assert_msg (g_file_get_contents (bin ("FOLIO"), &bytes, &len, &error), "%s", error ? error->message : "");
  ck_assert (g_file_set_contents (launcher, bytes, (gssize) len, NULL));
  ck_assert_int_eq (g_chmod (launcher, 0755), 0);
  ck_assert (g_file_set_contents (program, "#!/bin/sh\nprintf '%s|' \"$GLIBC_TUNABLES\" \"$@\"\nexit 3\n", -1, NULL));
  ck_assert_int_eq (g_chmod (program, 0755), 0);
  {
    g_autoptr (FolioRun) unset = launch (launcher, NULL, "a b");
    g_autoptr (FolioRun) other = launch (launcher, "glibc.malloc.mxfast=64", "-j2");
    g_autoptr (FolioRun) own = launch (launcher, "glibc.malloc.tcache_count=7", "x");

    ck_assert_int_eq (unset->status, 3);
    ck_assert_str_eq (unset->out, "glibc.malloc.tcache_count=1000|a b|");
    ck_assert_int_eq (other->status, 3);
    ck_assert_str_eq (other->out, "glibc.malloc.mxfast=64:glibc.malloc.tcache_count=1000|-j2|");
    ck_assert_str_eq (own->out, "glibc.malloc.tcache_count=7|x|");
  }
  /* Nor where an installed launcher looks, from its directory
   * (../libexec/folio) and where meson installs it, is there one (unless
   * folio is installed on this machine: that would run). */
  if (!g_file_test (installed, G_FILE_TEST_EXISTS))
    {
      g_autoptr (FolioRun) missing = NULL;
      /* (the launcher's directory as /proc/self/exe has it: no symlinks) */
      g_autofree char *real = realpath (dir, NULL);
      g_autofree char *expect = g_strdup_printf ("folio: cannot start its program: %s/libexec/folio, "
                                                 "%s/../libexec/folio/folio nor %s: No such file or directory\n",
                                                 real, real, installed);

      ck_assert_int_eq (g_unlink (program), 0);
      missing = launch (launcher, NULL, "--version");
      ck_assert_int_eq (missing->status, FOLIO_EXIT_FAILED);
      ck_assert_str_eq (missing->err, expect);
    }
}
END_TEST

/* The blocks of @doc's sections, depth first, of type @type. */
static void
blocks_of (JsonObject *section, const char *type, GPtrArray *out)
{
  JsonArray *blocks = json_object_get_array_member (section, "blocks");
  JsonArray *children = json_object_get_array_member (section, "sections");

  for (guint i = 0; blocks && i < json_array_get_length (blocks); i++)
    {
      JsonObject *b = json_array_get_object_element (blocks, i);

      if (type == NULL || g_strcmp0 (json_object_get_string_member (b, "type"), type) == 0)
        g_ptr_array_add (out, b);
    }
  for (guint i = 0; children && i < json_array_get_length (children); i++)
    blocks_of (json_array_get_object_element (children, i), type, out);
}

static GPtrArray *
all_blocks (JsonObject *doc, const char *type)
{
  GPtrArray *out = g_ptr_array_new ();
  JsonArray *sections = json_object_get_array_member (doc, "sections");

  for (guint i = 0; i < json_array_get_length (sections); i++)
    blocks_of (json_array_get_object_element (sections, i), type, out);
  return out;
}

/* The footnote at the foot of page 1 of the sample is a footnote block
 * with its marker, not text inside a paragraph. */
START_TEST (footnote_of_the_sample)
{
  g_autofree char *pdf = folio_test_sample ("draagmoederschap.pdf");
  g_autoptr (FolioRun) r = convert (pdf, NULL, NULL);
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) notes = NULL;
  g_autoptr (GPtrArray) paras = NULL;
  JsonObject *note;

  ck_assert_msg (r->status == 0, "%s", r->err);
  root = parse_json (r->out);
  notes = all_blocks (json_node_get_object (root), "footnote");
  ck_assert_uint_eq (notes->len, 1);
  note = g_ptr_array_index (notes, 0);
  ck_assert_str_eq (json_object_get_string_member (note, "marker"), "1");
  ck_assert (g_str_has_prefix (json_object_get_string_member (note, "text"), "Bij hoogtechnologisch draagmoederschap"));
  paras = all_blocks (json_node_get_object (root), "paragraph");
  for (guint i = 0; i < paras->len; i++)
    ck_assert_ptr_null (strstr (json_object_get_string_member (g_ptr_array_index (paras, i), "text"),
                                "Bij hoogtechnologisch draagmoederschap wordt"));
}
END_TEST

/* A Dutch design document sets "Hoofdstuk 1" and "Bĳlage A" (its ij one
 * letter) on lines of their own over their titles: a reader sees one
 * chapter and one appendix, each holding its text. */
START_TEST (chapter_over_its_title)
{
  static const char *const want[][3] = {
    { "Hoofdstuk 1 Executive Summary", "1", "hoofdstuk-1-executive-summary" },
    { "B\xc4\xb3lage A Key IDs", "A", NULL },
  };
  g_autoptr (JsonNode) root = convert_corpus ("versions/x509-pinning/x509-pinning-1.03.pdf");
  JsonArray *sections;
  guint found = 0;

  FOLIO_SKIP_UNLESS (root, "the shared corpus");
  sections = json_object_get_array_member (json_node_get_object (root), "sections");
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonObject *s = json_array_get_object_element (sections, i);
      const char *heading = json_object_get_string_member_with_default (s, "heading", "");

      /* no section is the bare keyword */
      ck_assert_str_ne (heading, "Hoofdstuk 1");
      ck_assert_str_ne (heading, "B\xc4\xb3lage A");
      for (guint k = 0; k < G_N_ELEMENTS (want); k++)
        if (strcmp (heading, want[k][0]) == 0)
          {
            JsonArray *blocks = json_object_get_array_member (s, "blocks");

            ck_assert_str_eq (json_object_get_string_member (s, "number"), want[k][1]);
            if (want[k][2])
              ck_assert_str_eq (json_object_get_string_member (s, "id"), want[k][2]);
            ck_assert_msg (blocks && json_array_get_length (blocks) > 0, "%s holds no text", heading);
            found++;
          }
    }
  ck_assert_uint_eq (found, G_N_ELEMENTS (want));
}
END_TEST

/* R's reference manual names the help topic a page is in atop the page,
 * in italic (".Machine" over that topic's pages): furniture, by its style.
 * Each topic's section then opens at its own heading and holds its own
 * text, not the tail of the topic before. */
START_TEST (topic_heads_are_furniture)
{
  g_autofree char *pdf = folio_test_corpus ("debian/r-doc-pdf/refman.pdf");
  g_autoptr (FolioRun) r = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *doc, *chapter;
  JsonArray *topics, *furniture;
  guint styled = 0;
  gboolean machine = FALSE;

  FOLIO_SKIP_UNLESS (pdf, "the shared corpus");
  {
    const char *argv[] = { bin ("FOLIO"), "convert", "-f", "32", "-l", "47", pdf, NULL };

    r = folio_test_run (argv, NULL);
  }
  ck_assert_msg (r->status == 0, "%s", r->err);
  root = parse_json (r->out);
  doc = json_node_get_object (root);
  chapter = section_at (doc, 0);
  ck_assert_str_eq (json_object_get_string_member (chapter, "heading"), "Chapter 1 The base package");
  topics = json_object_get_array_member (chapter, "sections");
  ck_assert_uint_ge (json_array_get_length (topics), 10);
  for (guint i = 0; i < json_array_get_length (topics); i++)
    {
      JsonObject *t = json_array_get_object_element (topics, i);
      JsonObject *first = json_array_get_object_element (json_object_get_array_member (t, "blocks"), 0);
      const char *heading = json_object_get_string_member (t, "heading");

      /* every help page starts with its description */
      ck_assert_msg (strcmp (json_object_get_string_member (first, "text"), "Description") == 0,
                     "%s opens with \"%s\"", heading, json_object_get_string_member (first, "text"));
      machine |= strcmp (heading, ".Machine Numerical Characteristics of the Machine") == 0;
    }
  ck_assert (machine);
  furniture = json_object_get_array_member (doc, "furniture");
  for (guint i = 0; i < json_array_get_length (furniture); i++)
    styled += strcmp (json_object_get_string_member (json_array_get_object_element (furniture, i), "rule"),
                      "head-style") == 0;
  ck_assert_uint_ge (styled, 5);
}
END_TEST

/* Each section a bookmark made, at any depth, opens with "Description";
 * counts them in *@topics and those named @title in *@found. */
static void
check_topics (JsonArray *sections, const char *title, guint *topics, guint *found)
{
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonObject *t = json_array_get_object_element (sections, i);
      JsonArray *blocks = json_object_get_array_member (t, "blocks");
      const char *heading = json_object_get_string_member (t, "heading");
      const char *evidence = json_object_get_string_member_with_default (t, "evidence", "");

      if (strstr (evidence, "outline") != NULL)
        {
          const char *first = json_array_get_length (blocks) > 0
                                ? json_object_get_string_member (json_array_get_object_element (blocks, 0), "text")
                                : "(nothing)";

          ck_assert_msg (strcmp (first, "Description") == 0, "%s opens with \"%s\"", heading, first);
          (*topics)++;
          *found += strcmp (heading, title) == 0;
        }
      check_topics (json_object_get_array_member (t, "sections"), title, topics, found);
    }
}

/* The grid package's help pages in R's reference manual set a topic's
 * title beside its name in italic, as one sentence ("arrow", then
 * "Describe arrows to add to a line."): each is its topic's heading, and
 * the topic opens with its description, not with its title. */
START_TEST (topic_titles_beside)
{
  g_autofree char *pdf = folio_test_corpus ("debian/r-doc-pdf/refman.pdf");
  g_autoptr (FolioRun) r = NULL;
  g_autoptr (JsonNode) root = NULL;
  guint topics = 0, found = 0;

  FOLIO_SKIP_UNLESS (pdf, "the shared corpus");
  {
    const char *argv[] = { bin ("FOLIO"), "convert", "-f", "1114", "-l", "1124", pdf, NULL };

    r = folio_test_run (argv, NULL);
  }
  ck_assert_msg (r->status == 0, "%s", r->err);
  root = parse_json (r->out);
  check_topics (json_object_get_array_member (json_node_get_object (root), "sections"),
                "arrow Describe arrows to add to a line.", &topics, &found);
  ck_assert_uint_ge (topics, 10);
  ck_assert_uint_eq (found, 1);
}
END_TEST

/* A specification with tables under captions: each caption's refers_to
 * names a table of the document, tables have rows of cells. */
START_TEST (captions_point_at_tables)
{
  g_autoptr (JsonNode) root = convert_corpus ("versions/stuf0302-rev2959/stuf0302-rev2959-2017-03-06_RFC0473.pdf");
  g_autoptr (GPtrArray) tables = NULL;
  g_autoptr (GPtrArray) captions = NULL;
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint pointing = 0;

  FOLIO_SKIP_UNLESS (root, "the shared corpus");
  tables = all_blocks (json_node_get_object (root), "table");
  captions = all_blocks (json_node_get_object (root), "caption");
  ck_assert_uint_ge (tables->len, 5);
  ck_assert_uint_ge (captions->len, 10);
  for (guint i = 0; i < tables->len; i++)
    {
      JsonObject *t = g_ptr_array_index (tables, i);

      ck_assert_uint_ge (json_array_get_length (json_object_get_array_member (t, "rows")), 3);
      g_hash_table_add (ids, (gpointer) json_object_get_string_member (t, "id"));
    }
  for (guint i = 0; i < captions->len; i++)
    {
      JsonObject *c = g_ptr_array_index (captions, i);

      ck_assert (g_str_has_prefix (json_object_get_string_member (c, "text"),
                                   json_object_get_string_member (c, "label")));
      if (json_object_has_member (c, "refers_to"))
        {
          ck_assert (g_hash_table_contains (ids, json_object_get_string_member (c, "refers_to")));
          pointing++;
        }
    }
  ck_assert_uint_ge (pointing, 3);
}
END_TEST

/* The text of cell @k of row @r of table @t, and its span. */
static const char *
cell_text (JsonObject *t, guint r, guint k, gint64 *span)
{
  JsonObject *row = json_array_get_object_element (json_object_get_array_member (t, "rows"), r);
  JsonArray *cells = json_object_get_array_member (row, "cells");
  JsonObject *c;

  ck_assert_uint_lt (k, json_array_get_length (cells));
  c = json_array_get_object_element (cells, k);
  if (span)
    *span = json_object_get_int_member (c, "span");
  return json_object_get_string_member (c, "text");
}

/* The first table whose first cell is @first, or NULL. */
static JsonObject *
table_starting (GPtrArray *tables, const char *first)
{
  for (guint i = 0; i < tables->len; i++)
    if (strcmp (cell_text (g_ptr_array_index (tables, i), 0, 0, NULL), first) == 0)
      return g_ptr_array_index (tables, i);
  return NULL;
}

/* Tables whose rows poppler gives as single lines ("CLIENT_HOST
 * VARCHAR(255) Host name ..."), or several rows as one line, come out
 * cell by cell: the line's segments are the cells. */
START_TEST (tables_from_segments)
{
  g_autoptr (JsonNode) root = convert_corpus ("docling/pdf/redp5110_sampled.pdf");
  g_autoptr (GPtrArray) tables = NULL;
  JsonObject *t;
  JsonObject *head;
  gint64 span = 0;

  FOLIO_SKIP_UNLESS (root, "the shared corpus");
  tables = all_blocks (json_node_get_object (root), "table");

  /* Table 3-2, p12: one line per row in the text layer */
  t = table_starting (tables, "Global variable");
  ck_assert_ptr_nonnull (t);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (t, "rows")), 10);
  head = json_array_get_object_element (json_object_get_array_member (t, "rows"), 0);
  ck_assert (json_object_get_boolean_member (head, "header"));
  ck_assert_str_eq (cell_text (t, 0, 2, NULL), "Description");
  ck_assert_str_eq (cell_text (t, 1, 0, &span), "CLIENT_HOST");
  ck_assert_int_eq (span, 1);
  ck_assert_str_eq (cell_text (t, 1, 1, NULL), "VARCHAR(255)");
  ck_assert_str_eq (cell_text (t, 1, 2, NULL), "Host name of the current client as returned by the system");
  ck_assert_str_eq (cell_text (t, 9, 0, NULL), "ROUTINE_TYPE");

  /* Table 2-2, p9: head cells set on end, rows joined two and four to a
   * line, an X where the column has one */
  t = table_starting (tables, "User action");
  ck_assert_ptr_nonnull (t);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (t, "rows")), 13);
  ck_assert_str_eq (cell_text (t, 0, 5, NULL), "No Authority");
  ck_assert_str_eq (cell_text (t, 4, 0, NULL),
                    "STRDBMON or ENDDBMON commands targeting a job that matches the current user");
  ck_assert_str_eq (cell_text (t, 4, 5, NULL), "X");

  /* Table 3-1, p11: a first-column cell wrapped onto a line of its own */
  t = table_starting (tables, "Special register");
  ck_assert_ptr_nonnull (t);
  ck_assert_str_eq (cell_text (t, 1, 0, NULL), "USER or SESSION_USER");
}
END_TEST

/* Numbers in close columns are cells of their own; a label set between
 * two rows ("6 6" beside "OTSL" over "HTML") joins them into one. */
START_TEST (table_rows_joined)
{
  g_autoptr (JsonNode) root = convert_corpus ("docling/pdf/2305.03393v1-pg9.pdf");
  g_autoptr (GPtrArray) tables = NULL;
  JsonObject *t;

  FOLIO_SKIP_UNLESS (root, "the shared corpus");
  tables = all_blocks (json_node_get_object (root), "table");
  ck_assert_uint_eq (tables->len, 1);
  t = g_ptr_array_index (tables, 0);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (t, "rows")), 6);
  ck_assert_str_eq (cell_text (t, 2, 0, NULL), "6");
  ck_assert_str_eq (cell_text (t, 2, 2, NULL), "OTSL HTML");
  ck_assert_str_eq (cell_text (t, 2, 3, NULL), "0.965 0.969");
  ck_assert_str_eq (cell_text (t, 5, 7, NULL), "1.22 2");
}
END_TEST

static Suite *
convert_suite (void)
{
  const FolioTestCase cases[] = {
    { "seed", seed_page_sections },
    { "pipe", convert_equals_the_pipe },
    { "markdown", markdown_and_output_file },
    { "stages", stages_in_order },
    { "schema", outputs_match_the_schema },
    { "threads", threads_change_nothing },
    { "short-values", short_option_values_joined },
    { "launcher", launcher_sets_the_thread_cache },
    { "footnote", footnote_of_the_sample },
    { "captions", captions_point_at_tables },
    { "chapter-title", chapter_over_its_title },
    { "topic-heads", topic_heads_are_furniture },
    { "topic-titles", topic_titles_beside },
    { "tables", tables_from_segments },
    { "table-rows", table_rows_joined },
  };

  return folio_test_suite ("cli-convert", cases, G_N_ELEMENTS (cases));
}

int
main (void)
{
  return folio_test_main (convert_suite ());
}
