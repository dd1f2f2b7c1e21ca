/* folio batch INPUT... -o OUTDIR: many documents converted as `folio
 * convert` would, incremental (content hash), parallel, cron-safe (a lock,
 * outputs renamed into place, a manifest rewritten atomically after each
 * document), shardable across machines, and each new version of a
 * publication diffed against the one before.  docs/folio-batch.1.scd and
 * docs/scaling.md describe it for users. */
#include "folio-tool.h"
#include "folio-sha256-private.h"
#include "folio-build.h"

#include <poppler.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_FORMAT "folio-batch-manifest"
#define MANIFEST_VERSION "1.1"
#define LOCK_NAME ".folio-batch.lock"

/* ------------------------------------------------------------ the record */

/* What the manifest says of one document. */
typedef struct {
  char *path;            /* relative to its input: the key; OUTDIR/<path>.json */
  char *source;          /* the file as found: INPUT joined with path */
  char *sha256;          /* of the source */
  gint64 size;
  guint pages;           /* 0: not known (failed before the pages were read) */
  char *folio_version;
  char *folio_build;     /* the code that converted it: see build_identity() */
  char *options;
  char *status;          /* "ok", "warning" (no text layer) or "failed" */
  char *error;           /* (nullable) the one-line message */
  int exit_code;         /* what folio convert would have exited with */
  double duration;       /* seconds */
  char *output;          /* (nullable) relative to OUTDIR */
  char *output_sha256;   /* (nullable) */
  gint64 output_size;
  char *publication;     /* the file name without version and date parts */
  char *title;           /* (nullable) the running-head title strip mined */
  char *previous;        /* (nullable) path of the version diffed against */
  char *previous_output; /* (nullable) the output the diff was computed from */
  char *diff;            /* (nullable) relative to OUTDIR */
  char *done_at;         /* ISO 8601, UTC */
} BatchEntry;

static void
batch_entry_free (BatchEntry *e)
{
  if (e == NULL)
    return;
  g_free (e->path), g_free (e->source), g_free (e->sha256), g_free (e->folio_version), g_free (e->folio_build);
  g_free (e->options), g_free (e->status), g_free (e->error), g_free (e->output);
  g_free (e->output_sha256), g_free (e->publication), g_free (e->title);
  g_free (e->previous), g_free (e->previous_output), g_free (e->diff), g_free (e->done_at);
  g_free (e);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BatchEntry, batch_entry_free)

static BatchEntry *
batch_entry_copy (const BatchEntry *e)
{
  BatchEntry *c = g_memdup2 (e, sizeof *e);

  c->path = g_strdup (e->path), c->source = g_strdup (e->source), c->sha256 = g_strdup (e->sha256);
  c->folio_version = g_strdup (e->folio_version), c->folio_build = g_strdup (e->folio_build);
  c->options = g_strdup (e->options);
  c->status = g_strdup (e->status), c->error = g_strdup (e->error), c->output = g_strdup (e->output);
  c->output_sha256 = g_strdup (e->output_sha256), c->publication = g_strdup (e->publication);
  c->title = g_strdup (e->title), c->previous = g_strdup (e->previous);
  c->previous_output = g_strdup (e->previous_output), c->diff = g_strdup (e->diff);
  c->done_at = g_strdup (e->done_at);
  return c;
}

/* One document of this run. */
typedef struct {
  char *path;
  char *source;
  gint64 size;
  char *publication;
  guint pages_seen;      /* pages read so far, for the progress bar */
} BatchJob;

static void
batch_job_free (BatchJob *job)
{
  g_free (job->path);
  g_free (job->source);
  g_free (job->publication);
  g_free (job);
}

typedef enum {
  RESULT_UNCHANGED,
  RESULT_CONVERTED,
  RESULT_FAILED,
} BatchResultKind;

typedef struct {
  BatchResultKind kind;
  BatchEntry *entry;     /* (transfer full) */
  char *message;         /* (nullable) to print: an error or a warning */
} BatchResult;

/* The run. */
typedef struct {
  char *outdir;
  char *manifest_name;   /* manifest.json or manifest-K-of-N.json */
  guint shard_k, shard_n;/* 0/0: unsharded */
  char *options;         /* canonical, for the manifest */
  FolioExtractOptions xopts;
  FolioStripOptions sopts;
  FolioSegmentOptions gopts;
  gboolean force, retry_failed;
  guint jobs;
  GPtrArray *todo;       /* (element-type BatchJob) largest first */
  GHashTable *prior;     /* path -> BatchEntry: every manifest at start */
  GPtrArray *history;    /* (element-type BatchEntry) prior entries done before this run */
  GHashTable *current;   /* path -> BatchEntry: what this run's manifest says */
  char *started;
  gboolean was_interrupted;  /* its manifest says the last run was stopped */
  gint next;             /* atomic: index of the next job */
  gint busy;             /* atomic: workers converting */
  gint pages_done;       /* atomic */
  GAsyncQueue *results;
} Batch;

/* ------------------------------------------------------ signals and temps */

static volatile sig_atomic_t stop_signal;
static GMutex temp_lock;
static GHashTable *temp_files;  /* temporary files being written */
static gboolean aborting;       /* under temp_lock: no more renames */

static void
on_stop_signal (int sig)
{
  stop_signal = sig;
}

static void
watch_stop_signals (void)
{
  struct sigaction sa;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_stop_signal;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
}

/* Removes every temporary file and lets no worker rename one into place. */
static void
abandon_temp_files (void)
{
  GHashTableIter iter;
  gpointer key;

  g_mutex_lock (&temp_lock);
  aborting = TRUE;
  g_hash_table_iter_init (&iter, temp_files);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    unlink (key);
  g_hash_table_remove_all (temp_files);
  g_mutex_unlock (&temp_lock);
}

static gboolean
write_all (int fd, const char *data, gsize len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static gboolean
set_write_error (GError **error, const char *path, const char *what, int err)
{
  g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_WRITE, "%s: %s: %s", path, what, g_strerror (err));
  return FALSE;
}

typedef enum {
  WRITE_OUTPUT = 0,
  WRITE_SYNC = 1 << 0,       /* fsync before the rename: the manifest */
  WRITE_LAST_WORD = 1 << 1,  /* still written while the run is abandoned */
} WriteFlags;

/* Writes @path complete or not at all: a temporary file beside it, renamed
 * into place.  Outputs are not synced, which halves the time of a run of
 * small documents: after a machine crash an output may be empty, but the
 * manifest (synced) has its sha256 and the next run converts it again.
 * Thread-safe; once the run is being abandoned only the final manifest
 * may still be written. */
