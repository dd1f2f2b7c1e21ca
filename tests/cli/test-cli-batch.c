/* folio batch, run as cron runs it: on a few real documents copied into a
 * temporary directory (samples, one broken, and a version pair from the
 * shared corpus when it is there), first and second runs, a changed file,
 * a new version, SIGKILL and SIGTERM, two runs at once, shards, bad
 * OUTDIRs.  A FIFO given as an input holds a run at a known point (its
 * worker blocks opening it), so that kills and locks are deterministic. */
#include "folio-test.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXIT_SOME_FAILED 11
#define EXIT_LOCKED 12

/* The regular documents of the input set made by make_inputs(). */
#define N_SAMPLE_DOCS 4

static const char *
bin (const char *var)
{
  const char *p = g_getenv (var);

  ck_assert_msg (p != NULL, "%s not set (run through meson test)", var);
  return p;
}

static void
copy_file (const char *from, const char *to)
{
  g_autofree char *data = NULL;
  gsize len;

  ck_assert_msg (g_file_get_contents (from, &data, &len, NULL), "cannot read %s", from);
  ck_assert (g_file_set_contents (to, data, (gssize) len, NULL));
}

/* A fresh directory under the test's temporary one. */
static char *
fresh_dir (const char *name)
{
  char *dir = g_build_filename (folio_test_tmpdir (), name, NULL);

  ck_assert_int_eq (g_mkdir_with_parents (dir, 0755), 0);
  return dir;
}

/* DIR/in with three samples at the top (one of them broken) and a text
 * in sub/: four documents, one failing. */
static char *
make_inputs (const char *dir)
{
  const char *names[] = { "draagmoederschap.pdf", "bookmark_sample.pdf", "test_broken.pdf" };
  char *in = g_build_filename (dir, "in", NULL);
  g_autofree char *sub = g_build_filename (in, "sub", NULL);
  g_autofree char *txt = folio_test_sample ("draft-ietf-appsawg-file-scheme-00.txt");
  g_autofree char *txt_to = g_build_filename (sub, "draft-ietf-appsawg-file-scheme-00.txt", NULL);

  ck_assert_int_eq (g_mkdir_with_parents (sub, 0755), 0);
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *from = folio_test_sample (names[i]);
      g_autofree char *to = g_build_filename (in, names[i], NULL);

      ck_assert_msg (from != NULL, "samples/%s missing", names[i]);
      copy_file (from, to);
    }
  ck_assert (txt != NULL);
  copy_file (txt, txt_to);
  return in;
}

