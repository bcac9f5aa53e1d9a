/*
 * repo_taken: what a fetch that took a stick's packs whole did, until the
 * import has read what came. Those packs are copied with each object's
 * bytes checked against the stick's index (repo_whole.c), not hashed
 * again on the way: the ids are recomputed as the objects are read (the
 * selection reads every commit and tree on the stick, the import every
 * file here). A stick whose index lies (an id beside the bytes of
 * another object, their CRC-32 with them) passes that check; the import
 * then finds files not what their ids name. So the fetch writes down the
 * packs it added and where its refs were, in repo.git/taken-whole, before
 * it moves them; the import's end keeps them, and a sync killed before,
 * an import that failed, or one that found such a file undoes them: the
 * refs back where they were, the packs removed, and the next sync brings
 * the objects again (from the station, or a stick that does not lie).
 */
#include "repo.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *note_path(git_repository *r)
{
	return xasprintf("%staken-whole", git_repository_path(r));
}

/* With libgit2's error set on failure, as the fetch that calls it reports. */
int repo_taken_write(git_repository *r, char *const *packs, size_t n_packs, char *const *refs, size_t n_refs)
{
	char *path = note_path(r), *scratch = xasprintf("%s.new", path);
	FILE *f = fopen(scratch, "w");
	int rc = f ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < n_packs; i++)
		fprintf(f, "pack %s\n", packs[i]);
	for (size_t i = 0; rc == 0 && i < n_refs; i++) {
		git_oid old;
		char hex[GIT_OID_HEXSZ + 1];
		int has = repo_ref_oid(r, refs[i], &old);
		if (has < 0)
			rc = -1;
		else
			fprintf(f, "ref %s %s\n", has ? git_oid_tostr(hex, sizeof hex, &old) : "-", refs[i]);
	}
	if (f && (fclose(f) != 0 || rc < 0))
		rc = -1;
	if (rc == 0 && rename(scratch, path) < 0)
		rc = -1;
	if (rc < 0) {
		git_error_set(GIT_ERROR_OS, "%s: %s", path, strerror(errno));
		unlink(scratch);
	}
	free(path), free(scratch);
	return rc;
}

int repo_taken_pending(git_repository *r)
{
	char *path = note_path(r);
	int there = access(path, F_OK) == 0;
	free(path);
	return there;
}

void repo_taken_keep(git_repository *r)
{
	char *path = note_path(r);
	unlink(path);
	free(path);
}

int repo_taken_undo(git_repository *r)
{
	char *path = note_path(r), *text = NULL;
	size_t len;
	if (access(path, F_OK) < 0 || read_file(path, SIZE_MAX, &text, &len) < 0) {
		int rc = errno == ENOENT ? 0 : err_set("%s: cannot be read", path);
		free(path);
		return rc;
	}
	int rc = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (str_starts(line, "ref ")) {
			char *old = line + 4, *ref = strchr(old, ' ');
			git_oid id;
			git_reference *moved = NULL;
			if (!ref)
				continue;
			*ref++ = 0;
			if (str_eq(old, "-"))
				git_reference_remove(r, ref);
			else if (git_oid_fromstr(&id, old) == 0 &&
				 git_reference_create(&moved, r, ref, &id, 1, "dustwatch: fetch undone") < 0)
				rc = repo_err(ref);
			git_reference_free(moved);
			git_error_clear();
		} else if (str_starts(line, "pack ") && !strchr(line + 5, '/')) {
			/* The index first: a pack is the repository's while its index is there. */
			const char *name = line + 5;
			size_t n = strlen(name);
			if (n > 5 && str_eq(name + n - 5, ".pack")) {
				char *idx = xasprintf("%sobjects/pack/%.*s.idx", git_repository_path(r), (int)(n - 5), name);
				char *pack = xasprintf("%sobjects/pack/%s", git_repository_path(r), name);
				unlink(idx), unlink(pack);
				free(idx), free(pack);
			}
		}
	}
	if (rc == 0 && unlink(path) < 0)
		rc = err_set("%s: %s", path, strerror(errno));
	if (rc == 0 && repo_pack_refs(r) < 0)
		rc = repo_err("refs");
	free(text), free(path);
	return rc < 0 ? -1 : 1;
}