static gboolean
write_atomic (const char *path, const char *data, gsize len, WriteFlags flags, GError **error)
{
  gboolean last_word = (flags & WRITE_LAST_WORD) != 0;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_strdup_printf ("%s.tmp.XXXXXX", path);
  mode_t mask;
  int fd, saved;

  if (g_mkdir_with_parents (dir, 0777) != 0)
    return set_write_error (error, dir, "cannot create directory", errno);
  g_mutex_lock (&temp_lock);
  if (aborting && !last_word)
    {
      g_mutex_unlock (&temp_lock);
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_WRITE, "%s: interrupted", path);
      return FALSE;
    }
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  saved = errno;
  if (fd >= 0)
    g_hash_table_add (temp_files, g_strdup (tmp));
  g_mutex_unlock (&temp_lock);
  if (fd < 0)
    return set_write_error (error, path, "cannot create", saved);
  mask = umask (0);
  umask (mask);
  fchmod (fd, 0666 & ~mask);
  if (!write_all (fd, data, len) || ((flags & WRITE_SYNC) && fsync (fd) != 0))
    saved = errno;
  else
    saved = 0;
  if (close (fd) != 0 && saved == 0)
    saved = errno;
  g_mutex_lock (&temp_lock);
  if (saved == 0 && aborting && !last_word)
    saved = EINTR;
  if (saved == 0 && rename (tmp, path) != 0)
    saved = errno;
  if (saved != 0)
    unlink (tmp);
  g_hash_table_remove (temp_files, tmp);
  g_mutex_unlock (&temp_lock);
  if (saved != 0)
    return set_write_error (error, path, "write failed", saved);
  return TRUE;
}

/* ------------------------------------------------------------- hashing */

