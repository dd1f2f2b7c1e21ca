/* Appending onto a GString without a call while it has room: for the many
 * short pieces of JSON records, Markdown and a table's text. */
#pragma once

#include <glib.h>
#include <string.h>

/* @n bytes of @s onto @out, as g_string_append_len () does. */
static inline void
folio_string_put (GString *out, const char *s, gsize n)
{
  if (G_LIKELY (out->len + n < out->allocated_len))
    {
      memcpy (out->str + out->len, s, n);
      out->len += n;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, s, n);
}

/* A string literal @lit onto @out, its length known at compile time. */
#define folio_string_literal(out, lit) folio_string_put ((out), "" lit, sizeof (lit) - 1)
