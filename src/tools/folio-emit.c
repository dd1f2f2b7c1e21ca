#include "folio-tool.h"

int
main (int argc, char **argv)
{
  folio_tool_init ("folio-emit");
  return folio_tool_exit (folio_tool_emit (argc, argv));
}
