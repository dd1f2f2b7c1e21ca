#include "folio-tool.h"
#include "folio-build.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *folio_tool_name = "folio";

void
folio_tool_message (const char *fmt, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_strdelimit (msg, "\r\n", ' ');
  fprintf (stderr, "%s: %s\n", folio_tool_name, msg);
}

int
folio_tool_fail (const GError *error)
{
  folio_tool_message ("%s", error->message);
  return folio_error_exit_code (error);
}

static const GOptionEntry *
find_entry (const GOptionEntry *entries, char short_name, const char *long_name, gsize len)
{
  for (const GOptionEntry *e = entries; e->long_name != NULL; e++)
    if (short_name ? e->short_name == short_name
                   : strlen (e->long_name) == len && strncmp (e->long_name, long_name, len) == 0)
      return *e->long_name ? e : NULL; /* (G_OPTION_REMAINING is no option) */
  return NULL;
}

/* The argument arrays split_short_values () made, and the options it
 * cut off their values ("-kj" of "-kj2"), freed at exit (after which
 * nothing reads them). */
static GPtrArray *made_args, *made_strings;

static void
free_made_args (void)
{
  g_clear_pointer (&made_args, g_ptr_array_unref);
  g_clear_pointer (&made_strings, g_ptr_array_unref);
}

/* The arguments as GOption reads them.  It takes a short option's value
 * only as the argument after it ("-j 2"), where getopt takes "-j2" too:
 * "-j2" would make "-j" take the input's name as its number.  So an
 * argument that is a short option of @entries taking a value, with the
 * value joined to it, is split in two, also after short options that
 * take none ("-kj2": "-kj" and "2", as getopt reads it); not one that is
 * another option's value ("-o -j2" writes to a file named "-j2"), nor any
 * after "--".  Returns @argv when nothing is split, else a new array,
 * which lives as long as the process, as @argv does (made_args). */
static char **
split_short_values (const GOptionEntry *entries, int *argc, char **argv)
{
  GPtrArray *out = NULL;
  gboolean value_next = FALSE;
  int i;

  for (i = 1; i < *argc; i++)
    {
      const char *a = argv[i];
      const GOptionEntry *e = NULL;
      gsize split = 0; /* where the value starts in a, if it is to be split */

      if (value_next)
        value_next = FALSE;
      else if (strcmp (a, "--") == 0)
        break;
      else if (g_str_has_prefix (a, "--"))
        {
          const char *eq = strchr (a, '=');

          e = eq ? NULL : find_entry (entries, 0, a + 2, strlen (a + 2));
          value_next = e != NULL && e->arg != G_OPTION_ARG_NONE;
        }
      else if (a[0] == '-' && a[1] != '\0')
        /* options that take no value, then perhaps one that takes one */
        for (gsize k = 1; a[k] != '\0' && (guchar) a[k] < 128; k++)
          {
            e = find_entry (entries, a[k], NULL, 0);
            if (e == NULL)
              break; /* GOption's to report */
            if (e->arg != G_OPTION_ARG_NONE)
              {
                value_next = a[k + 1] == '\0';
                split = value_next ? 0 : k + 1;
                break;
              }
          }
      if (split > 0 && out == NULL)
        {
          out = g_ptr_array_new ();
          for (int k = 0; k < i; k++)
            g_ptr_array_add (out, argv[k]);
        }
      if (split > 0)
        {
          if (made_strings == NULL)
            made_strings = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (made_strings, g_strndup (a, split));
          g_ptr_array_add (out, g_ptr_array_index (made_strings, made_strings->len - 1));
          g_ptr_array_add (out, (char *) a + split);
        }
      else if (out != NULL)
        g_ptr_array_add (out, argv[i]);
    }
  if (out == NULL)
    return argv;
  /* "--" and the arguments after it, if the loop stopped there */
  for (; i < *argc; i++)
    g_ptr_array_add (out, argv[i]);
  *argc = (int) out->len;
  g_ptr_array_add (out, NULL);
  if (made_args == NULL)
    {
      made_args = g_ptr_array_new_with_free_func (g_free);
      atexit (free_made_args);
    }
  g_ptr_array_add (made_args, g_ptr_array_free (out, FALSE));
  return g_ptr_array_index (made_args, made_args->len - 1);
}