/* sha256 of a file, read in chunks; NULL with @error when unreadable. */
static char *
file_sha256 (const char *path, gint64 *size, GError **error)
{
  FolioSha256 sum;
  g_autofree guchar *buf = g_malloc (1 << 16);
  gint64 total = 0;
  ssize_t n;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND, "%s: cannot read: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  folio_sha256_init (&sum);
  while ((n = read (fd, buf, 1 << 16)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      {
        folio_sha256_update (&sum, buf, (gsize) n);
        total += n;
      }
  if (n < 0)
    {
      int saved = errno;

      g_free (folio_sha256_finish (&sum));
      close (fd);
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_NOT_FOUND, "%s: cannot read: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  close (fd);
  if (size)
    *size = total;
  return folio_sha256_finish (&sum);
}

/* Whether OUTDIR/@rel is what the manifest recorded: same size and sha256. */
static gboolean
output_intact (const Batch *b, const char *rel, const char *sha256, gint64 size)
{
  g_autofree char *path = NULL;
  g_autofree char *sum = NULL;
  gint64 actual = -1;

  if (rel == NULL || sha256 == NULL)
    return FALSE;
  path = g_build_filename (b->outdir, rel, NULL);
  sum = file_sha256 (path, &actual, NULL);
  return sum != NULL && actual == size && strcmp (sum, sha256) == 0;
}

/* --------------------------------------------------------- publications */

static GRegex *
regex_once (GRegex **slot, const char *pattern)
{
  if (*slot == NULL)
    *slot = g_regex_new (pattern, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
  return *slot;
}

/* A file's publication: its path lowercased, without extension, dates
 * (2015-03-01, 20150301, 2015-03, maart 2015, 1 march 2015), version and
 * draft numbers (-00, v1.2, 1.4.0, rev2959, 10) and words such as "final";
 * so draft-ietf-x-07.txt and draft-ietf-x-08.txt, or report_v1.2_2021-05-20.pdf
 * and report_v1.3_2021-06-01.pdf, are one publication.  Called from the
 * main thread only (the regexes are built on first use). */
static char *
publication_key (const char *path)
{
  static GRegex *month_re, *date_re, *token_re, *sep_re;
  g_autofree char *lower = g_utf8_strdown (path, -1);
  g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL;
  char *dot = strrchr (lower, '.');

  if (dot && strchr (dot, '/') == NULL)
    *dot = '\0';
  s1 = g_regex_replace_literal (regex_once (&month_re,
         "(\\d{1,2}[-_ ]?)?(jan(uari|uary)?|feb(ruari|ruary)?|maart|march|mrt|mar|apr(il)?|mei|may|"
         "jun[ei]?|jul[iy]?|aug(ustus|ust)?|sep(tember)?|okt(ober)?|oct(ober)?|nov(ember)?|"
         "dec(ember)?)[-_ ]?(19|20)\\d\\d"), lower, -1, 0, "-", 0, NULL);
  s2 = g_regex_replace_literal (regex_once (&date_re,
         "(19|20)\\d\\d[-_.]?(0[1-9]|1[0-2])([-_.]?[0-3]\\d)?(?!\\d)"), s1, -1, 0, "-", 0, NULL);
  s3 = g_regex_replace_literal (regex_once (&token_re,
         "(?<=^|[-_ ./])(v?\\d+([._]\\d+)*|rev\\d+|r\\d+|versie|version|final|concept|definitief)"
         "(?=$|[-_ ./])"), s2, -1, 0, "", 0, NULL);
  s4 = g_regex_replace_literal (regex_once (&sep_re, "[-_ .]+"), s3, -1, 0, "-", 0, NULL);
  /* Separators left at the ends of each component. */
  {
    g_auto (GStrv) parts = g_strsplit (s4 ? s4 : "", "/", -1);

    for (char **p = parts; *p; p++)
      {
        char *t = *p;
        gsize n;

        while (*t == '-')
          memmove (t, t + 1, strlen (t));
        n = strlen (t);
        while (n > 0 && t[n - 1] == '-')
          t[--n] = '\0';
      }
    return g_strjoinv ("/", parts);
  }
}

/* A title compared loosely: case and runs of blanks do not matter. */
static gboolean
same_title (const char *a, const char *b)
{
  g_autofree char *x = NULL, *y = NULL;

  if (a == NULL || b == NULL || *a == '\0')
    return FALSE;
  x = g_utf8_casefold (a, -1);
  y = g_utf8_casefold (b, -1);
  g_strstrip (g_strdelimit (x, "\t\n\r", ' '));
  g_strstrip (g_strdelimit (y, "\t\n\r", ' '));
  return strcmp (x, y) == 0;
}

/* The version to diff against: the same path's earlier content, else the
 * latest (by file-name order) of the other documents of the publication
 * converted by an earlier run.  Only what was known when this run started
 * counts, so the answer does not depend on -j or on shards. */
static const BatchEntry *
find_previous (const Batch *b, const BatchEntry *e)
{
  const BatchEntry *same = g_hash_table_lookup (b->prior, e->path);
  const BatchEntry *best = NULL;
  g_autofree char *best_key = NULL;

  if (same && same->output && strcmp (same->status, "failed") != 0
      && g_strcmp0 (same->sha256, e->sha256) != 0)
    return same;
  for (guint i = 0; i < b->history->len; i++)
    {
      const BatchEntry *c = g_ptr_array_index (b->history, i);
      g_autofree char *key = NULL;

      if (strcmp (c->path, e->path) == 0 || c->output == NULL || strcmp (c->status, "failed") == 0)
        continue;
      if (g_strcmp0 (c->publication, e->publication) != 0 && !same_title (c->title, e->title))
        continue;
      key = g_utf8_collate_key_for_filename (c->path, -1);
      if (best == NULL || strcmp (key, best_key) > 0)
        {
          best = c;
          g_free (best_key);
          best_key = g_steal_pointer (&key);
        }
    }
  return best;
}

/* ----------------------------------------------------------- converting */

static char *
now_iso (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

static char *
output_name (const char *path, const char *suffix)
{
  return g_strconcat (path, suffix, NULL);
}

typedef struct {
  Batch *batch;
  BatchJob *job;
} ProgressData;

static void
on_pages (guint done, guint total, gpointer data)
{
  ProgressData *pd = data;

  (void) total;
  if (done > pd->job->pages_seen)
    {
      g_atomic_int_add (&pd->batch->pages_done, (gint) (done - pd->job->pages_seen));
      pd->job->pages_seen = done;
    }
}

/* The document JSON of @job, exactly as folio convert makes it. */
static GString *
convert_document (Batch *b, BatchJob *job, BatchEntry *e, GError **warning, GError **error)
{
  g_autoptr (FolioExtractor) ex = NULL;
  g_autoptr (FolioDocument) doc = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  FolioEmitOptions eopts = FOLIO_EMIT_OPTIONS_INIT;
  FolioSegmentOptions gopts = b->gopts;
  ProgressData pd = { b, job };
  guint others, threads;

  ex = folio_extractor_open (job->source, &b->xopts, error);
  if (ex == NULL)
    return NULL;
  /* A document gets the workers nobody else is using: the last large
   * document of a run is read by every core, page ranges in parallel. */
  others = (guint) g_atomic_int_add (&b->busy, 1);
  threads = b->jobs > others ? b->jobs - others : 1;
  doc = folio_extractor_read_all (ex, threads, on_pages, &pd, error);
  g_atomic_int_add (&b->busy, -1);
  if (doc == NULL)
    return NULL;
  folio_extractor_check_text (ex, warning);
  e->pages = doc->page_count;
  if (!folio_strip_run (doc, &b->sopts, error))
    return NULL;
  e->title = g_strdup (folio_document_get_field (doc, "title"));
  /* and, with two or more, its tables on two of them */
  gopts.threads = threads;
  if (!folio_segment_run (doc, &gopts, error) || !folio_emit_run (doc, &eopts, text, error))
    return NULL;
  return g_steal_pointer (&text);
}

/* Copies the previous output of a changed document to <path>.prev.json, so
 * the new one can replace it and both are kept.  The copy is whichever of
 * the two files still has the content the manifest recorded (a run killed
 * after renaming the new output leaves it in .prev.json). */
static char *
keep_previous_output (Batch *b, const BatchEntry *prev, GError **error)
{
  g_autofree char *kept = output_name (prev->path, ".prev.json");
  g_autofree char *from = NULL;
  g_autofree char *data = NULL;
  gsize len;

  if (output_intact (b, kept, prev->output_sha256, prev->output_size))
    return g_steal_pointer (&kept);
  if (!output_intact (b, prev->output, prev->output_sha256, prev->output_size))
    return NULL;
  from = g_build_filename (b->outdir, prev->output, NULL);
  if (!g_file_get_contents (from, &data, &len, error))
    return NULL;
  {
    g_autofree char *to = g_build_filename (b->outdir, kept, NULL);

    if (!write_atomic (to, data, len, WRITE_OUTPUT, error))
      return NULL;
  }
  return g_steal_pointer (&kept);
}

/* Writes OUTDIR/<path>.diff.json: folio diff's JSON of @prev_output
 * against @text, the new document JSON. */
static gboolean
write_diff (Batch *b, BatchEntry *e, const char *prev_output, const GString *text, GError **error)
{
  FolioDiffLoadOptions lopts = FOLIO_DIFF_LOAD_OPTIONS_INIT;
  g_autofree char *old_path = g_build_filename (b->outdir, prev_output, NULL);
  g_autofree char *rel = output_name (e->path, ".diff.json");
  g_autofree char *to = g_build_filename (b->outdir, rel, NULL);
  g_autoptr (FolioDiffSide) old_side = NULL, new_side = NULL;
  g_autoptr (FolioDiff) diff = NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  /* each JSON tree let go once its side is made (folio diff does the same) */
  {
    g_autoptr (JsonNode) old_doc = folio_diff_load (old_path, &lopts, error);

    if (old_doc == NULL || (old_side = folio_diff_side_new (old_doc, "old", error)) == NULL)
      return FALSE;
  }
  {
    g_autoptr (JsonNode) new_doc = json_from_string (text->str, error);

    if (new_doc == NULL || (new_side = folio_diff_side_new (new_doc, "new", error)) == NULL)
      return FALSE;
  }
  diff = folio_diff_compute_sides (g_steal_pointer (&old_side), g_steal_pointer (&new_side));
  folio_diff_print_json (diff, out);
  if (!write_atomic (to, out->str, out->len, WRITE_OUTPUT, error))
    return FALSE;
  e->diff = g_steal_pointer (&rel);
  return TRUE;
}

/* The previous version, kept and diffed against, when there is one. */
static gboolean
diff_with_previous (Batch *b, BatchEntry *e, const GString *text, GError **error)
{
  const BatchEntry *prev = find_previous (b, e);
  g_autofree char *against = NULL;

  if (prev == NULL)
    return TRUE;
  if (strcmp (prev->path, e->path) == 0)
    {
      against = keep_previous_output (b, prev, error);
      if (against == NULL)
        return error == NULL || *error == NULL; /* the old output is gone: nothing to diff */
    }
  else
    {
      if (!output_intact (b, prev->output, prev->output_sha256, prev->output_size))
        return TRUE;
      against = g_strdup (prev->output);
    }
  if (!write_diff (b, e, against, text, error))
    return FALSE;
  e->previous = g_strdup (prev->path);
  e->previous_output = g_steal_pointer (&against);
  return TRUE;
}

/* Which code converts: a digest of folio's sources (src/build-id.py) and
 * the poppler it runs with, so that after an upgrade of either every
 * document is converted again, whether or not the version number moved. */
static const char *
build_identity (void)
{
  static char *id;

  if (g_once_init_enter (&id))
    g_once_init_leave (&id, g_strdup_printf ("%s poppler-%s", FOLIO_BUILD, poppler_get_version ()));
  return id;
}

static BatchEntry *
new_entry (const Batch *b, const BatchJob *job)
{
  BatchEntry *e = g_new0 (BatchEntry, 1);

  e->path = g_strdup (job->path);
  e->source = g_strdup (job->source);
  e->size = job->size;
  e->folio_version = g_strdup (FOLIO_VERSION);
  e->folio_build = g_strdup (build_identity ());
  e->options = g_strdup (b->options);
  e->publication = g_strdup (job->publication);
  return e;
}

/* Whether the manifest's word for @e's path still holds. */
static gboolean
unchanged (const Batch *b, const BatchEntry *e)
{
  const BatchEntry *p = g_hash_table_lookup (b->prior, e->path);

  if (b->force || p == NULL)
    return FALSE;
  if (g_strcmp0 (p->sha256, e->sha256) != 0 || g_strcmp0 (p->folio_version, e->folio_version) != 0
      || g_strcmp0 (p->folio_build, e->folio_build) != 0 || g_strcmp0 (p->options, e->options) != 0)
    return FALSE;
  if (strcmp (p->status, "failed") == 0)
    return !b->retry_failed;
  return output_intact (b, p->output, p->output_sha256, p->output_size);
}

static BatchResult *
fail_result (BatchEntry *e, const GError *error)
{
  BatchResult *r = g_new0 (BatchResult, 1);

  g_free (e->status);
  e->status = g_strdup ("failed");
  e->error = g_strdup (error->message);
  g_strdelimit (e->error, "\r\n", ' ');
  e->exit_code = folio_error_exit_code (error);
  g_clear_pointer (&e->output, g_free);
  g_clear_pointer (&e->diff, g_free);
  r->kind = RESULT_FAILED;
  r->entry = e;
  r->message = g_strdup (e->error);
  return r;
}

/* A diff left from an earlier version would pass for this one's. */
static void
drop_stale_diff (const Batch *b, const BatchEntry *e)
{
  g_autofree char *rel = output_name (e->path, ".diff.json");
  g_autofree char *path = g_build_filename (b->outdir, rel, NULL);

  unlink (path);
}

static BatchResult *
process_job (Batch *b, BatchJob *job)
{
  g_autoptr (BatchEntry) e = new_entry (b, job);
  g_autoptr (GError) error = NULL, warning = NULL;
  g_autoptr (GString) text = NULL;
  g_autofree char *to = NULL;
  BatchResult *r;
  gint64 t0 = g_get_monotonic_time ();

  e->sha256 = file_sha256 (job->source, &e->size, &error);
  if (e->sha256 != NULL && unchanged (b, e))
    {
      r = g_new0 (BatchResult, 1);
      r->kind = RESULT_UNCHANGED;
      r->entry = batch_entry_copy (g_hash_table_lookup (b->prior, e->path));
      return r;
    }
  if (e->sha256 == NULL || (text = convert_document (b, job, e, &warning, &error)) == NULL)
    return fail_result (g_steal_pointer (&e), error);
  e->output = output_name (e->path, ".json");
  to = g_build_filename (b->outdir, e->output, NULL);
  if (!diff_with_previous (b, e, text, &error) || !write_atomic (to, text->str, text->len, WRITE_OUTPUT, &error))
    return fail_result (g_steal_pointer (&e), error);
  if (e->diff == NULL)
    drop_stale_diff (b, e);
  e->output_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text->str, text->len);
  e->output_size = (gint64) text->len;
  e->status = g_strdup (warning ? "warning" : "ok");
  e->exit_code = folio_error_exit_code (warning);
  if (warning)
    e->error = g_strdup (warning->message);
  e->duration = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
  r = g_new0 (BatchResult, 1);
  r->kind = RESULT_CONVERTED;
  if (warning)
    r->message = g_strdup_printf ("warning: %s", warning->message);
  r->entry = g_steal_pointer (&e);
  return r;
}

static gpointer
worker (gpointer data)
{
  Batch *b = data;

  while (!stop_signal)
    {
      guint i = (guint) g_atomic_int_add (&b->next, 1);
      BatchJob *job;
      BatchEntry *e;

      if (i >= b->todo->len)
        break;
      job = g_ptr_array_index (b->todo, i);
      {
        BatchResult *r = process_job (b, job);

        e = r->entry;
        if (e->done_at == NULL)
          e->done_at = now_iso ();
        g_async_queue_push (b->results, r);
      }
    }
  return NULL;
}

/* ------------------------------------------------------------- manifest */

static void
add_string (JsonBuilder *jb, const char *name, const char *value)
{
  json_builder_set_member_name (jb, name);
  if (value)
    json_builder_add_string_value (jb, value);
  else
    json_builder_add_null_value (jb);
}

static void
add_int_or_null (JsonBuilder *jb, const char *name, gint64 value, gboolean present)
{
  json_builder_set_member_name (jb, name);
  if (present)
    json_builder_add_int_value (jb, value);
  else
    json_builder_add_null_value (jb);
}

static void
build_entry (JsonBuilder *jb, const BatchEntry *e)
{
  json_builder_begin_object (jb);
  add_string (jb, "path", e->path);
  add_string (jb, "source", e->source);
  add_string (jb, "sha256", e->sha256);
  add_int_or_null (jb, "size", e->size, e->sha256 != NULL);
  add_int_or_null (jb, "pages", e->pages, e->pages > 0);
  add_string (jb, "folio_version", e->folio_version);
  add_string (jb, "folio_build", e->folio_build);
  add_string (jb, "options", e->options);
  add_string (jb, "status", e->status);
  add_string (jb, "error", e->error);
  add_int_or_null (jb, "exit_code", e->exit_code, TRUE);
  json_builder_set_member_name (jb, "duration");
  json_builder_add_double_value (jb, e->duration);
  add_string (jb, "output", e->output);
  add_string (jb, "output_sha256", e->output_sha256);
  add_int_or_null (jb, "output_size", e->output_size, e->output != NULL);
  add_string (jb, "publication", e->publication);
  add_string (jb, "title", e->title);
  add_string (jb, "previous", e->previous);
  add_string (jb, "previous_output", e->previous_output);
  add_string (jb, "diff", e->diff);
  add_string (jb, "done_at", e->done_at);
  json_builder_end_object (jb);
}

static gint
compare_entries (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(BatchEntry *const *) a)->path, (*(BatchEntry *const *) b)->path);
}

static gboolean
write_manifest (Batch *b, gboolean interrupted, gboolean last_word, GError **error)
{
  g_autoptr (JsonBuilder) jb = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) entries = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  g_autofree char *text = NULL;
  g_autofree char *path = g_build_filename (b->outdir, b->manifest_name, NULL);
  g_autofree char *finished = now_iso ();
  g_autofree char *shard = b->shard_n ? g_strdup_printf ("%u/%u", b->shard_k, b->shard_n) : NULL;
  gsize len;

  g_hash_table_iter_init (&iter, b->current);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (entries, value);
  g_ptr_array_sort (entries, compare_entries);
  json_builder_begin_object (jb);
  add_string (jb, "format", MANIFEST_FORMAT);
  add_string (jb, "format_version", MANIFEST_VERSION);
  add_string (jb, "folio_version", FOLIO_VERSION);
  add_string (jb, "folio_build", build_identity ());
  add_string (jb, "options", b->options);
  add_string (jb, "shard", shard);
  add_string (jb, "started", b->started);
  add_string (jb, "updated", finished);
  json_builder_set_member_name (jb, "interrupted");
  json_builder_add_boolean_value (jb, interrupted);
  json_builder_set_member_name (jb, "documents");
  json_builder_begin_array (jb);
  for (guint i = 0; i < entries->len; i++)
    build_entry (jb, g_ptr_array_index (entries, i));
  json_builder_end_array (jb);
  json_builder_end_object (jb);
  root = json_builder_get_root (jb);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, &len);
  text = g_realloc (text, len + 2);
  text[len++] = '\n';
  text[len] = '\0';
  return write_atomic (path, text, len, WRITE_SYNC | (last_word ? WRITE_LAST_WORD : 0), error);
}