static char **
build_argv (const char *first, va_list ap)
{
  GPtrArray *argv = g_ptr_array_new ();
  const char *a;

  g_ptr_array_add (argv, g_strdup (bin ("FOLIO")));
  g_ptr_array_add (argv, g_strdup ("batch"));
  g_ptr_array_add (argv, g_strdup ("--no-progress"));
  for (a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  g_ptr_array_add (argv, NULL);
  return (char **) g_ptr_array_free (argv, FALSE);
}

/* folio batch ARGS... (NULL-terminated). */
G_GNUC_NULL_TERMINATED static FolioRun *
batch (const char *first, ...)
{
  va_list ap;
  g_auto (GStrv) argv = NULL;

  va_start (ap, first);
  argv = build_argv (first, ap);
  va_end (ap);
  return folio_test_run ((const char *const *) argv, NULL);
}

/* The same, started in the background (under $FOLIO_TEST_WRAPPER too). */
G_GNUC_NULL_TERMINATED static GSubprocess *
batch_async (const char *first, ...)
{
  va_list ap;
  g_auto (GStrv) argv = NULL;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_auto (GStrv) wrapper = NULL;
  const char *w = g_getenv ("FOLIO_TEST_WRAPPER");
  g_autoptr (GError) error = NULL;
  GSubprocess *proc;

  va_start (ap, first);
  argv = build_argv (first, ap);
  va_end (ap);
  if (w && *w && g_shell_parse_argv (w, NULL, &wrapper, NULL))
    for (int i = 0; wrapper[i]; i++)
      g_ptr_array_add (args, wrapper[i]);
  for (int i = 0; argv[i]; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);
  proc = g_subprocess_newv ((const char *const *) args->pdata, G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  ck_assert_msg (proc != NULL, "spawn: %s", error ? error->message : "?");
  return proc;
}

static JsonNode *
load_json (const char *path)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  ck_assert_msg (json_parser_load_from_file (parser, path, &error), "%s: %s", path,
                 error ? error->message : "");
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
manifest (const char *out)
{
  g_autofree char *path = g_build_filename (out, "manifest.json", NULL);

  return load_json (path);
}

static JsonObject *
entry (JsonNode *m, const char *path)
{
  JsonArray *docs = json_object_get_array_member (json_node_get_object (m), "documents");

  for (guint i = 0; i < json_array_get_length (docs); i++)
    {
      JsonObject *e = json_array_get_object_element (docs, i);

      if (strcmp (json_object_get_string_member (e, "path"), path) == 0)
        return e;
    }
  ck_abort_msg ("%s not in the manifest", path);
  return NULL;
}

static guint
n_documents (JsonNode *m)
{
  return json_array_get_length (json_object_get_array_member (json_node_get_object (m), "documents"));
}

static char *
slurp (const char *dir, const char *rel)
{
  g_autofree char *path = g_build_filename (dir, rel, NULL);
  char *data = NULL;

  ck_assert_msg (g_file_get_contents (path, &data, NULL, NULL), "%s missing", path);
  return data;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Every *.json under @dir but the manifests, "path\tcontent" joined, for
 * comparing two OUTDIRs byte for byte; also fails on temporary files. */
static void
collect_outputs (const char *dir, const char *rel, GString *into)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  ck_assert (d != NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, n, NULL);
      g_autofree char *sub = rel ? g_build_filename (rel, n, NULL) : g_strdup (n);

      ck_assert_msg (strstr (n, ".tmp.") == NULL, "temporary file left: %s", path);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_outputs (path, sub, into);
      else if (g_str_has_suffix (n, ".json") && !g_str_has_prefix (n, "manifest"))
        {
          g_autofree char *data = slurp (dir, n);

          g_string_append_printf (into, "%s\t%s\n", sub, data);
        }
    }
}

static char *
outputs (const char *dir)
{
  GString *s = g_string_new (NULL);

  collect_outputs (dir, NULL, s);
  return g_string_free (s, FALSE);
}

static void
rm_rf (const char *path)
{
  g_autoptr (GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (path, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR) && !g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        rm_rf (p);
      else
        g_remove (p);
    }
  g_rmdir (path);
}

/* Waits until OUTDIR's manifest lists @n documents (a run is blocked on
 * its FIFO by then). */
static void
wait_for_manifest (const char *out, guint n)
{
  g_autofree char *path = g_build_filename (out, "manifest.json", NULL);

  for (int i = 0; i < 6000; i++)
    {
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autoptr (JsonNode) m = manifest (out);

          if (n_documents (m) >= n)
            return;
        }
      g_usleep (100000);
    }
  ck_abort_msg ("%s never listed %u documents", path, n);
}

static char *
make_fifo (const char *dir)
{
  char *fifo = g_build_filename (dir, "held.txt", NULL);

  ck_assert_int_eq (mkfifo (fifo, 0600), 0);
  return fifo;
}

static int
wait_status (GSubprocess *proc)
{
  ck_assert (g_subprocess_wait (proc, NULL, NULL));
  if (g_subprocess_get_if_exited (proc))
    return g_subprocess_get_exit_status (proc);
  return 128 + g_subprocess_get_term_sig (proc);
}

/* ------------------------------------------------------------------ cases */

/* A first run converts every document as folio convert does, lists the
 * broken one with its error, exits 11, and writes a manifest that matches
 * docs/manifest.schema.json. */
START_TEST (first_run)
{
  g_autofree char *dir = fresh_dir ("first");
  g_autofree char *in = make_inputs (dir);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autoptr (FolioRun) r = batch (in, "-o", out, NULL);
  g_autoptr (JsonNode) m = NULL;
  const char *ok_docs[] = { "draagmoederschap.pdf", "bookmark_sample.pdf", "sub/draft-ietf-appsawg-file-scheme-00.txt" };
  JsonObject *broken;

  ck_assert_msg (r->status == EXIT_SOME_FAILED, "exit %d: %s", r->status, r->err);
  ck_assert_str_eq (r->out, "");
  ck_assert_msg (strstr (r->err, "test_broken.pdf: damaged or truncated PDF") != NULL, "%s", r->err);
  ck_assert_msg (strstr (r->err, "4 documents: 3 converted") != NULL, "%s", r->err);
  m = manifest (out);
  ck_assert_int_eq (n_documents (m), N_SAMPLE_DOCS);
  broken = entry (m, "test_broken.pdf");
  ck_assert_str_eq (json_object_get_string_member (broken, "status"), "failed");
  ck_assert_int_eq (json_object_get_int_member (broken, "exit_code"), FOLIO_EXIT_CORRUPT);
  ck_assert (json_object_get_null_member (broken, "output"));
  for (gsize i = 0; i < G_N_ELEMENTS (ok_docs); i++)
    {
      JsonObject *e = entry (m, ok_docs[i]);
      g_autofree char *rel = g_strconcat (ok_docs[i], ".json", NULL);
      g_autofree char *data = slurp (out, rel);
      const char *argv[] = { bin ("FOLIO"), "convert", json_object_get_string_member (e, "source"), NULL };
      g_autoptr (FolioRun) c = folio_test_run (argv, NULL);

      ck_assert_str_eq (json_object_get_string_member (e, "status"), "ok");
      ck_assert_str_eq (json_object_get_string_member (e, "output"), rel);
      ck_assert_int_gt (json_object_get_int_member (e, "pages"), 0);
      ck_assert_int_eq (c->status, 0);
      ck_assert_msg (strcmp (c->out, data) == 0, "%s differs from folio convert", rel);
    }
  rm_rf (dir);
}
END_TEST

