/* Helpers shared by folio's Check tests. */
#pragma once

#include <check.h>
#include <stdio.h>
#include <folio/folio.h>

/* A path under $FOLIO_SAMPLES, $FOLIO_CORPUS, $FOLIO_SEED or $FOLIO_TEST_DATA;
 * NULL if that file is not there (the shared corpus may be absent). */
char *folio_test_sample (const char *name);
char *folio_test_corpus (const char *relpath);
char *folio_test_seed (const char *name);
char *folio_test_data (const char *name);

/* A fresh temporary directory, removed (with everything in it) at exit. */
const char *folio_test_tmpdir (void);
/* Removes @path, and everything in it if it is a directory. */
void folio_test_remove_tree (const char *path);

typedef struct {
  int status;        /* exit code, or 128+signal */
  char *out;         /* stdout */
  gsize out_len;
  char *err;         /* stderr */
} FolioRun;

/* Runs a program (argv[0] is the $FOLIO_* variable's value or a path) with
 * optional stdin data, under $FOLIO_TEST_WRAPPER (valgrind) when set. */
FolioRun *folio_test_run (const char *const *argv, const char *stdin_path);
void folio_run_free (FolioRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolioRun, folio_run_free)

/* Whether the tests run under valgrind (the 'valgrind' test setup). */
gboolean folio_test_under_valgrind (void);

/* Runs @suite with TAP output; returns the process exit code. */
int folio_test_main (Suite *suite);

/* Skips the current test (prints a TAP-visible note) when @path is NULL. */
#define FOLIO_SKIP_UNLESS(path, what) \
  do { if ((path) == NULL) { fprintf (stderr, "# skip: %s not available\n", (what)); return; } } while (0)

/* Skips the current test under valgrind (folio_test_under_valgrind ()),
 * saying @why. */
#define FOLIO_SKIP_UNDER_VALGRIND(why) \
  do { if (folio_test_under_valgrind ()) { fprintf (stderr, "# skip under valgrind: %s\n", (why)); return; } } while (0)

/* Test-owned objects freed at the end of each test, pass or fail (a failed
 * check leaves the test function early): call folio_test_track_begin() and
 * folio_test_track_end() from the checked fixture's setup and teardown. */
void folio_test_track_begin (void);
void folio_test_track_end (void);
/* Returns @data, freed with @free_func at folio_test_track_end(). */
gpointer folio_test_track (gpointer data, GDestroyNotify free_func);

/* A test case per behaviour: its name and its test. */
typedef struct {
  const char *name;
  const TTest *test;
} FolioTestCase;

/* A Suite @name with one TCase per entry of @cases. */
Suite *folio_test_suite (const char *name, const FolioTestCase *cases, gsize n);
