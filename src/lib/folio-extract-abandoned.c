/* How many threads every extractor of this process has left inside poppler
 * past --page-timeout.  Kept apart from folio-extract.c so that a program
 * that only asks (every folio program does, to choose how to exit) does
 * not link the PDF reader and poppler-glib with it. */
#include "folio-extract-private.h"

static gint abandoned_total;

void
folio_extract_count_abandoned (void)
{
  g_atomic_int_inc (&abandoned_total);
}

guint
folio_extract_abandoned_total (void)
{
  return (guint) g_atomic_int_get (&abandoned_total);
}
