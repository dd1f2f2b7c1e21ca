#include "folio-map-private.h"

#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

/* The mappings a fault is looked up in, from the signal handler: no lock,
 * no allocation there, so a fixed table whose entries are set and read
 * with atomic operations.  More files than this mapped at once (folio
 * batch maps one a worker) are read the other way. */
#define SLOTS 64

typedef struct {
  gint used;         /* taken (set before the rest, cleared after) */
  gsize length;      /* of the mapping: whole pages */
  gint faulted;      /* a read past the file's end was answered */
  gpointer base;     /* non-NULL while the mapping is live and the rest set */
} Slot;

struct _FolioMap {
  Slot *slot;
  guint8 *base;
  gsize length;
};

static Slot slots[SLOTS];
static gsize page_size;
static struct sigaction previous;

/* A SIGBUS in one of the mappings: a page of zeros in place of the one
 * past the file's end, and the read goes on.  Any other goes where it
 * went before. */
static void
on_sigbus (int sig, siginfo_t *info, void *context)
{
  guintptr at = (guintptr) info->si_addr;
  int saved = errno;

  for (guint i = 0; i < SLOTS; i++)
    {
      Slot *s = &slots[i];
      guintptr base = (guintptr) g_atomic_pointer_get (&s->base);

      if (base == 0 || at < base || at - base >= s->length)
        continue;
      if (mmap ((void *) (at & ~(guintptr) (page_size - 1)), page_size, PROT_READ,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED)
        {
          g_atomic_int_set (&s->faulted, 1);
          errno = saved;
          return;
        }
      break;
    }
  errno = saved;
  if (previous.sa_flags & SA_SIGINFO)
    previous.sa_sigaction (sig, info, context);
  else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN)
    previous.sa_handler (sig);
  else
    {
      /* The default: a fault happens again on return, and ends the
       * process as it would have; a SIGBUS sent is sent again. */
      struct sigaction dfl = { 0 };

      dfl.sa_handler = SIG_DFL;
      sigemptyset (&dfl.sa_mask);
      sigaction (SIGBUS, &dfl, NULL);
      if (info->si_code <= 0)
        raise (SIGBUS);
    }
}

static gboolean
install_handler (void)
{
  static gsize state; /* 1 installed, 2 could not be */

  if (g_once_init_enter (&state))
    {
      struct sigaction sa = { 0 };
      gboolean ok;

      page_size = (gsize) sysconf (_SC_PAGESIZE);
      sa.sa_sigaction = on_sigbus;
      sa.sa_flags = SA_SIGINFO;
      sigemptyset (&sa.sa_mask);
      /* what was there is known before a fault can come to the handler */
      ok = page_size > 0 && (page_size & (page_size - 1)) == 0
           && sigaction (SIGBUS, NULL, &previous) == 0 && sigaction (SIGBUS, &sa, NULL) == 0;
      g_once_init_leave (&state, ok ? 1 : 2);
    }
  return state == 1;
}

static void
map_free (gpointer data)
{
  FolioMap *m = data;

  g_atomic_pointer_set (&m->slot->base, NULL);
  munmap (m->base, m->length);
  g_atomic_int_set (&m->slot->used, 0);
  g_free (m);
}

GBytes *
folio_map_file (int fd, gsize size, FolioMap **map)
{
  Slot *slot = NULL;
  FolioMap *m;
  gsize length;
  void *base;

  if (size == 0 || !install_handler ())
    return NULL;
  length = (size + page_size - 1) & ~(page_size - 1);
  if (length < size)
    return NULL;
  for (guint i = 0; i < SLOTS && slot == NULL; i++)
    if (g_atomic_int_compare_and_exchange (&slots[i].used, 0, 1))
      slot = &slots[i];
  if (slot == NULL)
    return NULL;
  base = mmap (NULL, length, PROT_READ, MAP_PRIVATE, fd, 0);
  if (base == MAP_FAILED)
    {
      g_atomic_int_set (&slot->used, 0);
      return NULL;
    }
  slot->length = length;
  g_atomic_int_set (&slot->faulted, 0);
  g_atomic_pointer_set (&slot->base, base);
  m = g_new (FolioMap, 1);
  m->slot = slot;
  m->base = base;
  m->length = length;
  *map = m;
  return g_bytes_new_with_free_func (base, size, map_free, m);
}

void
folio_map_release (FolioMap *map, gsize offset, gsize length)
{
  gsize from = offset & ~(page_size - 1);
  gsize to = length == 0 || length > map->length - MIN (offset, map->length)
               ? map->length
               : (offset + length + page_size - 1) & ~(page_size - 1);

  if (from < to)
    madvise (map->base + from, to - from, MADV_DONTNEED);
}

gboolean
folio_map_faulted (const FolioMap *map)
{
  return g_atomic_int_get (&map->slot->faulted) != 0;
}