static char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
           ? g_strdup (json_node_get_string (n)) : NULL;
}

static gint64
member_int (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64
           ? json_node_get_int (n) : 0;
}

static BatchEntry *
parse_entry (JsonObject *o)
{
  g_autoptr (BatchEntry) e = g_new0 (BatchEntry, 1);
  JsonNode *d = json_object_get_member (o, "duration");

  e->path = member_string (o, "path");
  e->status = member_string (o, "status");
  if (e->path == NULL || e->status == NULL || e->path[0] == '/' || strstr (e->path, "..") != NULL)
    return NULL;
  e->source = member_string (o, "source"), e->sha256 = member_string (o, "sha256");
  e->size = member_int (o, "size"), e->pages = (guint) member_int (o, "pages");
  e->folio_version = member_string (o, "folio_version"), e->folio_build = member_string (o, "folio_build");
  e->options = member_string (o, "options");
  e->error = member_string (o, "error"), e->exit_code = (int) member_int (o, "exit_code");
  e->duration = d && JSON_NODE_HOLDS_VALUE (d) ? json_node_get_double (d) : 0;
  e->output = member_string (o, "output"), e->output_sha256 = member_string (o, "output_sha256");
  e->output_size = member_int (o, "output_size");
  e->publication = member_string (o, "publication"), e->title = member_string (o, "title");
  e->previous = member_string (o, "previous");
  e->previous_output = member_string (o, "previous_output"), e->diff = member_string (o, "diff");
  e->done_at = member_string (o, "done_at");
  return g_steal_pointer (&e);
}

