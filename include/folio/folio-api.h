#pragma once

/* libfolio is built with hidden symbols; this marks what it exports. */
#define FOLIO_API __attribute__ ((visibility ("default")))
