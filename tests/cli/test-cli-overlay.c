/* folio overlay, run as a user runs it: on two pages of a real report
 * whose running head and page numbers are labelled by hand, the furniture
 * colour is drawn inside the boxes of those lines (found here from the
 * extract stream, not from overlay) and nowhere else; the document JSON
 * beside the images is convert's; index.html loads every image in a
 * headless browser and links only to what is there; bad input gets
 * convert's exit codes and leaves nothing half-written. */
#include "folio-test.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PENTEST "nl/coronamelder/Bijlage_K_-_Rapportage_Penetratietest.pdf"
#define PENTEST_LABELS "labels/furniture/nl__coronamelder__Bijlage_K_-_Rapportage_Penetratietest.pdf.tsv"
#define FIRST 2
#define LAST 3
/* 36 dpi: half a pixel a point, small enough for valgrind. */
#define DPI 36

/* Freed at the end of each test, pass or fail: folio_test_track(). */
#define track folio_test_track

static const char *
bin (const char *var)
{
  const char *p = g_getenv (var);

  ck_assert_msg (p != NULL, "%s not set (run through meson test)", var);
  return p;
}

static void
setup (void)
{
  folio_test_track_begin ();
}

static void
teardown (void)
{
  folio_test_track_end ();
}

static const char *
corpus (const char *relpath)
{
  return track (folio_test_corpus (relpath), g_free);
}

static FolioRun *
run (const char *const *argv)
{
  return track (folio_test_run (argv, NULL), (GDestroyNotify) folio_run_free);
}

/* A new empty directory under the test's temporary directory. */
static const char *
new_dir (void)
{
  static guint n;
  char *dir = g_strdup_printf ("%s/overlay-%u", folio_test_tmpdir (), n++);

  ck_assert (g_mkdir (dir, 0700) == 0);
  return track (dir, g_free);
}

/* folio overlay -f FIRST -l LAST --dpi DPI -o DIR PENTEST, which must work. */
static const char *
overlay_pentest (const char *pdf)
{
  const char *dir = new_dir ();
  const char *argv[] = { bin ("FOLIO"), "overlay", "-f", G_STRINGIFY (FIRST), "-l", G_STRINGIFY (LAST),
                         "--dpi", G_STRINGIFY (DPI), "-o", dir, pdf, NULL };
  FolioRun *r = run (argv);

  GDir *d;
  const char *name;
  guint n = 0;

  ck_assert_msg (r->status == 0, "exit %d: %s", r->status, r->err);
  ck_assert_str_eq (r->err, "");
  /* What the man page says, and no temporary file left over. */
  d = track (g_dir_open (dir, 0, NULL), (GDestroyNotify) g_dir_close);
  ck_assert (d != NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      ck_assert_msg (strcmp (name, "index.html") == 0 || strcmp (name, "document.json") == 0
                     || strcmp (name, "page-000" G_STRINGIFY (FIRST) ".png") == 0
                     || strcmp (name, "page-000" G_STRINGIFY (LAST) ".png") == 0,
                     "%s in %s", name, dir);
      n++;
    }
  ck_assert_uint_eq (n, 2 + LAST - FIRST + 1);
  return dir;
}

static const char *
file_text (const char *path)
{
  char *text = NULL;

  ck_assert_msg (g_file_get_contents (path, &text, NULL, NULL), "%s not written", path);
  return track (text, g_free);
}

typedef struct {
  guint page;
  FolioBBox box;   /* PDF points */
} Expected;

/* The labelled head and page-number lines of pages FIRST..LAST, with their
 * boxes from folio extract's stream: where the furniture must be. */