START_TEST (manifest_matches_the_schema)
{
  g_autofree char *python = g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)
                              ? g_strdup ("/usr/bin/python3") : g_find_program_in_path ("python3");
  g_autofree char *schema = g_build_filename (g_getenv ("FOLIO_DOCS"), "manifest.schema.json", NULL);
  g_autofree char *dir = fresh_dir ("schema");
  g_autofree char *in = make_inputs (dir);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *mpath = g_build_filename (out, "manifest.json", NULL);
  g_autofree char *err = NULL;
  g_autoptr (FolioRun) r = NULL;
  const char *check = "import json,sys,jsonschema\n"
                      "s=json.load(open(sys.argv[1]))\n"
                      "jsonschema.Draft202012Validator.check_schema(s)\n"
                      "jsonschema.validate(json.load(open(sys.argv[2])), s, cls=jsonschema.Draft202012Validator)\n";
  const char *argv[] = { python, "-c", check, schema, mpath, NULL };
  int status = -1;

  FOLIO_SKIP_UNLESS (python, "python3");
  ck_assert_msg (g_file_test (schema, G_FILE_TEST_EXISTS), "%s missing", schema);
  {
    const char *probe[] = { python, "-c", "import jsonschema", NULL };

    if (!g_spawn_sync (NULL, (char **) probe, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                       &status, NULL) || status != 0)
      {
        fprintf (stderr, "# skip: python3-jsonschema not installed\n");
        return;
      }
  }
  r = batch (in, "-o", out, NULL);
  ck_assert_msg (r->status == EXIT_SOME_FAILED, "exit %d: %s", r->status, r->err);
  /* A changed document, so that previous and diff are filled in too. */
  {
    g_autofree char *txt = g_build_filename (in, "sub", "draft-ietf-appsawg-file-scheme-00.txt", NULL);
    FILE *f = fopen (txt, "a");

    fputs ("\n\fAppendix Z.  Added\n\n   One more paragraph.\n", f);
    fclose (f);
  }
  g_clear_pointer (&r, folio_run_free);
  r = batch (in, "-o", out, NULL);
  ck_assert_msg (r->status == 0, "exit %d: %s", r->status, r->err);
  ck_assert (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, &err, &status, NULL));
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "schema check failed: %s", err);
  rm_rf (dir);
}
END_TEST

/* A second run over an unchanged tree converts nothing, says so, and
 * leaves OUTDIR as it was (the earlier failure is not retried). */
START_TEST (second_run_does_nothing)
{
  g_autofree char *dir = fresh_dir ("second");
  g_autofree char *in = make_inputs (dir);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autoptr (FolioRun) r1 = batch (in, "-o", out, NULL);
  g_autofree char *before = outputs (out);
  g_autofree char *m_before = slurp (out, "manifest.json");
  g_autoptr (FolioRun) r2 = batch (in, "-o", out, NULL);
  g_autofree char *after = outputs (out);
  g_autofree char *m_after = slurp (out, "manifest.json");
  g_autoptr (FolioRun) r3 = NULL;

  ck_assert_msg (r1->status == EXIT_SOME_FAILED, "exit %d: %s", r1->status, r1->err);
  ck_assert_msg (r2->status == 0, "exit %d: %s", r2->status, r2->err);
  ck_assert_msg (strstr (r2->err, "nothing to do: 4 documents unchanged") != NULL, "%s", r2->err);
  ck_assert_msg (strstr (r2->err, "damaged") == NULL, "an old failure printed again: %s", r2->err);
  ck_assert_str_eq (before, after);
  ck_assert_str_eq (m_before, m_after);
  /* --force redoes all; -q keeps even the summary line quiet. */
  r3 = batch (in, "-o", out, "--force", "-q", NULL);
  ck_assert_msg (r3->status == EXIT_SOME_FAILED, "exit %d: %s", r3->status, r3->err);
  ck_assert_msg (strstr (r3->err, "documents") == NULL && strstr (r3->err, "damaged") != NULL, "%s", r3->err);
  rm_rf (dir);
}
END_TEST

/* A document converted by other code (an upgrade of folio or of poppler,
 * whether or not the version number moved) is converted again, and so is
 * one from a manifest written before builds were recorded; the rest stay. */
