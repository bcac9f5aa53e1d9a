/* embedded: files compiled into the binary by tools/embed.c. */
#ifndef DW_EMBEDDED_H
#define DW_EMBEDDED_H
#include <stddef.h>
struct embedded {
	const char *name;
	const char *data;
	size_t len;
};
/* db/NNN_name.sql in order, forms/KIND.form, and src/ui/keys.txt (the
 * default key bindings); each ends with {0}. */
extern const struct embedded embedded_schema[];
extern const struct embedded embedded_forms[];
/* src/demo/names.txt: the demo's word lists (src/demo/demo_names.c). */
extern const struct embedded embedded_demo[];
extern const struct embedded embedded_keys[];
/* targets/indicators.targets: the shipped annual indicators (report.c). */
extern const struct embedded embedded_targets[];
#endif
