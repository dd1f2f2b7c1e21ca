/* Small, fast, locale-independent JSON writing onto a GString. */
#pragma once

#include <glib.h>

void folio_json_string (GString *out, const char *s);
void folio_json_number (GString *out, double v);
void folio_json_uint (GString *out, guint64 v);
void folio_json_bool (GString *out, gboolean v);
/* ,"key": (with the comma unless @first) */
void folio_json_key (GString *out, const char *key, gboolean first);
