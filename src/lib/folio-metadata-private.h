/* Fields mined from a running head: title, version, status, date. */
#pragma once

#include "folio/folio-document.h"

/* Adds to @fields (element-type FolioField) what @text says, skipping names
 * already there; @with_title also takes the longest remaining part as the
 * title.  Returns how many of version, status and date it found. */
guint folio_metadata_mine (const char *text, gboolean with_title, GPtrArray *fields);
