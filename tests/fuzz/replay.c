/* Replays files through a fuzz target's entry function, without libFuzzer:
 * the corpus seeds and every crasher kept in tests/data/fuzz-regress/, as an
 * ordinary test (TAP).  Usage: fuzz-replay-TARGET FILE|DIR...
 * (after libgit2's fuzzers/standalone_driver.c) */
#include "fuzz-common.h"

#include <string.h>

static int n_test;

static void
replay_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      printf ("not ok %d - %s: %s\n", ++n_test, path, error->message);
      exit (1);
    }
  /* A fresh copy of exactly len bytes, so ASan/valgrind see any overread. */
  {
    g_autofree uint8_t *copy = g_memdup2 (data, len);

    LLVMFuzzerTestOneInput (copy, len);
  }
  printf ("ok %d - %s\n", ++n_test, path);
  fflush (stdout);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
replay_path (const char *path)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        replay_file (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    replay_path (g_ptr_array_index (names, i));
}

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    replay_path (argv[i]);
  printf ("1..%d\n", n_test);
  return 0;
}