/* Adds the entries of one manifest file to @into (path -> entry), the
 * latest done_at winning.  A manifest that cannot be read is reported and
 * ignored: its documents are converted again. */
static void
read_manifest (const char *path, GHashTable *into, gboolean *interrupted)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonNode *root;
  JsonArray *docs;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      folio_tool_message ("warning: %s: unreadable manifest, ignored: %s", path, error->message);
      return;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (root), "format", ""),
                    MANIFEST_FORMAT) != 0
      || (docs = json_object_get_array_member (json_node_get_object (root), "documents")) == NULL)
    {
      folio_tool_message ("warning: %s: not a folio batch manifest, ignored", path);
      return;
    }
  *interrupted = json_object_get_boolean_member_with_default (json_node_get_object (root), "interrupted", FALSE);
  for (guint i = 0; i < json_array_get_length (docs); i++)
    {
      JsonNode *n = json_array_get_element (docs, i);
      BatchEntry *e = JSON_NODE_HOLDS_OBJECT (n) ? parse_entry (json_node_get_object (n)) : NULL;
      BatchEntry *old;

      if (e == NULL)
        continue;
      old = g_hash_table_lookup (into, e->path);
      if (old && g_strcmp0 (old->done_at, e->done_at) > 0)
        batch_entry_free (e);
      else
        g_hash_table_replace (into, e->path, e);
    }
}

/* manifest.json or manifest-K-of-N.json exactly (a document could be
 * named manifest-1-of-2.pdf: its output is not a manifest). */
static gboolean
is_manifest_name (const char *name)
{
  unsigned k, n;
  char again[64];

  if (strcmp (name, "manifest.json") == 0)
    return TRUE;
  if (sscanf (name, "manifest-%u-of-%u.json", &k, &n) != 2)
    return FALSE;
  g_snprintf (again, sizeof again, "manifest-%u-of-%u.json", k, n);
  return strcmp (again, name) == 0;
}

/* Every manifest in OUTDIR (an unsharded run's and each shard's). */
static void
read_manifests (Batch *b)
{
  g_autoptr (GDir) dir = g_dir_open (b->outdir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    if (is_manifest_name (name))
      {
        g_autofree char *path = g_build_filename (b->outdir, name, NULL);
        gboolean interrupted = FALSE;

        read_manifest (path, b->prior, &interrupted);
        if (strcmp (name, b->manifest_name) == 0)
          b->was_interrupted = interrupted;
      }
}

/* ---------------------------------------------------------------- inputs */

static gboolean
is_document_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, ".pdf") || g_str_has_suffix (lower, ".txt");
}

typedef struct {
  GPtrArray *jobs;
  GPtrArray *excludes;   /* (element-type GPatternSpec) */
  struct stat outdir_st;
  gboolean outdir_exists;
  gboolean trouble;      /* a directory could not be read */
  GHashTable *seen;      /* "dev:ino" of the directories walked: symlink loops */
} Walk;

static gboolean
excluded (Walk *w, const char *rel)
{
  for (guint i = 0; i < w->excludes->len; i++)
    if (g_pattern_spec_match_string (g_ptr_array_index (w->excludes, i), rel))
      return TRUE;
  return FALSE;
}

static void
add_job (Walk *w, const char *source, const char *rel, gint64 size)
{
  BatchJob *job = g_new0 (BatchJob, 1);

  job->source = g_strdup (source);
  job->path = g_strdup (rel);
  job->size = size;
  job->publication = publication_key (rel);
  g_ptr_array_add (w->jobs, job);
}

/* Documents under @dir (*.pdf, *.txt; hidden files and OUTDIR skipped),
 * named by their path below @dir. */
static void
walk_dir (Walk *w, const char *dir, const char *rel)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) d = g_dir_open (dir, 0, &error);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    {
      folio_tool_message ("%s: cannot read directory: %s", dir, error->message);
      w->trouble = TRUE;
      return;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, n, NULL);
      g_autofree char *sub = rel ? g_build_filename (rel, n, NULL) : g_strdup (n);
      struct stat st;

      if (stat (path, &st) != 0 || excluded (w, sub))
        continue;
      if (S_ISDIR (st.st_mode))
        {
          g_autofree char *id = g_strdup_printf ("%ju:%ju", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino);
          gboolean outdir = w->outdir_exists && st.st_dev == w->outdir_st.st_dev
                            && st.st_ino == w->outdir_st.st_ino;

          if (!outdir && g_hash_table_add (w->seen, g_steal_pointer (&id)))
            walk_dir (w, path, sub);
        }
      else if (S_ISREG (st.st_mode) && is_document_name (n))
        add_job (w, path, sub, st.st_size);
    }
}

/* Files given are taken whatever their name, under their base name;
 * directories are walked, their documents named below them. */
static gboolean
collect_inputs (Walk *w, char **inputs)
{
  for (char **in = inputs; *in; in++)
    {
      struct stat st;

      if (stat (*in, &st) != 0)
        {
          folio_tool_message ("%s: %s", *in, g_strerror (errno));
          return FALSE;
        }
      if (S_ISDIR (st.st_mode))
        {
          g_hash_table_add (w->seen, g_strdup_printf ("%ju:%ju", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino));
          walk_dir (w, *in, NULL);
        }
      else
        {
          g_autofree char *base = g_path_get_basename (*in);

          add_job (w, *in, base, st.st_size);
        }
    }
  return TRUE;
}

static gint
compare_job_paths (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(BatchJob *const *) a)->path, (*(BatchJob *const *) b)->path);
}

/* Largest first, so that no large document starts last. */
static gint
compare_job_sizes (gconstpointer a, gconstpointer b)
{
  const BatchJob *x = *(BatchJob *const *) a, *y = *(BatchJob *const *) b;

  if (x->size != y->size)
    return x->size > y->size ? -1 : 1;
  return strcmp (x->path, y->path);
}

/* Two inputs that would write the same output are a usage error. */
static gboolean
check_unique (GPtrArray *jobs)
{
  g_ptr_array_sort (jobs, compare_job_paths);
  for (guint i = 1; i < jobs->len; i++)
    {
      BatchJob *a = g_ptr_array_index (jobs, i - 1), *b = g_ptr_array_index (jobs, i);

      if (strcmp (a->path, b->path) == 0)
        {
          folio_tool_message ("%s and %s would both be written to %s.json (see --help)",
                              a->source, b->source, a->path);
          return FALSE;
        }
    }
  return TRUE;
}

/* FNV-1a: the same share on every machine, whatever its GLib. */
static guint32
stable_hash (const char *s)
{
  guint32 h = 2166136261u;

  for (; *s; s++)
    h = (h ^ (guchar) *s) * 16777619u;
  return h;
}

/* Shards are dealt by publication, so every version of one lands in the
 * same shard and is diffed there as in an unsharded run. */
static void
keep_shard (GPtrArray *jobs, guint k, guint n)
{
  for (guint i = jobs->len; i-- > 0;)
    {
      BatchJob *job = g_ptr_array_index (jobs, i);

      if (stable_hash (job->publication) % n != k - 1)
        g_ptr_array_remove_index (jobs, i);
    }
}