START_TEST (other_build_is_converted_again)
{
  g_autofree char *dir = fresh_dir ("build");
  g_autofree char *in = make_inputs (dir);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *mpath = g_build_filename (out, "manifest.json", NULL);
  g_autoptr (FolioRun) r1 = batch (in, "-o", out, NULL);
  g_autoptr (FolioRun) r2 = NULL;
  g_autoptr (JsonNode) m = manifest (out), after = NULL;
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  JsonObject *pdf = entry (m, "draagmoederschap.pdf");
  JsonObject *txt = entry (m, "sub/draft-ietf-appsawg-file-scheme-00.txt");
  g_autofree char *build = g_strdup (json_object_get_string_member (pdf, "folio_build"));

  ck_assert_msg (r1->status == EXIT_SOME_FAILED, "exit %d: %s", r1->status, r1->err);
  /* the sources' digest and the poppler it ran with */
  ck_assert_msg (g_regex_match_simple ("^[0-9a-f]{16} poppler-[0-9.]+$", build, 0, 0), "%s", build);
  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (m), "folio_build"), build);
  /* the build folio --version names */
  {
    const char *argv[] = { bin ("FOLIO"), "--version", NULL };
    g_autoptr (FolioRun) v = folio_test_run (argv, NULL);
    g_autofree char *digest = g_strndup (build, 16);

    ck_assert_msg (strstr (v->out, digest) != NULL, "%s not in %s", digest, v->out);
  }
  json_object_set_string_member (pdf, "folio_build", "0123456789abcdef poppler-22.12.0");
  json_object_remove_member (txt, "folio_build");
  json_generator_set_root (gen, m);
  ck_assert (json_generator_to_file (gen, mpath, NULL));
  r2 = batch (in, "-o", out, NULL);
  ck_assert_msg (r2->status == 0, "exit %d: %s", r2->status, r2->err);
  ck_assert_msg (strstr (r2->err, "4 documents: 2 converted") != NULL, "%s", r2->err);
  after = manifest (out);
  ck_assert_str_eq (json_object_get_string_member (entry (after, "draagmoederschap.pdf"), "folio_build"), build);
  ck_assert_str_eq (json_object_get_string_member (entry (after, "sub/draft-ietf-appsawg-file-scheme-00.txt"),
                                                   "folio_build"), build);
  rm_rf (dir);
}
END_TEST

/* One file changed: only it is converted again; the previous output is
 * kept, and the diff against it is what folio diff --format json says. */
START_TEST (changed_file_is_diffed)
{
  g_autofree char *dir = fresh_dir ("changed");
  g_autofree char *in = make_inputs (dir);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *txt = g_build_filename (in, "sub", "draft-ietf-appsawg-file-scheme-00.txt", NULL);
  const char *rel = "sub/draft-ietf-appsawg-file-scheme-00.txt";
  g_autoptr (FolioRun) r1 = batch (in, "-o", out, NULL);
  g_autofree char *old_pdf_out = slurp (out, "draagmoederschap.pdf.json");
  g_autofree char *old_txt_out = slurp (out, "sub/draft-ietf-appsawg-file-scheme-00.txt.json");
  g_autoptr (FolioRun) r2 = NULL, d = NULL;
  g_autoptr (JsonNode) m = NULL;
  g_autofree char *prev = NULL, *diff = NULL, *prev_path = NULL, *new_path = NULL, *pdf_out = NULL;
  JsonObject *e;
  FILE *f;

  ck_assert_msg (r1->status == EXIT_SOME_FAILED, "exit %d: %s", r1->status, r1->err);
  f = fopen (txt, "a");
  fputs ("\n\fAppendix Z.  Added by the test\n\n   One more paragraph.\n", f);
  fclose (f);
  r2 = batch (in, "-o", out, NULL);
  ck_assert_msg (r2->status == 0, "exit %d: %s", r2->status, r2->err);
  ck_assert_msg (strstr (r2->err, "4 documents: 1 converted") != NULL, "%s", r2->err);
  ck_assert_msg (strstr (r2->err, "1 new version diffed") != NULL, "%s", r2->err);
  m = manifest (out);
  e = entry (m, rel);
  ck_assert_str_eq (json_object_get_string_member (e, "previous"), rel);
  ck_assert_str_eq (json_object_get_string_member (e, "previous_output"),
                    "sub/draft-ietf-appsawg-file-scheme-00.txt.prev.json");
  ck_assert_str_eq (json_object_get_string_member (e, "diff"), "sub/draft-ietf-appsawg-file-scheme-00.txt.diff.json");
  prev = slurp (out, "sub/draft-ietf-appsawg-file-scheme-00.txt.prev.json");
  ck_assert_str_eq (prev, old_txt_out);
  pdf_out = slurp (out, "draagmoederschap.pdf.json");
  ck_assert_str_eq (pdf_out, old_pdf_out);
  diff = slurp (out, "sub/draft-ietf-appsawg-file-scheme-00.txt.diff.json");
  prev_path = g_build_filename (out, "sub/draft-ietf-appsawg-file-scheme-00.txt.prev.json", NULL);
  new_path = g_build_filename (out, "sub/draft-ietf-appsawg-file-scheme-00.txt.json", NULL);
  {
    const char *argv[] = { bin ("FOLIO"), "diff", "--format", "json", prev_path, new_path, NULL };

    d = folio_test_run (argv, NULL);
  }
  ck_assert_int_eq (d->status, 1);
  ck_assert_str_eq (d->out, diff);
  ck_assert_msg (strstr (diff, "Appendix Z") != NULL, "the diff misses the change");
  rm_rf (dir);
}
END_TEST