static GArray *
expected_furniture (const char *pdf, const char *labels)
{
  GArray *want = track (g_array_new (FALSE, FALSE, sizeof (Expected)), (GDestroyNotify) g_array_unref);
  g_auto (GStrv) label_lines = g_strsplit (file_text (labels), "\n", -1);
  const char *argv[] = { bin ("FOLIO"), "extract", "-f", G_STRINGIFY (FIRST), "-l", G_STRINGIFY (LAST), pdf, NULL };
  FolioRun *r = run (argv);
  g_auto (GStrv) records = NULL;
  guint n_labels = 0;

  ck_assert_msg (r->status == 0, "extract: %s", r->err);
  records = g_strsplit (r->out, "\n", -1);
  for (guint i = 1; label_lines[i]; i++)
    {
      g_auto (GStrv) f = g_strsplit (label_lines[i], "\t", 3);
      guint page;
      gboolean found = FALSE;

      if (g_strv_length (f) != 3)
        continue;
      page = (guint) g_ascii_strtoull (f[0], NULL, 10);
      if (page < FIRST || page > LAST)
        continue;
      n_labels++;
      for (guint k = 0; records[k] && !found; k++)
        {
          g_autoptr (JsonParser) parser = json_parser_new ();
          JsonObject *o;
          JsonArray *bbox;

          if (!g_str_has_prefix (records[k], "{\"type\":\"line\""))
            continue;
          ck_assert (json_parser_load_from_data (parser, records[k], -1, NULL));
          o = json_node_get_object (json_parser_get_root (parser));
          if (json_object_get_int_member (o, "page") != page
              || strcmp (json_object_get_string_member (o, "text"), f[2]) != 0)
            continue;
          bbox = json_object_get_array_member (o, "bbox");
          g_array_append_val (want, ((Expected) { page, { json_array_get_double_element (bbox, 0),
                                                          json_array_get_double_element (bbox, 1),
                                                          json_array_get_double_element (bbox, 2),
                                                          json_array_get_double_element (bbox, 3) } }));
          found = TRUE;
        }
      ck_assert_msg (found, "labelled line \"%s\" not on page %u of the stream", f[2], page);
    }
  /* A running head and a page number on each page. */
  ck_assert_uint_eq (n_labels, 2 * (LAST - FIRST + 1));
  return want;
}

/* The furniture colour of folio-overlay(1), magenta (#ff00ff), as drawn:
 * solid, or translucent over the page, or blended at an edge.  Red and
 * blue both well above green; no other colour of the overlay is. */
static gboolean
is_furniture (guint32 px)
{
  int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;

  return r >= g + 48 && b >= g + 48;
}

START_TEST (furniture_where_labelled)
{
  const char *pdf = corpus (PENTEST), *labels = corpus (PENTEST_LABELS), *dir;
  GArray *want;
  double s = DPI / 72.0;

  FOLIO_SKIP_UNLESS (pdf && labels ? pdf : NULL, "the shared corpus");
  want = expected_furniture (pdf, labels);
  dir = overlay_pentest (pdf);

  for (guint page = FIRST; page <= LAST; page++)
    {
      g_autofree char *png = g_strdup_printf ("%s/page-%04u.png", dir, page);
      cairo_surface_t *img = track (cairo_image_surface_create_from_png (png),
                                    (GDestroyNotify) cairo_surface_destroy);
      int w, h, stride;
      const guchar *data;
      guint outside = 0, inside[8] = { 0 }, perimeter[8] = { 0 };

      ck_assert_msg (cairo_surface_status (img) == CAIRO_STATUS_SUCCESS, "%s: not a PNG", png);
      w = cairo_image_surface_get_width (img);
      h = cairo_image_surface_get_height (img);
      stride = cairo_image_surface_get_stride (img);
      data = cairo_image_surface_get_data (img);
      /* A4 at DPI. */
      ck_assert_int_eq (w, (int) ceil (594.96 * s));
      ck_assert_int_eq (h, (int) ceil (842.52 * s));

      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            gboolean in = FALSE;

            if (!is_furniture (((const guint32 *) (data + y * stride))[x]))
              continue;
            for (guint k = 0; k < want->len && k < G_N_ELEMENTS (inside); k++)
              {
                const Expected *e = &g_array_index (want, Expected, k);

                /* The line's box, give or take the few pixels of padding
                 * and rounding the drawing may add. */
                if (e->page == page && x >= e->box.x0 * s - 4 && x <= e->box.x1 * s + 4
                    && y >= e->box.y0 * s - 4 && y <= e->box.y1 * s + 4)
                  {
                    inside[k]++;
                    in = TRUE;
                  }
              }
            if (!in)
              outside++;
          }
      ck_assert_msg (outside == 0, "page %u: %u pixels of the furniture colour outside the labelled lines",
                     page, outside);
      for (guint k = 0; k < want->len && k < G_N_ELEMENTS (inside); k++)
        {
          const Expected *e = &g_array_index (want, Expected, k);

          if (e->page != page)
            continue;
          /* At least half the outline of the box. */
          perimeter[k] = (guint) ((e->box.x1 - e->box.x0 + e->box.y1 - e->box.y0) * s);
          ck_assert_msg (inside[k] >= perimeter[k], "page %u: box %.0f,%.0f: %u furniture pixels, want %u or more",
                         page, e->box.x0, e->box.y0, inside[k], perimeter[k]);
        }
    }
}
END_TEST

/* Ids from a document JSON, every section's and block's. */
static void
collect_ids (JsonNode *node, GHashTable *ids)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        collect_ids (json_array_get_element (a, i), ids);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);

      if (json_object_has_member (o, "id"))
        g_hash_table_add (ids, g_strdup (json_object_get_string_member (o, "id")));
      if (json_object_has_member (o, "sections"))
        collect_ids (json_object_get_member (o, "sections"), ids);
      if (json_object_has_member (o, "blocks"))
        collect_ids (json_object_get_member (o, "blocks"), ids);
    }
}

