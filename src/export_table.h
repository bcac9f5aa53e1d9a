/*
 * export_table: the records of one kind as a table a person opens in a
 * spreadsheet: one column per field of the form in force, headed by its
 * label in the chosen language; a choice as its label, a person as two
 * columns (name, phone), a reference as the record's title, a group's
 * entries one per line; numbers and dates kept as numbers and dates for
 * sheet.h. Drafts are left out; voided records stay, with their status.
 */
#ifndef DW_EXPORT_TABLE_H
#define DW_EXPORT_TABLE_H

#include "app.h"
#include "sheet.h"

typedef struct {
	sheet_col *cols;
	size_t n_cols;
	json_t *rows;  /* one object per record, keyed by the columns' keys */
	char **owned;  /* the headers and keys made here */
	size_t n_owned;
} export_table;

/* Fills t with every record of kind but drafts, newest first. 0, or -1 with the error set; export_table_free releases t
 * either way. Rows the store cannot read are skipped (store_take_unreadable). */
int export_table_make(app *a, const char *kind, const char *lang, export_table *t);
void export_table_free(export_table *t);

#endif