/* A new file of a publication seen in an earlier run (same name once the
 * draft number is removed) comes with its diff against the latest one. */
START_TEST (new_version_is_diffed)
{
  g_autofree char *v1 = folio_test_corpus ("versions/ietf-sms-uri/draft-wilde-sms-uri-01.txt");
  g_autofree char *v2 = folio_test_corpus ("versions/ietf-sms-uri/draft-wilde-sms-uri-02.txt");
  g_autofree char *dir = NULL, *in = NULL, *out = NULL, *to1 = NULL, *to2 = NULL, *diff = NULL;
  g_autoptr (FolioRun) r1 = NULL, r2 = NULL;
  g_autoptr (JsonNode) m = NULL;
  JsonObject *e;

  FOLIO_SKIP_UNLESS (v1 && v2 ? v1 : NULL, "../shared/corpus/versions/ietf-sms-uri");
  dir = fresh_dir ("version");
  in = g_build_filename (dir, "in", NULL);
  out = g_build_filename (dir, "out", NULL);
  ck_assert_int_eq (g_mkdir_with_parents (in, 0755), 0);
  to1 = g_build_filename (in, "draft-wilde-sms-uri-01.txt", NULL);
  to2 = g_build_filename (in, "draft-wilde-sms-uri-02.txt", NULL);
  copy_file (v1, to1);
  r1 = batch (in, "-o", out, NULL);
  ck_assert_msg (r1->status == 0, "%s", r1->err);
  copy_file (v2, to2);
  r2 = batch (in, "-o", out, NULL);
  ck_assert_msg (r2->status == 0, "%s", r2->err);
  ck_assert_msg (strstr (r2->err, "2 documents: 1 converted") != NULL, "%s", r2->err);
  m = manifest (out);
  e = entry (m, "draft-wilde-sms-uri-02.txt");
  ck_assert_str_eq (json_object_get_string_member (e, "publication"), "draft-wilde-sms-uri");
  ck_assert_str_eq (json_object_get_string_member (e, "previous"), "draft-wilde-sms-uri-01.txt");
  ck_assert_str_eq (json_object_get_string_member (e, "diff"), "draft-wilde-sms-uri-02.txt.diff.json");
  ck_assert_str_eq (json_object_get_string_member (entry (m, "draft-wilde-sms-uri-01.txt"), "publication"),
                    "draft-wilde-sms-uri");
  diff = slurp (out, "draft-wilde-sms-uri-02.txt.diff.json");
  ck_assert_msg (strstr (diff, "\"format\" : \"folio-diff\"") != NULL
                 || strstr (diff, "\"format\":\"folio-diff\"") != NULL, "not a folio diff");
  ck_assert (g_file_test (to1, G_FILE_TEST_EXISTS));
  rm_rf (dir);
}
END_TEST

/* Killed with SIGKILL in the middle of a run: the manifest and every
 * output parse; the next run removes leftover temporary files, repairs a
 * missing output and converts nothing else. */
START_TEST (sigkill_then_resume)
{
  g_autofree char *dir = fresh_dir ("kill");
  g_autofree char *in = make_inputs (dir);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *fifo = make_fifo (dir);
  g_autoptr (GSubprocess) proc = batch_async (in, fifo, "-j", "1", "-o", out, NULL);
  g_autoptr (JsonNode) m = NULL;
  g_autoptr (FolioRun) r = NULL;
  g_autofree char *lost = g_build_filename (out, "draagmoederschap.pdf.json", NULL);
  g_autofree char *junk = g_build_filename (out, "bookmark_sample.pdf.json.tmp.Ab12Cd", NULL);
  g_autofree char *left = NULL;

  wait_for_manifest (out, N_SAMPLE_DOCS);
  g_subprocess_send_signal (proc, SIGKILL);
  ck_assert_int_eq (wait_status (proc), 128 + SIGKILL);
  m = manifest (out);
  ck_assert_int_eq (n_documents (m), N_SAMPLE_DOCS);
  left = outputs (out);
  /* What a kill in the middle of writing would leave, and a lost output. */
  ck_assert (g_file_set_contents (junk, "{\"format\" : \"fol", -1, NULL));
  ck_assert_int_eq (g_remove (lost), 0);
  r = batch (in, "-o", out, NULL);
  ck_assert_msg (r->status == 0, "exit %d: %s", r->status, r->err);
  ck_assert_msg (strstr (r->err, "4 documents: 1 converted") != NULL, "%s", r->err);
  ck_assert (!g_file_test (junk, G_FILE_TEST_EXISTS));
  ck_assert (g_file_test (lost, G_FILE_TEST_EXISTS));
  g_free (left);
  left = outputs (out);  /* fails on any temporary file left */
  rm_rf (dir);
}
END_TEST