gboolean
folio_tool_parse (GOptionContext *context, const GOptionEntry *entries, int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;

  *argv = split_short_values (entries, argc, *argv);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      folio_tool_message ("%s (see --help)", error->message);
      return FALSE;
    }
  return TRUE;
}

void
folio_tool_print_version (void)
{
  /* the build as folio-batch's manifest records it (without poppler's
   * version: the stage programs but extract do not load poppler) */
  printf ("%s (folio) %s, build %s\n", folio_tool_name, FOLIO_VERSION, FOLIO_BUILD);
}

static const GOptionEntry shared_options[] = {
  [FOLIO_TOOL_OPT_OUTPUT] = { "output", 'o', 0, G_OPTION_ARG_FILENAME, NULL,
    "Write to FILE (complete or not at all) instead of stdout", "FILE" },
  [FOLIO_TOOL_OPT_PASSWORD] = { "password", 0, 0, G_OPTION_ARG_STRING, NULL,
    "Password of an encrypted PDF (or set FOLIO_PASSWORD)", "PW" },
  [FOLIO_TOOL_OPT_TYPE] = { "type", 't', 0, G_OPTION_ARG_STRING, NULL,
    "Input type: auto (default), pdf or text", "TYPE" },
  [FOLIO_TOOL_OPT_KEEP] = { "keep", 'k', 0, G_OPTION_ARG_NONE, NULL,
    "Mark furniture but leave it in the body", NULL },
  [FOLIO_TOOL_OPT_PATTERNS] = { "patterns", 'p', 0, G_OPTION_ARG_FILENAME, NULL,
    "More page-number patterns (see folio-strip(1))", "FILE" },
  [FOLIO_TOOL_OPT_NO_REPETITION] = { "no-repetition", 0, 0, G_OPTION_ARG_NONE, NULL,
    "No furniture by repetition across pages", NULL },
  [FOLIO_TOOL_OPT_NO_OUTLINE] = { "no-outline", 0, 0, G_OPTION_ARG_NONE, NULL,
    "Ignore the PDF's bookmarks when finding headings", NULL },
  [FOLIO_TOOL_OPT_EXPLAIN] = { "explain", 'e', 0, G_OPTION_ARG_NONE, NULL,
    "Print on stderr, page by page, what was taken out and why, and what looked like a table or footnotes but was left as text", NULL },
  [FOLIO_TOOL_OPT_JOBS] = { "jobs", 'j', 0, G_OPTION_ARG_INT, NULL,
    "Threads reading PDF pages, two of them then looking for tables (default: the number of cores)", "N" },
  [FOLIO_TOOL_OPT_PAGE_TIMEOUT] = { "page-timeout", 0, 0, G_OPTION_ARG_DOUBLE, NULL,
    "Skip a PDF page that takes longer than SECONDS (warning, exit 13)", "SECONDS" },
  [FOLIO_TOOL_OPT_PROGRESS] = { "progress", 0, 0, G_OPTION_ARG_NONE, NULL,
    "Show progress on stderr", NULL },
  [FOLIO_TOOL_OPT_NO_PROGRESS] = { "no-progress", 0, 0, G_OPTION_ARG_NONE, NULL,
    "No progress, even on a terminal", NULL },
  [FOLIO_TOOL_OPT_VERSION] = { "version", 'V', 0, G_OPTION_ARG_NONE, NULL,
    "Print the version and exit", NULL },
};

GOptionEntry
folio_tool_option (FolioToolOption which, gpointer arg)
{
  GOptionEntry entry;

  g_assert ((gsize) which < G_N_ELEMENTS (shared_options));
  entry = shared_options[which];
  entry.arg_data = arg;
  return entry;
}

