/* A file mapped rather than read (folio-map-private.h): its bytes, given
 * back and read again; a file cut short under the mapping read as zeros
 * past its new end, not a crash; and a SIGBUS anywhere else as deadly as
 * it was. */
#include "folio-test.h"
#include "folio-map-private.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define SIZE (256 * 1024)

/* valgrind passes a read past a mapped file's end on as a SIGSEGV at
 * address 0, not the SIGBUS at the address read: folio's handler cannot
 * tell it as its own there, and these tests are for the real thing. */
#define SKIP_UNDER_VALGRIND() FOLIO_SKIP_UNDER_VALGRIND ("it passes the fault on as a SIGSEGV")

/* A file of @size bytes, byte k being k % 251, opened for reading. */
static int
make_file (const char *name, gsize size, char **path)
{
  g_autofree guint8 *data = g_malloc (size);
  int fd;

  for (gsize k = 0; k < size; k++)
    data[k] = (guint8) (k % 251);
  *path = g_build_filename (folio_test_tmpdir (), name, NULL);
  ck_assert (g_file_set_contents (*path, (const char *) data, (gssize) size, NULL));
  fd = open (*path, O_RDONLY);
  ck_assert_int_ge (fd, 0);
  return fd;
}

/* make_file (), mapped: its bytes, and in @fd and @map the file and the
 * mapping. */
static GBytes *
map_new_file (const char *name, gsize size, char **path, int *fd, FolioMap **map)
{
  GBytes *bytes;

  *fd = make_file (name, size, path);
  bytes = folio_map_file (*fd, size, map);
  ck_assert_ptr_nonnull (bytes);
  ck_assert_uint_eq (g_bytes_get_size (bytes), size);
  return bytes;
}

static gboolean
holds_pattern (const guint8 *p, gsize from, gsize to)
{
  for (gsize k = from; k < to; k++)
    if (p[k] != (guint8) (k % 251))
      return FALSE;
  return TRUE;
}

/* Given back, in part or whole, the bytes are read again as they were. */
START_TEST (test_release_reads_again)
{
  g_autofree char *path = NULL;
  int fd;
  FolioMap *map = NULL;
  g_autoptr (GBytes) bytes = map_new_file ("released", SIZE + 123, &path, &fd, &map);
  gsize len;
  const guint8 *p = g_bytes_get_data (bytes, &len);

  ck_assert (holds_pattern (p, 0, len));
  folio_map_release (map, 5000, 70000);
  ck_assert (holds_pattern (p, 0, len));
  folio_map_release (map, 0, 0);
  ck_assert (holds_pattern (p, 0, len));
  ck_assert (!folio_map_faulted (map));
  close (fd);
}
END_TEST

/* Cut short by another writer while mapped: what is left reads as it
 * was, the rest as zeros, and the mapping says so. */
START_TEST (test_cut_short)
{
  g_autofree char *path = NULL;
  int fd;
  FolioMap *map = NULL;
  g_autoptr (GBytes) bytes = NULL;
  const guint8 *p;
  guint64 sum = 0;

  SKIP_UNDER_VALGRIND ();
  bytes = map_new_file ("cut", SIZE, &path, &fd, &map);
  p = g_bytes_get_data (bytes, NULL);
  ck_assert (holds_pattern (p, 0, SIZE));
  ck_assert_int_eq (truncate (path, 8192), 0);
  ck_assert (holds_pattern (p, 0, 8192));
  ck_assert (!folio_map_faulted (map));
  for (gsize k = 8192; k < SIZE; k++)
    sum += p[k];
  ck_assert_uint_eq (sum, 0);
  ck_assert (folio_map_faulted (map));
  close (fd);
}
END_TEST

/* Many files mapped one after another: each mapping's place in the
 * handler's table is free again when its bytes go. */
START_TEST (test_many_in_turn)
{
  g_autofree char *path = NULL;
  int fd = make_file ("many", 4096, &path);

  for (guint i = 0; i < 500; i++)
    {
      FolioMap *map = NULL;
      g_autoptr (GBytes) bytes = folio_map_file (fd, 4096, &map);

      ck_assert_msg (bytes != NULL, "mapping %u", i);
      ck_assert (holds_pattern (g_bytes_get_data (bytes, NULL), 0, 4096));
    }
  close (fd);
}
END_TEST

/* A read past the end of a file the process mapped itself, with folio's
 * handler installed, still ends the process: the handler answers faults
 * in folio's mappings only. */
START_TEST (test_other_faults_deadly)
{
  g_autofree char *path = NULL;
  int fd;
  FolioMap *map = NULL;
  g_autoptr (GBytes) bytes = NULL;
  pid_t child;
  int status = 0;

  SKIP_UNDER_VALGRIND ();
  bytes = map_new_file ("other", SIZE, &path, &fd, &map);
  fflush (NULL);
  child = fork ();
  ck_assert_int_ge (child, 0);
  if (child == 0)
    {
      const volatile guint8 *own = mmap (NULL, SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
      guint8 sum = 0;

      if ((void *) own == MAP_FAILED || ftruncate (open (path, O_WRONLY), 0) != 0)
        _exit (2);
      for (gsize k = 0; k < SIZE; k += 4096)
        sum += own[k];
      _exit (sum == 0 ? 0 : 3); /* not reached */
    }
  ck_assert_int_eq (waitpid (child, &status, 0), child);
  /* Killed by the signal; under AddressSanitizer, whose handler reports
   * the fault, exited with its error code.  Never carried on. */
  ck_assert_msg ((WIFSIGNALED (status) && WTERMSIG (status) == SIGBUS)
                 || (WIFEXITED (status) && WEXITSTATUS (status) != 0 && WEXITSTATUS (status) != 2
                     && WEXITSTATUS (status) != 3),
                 "status %d", status);
  close (fd);
}
END_TEST

int
main (void)
{
  const FolioTestCase cases[] = {
    { "release", test_release_reads_again },
    { "cut-short", test_cut_short },
    { "many", test_many_in_turn },
    { "other-faults", test_other_faults_deadly },
  };

  return folio_test_main (folio_test_suite ("map", cases, G_N_ELEMENTS (cases)));
}
