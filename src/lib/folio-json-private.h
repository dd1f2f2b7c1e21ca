/* Small, fast, locale-independent JSON writing onto a GString. */
#pragma once

#include <glib.h>

void folio_json_string (GString *out, const char *s);
void folio_json_number (GString *out, double v);
void folio_json_uint (GString *out, guint64 v);
void folio_json_bool (GString *out, gboolean v);
/* ,"key": (with the comma unless @first) */
void folio_json_key (GString *out, const char *key, gboolean first);

/**
 * folio_json_check:
 * Checks that @text[0..@len) is exactly one JSON value as RFC 8259 defines
 * it (json-glib also takes comments, single quotes, hex numbers...), nested
 * at most @max_depth deep.  On failure sets @why to a static description and
 * @offset to the byte where it went wrong.
 */
gboolean folio_json_check (const char *text, gsize len, guint max_depth,
                           const char **why, gsize *offset);