START_TEST (json_is_converts)
{
  const char *pdf = corpus (PENTEST), *dir, *json, *html;
  const char *argv[] = { bin ("FOLIO"), "convert", "-f", G_STRINGIFY (FIRST), "-l", G_STRINGIFY (LAST), pdf, NULL };
  JsonParser *parser = track (json_parser_new (), g_object_unref);
  GHashTable *ids = track (g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
                           (GDestroyNotify) g_hash_table_unref);
  FolioRun *r;
  guint n = 0;

  FOLIO_SKIP_UNLESS (pdf, "the shared corpus");
  dir = overlay_pentest (pdf);
  r = run (argv);
  ck_assert_msg (r->status == 0, "convert: %s", r->err);
  json = file_text (track (g_build_filename (dir, "document.json", NULL), g_free));
  ck_assert_str_eq (json, r->out);

  /* Every block index.html names is a block of the JSON. */
  ck_assert (json_parser_load_from_data (parser, json, -1, NULL));
  collect_ids (json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "sections"), ids);
  html = file_text (track (g_build_filename (dir, "index.html", NULL), g_free));
  for (const char *at = html; (at = strstr (at, "data-id=\"")) != NULL; n++)
    {
      const char *end;
      g_autofree char *id = NULL;

      at += strlen ("data-id=\"");
      end = strchr (at, '"');
      ck_assert (end != NULL);
      id = g_strndup (at, end - at);
      ck_assert_msg (g_hash_table_contains (ids, id), "index.html names block %s, not in document.json", id);
    }
  ck_assert_msg (n >= g_hash_table_size (ids) / 2, "index.html lists %u blocks of %u", n, g_hash_table_size (ids));
}
END_TEST

/* The browser's verdict, in the title: images loaded of images, and
 * in-page links that go nowhere. */
#define CHECK_SCRIPT \
  "<script>window.addEventListener('load', function () {" \
  " var imgs = Array.prototype.slice.call(document.images);" \
  " var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;" \
  " var dead = Array.prototype.slice.call(document.querySelectorAll('a[href^=\"#\"]'))" \
  "   .filter(function (a) { return !document.getElementById(a.getAttribute('href').slice(1)); }).length;" \
  " document.title = 'images ' + ok + '/' + imgs.length + ' dead ' + dead; });</script>"

START_TEST (index_in_browser)
{
  const char *chrome = "/usr/bin/chromium";
  const char *pdf = corpus (PENTEST), *dir, *html, *page, *url, *profile, *dom;
  g_autofree char *title = NULL, *err_text = NULL;
  char *out = NULL;
  GError *error = NULL;
  int status = -1;
  gboolean ran;

  FOLIO_SKIP_UNLESS (pdf, "the shared corpus");
  FOLIO_SKIP_UNLESS (g_file_test (chrome, G_FILE_TEST_IS_EXECUTABLE) ? chrome : NULL, chrome);
  dir = overlay_pentest (pdf);
  html = file_text (track (g_build_filename (dir, "index.html", NULL), g_free));
  ck_assert (strstr (html, "</body>") != NULL);
  /* A copy beside it, the same page with the check added. */
  page = track (g_build_filename (dir, "check.html", NULL), g_free);
  {
    g_autoptr (GString) copy = g_string_new (html);

    g_string_replace (copy, "</body>", CHECK_SCRIPT "</body>", 1);
    ck_assert (g_file_set_contents (page, copy->str, copy->len, NULL));
  }
  url = track (g_filename_to_uri (page, NULL, NULL), g_free);
  profile = track (g_dir_make_tmp ("folio-chromium-XXXXXX", NULL), g_free);
  ck_assert (profile != NULL);
  {
    g_autofree char *profile_opt = g_strconcat ("--user-data-dir=", profile, NULL);
    const char *argv[] = { "timeout", "-k", "10", "60", chrome, "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-quic", "--no-first-run", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                           "--host-resolver-rules=MAP * ~NOTFOUND", "--allow-file-access-from-files",
                           "--virtual-time-budget=5000", profile_opt, "--dump-dom", url, NULL };

    ran = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, &out, NULL, &status, &error);
  }
  folio_test_remove_tree (profile);
  track (error, (GDestroyNotify) g_error_free);
  ck_assert_msg (ran, "spawn chromium: %s", error ? error->message : "");
  dom = track (out, g_free);
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "chromium --dump-dom failed (status %d)", status);
  /* Two images a page: the contact sheet's and the page's own. */
  title = g_strdup_printf ("<title>images %u/%u dead 0</title>", 2 * (LAST - FIRST + 1), 2 * (LAST - FIRST + 1));
  ck_assert_msg (dom && strstr (dom, title) != NULL, "want %s in the DOM:\n%.600s", title, dom ? dom : "");
}
END_TEST

