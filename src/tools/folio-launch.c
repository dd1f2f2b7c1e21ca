/* `folio` and `folio-extract` as a user runs them: a few lines that start
 * the program itself (FOLIO_PROGRAM) with glibc's per-thread cache of
 * freed memory set larger.
 *
 * poppler makes and frees small objects by the million as it reads a PDF
 * (its lexer's objects, the text page's characters and words), in bursts.
 * glibc's thread cache keeps 7 freed blocks of each size; past that, a
 * free goes back into the arena's bins, merged with its neighbours, and
 * the next malloc of that size takes it apart again.  With 1,000 a size
 * (glibc.malloc.tcache_count) the 400-page file converts 11 % faster and
 * a short report 6 % (docs/performance.md).  glibc takes that setting
 * only from the environment, as the process starts (GLIBC_TUNABLES;
 * mallopt () has no parameter for it), so it cannot come from the program
 * itself: this launcher adds it to GLIBC_TUNABLES, unless it is there
 * already (a user's own setting wins), and executes the program, with the
 * same arguments.  It links with the C library alone and costs about
 * half a millisecond.
 *
 * The program is looked for in the directory "libexec" beside the
 * launcher (the build tree), then in FOLIO_LIBEXECDIR (installed): a path
 * from the launcher's directory ("../libexec/folio", so that a tree
 * installed elsewhere, or staged with DESTDIR, finds its own), or an
 * absolute one when meson's bindir or libexecdir is. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FOLIO_PROGRAM
#error "FOLIO_PROGRAM must name the program"
#endif
#ifndef FOLIO_LIBEXECDIR
#error "FOLIO_LIBEXECDIR must name where it is installed"
#endif

#define TUNABLE "glibc.malloc.tcache_count"
#define TUNABLE_VALUE "1000"

/* GLIBC_TUNABLES with the thread cache's size in it; FALSE if out of memory. */
static int
tune (void)
{
  const char *was = getenv ("GLIBC_TUNABLES");
  char *now;
  int ok;

  if (was == NULL || *was == '\0')
    return setenv ("GLIBC_TUNABLES", TUNABLE "=" TUNABLE_VALUE, 1) == 0;
  if (strstr (was, TUNABLE "=") != NULL)
    return 1;
  now = malloc (strlen (was) + sizeof (":" TUNABLE "=" TUNABLE_VALUE));
  if (now == NULL)
    return 0;
  strcpy (now, was);
  strcat (now, ":" TUNABLE "=" TUNABLE_VALUE);
  ok = setenv ("GLIBC_TUNABLES", now, 1) == 0;
  free (now);
  return ok;
}

int
main (int argc, char **argv)
{
  char self[PATH_MAX], beside[PATH_MAX + 64], installed[2 * PATH_MAX];
  ssize_t n = readlink ("/proc/self/exe", self, sizeof self - 1);
  char *slash = NULL;

  (void) argc;
  /* Without the setting the program runs as well, only slower. */
  (void) tune ();
  if (n > 0)
    {
      self[n] = '\0';
      slash = strrchr (self, '/');
    }
  if (slash == NULL)
    {
      /* (no /proc: only an absolute FOLIO_LIBEXECDIR can do) */
      strcpy (self, ".");
      beside[0] = '\0';
    }
  else
    {
      *slash = '\0';
      snprintf (beside, sizeof beside, "%s/libexec/%s", self, FOLIO_PROGRAM);
      execv (beside, argv);
      if (errno != ENOENT)
        {
          fprintf (stderr, "%s: cannot start %s: %s\n", FOLIO_PROGRAM, beside, strerror (errno));
          return 1;
        }
    }
  if (FOLIO_LIBEXECDIR[0] == '/')
    snprintf (installed, sizeof installed, "%s/%s", FOLIO_LIBEXECDIR, FOLIO_PROGRAM);
  else
    snprintf (installed, sizeof installed, "%s/%s/%s", self, FOLIO_LIBEXECDIR, FOLIO_PROGRAM);
  execv (installed, argv);
  if (errno == ENOENT && beside[0] != '\0')
    fprintf (stderr, "%s: cannot start %s (nor %s): %s\n", FOLIO_PROGRAM, installed, beside,
             strerror (errno));
  else
    fprintf (stderr, "%s: cannot start %s: %s\n", FOLIO_PROGRAM, installed, strerror (errno));
  return 1;
}