/* --list: "PATH<tab>PUBLICATION" per document, by path. */
static int
print_list (GPtrArray *jobs)
{
  g_ptr_array_sort (jobs, compare_job_paths);
  for (guint i = 0; i < jobs->len; i++)
    {
      const BatchJob *job = g_ptr_array_index (jobs, i);

      printf ("%s\t%s\n", job->path, job->publication);
    }
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      folio_tool_message ("stdout: write failed: %s", g_strerror (errno));
      return FOLIO_EXIT_WRITE;
    }
  return FOLIO_EXIT_OK;
}

/* ----------------------------------------------------------------- OUTDIR */

/* Creates OUTDIR if needed and checks it can be written. */
static gboolean
prepare_outdir (const char *outdir)
{
  struct stat st;

  if (stat (outdir, &st) == 0 && !S_ISDIR (st.st_mode))
    {
      folio_tool_message ("%s: output directory is not a directory", outdir);
      return FALSE;
    }
  if (g_mkdir_with_parents (outdir, 0777) != 0)
    {
      folio_tool_message ("%s: cannot create output directory: %s", outdir, g_strerror (errno));
      return FALSE;
    }
  if (access (outdir, W_OK | X_OK) != 0)
    {
      folio_tool_message ("%s: output directory is not writable: %s", outdir, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* flock() on @name in OUTDIR; the kernel releases it however the run ends.
 * Returns the descriptor, -1 when held by another run (@busy set) or on
 * error (message printed). */
static int
take_lock (const char *outdir, const char *name, int how, gboolean wait, gboolean *busy)
{
  g_autofree char *path = g_build_filename (outdir, name, NULL);
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

  if (fd < 0)
    {
      folio_tool_message ("%s: cannot create lock file: %s", path, g_strerror (errno));
      return -1;
    }
  while (flock (fd, how | (wait ? 0 : LOCK_NB)) != 0)
    {
      if (errno == EINTR && !stop_signal)
        continue;
      *busy = errno == EWOULDBLOCK;
      if (!*busy && !stop_signal)
        folio_tool_message ("%s: cannot lock: %s", path, g_strerror (errno));
      close (fd);
      return -1;
    }
  return fd;
}

/* Temporary files a killed run left behind: ours to remove are those
 * beside an output of this run's documents, or beside its manifest. */
static void
sweep_dir (const Batch *b, GHashTable *mine, const char *dir, const char *rel)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *sub = rel ? g_build_filename (rel, name, NULL) : g_strdup (name);
      const char *tmp = strstr (sub, ".tmp.");

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        sweep_dir (b, mine, path, sub);
      else if (tmp && strlen (tmp) == 11)
        {
          g_autofree char *base = g_strndup (sub, (gsize) (tmp - sub));

          if (b->shard_n == 0 || g_hash_table_contains (mine, base))
            unlink (path);
        }
    }
}

static void
sweep_temp_files (const Batch *b)
{
  g_autoptr (GHashTable) mine = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_hash_table_add (mine, g_strdup (b->manifest_name));
  for (guint i = 0; i < b->todo->len; i++)
    {
      const BatchJob *job = g_ptr_array_index (b->todo, i);

      g_hash_table_add (mine, output_name (job->path, ".json"));
      g_hash_table_add (mine, output_name (job->path, ".diff.json"));
      g_hash_table_add (mine, output_name (job->path, ".prev.json"));
    }
  sweep_dir (b, mine, b->outdir, NULL);
}

/* ---------------------------------------------------------------- the run */

typedef struct {
  guint total, unchanged, converted, warnings, failed, failed_before, diffs;
  guint pages;
  gint64 t0;
  gint64 bytes_total, bytes_done;
} Tally;

static void
show_progress (Batch *b, FolioToolProgress *prog, const Tally *t)
{
  guint done = t->unchanged + t->converted + t->failed + t->failed_before;
  double secs = (double) (g_get_monotonic_time () - t->t0) / G_USEC_PER_SEC;
  guint pages = (guint) g_atomic_int_get (&b->pages_done);
  double frac = t->bytes_total > 0 ? (double) t->bytes_done / (double) t->bytes_total : 1;
  g_autofree char *left = NULL;

  if (secs > 2 && frac > 0.01 && done < t->total)
    {
      guint rest = (guint) (secs / frac - secs);

      left = g_strdup_printf (", ~%um%02us left", rest / 60, rest % 60);
    }
  {
    char bar[21];
    guint filled = t->total ? (guint) ((guint64) done * 20 / t->total) : 20;

    memset (bar, '#', filled);
    memset (bar + filled, '.', 20 - filled);
    bar[20] = '\0';
    folio_tool_progress_text (prog, done == t->total,
                              "[%s] %u/%u documents, %u pages, %.0f documents/min, %.1f pages/s%s",
                              bar, done, t->total, pages, secs > 0 ? done * 60 / secs : 0.0,
                              secs > 0 ? pages / secs : 0.0, left ? left : "");
  }
}

/* Records one finished document; the manifest is rewritten when it says
 * something new, so a kill at any moment leaves it consistent. */
static void
take_result (Batch *b, BatchResult *r, Tally *t, FolioToolProgress *prog, gboolean save)
{
  BatchEntry *e = r->entry;
  gboolean failed = strcmp (e->status, "failed") == 0;
  g_autoptr (GError) error = NULL;

  switch (r->kind)
    {
    case RESULT_UNCHANGED:
      if (failed)
        t->failed_before++;
      else
        t->unchanged++;
      break;
    case RESULT_CONVERTED:
      t->converted++;
      t->pages += e->pages;
      t->warnings += strcmp (e->status, "warning") == 0;
      t->diffs += e->diff != NULL;
      break;
    case RESULT_FAILED:
      t->failed++;
      break;
    }
  t->bytes_done += e->size;
  if (r->message)
    {
      folio_tool_progress_done (prog);
      folio_tool_message ("%s", r->message);
    }
  g_hash_table_replace (b->current, e->path, e);
  if (save && r->kind != RESULT_UNCHANGED && !write_manifest (b, FALSE, FALSE, &error))
    folio_tool_message ("%s", error->message);
  g_free (r->message);
  g_free (r);
}

/* SIGINT or SIGTERM: finished documents are recorded, the ones in flight
 * abandoned with their temporary files, the manifest written, and the
 * process ends at once (poppler cannot be interrupted mid-page). */
G_GNUC_NORETURN static void
abandon_run (Batch *b, Tally *t, FolioToolProgress *prog)
{
  g_autoptr (GError) error = NULL;
  BatchResult *r;
  int sig = stop_signal;

  abandon_temp_files ();
  while ((r = g_async_queue_try_pop (b->results)) != NULL)
    take_result (b, r, t, prog, FALSE);
  folio_tool_progress_done (prog);
  if (!write_manifest (b, TRUE, TRUE, &error))
    folio_tool_message ("%s", error->message);
  folio_tool_message ("interrupted by %s: %u of %u documents done, the rest left for the next run",
                      sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP",
                      t->unchanged + t->converted + t->failed + t->failed_before, t->total);
  fflush (stderr);
  _exit (128 + sig);
}

static void
run_workers (Batch *b, Tally *t, FolioToolProgress *prog)
{
  g_autoptr (GPtrArray) threads = g_ptr_array_new ();
  guint n = MIN (b->jobs, MAX (b->todo->len, 1u));
  guint received = 0;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (threads, g_thread_new ("folio-batch", worker, b));
  while (received < b->todo->len)
    {
      BatchResult *r = g_async_queue_timeout_pop (b->results, 100000);

      if (stop_signal)
        {
          if (r)
            g_async_queue_push_front (b->results, r);
          abandon_run (b, t, prog);
        }
      if (r)
        {
          take_result (b, r, t, prog, TRUE);
          received++;
        }
      show_progress (b, prog, t);
    }
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
}

static void
print_summary (const Tally *t, double secs)
{
  GString *s = g_string_new (NULL);

  if (t->converted + t->failed == 0)
    g_string_printf (s, "nothing to do: %u document%s unchanged", t->total, t->total == 1 ? "" : "s");
  else
    g_string_printf (s, "%u document%s: %u converted (%u pages, %.1f s), %u unchanged, %u failed",
                     t->total, t->total == 1 ? "" : "s", t->converted, t->pages, secs, t->unchanged, t->failed);
  if (t->failed_before)
    g_string_append_printf (s, " (%u failed in an earlier run, not retried: see the manifest)",
                            t->failed_before);
  if (t->diffs)
    g_string_append_printf (s, ", %u new version%s diffed", t->diffs, t->diffs == 1 ? "" : "s");
  folio_tool_message ("%s", s->str);
  g_string_free (s, TRUE);
}

static void
batch_clear (Batch *b)
{
  g_free (b->outdir);
  g_free (b->manifest_name);
  g_free (b->options);
  g_free (b->started);
  g_clear_pointer (&b->todo, g_ptr_array_unref);
  g_clear_pointer (&b->history, g_ptr_array_unref);
  g_clear_pointer (&b->current, g_hash_table_unref);
  g_clear_pointer (&b->prior, g_hash_table_unref);
  g_clear_pointer (&b->results, g_async_queue_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Batch, batch_clear)

/* Entries known before this run, for finding previous versions: a shard
 * running beside this one does not count, whatever it has finished. */
static void
take_snapshot (Batch *b)
{
  GHashTableIter iter;
  gpointer value;

  b->history = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, b->prior);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      BatchEntry *e = value;

      if (e->done_at && strcmp (e->done_at, b->started) < 0)
        g_ptr_array_add (b->history, e);
    }
  /* What this run's manifest carries over: the entries of documents it
   * does not see this time (another shard's, or gone from the input);
   * an unsharded run folds in every shard's manifest. */
  b->current = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) batch_entry_free);
  g_hash_table_iter_init (&iter, b->prior);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      BatchEntry *e = value;

      if (b->shard_n == 0 || stable_hash (e->publication ? e->publication : "") % b->shard_n == b->shard_k - 1)
        {
          BatchEntry *c = batch_entry_copy (e);

          g_hash_table_replace (b->current, c->path, c);
        }
    }
}

