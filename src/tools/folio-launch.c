/* `folio` and `folio-extract` as a user runs them: a few lines that start
 * the program itself (FOLIO_PROGRAM) with glibc's per-thread cache of
 * freed memory set larger.
 *
 * poppler makes and frees small objects by the million as it reads a PDF
 * (its lexer's objects, the text page's characters and words), in bursts.
 * glibc's thread cache keeps 7 freed blocks of each size; past that, a
 * free goes back into the arena's bins, merged with its neighbours, and
 * the next malloc of that size takes it apart again.  With 1,000 a size
 * (glibc.malloc.tcache_count) a 400-page file converts some 10 % faster
 * and a short report 5 % (docs/performance.md).  glibc takes that setting
 * only from the environment, as the process starts (GLIBC_TUNABLES;
 * mallopt () has no parameter for it), so it cannot come from the program
 * itself: this launcher adds it to GLIBC_TUNABLES, unless it is there
 * already (a user's own setting wins), and executes the program, with the
 * same arguments.  It links with the C library alone and costs about
 * half a millisecond.
 *
 * The program is looked for, in this order, in the directory "libexec"
 * beside the launcher (the build tree); in FOLIO_LIBEXECDIR_FROM_BIN from
 * the launcher's directory ("../libexec/folio": an installed tree, also
 * one moved elsewhere or staged with DESTDIR); and in FOLIO_LIBEXECDIR,
 * where meson installs it.  The launcher's directory is that of
 * /proc/self/exe, or of argv[0] when /proc is not there. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FOLIO_PROGRAM
#error "FOLIO_PROGRAM must name the program"
#endif
#if !defined(FOLIO_LIBEXECDIR) || !defined(FOLIO_LIBEXECDIR_FROM_BIN)
#error "FOLIO_LIBEXECDIR and FOLIO_LIBEXECDIR_FROM_BIN must say where it is installed"
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

/* Sets @dir to the directory the launcher is in; FALSE if unknown. */
static int
own_directory (char *dir, const char *argv0)
{
  ssize_t n = readlink ("/proc/self/exe", dir, PATH_MAX - 1);
  char *slash;

  if (n > 0)
    dir[n] = '\0';
  else if (argv0 == NULL || strchr (argv0, '/') == NULL || realpath (argv0, dir) == NULL)
    return 0;
  slash = strrchr (dir, '/');
  if (slash == NULL)
    return 0;
  *slash = '\0';
  return 1;
}

int
main (int argc, char **argv)
{
  char dir[PATH_MAX];
  char tried[3][2 * PATH_MAX];
  int n = 0;

  (void) argc;
  /* Without the setting the program runs as well, only slower. */
  (void) tune ();
  if (own_directory (dir, argv[0]))
    {
      snprintf (tried[n++], sizeof tried[0], "%s/libexec/%s", dir, FOLIO_PROGRAM);
      snprintf (tried[n++], sizeof tried[0], "%s/%s/%s", dir, FOLIO_LIBEXECDIR_FROM_BIN, FOLIO_PROGRAM);
    }
  snprintf (tried[n++], sizeof tried[0], "%s/%s", FOLIO_LIBEXECDIR, FOLIO_PROGRAM);
  for (int i = 0; i < n; i++)
    {
      execv (tried[i], argv);
      if (errno != ENOENT)
        {
          /* there, but it would not run */
          fprintf (stderr, "%s: cannot start %s: %s\n", FOLIO_PROGRAM, tried[i], strerror (errno));
          return 1;
        }
    }
  fprintf (stderr, "%s: cannot start its program: %s", FOLIO_PROGRAM, tried[0]);
  for (int i = 1; i < n; i++)
    fprintf (stderr, "%s%s", i + 1 < n ? ", " : " nor ", tried[i]);
  fprintf (stderr, ": %s\n", strerror (ENOENT));
  return 1;
}