typedef struct {
  const char *args[5];   /* NULL-terminated */
  int status;
  const char *message;   /* in stderr */
} BadCase;

static const BadCase bad_cases[] = {
  { { "--dpi", "5", NULL }, 2, "--dpi takes a resolution from 18 to 600" },
  { { "--dpi", "601", NULL }, 2, "--dpi takes a resolution from 18 to 600" },
  { { "-f", "3", "-l", "2" }, 2, "first page 3 is after last page 2" },
  { { "-f", "0x", NULL }, 2, "(see --help)" },
  { { "-f", "99", NULL }, 2, "first page 99 is past the last page (3)" },
};

START_TEST (usage_errors)
{
  const BadCase *c = &bad_cases[_i];
  g_autofree char *pdf = folio_test_sample ("draagmoederschap.pdf");
  const char *dir = new_dir ();
  const char *argv[] = { bin ("FOLIO"), "overlay", "-o", dir, c->args[0], c->args[1], c->args[2], c->args[3], NULL, NULL };
  FolioRun *r;
  g_autoptr (GDir) d = NULL;

  FOLIO_SKIP_UNLESS (pdf, "samples/draagmoederschap.pdf");
  /* The input after the options given. */
  argv[4 + g_strv_length ((char **) c->args)] = pdf;
  r = run (argv);
  ck_assert_msg (r->status == c->status, "%s: exit %d, want %d: %s", c->args[0], r->status, c->status, r->err);
  ck_assert_msg (strstr (r->err, c->message) != NULL, "stderr: %s", r->err);
  ck_assert_msg (strchr (r->err, '\n') == r->err + strlen (r->err) - 1, "not one line: %s", r->err);
  d = g_dir_open (dir, 0, NULL);
  ck_assert_msg (d && g_dir_read_name (d) == NULL, "files left in %s", dir);
}
END_TEST

START_TEST (bad_input)
{
  g_autofree char *text = folio_test_sample ("draft-ietf-appsawg-file-scheme-00.txt");
  const char *dir = new_dir ();
  g_autofree char *missing = g_build_filename (dir, "nothing.pdf", NULL);
  g_autofree char *fake = g_build_filename (dir, "fake.pdf", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  const char *cases[][2] = { { text, "4" }, { missing, "3" }, { fake, "4" } };

  FOLIO_SKIP_UNLESS (text, "samples/draft-ietf-appsawg-file-scheme-00.txt");
  ck_assert (g_file_set_contents (fake, "<html><body>Not found</body></html>\n", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[] = { bin ("FOLIO"), "overlay", "-o", out, cases[i][0], NULL };
      FolioRun *r = run (argv);

      ck_assert_msg (r->status == atoi (cases[i][1]), "%s: exit %d: %s", cases[i][0], r->status, r->err);
      ck_assert_msg (strstr (r->err, cases[i][0]) != NULL, "message does not name %s: %s", cases[i][0], r->err);
      ck_assert_msg (strchr (r->err, '\n') == r->err + strlen (r->err) - 1, "not one line: %s", r->err);
      ck_assert_msg (!g_file_test (out, G_FILE_TEST_EXISTS), "%s made for bad input", out);
    }
  {
    const char *argv[] = { bin ("FOLIO"), "overlay", text, NULL };
    FolioRun *r = run (argv);

    ck_assert_int_eq (r->status, 2);
    ck_assert (strstr (r->err, "-o DIR") != NULL);
  }
}
END_TEST

static Suite *
overlay_suite (void)
{
  Suite *s = suite_create ("cli-overlay");
  struct {
    const char *name;
    const TTest *test;
    guint loop;
  } cases[] = {
    { "furniture", furniture_where_labelled, 0 },
    { "json", json_is_converts, 0 },
    { "browser", index_in_browser, 0 },
    { "usage", usage_errors, G_N_ELEMENTS (bad_cases) },
    { "bad-input", bad_input, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TCase *tc = tcase_create (cases[i].name);

      tcase_add_checked_fixture (tc, setup, teardown);
      if (cases[i].loop)
        tcase_add_loop_test (tc, cases[i].test, 0, (int) cases[i].loop);
      else
        tcase_add_test (tc, cases[i].test);
      suite_add_tcase (s, tc);
    }
  return s;
}

int
main (void)
{
  return folio_test_main (overlay_suite ());
}
