/* A thread started on another core than its creator's, where one is free.
 *
 * Measured on the 2-core KVM machines folio is benchmarked on: the kernel
 * queues a new thread on its creator's core, and the idle core takes it
 * over only at its next balancing, 2 to 4 ms later; a helper meant to run
 * beside its creator ran after it.  So the thread is started allowed only
 * on the cores the creator is not on, and, once running there, given back
 * every core the process may use (the scheduler may move it again). */
#pragma once

#include <glib.h>

typedef struct _FolioThread FolioThread;

/* Starts @func (@data) on a thread named @name (at most 15 bytes), on
 * another core than the calling thread's when the process may use one.
 * Returns NULL when no thread could be made: the caller does the work. */
FolioThread *folio_thread_new_elsewhere (const char *name, GThreadFunc func, gpointer data);

/* Waits for @thread to end and frees it; returns what its function did. */
gpointer folio_thread_join (FolioThread *thread);
