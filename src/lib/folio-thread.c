/* folio-thread.c: a helper thread started on a free core (see the header). */
#include "folio-thread-private.h"

#include <pthread.h>
#include <sched.h>
#include <string.h>

struct _FolioThread {
  pthread_t id;
  GThreadFunc func;
  gpointer data;
  char name[16];
#ifdef __linux__
  gboolean restore;      /* put @allowed back once running */
  cpu_set_t allowed;     /* the cores the process may use */
#endif
};

static void *
start (void *arg)
{
  FolioThread *t = arg;

  pthread_setname_np (pthread_self (), t->name);
#ifdef __linux__
  /* Running where it was sent: from here on, as any other thread. */
  if (t->restore)
    sched_setaffinity (0, sizeof t->allowed, &t->allowed);
#endif
  return t->func (t->data);
}

FolioThread *
folio_thread_new_elsewhere (const char *name, GThreadFunc func, gpointer data)
{
  FolioThread *t = g_new0 (FolioThread, 1);
  pthread_attr_t attr;
  int rc;

  t->func = func;
  t->data = data;
  g_strlcpy (t->name, name, sizeof t->name);
  pthread_attr_init (&attr);
#ifdef __linux__
  {
    int here = sched_getcpu ();
    cpu_set_t elsewhere;

    if (here >= 0 && here < CPU_SETSIZE && sched_getaffinity (0, sizeof t->allowed, &t->allowed) == 0)
      {
        memcpy (&elsewhere, &t->allowed, sizeof elsewhere);
        CPU_CLR (here, &elsewhere);
        t->restore = CPU_COUNT (&elsewhere) > 0
                     && pthread_attr_setaffinity_np (&attr, sizeof elsewhere, &elsewhere) == 0;
      }
  }
#endif
  rc = pthread_create (&t->id, &attr, start, t);
  pthread_attr_destroy (&attr);
  if (rc != 0)
    g_clear_pointer (&t, g_free);
  return t;
}

gpointer
folio_thread_join (FolioThread *thread)
{
  void *result = NULL;

  pthread_join (thread->id, &result);
  g_free (thread);
  return result;
}