/* An unsharded run has folded the shards' manifests into its own. */
static void
remove_shard_manifests (const Batch *b)
{
  g_autoptr (GDir) dir = g_dir_open (b->outdir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    if (is_manifest_name (name) && strcmp (name, b->manifest_name) != 0)
      {
        g_autofree char *path = g_build_filename (b->outdir, name, NULL);

        unlink (path);
      }
}

/* Whether this run's manifest must be written once more at the end: not
 * when nothing was done and it is there (a run with nothing to do leaves
 * OUTDIR as it was), but always when an unsharded run folds in shards'. */
static gboolean
manifest_stale (const Batch *b, const Tally *t)
{
  g_autofree char *own = g_build_filename (b->outdir, b->manifest_name, NULL);
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (t->converted + t->failed > 0 || b->was_interrupted || !g_file_test (own, G_FILE_TEST_EXISTS))
    return TRUE;
  if (b->shard_n)
    return FALSE;
  dir = g_dir_open (b->outdir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    if (is_manifest_name (name) && strcmp (name, b->manifest_name) != 0)
      return TRUE;
  return FALSE;
}

static gboolean
parse_shard (const char *spec, guint *k, guint *n)
{
  guint64 a, c;
  char *end;

  if (spec == NULL)
    return TRUE;
  a = g_ascii_strtoull (spec, &end, 10);
  if (end == spec || *end != '/')
    return FALSE;
  c = g_ascii_strtoull (end + 1, &end, 10);
  if (*end != '\0' || c == 0 || a == 0 || a > c || c > 100000)
    return FALSE;
  *k = (guint) a;
  *n = (guint) c;
  return TRUE;
}

static int
lock_outdir (Batch *b, gboolean wait, int *fds)
{
  gboolean busy = FALSE;
  g_autofree char *shard_lock = NULL;

  /* Shards share the run lock and each holds its own; an unsharded run
   * holds the run lock alone. */
  fds[0] = take_lock (b->outdir, LOCK_NAME, b->shard_n ? LOCK_SH : LOCK_EX, wait, &busy);
  if (fds[0] >= 0 && b->shard_n)
    {
      shard_lock = g_strdup_printf (".folio-batch-%u-of-%u.lock", b->shard_k, b->shard_n);
      fds[1] = take_lock (b->outdir, shard_lock, LOCK_EX, wait, &busy);
      if (fds[1] < 0)
        close (fds[0]);
    }
  if (fds[0] < 0 || (b->shard_n && fds[1] < 0))
    {
      if (stop_signal)
        return 128 + stop_signal;  /* interrupted while waiting (--wait) */
      if (!busy)
        return FOLIO_EXIT_WRITE;
      folio_tool_message ("%s: locked by another folio batch run (--wait to wait for it)", b->outdir);
      return FOLIO_EXIT_LOCKED;
    }
  return FOLIO_EXIT_OK;
}

static int
run_batch (Batch *b, GPtrArray *jobs, gboolean progress, gboolean quiet)
{
  FolioToolProgress prog = { 0 };
  Tally t = { 0 };
  g_autoptr (GError) error = NULL;

  b->todo = g_ptr_array_ref (jobs);
  g_ptr_array_sort (b->todo, compare_job_sizes);
  b->started = now_iso ();
  b->prior = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) batch_entry_free);
  b->results = g_async_queue_new ();
  sweep_temp_files (b);
  read_manifests (b);
  take_snapshot (b);
  t.total = b->todo->len;
  t.t0 = g_get_monotonic_time ();
  for (guint i = 0; i < b->todo->len; i++)
    t.bytes_total += ((BatchJob *) g_ptr_array_index (b->todo, i))->size;
  prog.enabled = progress;
  run_workers (b, &t, &prog);
  folio_tool_progress_done (&prog);
  if (manifest_stale (b, &t) && !write_manifest (b, FALSE, FALSE, &error))
    {
      folio_tool_message ("%s", error->message);
      return FOLIO_EXIT_WRITE;
    }
  if (b->shard_n == 0)
    remove_shard_manifests (b);
  if (!quiet)
    print_summary (&t, (double) (g_get_monotonic_time () - t.t0) / G_USEC_PER_SEC);
  return t.failed > 0 ? FOLIO_EXIT_SOME_FAILED : FOLIO_EXIT_OK;
}