/* ------------------------------------------------------------------ output */

struct _FolioToolOutput {
  char *path;            /* NULL for stdout */
  char *tmp;
  GOutputStream *stream;
  gboolean committed;
};

/* The temporary file a signal must not leave behind.  Only one output is
 * open at a time in these programs. */
static volatile sig_atomic_t pending_tmp_set;
static char pending_tmp[4096];

static void
on_fatal_signal (int sig)
{
  if (pending_tmp_set)
    unlink (pending_tmp);
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
watch_signals (void)
{
  static gboolean done;
  struct sigaction sa;

  if (done)
    return;
  done = TRUE;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_fatal_signal;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
}

FolioToolOutput *
folio_tool_output_open (const char *path, GError **error)
{
  g_autoptr (FolioToolOutput) out = g_new0 (FolioToolOutput, 1);
  int fd;

  if (path == NULL || strcmp (path, "-") == 0)
    {
      out->stream = g_unix_output_stream_new (1, FALSE);
      return g_steal_pointer (&out);
    }
  out->path = g_strdup (path);
  /* A device or pipe (/dev/null, /dev/full, a FIFO) is written in place:
   * renaming a file over it would replace it. */
  {
    struct stat st;

    if (stat (path, &st) == 0 && !S_ISREG (st.st_mode))
      {
        if (S_ISDIR (st.st_mode))
          {
            g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_WRITE, "%s: is a directory", path);
            return NULL;
          }
        fd = open (path, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
          {
            int saved = errno;

            g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_WRITE,
                         "%s: cannot open: %s", path, g_strerror (saved));
            return NULL;
          }
        out->stream = g_unix_output_stream_new (fd, TRUE);
        return g_steal_pointer (&out);
      }
  }
  out->tmp = g_strdup_printf ("%s.tmp.XXXXXX", path);
  if (strlen (out->tmp) >= sizeof pending_tmp)
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_WRITE, "%s: path too long", path);
      return NULL;
    }
  watch_signals ();
  fd = g_mkstemp_full (out->tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_clear_pointer (&out->tmp, g_free);
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_WRITE,
                   "%s: cannot create: %s", path, g_strerror (saved));
      return NULL;
    }
  /* mkstemp makes 0600; give the file what umask allows, like any output. */
  {
    mode_t mask = umask (0);

    umask (mask);
    fchmod (fd, 0666 & ~mask);
  }
  strcpy (pending_tmp, out->tmp);
  pending_tmp_set = 1;
  out->stream = g_unix_output_stream_new (fd, TRUE);
  return g_steal_pointer (&out);
}

GOutputStream *
folio_tool_output_stream (FolioToolOutput *out)
{
  return out->stream;
}

const char *
folio_tool_output_name (FolioToolOutput *out)
{
  return out->path ? out->path : "stdout";
}

gboolean
folio_tool_output_commit (FolioToolOutput *out, GError **error)
{
  g_autoptr (GError) local = NULL;
  int fd;

  if (out->path == NULL)
    return TRUE;
  if (out->tmp == NULL)
    {
      if (!g_output_stream_close (out->stream, NULL, &local))
        {
          g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_WRITE,
                       "%s: write failed: %s", out->path, local->message);
          return FALSE;
        }
      out->committed = TRUE;
      return TRUE;
    }
  fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (out->stream));
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      int saved = errno;

      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_WRITE,
                   "%s: write failed: %s", out->path, g_strerror (saved));
      return FALSE;
    }
  if (!g_output_stream_close (out->stream, NULL, &local))
    {
      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_WRITE,
                   "%s: write failed: %s", out->path, local->message);
      return FALSE;
    }
  if (rename (out->tmp, out->path) != 0)
    {
      int saved = errno;

      g_set_error (error, FOLIO_ERROR, FOLIO_ERROR_WRITE,
                   "%s: cannot rename into place: %s", out->path, g_strerror (saved));
      return FALSE;
    }
  pending_tmp_set = 0;
  out->committed = TRUE;
  return TRUE;
}