/* SIGTERM: the run stops at once with 143, the manifest says what was done
 * and that it was interrupted, no temporary file is left, the lock is free. */
START_TEST (sigterm_leaves_manifest_consistent)
{
  g_autofree char *dir = fresh_dir ("term");
  g_autofree char *in = make_inputs (dir);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *fifo = make_fifo (dir);
  g_autoptr (GSubprocess) proc = batch_async (in, fifo, "-j", "1", "-o", out, NULL);
  g_autoptr (JsonNode) m = NULL;
  g_autoptr (FolioRun) r = NULL;
  g_autofree char *left = NULL;

  wait_for_manifest (out, N_SAMPLE_DOCS);
  g_subprocess_send_signal (proc, SIGTERM);
  ck_assert_int_eq (wait_status (proc), 128 + SIGTERM);
  m = manifest (out);
  ck_assert_int_eq (n_documents (m), N_SAMPLE_DOCS);
  ck_assert (json_object_get_boolean_member (json_node_get_object (m), "interrupted"));
  left = outputs (out);
  r = batch (in, "-o", out, NULL);
  ck_assert_msg (r->status == 0, "exit %d: %s", r->status, r->err);
  ck_assert_msg (strstr (r->err, "nothing to do") != NULL, "%s", r->err);
  /* The run after it, complete, says so. */
  g_clear_pointer (&m, json_node_unref);
  m = manifest (out);
  ck_assert (!json_object_get_boolean_member (json_node_get_object (m), "interrupted"));
  rm_rf (dir);
}
END_TEST

/* Two runs at once: the second exits 12 at once, naming OUTDIR; with
 * --wait it waits for the first to end, then runs (and finds nothing to
 * do: the first had done all but its FIFO). */
START_TEST (second_concurrent_run_is_locked_out)
{
  g_autofree char *dir = fresh_dir ("lock");
  g_autofree char *in = make_inputs (dir);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *fifo = make_fifo (dir);
  g_autoptr (GSubprocess) first = batch_async (in, fifo, "-j", "1", "-o", out, NULL);
  g_autoptr (GSubprocess) waiting = NULL;
  g_autoptr (FolioRun) r = NULL;

  wait_for_manifest (out, N_SAMPLE_DOCS);
  r = batch (in, "-o", out, NULL);
  ck_assert_msg (r->status == EXIT_LOCKED, "exit %d: %s", r->status, r->err);
  ck_assert_msg (strstr (r->err, out) != NULL && strstr (r->err, "locked") != NULL, "%s", r->err);
  waiting = batch_async (in, "--wait", "-o", out, NULL);
  g_usleep (G_USEC_PER_SEC);
  ck_assert_msg (g_subprocess_get_identifier (waiting) != NULL, "--wait did not wait");
  /* The first run ends (stopped, as it is held on its FIFO for good). */
  g_subprocess_send_signal (first, SIGTERM);
  ck_assert_int_eq (wait_status (first), 128 + SIGTERM);
  ck_assert_int_eq (wait_status (waiting), 0);
  rm_rf (dir);
}
END_TEST

/* Two shards run at once as GNU parallel jobs into one OUTDIR give the
 * outputs of one unsharded run, byte for byte; an unsharded run after
 * them has nothing to do and folds their manifests into one. */