static char *
canonical_options (const Batch *b, gboolean password)
{
  GString *s = g_string_new (NULL);

  if (b->xopts.input_type == FOLIO_INPUT_PDF)
    g_string_append (s, " --type=pdf");
  else if (b->xopts.input_type == FOLIO_INPUT_TEXT)
    g_string_append (s, " --type=text");
  if (b->sopts.keep)
    g_string_append (s, " --keep");
  if (b->sopts.no_repetition)
    g_string_append (s, " --no-repetition");
  if (b->gopts.no_outline)
    g_string_append (s, " --no-outline");
  if (password)
    g_string_append (s, " --password");
  if (s->len)
    g_string_erase (s, 0, 1);
  return g_string_free (s, FALSE);
}

int
folio_tool_batch (int argc, char **argv)
{
  g_auto (Batch) b = { 0 };
  g_autofree char *output = NULL, *password = NULL, *type = NULL, *shard = NULL;
  g_auto (GStrv) inputs = NULL, excludes = NULL;
  gboolean version = FALSE, wait = FALSE, progress = FALSE, no_progress = FALSE, quiet = FALSE, list = FALSE;
  int jobs = 0, status, fds[2] = { -1, -1 };
  double page_timeout = 0;
  g_autoptr (GPtrArray) todo = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_job_free);
  g_autoptr (GPtrArray) patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_pattern_spec_free);
  Walk walk = { 0 };
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write into OUTDIR (required)", "OUTDIR" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Documents converted at once (default: the number of cores)", "N" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &b.force, "Convert every document, changed or not", NULL },
    { "retry-failed", 0, 0, G_OPTION_ARG_NONE, &b.retry_failed,
      "Try again the documents that failed, changed or not", NULL },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait, "Wait for another run on OUTDIR to end instead of exiting 12", NULL },
    { "shard", 0, 0, G_OPTION_ARG_STRING, &shard, "Take share K of N of the documents (1 <= K <= N)", "K/N" },
    { "exclude", 'x', 0, G_OPTION_ARG_STRING_ARRAY, &excludes,
      "Skip documents and directories whose path below the input matches GLOB", "GLOB" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password,
      "Password of encrypted PDFs (or set FOLIO_PASSWORD)", "PW" },
    folio_tool_option (FOLIO_TOOL_OPT_TYPE, &type),
    { "page-timeout", 0, 0, G_OPTION_ARG_DOUBLE, &page_timeout,
      "Skip a PDF page that takes longer than SECONDS (the document gets status warning, exit code 13)", "SECONDS" },
    folio_tool_option (FOLIO_TOOL_OPT_KEEP, &b.sopts.keep),
    folio_tool_option (FOLIO_TOOL_OPT_NO_REPETITION, &b.sopts.no_repetition),
    folio_tool_option (FOLIO_TOOL_OPT_NO_OUTLINE, &b.gopts.no_outline),
    { "progress", 0, 0, G_OPTION_ARG_NONE, &progress, "Show a progress bar on stderr", NULL },
    { "no-progress", 0, 0, G_OPTION_ARG_NONE, &no_progress, "No progress bar, even on a terminal", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No summary line: errors and warnings only", NULL },
    { "list", 0, 0, G_OPTION_ARG_NONE, &list,
      "Convert nothing: print the documents (of the share) with their publication", NULL },
    folio_tool_option (FOLIO_TOOL_OPT_VERSION, &version),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "INPUT..." },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  FolioExtractOptions xinit = FOLIO_EXTRACT_OPTIONS_INIT;
  FolioStripOptions sinit = FOLIO_STRIP_OPTIONS_INIT;
  FolioSegmentOptions ginit = FOLIO_SEGMENT_OPTIONS_INIT;

  b.xopts = xinit, b.sopts = sinit, b.gopts = ginit;
  b.gopts.no_boxes = TRUE; /* the document JSON has none */
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
    "Convert many documents into OUTDIR/<path>.json, each as folio convert would:\n"
    "only what changed since the last run, in parallel, safe to run from cron,\n"
    "with a manifest, and each new version of a publication diffed against the\n"
    "one before (OUTDIR/<path>.diff.json).  INPUTs are files and directories\n"
    "(walked for *.pdf and *.txt).");
  g_option_context_set_description (context,
    "Exit status: 0 all done, 11 some documents failed (listed, the rest done),\n"
    "12 OUTDIR locked by another run, 2 usage, 3 an INPUT missing, 10 OUTDIR not\n"
    "writable, 130/143 interrupted by SIGINT/SIGTERM.  See folio-batch(1).");
  if (!folio_tool_parse (context, entries, &argc, &argv))
    return FOLIO_EXIT_USAGE;
  if (version)
    {
      folio_tool_print_version ();
      return FOLIO_EXIT_OK;
    }
  if (inputs == NULL || inputs[0] == NULL || (output == NULL && !list))
    {
      folio_tool_message (inputs ? "no output directory: -o OUTDIR (see --help)" : "no input (see --help)");
      return FOLIO_EXIT_USAGE;
    }
  if (jobs < 0)
    {
      folio_tool_message ("-j takes a number of documents at once, 1 or more");
      return FOLIO_EXIT_USAGE;
    }
  if (!parse_shard (shard, &b.shard_k, &b.shard_n))
    {
      folio_tool_message ("--shard takes K/N with 1 <= K <= N, not \"%s\" (see --help)", shard);
      return FOLIO_EXIT_USAGE;
    }
  if (type != NULL && !folio_tool_parse_type (type, &b.xopts.input_type))
    return FOLIO_EXIT_USAGE;
  if (!folio_tool_check_timeout (page_timeout))
    return FOLIO_EXIT_USAGE;
  /* Not among the options the manifest compares: a limit no page reaches
   * changes nothing, and a document with pages skipped is a warning that
   * --force converts again. */
  b.xopts.page_timeout = page_timeout;
  b.xopts.password = password ? password : g_getenv ("FOLIO_PASSWORD");
  if (!folio_tool_in_memory_max (&b.xopts.in_memory_max))
    return FOLIO_EXIT_USAGE;
  b.jobs = jobs > 0 ? (guint) jobs : g_get_num_processors ();
  b.options = canonical_options (&b, b.xopts.password != NULL);

  for (char **x = excludes; x && *x; x++)
    g_ptr_array_add (patterns, g_pattern_spec_new (*x));
  walk.jobs = todo;
  walk.excludes = patterns;
  walk.seen = seen;
  walk.outdir_exists = output != NULL && stat (output, &walk.outdir_st) == 0;
  if (!collect_inputs (&walk, inputs))
    return FOLIO_EXIT_NOT_FOUND;
  if (!check_unique (todo))
    return FOLIO_EXIT_USAGE;
  if (b.shard_n)
    keep_shard (todo, b.shard_k, b.shard_n);
  if (list)
    return print_list (todo);

  if (!prepare_outdir (output))
    return FOLIO_EXIT_WRITE;
  b.outdir = g_strdup (output);
  b.manifest_name = b.shard_n ? g_strdup_printf ("manifest-%u-of-%u.json", b.shard_k, b.shard_n)
                              : g_strdup ("manifest.json");
  temp_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  watch_stop_signals ();
  status = lock_outdir (&b, wait, fds);
  if (status == FOLIO_EXIT_OK && stop_signal)
    status = 128 + stop_signal;
  if (status == FOLIO_EXIT_OK)
    {
      status = run_batch (&b, todo, progress || (!no_progress && isatty (2)), quiet);
      if (walk.trouble && status == FOLIO_EXIT_OK)
        status = FOLIO_EXIT_SOME_FAILED;
    }
  for (guint i = 0; i < 2; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  g_clear_pointer (&temp_files, g_hash_table_unref);
  return status;
}
