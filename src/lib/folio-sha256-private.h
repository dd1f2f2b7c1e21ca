/* SHA-256 of the input, on the CPU's SHA extensions when it has them
 * (x86-64 SHA-NI: some 20 times faster than GChecksum's portable code),
 * on GChecksum otherwise. */
#pragma once

#include <glib.h>

/* The digest of @len bytes at @data, as 64 lowercase hex digits (transfer full). */
char *folio_sha256_hex (const guint8 *data, gsize len);

/* For the tests: the same, on GChecksum even when the CPU could do better. */
char *folio_sha256_hex_portable (const guint8 *data, gsize len);

/* Whether folio_sha256_hex() uses the CPU's SHA extensions. */
gboolean folio_sha256_accelerated (void);