void
folio_tool_output_free (FolioToolOutput *out)
{
  if (out == NULL)
    return;
  if (out->tmp && !out->committed)
    {
      unlink (out->tmp);
      pending_tmp_set = 0;
    }
  g_clear_object (&out->stream);
  g_free (out->tmp);
  g_free (out->path);
  g_free (out);
}

/* ---------------------------------------------------------------- progress */

void
folio_tool_progress_update (FolioToolProgress *p, const char *what, guint done, guint total)
{
  gint64 now;

  if (!p->enabled)
    return;
  now = g_get_monotonic_time ();
  if (done < total && now - p->last_us < 200000)
    return;
  p->last_us = now;
  fprintf (stderr, "\r%s: %s %u/%u", folio_tool_name, what, done, total);
  fflush (stderr);
}

void
folio_tool_progress_text (FolioToolProgress *p, gboolean force, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;
  gint64 now;

  if (!p->enabled)
    return;
  now = g_get_monotonic_time ();
  if (!force && now - p->last_us < 200000)
    return;
  p->last_us = now;
  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "\r%s: %s\033[K", folio_tool_name, msg);
  fflush (stderr);
}

void
folio_tool_progress_done (FolioToolProgress *p)
{
  if (p->enabled && p->last_us != 0)
    fprintf (stderr, "\r\033[K");
}

gboolean
folio_tool_check_timeout (double seconds)
{
  if (!(seconds >= 0 && seconds <= 1e6))
    {
      folio_tool_message ("--page-timeout takes seconds, 0 (no limit) or more");
      return FALSE;
    }
  return TRUE;
}

gboolean
folio_tool_in_memory_max (guint64 *max)
{
  const char *v = g_getenv ("FOLIO_IN_MEMORY_MAX");
  g_autofree char *digits = NULL;
  guint64 n, unit = 1;
  gsize len;

  if (v == NULL)
    return TRUE;
  len = strlen (v);
  if (len > 0 && strchr ("KMG", g_ascii_toupper (v[len - 1])) != NULL)
    {
      unit = (guint64) 1 << (10 * (strchr ("KMG", g_ascii_toupper (v[len - 1])) - "KMG" + 1));
      len--;
    }
  digits = g_strndup (v, len);
  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT64 / unit, &n, NULL))
    {
      folio_tool_message ("FOLIO_IN_MEMORY_MAX takes a size in bytes (or with K, M or G: "
                          "KiB, MiB, GiB), not \"%s\"", v);
      return FALSE;
    }
  /* (0 in the options is the default: a PDF file of 1 byte or more is
   * every PDF file) */
  *max = MAX (n * unit, 1);
  return TRUE;
}

int
folio_tool_exit (int status)
{
  if (folio_extract_abandoned_total () > 0)
    {
      fflush (stdout);
      fflush (stderr);
      _exit (status);
    }
  return status;
}

/* poppler-glib warns on stderr about what it repairs in a damaged PDF
 * ("unexpected tz val" for a bad date): noise that breaks the one line per
 * message promise, about things folio reports itself when they matter. */
static void
drop_log (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
}

void
folio_tool_init (const char *name)
{
  folio_tool_name = name;
  g_log_set_handler ("Poppler", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO
                     | G_LOG_LEVEL_DEBUG, drop_log, NULL);
  /* A closed pipe is a write error to report, not a silent death. */
  signal (SIGPIPE, SIG_IGN);
  /* Blocks of 1 MiB and more (segment's arrays, the output, a text
   * file's bytes) get pages of their own, given back when freed.  glibc would
   * otherwise raise this threshold after the first such block is freed and
   * put the next ones in the heap, whose holes it cannot give back: on
   * refman.pdf 8 MiB more at the peak.  No such block is made per page. */
  mallopt (M_MMAP_THRESHOLD, 1 << 20);
}