START_TEST (two_shards_equal_one_run)
{
  g_autofree char *parallel = g_find_program_in_path ("parallel");
  g_autofree char *dir = NULL, *in = NULL, *one = NULL, *two = NULL, *a = NULL, *b = NULL, *cmd = NULL;
  g_autofree char *v1 = folio_test_corpus ("versions/ietf-sms-uri/draft-wilde-sms-uri-01.txt");
  g_autofree char *s1 = NULL, *s2 = NULL;
  const char *w = g_getenv ("FOLIO_TEST_WRAPPER");
  g_autoptr (FolioRun) r1 = NULL, r3 = NULL;
  g_autofree char *perr = NULL;
  int pstatus = -1;
  g_autoptr (JsonNode) m = NULL;

  FOLIO_SKIP_UNLESS (parallel, "GNU parallel (scripts/setup installs it)");
  dir = fresh_dir ("shards");
  in = make_inputs (dir);
  one = g_build_filename (dir, "one", NULL);
  two = g_build_filename (dir, "two", NULL);
  if (v1)
    {
      g_autofree char *to = g_build_filename (in, "draft-wilde-sms-uri-01.txt", NULL);

      copy_file (v1, to);
    }
  r1 = batch (in, "-o", one, NULL);
  ck_assert_msg (r1->status == EXIT_SOME_FAILED, "exit %d: %s", r1->status, r1->err);
  /* Each shard a separate process, as on separate hosts. */
  cmd = g_strdup_printf ("%s %s batch --no-progress -q -j 1 --shard {}/2 %s -o %s",
                         w && *w ? w : "", bin ("FOLIO"), in, two);
  /* parallel itself is not run under the wrapper: the shards are. */
  {
    const char *argv[] = { parallel, "--will-cite", "--jobs", "2", cmd, ":::", "1", "2", NULL };
    g_autoptr (GError) error = NULL;

    ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                                 &perr, &pstatus, &error), "parallel: %s", error ? error->message : "");
  }
  /* parallel exits with the number of jobs that failed: the shard with the
   * broken file exits 11. */
  ck_assert_msg (WIFEXITED (pstatus) && WEXITSTATUS (pstatus) == 1, "parallel: status %d: %.2000s",
                 pstatus, perr);
  a = outputs (one);
  b = outputs (two);
  ck_assert_str_eq (a, b);
  s1 = g_build_filename (two, "manifest-1-of-2.json", NULL);
  s2 = g_build_filename (two, "manifest-2-of-2.json", NULL);
  ck_assert (g_file_test (s1, G_FILE_TEST_EXISTS) || g_file_test (s2, G_FILE_TEST_EXISTS));
  r3 = batch (in, "-o", two, NULL);
  ck_assert_msg (r3->status == 0 && strstr (r3->err, "nothing to do") != NULL, "%s", r3->err);
  ck_assert (!g_file_test (s1, G_FILE_TEST_EXISTS) && !g_file_test (s2, G_FILE_TEST_EXISTS));
  m = manifest (two);
  ck_assert_int_eq (n_documents (m), N_SAMPLE_DOCS + (v1 ? 1 : 0));
  rm_rf (dir);
}
END_TEST

