/*
 * import: the lists a station already keeps (sites, inspectors), as Excel
 * or WPS save them in CSV, turned into records. The file's encoding is
 * detected (UTF-8 with or without a byte-order mark, else GB18030, which
 * covers GBK; converted with iconv); libcsv parses it. The header row is
 * matched to the form's fields by label (zh or en) or name; each row is
 * checked as `dustwatch new KIND ... --submit` checks it.
 *
 * All rows go in one transaction: a row that is refused is reported and
 * left out, the others are taken; any other failure takes nothing. A row
 * that is already there (a site of the same name and address, an inspector
 * of the same staff number) is counted, not created again.
 */
#ifndef DW_IMPORT_H
#define DW_IMPORT_H

#include "app.h"
#include <jansson.h>

/* Imports data (len bytes, the file's content) as records of kind ("site"
 * or "inspector"); dry_run checks every row and rolls back. Returns a new
 * object
 *   {"encoding", "rows", "taken", "existing", "columns":{header: field},
 *    "ignored":[headers], "refused":[{"row", "why"}]}
 * where rows counts the data rows (blank lines aside) and row is the row's
 * number as a spreadsheet shows it (the header is
 * row 1), or NULL with the error set (then nothing was imported). */
json_t *import_csv(app *a, const char *kind, const char *data, size_t len, int dry_run);

#endif
