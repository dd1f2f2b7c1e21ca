/* A file's bytes mapped into memory, read-only, rather than copied there.
 *
 * The mapped pages the reading has touched count in the process's
 * resident memory like a copy would, but they are the kernel's page cache,
 * given back with folio_map_release () and read again from the cache when
 * wanted.  So what a long PDF's file holds in memory is what its recent
 * pages needed, not the whole file.
 *
 * A mapped file cut short by another process while it is read makes the
 * next read past its new end fault (SIGBUS), which would end the process.
 * A handler, installed with the first mapping, answers such a fault in a
 * mapping of folio's with a page of zeros and marks the mapping
 * (folio_map_faulted ()); the reader then reports the file changed.  A
 * SIGBUS anywhere else goes to the handler there was before. */
#pragma once

#include <glib.h>

typedef struct _FolioMap FolioMap;

/* Maps the @size bytes (at least 1) of the regular file @fd.  Returns
 * the bytes, whose last reference unmaps them, and in @map the mapping
 * (borrowed: it lives as long as the bytes); NULL when the file cannot be
 * mapped (the caller reads it another way). */
GBytes *folio_map_file (int fd, gsize size, FolioMap **map);

/* Gives back the resident pages of bytes [@offset, @offset + @length) of
 * @map (all of them from @offset on when @length is 0).  Any thread may go
 * on reading them meanwhile: they are read again from the file. */
void folio_map_release (FolioMap *map, gsize offset, gsize length);

/* Whether a read past the file's end found zeros instead: the file was
 * cut short while mapped. */
gboolean folio_map_faulted (const FolioMap *map);