/* Bad command lines and OUTDIRs: one line naming the culprit, its code. */
START_TEST (bad_outdir_and_inputs)
{
  g_autofree char *dir = fresh_dir ("bad");
  g_autofree char *in = make_inputs (dir);
  g_autofree char *file = g_build_filename (dir, "plain-file", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-input", NULL);
  g_autofree char *ro = g_build_filename (dir, "read-only", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autoptr (FolioRun) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL, r6 = NULL;

  ck_assert (g_file_set_contents (file, "x", -1, NULL));
  r1 = batch (in, "-o", file, NULL);
  ck_assert_msg (r1->status == FOLIO_EXIT_WRITE, "exit %d: %s", r1->status, r1->err);
  ck_assert_msg (strstr (r1->err, file) != NULL && strstr (r1->err, "not a directory") != NULL, "%s", r1->err);
  ck_assert_int_eq (strchr (r1->err, '\n') - r1->err + 1, (long) strlen (r1->err));

  r2 = batch (in, missing, "-o", out, NULL);
  ck_assert_msg (r2->status == FOLIO_EXIT_NOT_FOUND, "exit %d: %s", r2->status, r2->err);
  ck_assert_msg (strstr (r2->err, missing) != NULL, "%s", r2->err);
  ck_assert (!g_file_test (out, G_FILE_TEST_EXISTS));

  r3 = batch (in, NULL);
  ck_assert_msg (r3->status == FOLIO_EXIT_USAGE, "exit %d: %s", r3->status, r3->err);
  r4 = batch (in, "--shard", "3/2", "-o", out, NULL);
  ck_assert_msg (r4->status == FOLIO_EXIT_USAGE, "exit %d: %s", r4->status, r4->err);
  ck_assert_msg (strstr (r4->err, "3/2") != NULL, "%s", r4->err);
  r5 = batch (in, in, "-o", out, NULL);
  ck_assert_msg (r5->status == FOLIO_EXIT_USAGE, "exit %d: %s", r5->status, r5->err);

  ck_assert_int_eq (g_mkdir (ro, 0555), 0);
  if (geteuid () == 0)
    fprintf (stderr, "# skip: read-only OUTDIR, root writes anywhere\n");
  else
    {
      r6 = batch (in, "-o", ro, NULL);
      ck_assert_msg (r6->status == FOLIO_EXIT_WRITE, "exit %d: %s", r6->status, r6->err);
      ck_assert_msg (strstr (r6->err, ro) != NULL && strstr (r6->err, "not writable") != NULL, "%s", r6->err);
    }
  chmod (ro, 0755);
  rm_rf (dir);
}
END_TEST

/* Publications by name, table-driven on the version groups of the shared
 * corpus (versions/GROUPS.tsv): --list converts nothing. */
START_TEST (publications_by_name)
{
  g_autofree char *versions = folio_test_corpus ("versions");
  static const struct {
    const char *path;
    const char *publication;
  } table[] = {
    { "ietf-sms-uri/draft-wilde-sms-uri-00.txt", "ietf-sms-uri/draft-wilde-sms-uri" },
    { "ietf-sms-uri/draft-wilde-sms-uri-20-final.txt", "ietf-sms-uri/draft-wilde-sms-uri" },
    { "ietf-file-scheme/draft-ietf-appsawg-file-scheme-17.txt", "ietf-file-scheme/draft-ietf-appsawg-file-scheme" },
    { "ietf-file-scheme/draft-kerwin-file-scheme-11.txt", "ietf-file-scheme/draft-kerwin-file-scheme" },
    { "ietf-file-scheme/rfc8089.txt", "ietf-file-scheme/rfc8089" },
    { "ap-advies-coronamelder/Bijlage_B_Advies_AP_2020-09-29.pdf", "ap-advies-coronamelder/bijlage-b-advies-ap" },
    { "ap-advies-coronamelder/Bijlage_B_Advies_AP_2020-09-30.pdf", "ap-advies-coronamelder/bijlage-b-advies-ap" },
    { "x509-pinning/x509-pinning-1.03.pdf", "x509-pinning/x509-pinning" },
    { "x509-pinning/x509-pinning-1.08_2021-05-27.pdf", "x509-pinning/x509-pinning" },
    { "toegankelijkheid-coronamelder-android/2021-10-05_Toegankelijkheidsonderzoek_CoronaMelder_2.4.1_Android_10_versie_1.0.pdf",
      "toegankelijkheid-coronamelder-android/toegankelijkheidsonderzoek-coronamelder-android" },
    { "toegankelijkheid-coronamelder-android/2022-09-02_Toegankelijkheidsonderzoek_CoronaMelder_2.5.10_Android_12_versie_2.4.pdf",
      "toegankelijkheid-coronamelder-android/toegankelijkheidsonderzoek-coronamelder-android" },
    /* "rev2959" goes, "RFC0417" is a name (not a separated number) and stays */
    { "stuf0302-rev2959/stuf0302-rev2959-2016-12-03_RFC0417.pdf", "stuf0302/stuf0302-rfc0417" },
  };
  g_autoptr (FolioRun) r = NULL;

  FOLIO_SKIP_UNLESS (versions, "../shared/corpus/versions");
  r = batch ("--list", versions, NULL);
  ck_assert_msg (r->status == 0, "%s", r->err);
  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *line = g_strdup_printf ("\n%s\t%s\n", table[i].path, table[i].publication);
      g_autofree char *all = g_strconcat ("\n", r->out, NULL);

      ck_assert_msg (strstr (all, line) != NULL, "expected %s", line + 1);
    }
  /* --list with --shard: the two shares are disjoint and make the whole. */
  {
    g_autoptr (FolioRun) s1 = batch ("--list", "--shard", "1/2", versions, NULL);
    g_autoptr (FolioRun) s2 = batch ("--list", "--shard", "2/2", versions, NULL);
    g_auto (GStrv) all = g_strsplit (r->out, "\n", -1);

    ck_assert_int_eq (s1->status, 0);
    ck_assert_int_eq (s2->status, 0);
    ck_assert_uint_eq (strlen (s1->out) + strlen (s2->out), strlen (r->out));
    for (char **l = all; *l && **l; l++)
      {
        g_autofree char *line = g_strconcat ("\n", *l, "\n", NULL);
        g_autofree char *a = g_strconcat ("\n", s1->out, NULL), *b = g_strconcat ("\n", s2->out, NULL);

        ck_assert_msg ((strstr (a, line) != NULL) != (strstr (b, line) != NULL), "%s in both shards or none", *l);
      }
  }
}
END_TEST

static Suite *
batch_suite (void)
{
  const FolioTestCase cases[] = {
    { "first", first_run },
    { "schema", manifest_matches_the_schema },
    { "second", second_run_does_nothing },
    { "build", other_build_is_converted_again },
    { "changed", changed_file_is_diffed },
    { "version", new_version_is_diffed },
    { "sigkill", sigkill_then_resume },
    { "sigterm", sigterm_leaves_manifest_consistent },
    { "lock", second_concurrent_run_is_locked_out },
    { "shards", two_shards_equal_one_run },
    { "bad", bad_outdir_and_inputs },
    { "publications", publications_by_name },
  };

  return folio_test_suite ("cli-batch", cases, G_N_ELEMENTS (cases));
}

int
main (void)
{
  return folio_test_main (batch_suite ());
}
