#include "folio-test.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *
path_in (const char *var, const char *name)
{
  const char *dir = g_getenv (var);
  char *path;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_clear_pointer (&path, g_free);
  return path;
}

char *folio_test_sample (const char *name) { return path_in ("FOLIO_SAMPLES", name); }
char *folio_test_corpus (const char *relpath) { return path_in ("FOLIO_CORPUS", relpath); }
char *folio_test_seed (const char *name) { return path_in ("FOLIO_SEED", name); }
char *folio_test_data (const char *name) { return path_in ("FOLIO_TEST_DATA", name); }

static char *tmpdir;
static pid_t tmpdir_owner; /* the process that made it: Check forks each test */

void
folio_test_remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *p = g_build_filename (path, name, NULL);

          folio_test_remove_tree (p);
        }
      g_rmdir (path);
    }
  else
    g_remove (path);
}

static void
remove_tmpdir (void)
{
  /* A forked test exiting runs this too: only the maker removes it. */
  if (tmpdir == NULL || getpid () != tmpdir_owner)
    return;
  folio_test_remove_tree (tmpdir);
  g_free (tmpdir);
  tmpdir = NULL;
}

gboolean
folio_test_under_valgrind (void)
{
  const char *w = g_getenv ("FOLIO_TEST_WRAPPER");

  return w != NULL && *w != '\0';
}

const char *
folio_test_tmpdir (void)
{
  if (tmpdir == NULL)
    {
      tmpdir = g_dir_make_tmp ("folio-test-XXXXXX", NULL);
      g_assert (tmpdir != NULL);
      tmpdir_owner = getpid ();
      atexit (remove_tmpdir);
    }
  return tmpdir;
}

FolioRun *
folio_test_run (const char *const *argv, const char *stdin_path)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) wrapper = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GBytes) out = NULL, err = NULL;
  const char *w = g_getenv ("FOLIO_TEST_WRAPPER");
  FolioRun *run = g_new0 (FolioRun, 1);

  if (w && *w && g_shell_parse_argv (w, NULL, &wrapper, NULL))
    for (int i = 0; wrapper[i]; i++)
      g_ptr_array_add (args, g_strdup (wrapper[i]));
  for (int i = 0; argv[i]; i++)
    g_ptr_array_add (args, g_strdup (argv[i]));
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE
                                        | (stdin_path ? 0 : G_SUBPROCESS_FLAGS_STDIN_INHERIT));
  if (stdin_path)
    g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  ck_assert_msg (proc != NULL, "spawn %s: %s", argv[0], error ? error->message : "?");
  ck_assert (g_subprocess_communicate (proc, NULL, NULL, &out, &err, &error));
  if (g_subprocess_get_if_exited (proc))
    run->status = g_subprocess_get_exit_status (proc);
  else
    run->status = 128 + g_subprocess_get_term_sig (proc);
  run->out = g_bytes_unref_to_data (g_steal_pointer (&out), &run->out_len);
  run->out = g_realloc (run->out, run->out_len + 1);
  run->out[run->out_len] = '\0';
  {
    gsize n;

    run->err = g_bytes_unref_to_data (g_steal_pointer (&err), &n);
    run->err = g_realloc (run->err, n + 1);
    run->err[n] = '\0';
  }
  return run;
}

void
folio_run_free (FolioRun *run)
{
  if (run == NULL)
    return;
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

int
folio_test_main (Suite *suite)
{
  SRunner *runner = srunner_create (suite);
  int failed;

  srunner_run_all (runner, CK_SILENT);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

typedef struct {
  gpointer data;
  GDestroyNotify free;
} Tracked;

static GPtrArray *tracked;

static void
tracked_free (gpointer p)
{
  Tracked *t = p;

  t->free (t->data);
  g_free (t);
}

void
folio_test_track_begin (void)
{
  tracked = g_ptr_array_new_with_free_func (tracked_free);
}

void
folio_test_track_end (void)
{
  g_clear_pointer (&tracked, g_ptr_array_unref);
}

gpointer
folio_test_track (gpointer data, GDestroyNotify free_func)
{
  Tracked *t;

  if (data == NULL)
    return NULL;
  t = g_new (Tracked, 1);
  t->data = data;
  t->free = free_func;
  g_ptr_array_add (tracked, t);
  return data;
}

Suite *
folio_test_suite (const char *name, const FolioTestCase *cases, gsize n)
{
  Suite *s = suite_create (name);

  for (gsize i = 0; i < n; i++)
    {
      TCase *tc = tcase_create (cases[i].name);

      tcase_add_test (tc, cases[i].test);
      suite_add_tcase (s, tc);
    }
  return s;
}
