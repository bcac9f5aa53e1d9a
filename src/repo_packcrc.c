/*
 * repo_packcrc: whether an object of a repository's packs has the bytes
 * its pack was written with, from the CRC-32 the pack's index keeps of
 * each object's packed bytes (header and deflated data).
 *
 * A path fetch reads a blob's size from its header alone and refuses a
 * branch whose file is larger than the layout holds, unread (repo_path.c,
 * add_blob). libgit2 checks nothing of that header: a stick damaged there
 * claims a file of gigabytes, passed for a hostile stick (the branch
 * refused, the sync through, the damaged bytes never read). The claim is
 * checked here before a branch is refused on it.
 *
 * libgit2 has no call that checks one packed object against its index.
 * Its indexer checks a whole pack, but resolves every delta in it whole in
 * memory first (indexer.c, git_indexer_commit): a stick whose pack holds a
 * 300 MiB file and a second stored as its delta took 624 MiB to check
 * that way, against 21 MiB here (tried; tests/cmd/hostile_repo.sh's
 * bound is 256 MiB). So the index's CRC is read here, with nothing
 * inflated.
 *
 * A pack of the stick taken whole is copied with the same check of every
 * object's bytes (repo_pack_copy_checked, for repo_whole.c).
 */
#include "repo_path_impl.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* A pack index of version 2 (git's Documentation/gitformat-pack.txt):
 * magic and version, 256 fan-out counts, then the sorted ids, a CRC-32
 * per object, an offset per object (31 bits, or the top bit set and the
 * place of a 64-bit offset in the table after), two checksums at the end.
 * Version 1 keeps no CRC: its objects are taken at their word. */
enum { IDX_HEAD = 8 + 256 * 4, IDX_TAIL = 2 * GIT_OID_RAWSZ, IDX_PER = GIT_OID_RAWSZ + 4 + 4 };

typedef struct {
	const unsigned char *b;
	size_t len, n; /* bytes, objects */
} pack_index;

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Whether buf is an index of version 2 as long as its count says. */
static int index_read(pack_index *x, const char *buf, size_t len)
{
	static const unsigned char magic[8] = {0377, 't', 'O', 'c', 0, 0, 0, 2};
	x->b = (const unsigned char *)buf, x->len = len;
	if (len < IDX_HEAD + IDX_TAIL || memcmp(buf, magic, sizeof magic) != 0)
		return 0;
	x->n = be32(x->b + IDX_HEAD - 4);
	return (len - IDX_HEAD - IDX_TAIL) / IDX_PER >= x->n;
}

/* The i-th object's offset in the pack; UINT64_MAX past the index's end. */
static uint64_t offset_at(const pack_index *x, size_t i)
{
	uint32_t v = be32(x->b + IDX_HEAD + x->n * (GIT_OID_RAWSZ + 4) + 4 * i);
	if (!(v & 0x80000000u))
		return v;
	size_t at = IDX_HEAD + x->n * IDX_PER + 8 * (size_t)(v & 0x7fffffffu);
	if (at + 8 > x->len - IDX_TAIL)
		return UINT64_MAX;
	return (uint64_t)be32(x->b + at) << 32 | be32(x->b + at + 4);
}

/* Where id is among x's ids, or -1. */
static long index_find(const pack_index *x, const git_oid *id)
{
	size_t lo = id->id[0] ? be32(x->b + 8 + 4 * (id->id[0] - 1)) : 0;
	size_t hi = be32(x->b + 8 + 4 * id->id[0]);
	if (hi > x->n)
		return -1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(x->b + IDX_HEAD + mid * GIT_OID_RAWSZ, id->id, GIT_OID_RAWSZ);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The CRC-32 of the bytes [from, to) of the file at path; -1 when they
 * cannot be read. */
static int crc_of(const char *path, uint64_t from, uint64_t to, uint32_t *out)
{
	FILE *f = fopen(path, "rb");
	if (!f || fseeko(f, (off_t)from, SEEK_SET) < 0) {
		git_error_set(GIT_ERROR_OS, "%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	unsigned char buf[65536];
	uLong crc = crc32(0, Z_NULL, 0);
	while (from < to) {
		size_t want = to - from < sizeof buf ? (size_t)(to - from) : sizeof buf;
		size_t got = fread(buf, 1, want, f);
		if (got == 0)
			break;
		crc = crc32(crc, buf, (uInt)got);
		from += got;
	}
	fclose(f);
	*out = (uint32_t)crc;
	return 0;
}

/* Whether the copy of id in the pack of index x (pack: its path) is as
 * the index says: 1, 0, or -1 when the pack cannot be read. Its bytes
 * end where the next object starts, or at the pack's own checksum. */
static int copy_intact(const pack_index *x, long i, const char *pack)
{
	struct stat st;
	if (stat(pack, &st) < 0) {
		git_error_set(GIT_ERROR_OS, "%s: %s", pack, strerror(errno));
		return -1;
	}
	if (st.st_size <= GIT_OID_RAWSZ)
		return 0;
	uint64_t from = offset_at(x, (size_t)i), to = (uint64_t)st.st_size - GIT_OID_RAWSZ;
	if (from >= to)
		return 0;
	for (size_t k = 0; k < x->n; k++) {
		uint64_t o = offset_at(x, k);
		if (o > from && o < to)
			to = o;
	}
	uint32_t crc;
	if (crc_of(pack, from, to, &crc) < 0)
		return -1;
	return crc == be32(x->b + IDX_HEAD + x->n * GIT_OID_RAWSZ + 4 * (size_t)i);
}

/* Whether id's copy in the pack of the index at idx, if it holds one, is
 * intact: 1 (or none there), 0, or -1. */
static int pack_intact(const char *idx, const git_oid *id)
{
	char *buf = NULL;
	size_t len = 0;
	pack_index x;
	long i;
	int rc = 1;
	if (read_file(idx, SIZE_MAX, &buf, &len) < 0) {
		git_error_set(GIT_ERROR_OS, "%s: cannot be read", idx);
		return -1;
	}
	if (index_read(&x, buf, len) && (i = index_find(&x, id)) >= 0) {
		char *pack = xasprintf("%.*s.pack", (int)(strlen(idx) - 4), idx);
		rc = copy_intact(&x, i, pack);
		free(pack);
	}
	free(buf);
	return rc;
}

int repo_packed_intact(git_repository *r, const git_oid *id)
{
	char *dir = xasprintf("%sobjects/pack", git_repository_path(r));
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = 1;
	while (d && rc == 1 && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (!str_starts(de->d_name, "pack-") || len < 5 || !str_eq(de->d_name + len - 4, ".idx"))
			continue;
		char *idx = xasprintf("%s/%s", dir, de->d_name);
		rc = pack_intact(idx, id);
		free(idx);
	}
	if (d)
		closedir(d);
	free(dir);
	return rc;
}

/* The objects of an index by where they start in the pack. */
typedef struct {
	uint64_t at;
	uint32_t crc;
} placed;

static int by_place(const void *a, const void *b)
{
	uint64_t x = ((const placed *)a)->at, y = ((const placed *)b)->at;
	return x < y ? -1 : x > y;
}

/* A file written under a scratch name in dir, renamed to its own when whole. */
typedef struct {
	FILE *f;
	char *scratch, *final;
} out_file;

static int out_open(out_file *o, const char *dir, const char *from)
{
	const char *name = strrchr(from, '/') ? strrchr(from, '/') + 1 : from;
	o->final = xasprintf("%s/%s", dir, name);
	o->scratch = xasprintf("%s/copy_%s", dir, name);
	if (!(o->f = fopen(o->scratch, "wb"))) {
		git_error_set(GIT_ERROR_OS, "%s: %s", o->scratch, strerror(errno));
		return -1;
	}
	return 0;
}

static int out_close(out_file *o, int keep)
{
	int rc = keep ? 0 : -1;
	if (o->f && fclose(o->f) != 0 && rc == 0) {
		git_error_set(GIT_ERROR_OS, "%s: %s", o->scratch, strerror(errno));
		rc = -1;
	}
	o->f = NULL;
	if (rc == 0 && (chmod(o->scratch, 0444) < 0 || rename(o->scratch, o->final) < 0)) {
		git_error_set(GIT_ERROR_OS, "%s: %s", o->final, strerror(errno));
		rc = -1;
	}
	if (rc < 0 && o->scratch)
		unlink(o->scratch);
	free(o->scratch), free(o->final);
	o->scratch = o->final = NULL;
	return rc;
}

static int damaged(const char *pack, const char *what, uint64_t at)
{
	git_error_set(GIT_ERROR_ODB, "%s: damaged in its pack (%s at byte %llu)", pack, what, (unsigned long long)at);
	return -1;
}

/* Copies the bytes [from, to) of in to out, their CRC-32 into *crc. */
static int copy_span(FILE *in, FILE *out, const char *pack, uint64_t from, uint64_t to, unsigned char *buf,
		     size_t cap, uLong *crc)
{
	*crc = crc32(0, Z_NULL, 0);
	while (from < to) {
		size_t want = to - from < cap ? (size_t)(to - from) : cap;
		size_t got = fread(buf, 1, want, in);
		if (got != want)
			return ferror(in) ? (git_error_set(GIT_ERROR_OS, "%s: %s", pack, strerror(errno)), -1)
					  : damaged(pack, "the file ends early", from + got);
		*crc = crc32(*crc, buf, (uInt)got);
		if (fwrite(buf, 1, got, out) != got) {
			git_error_set(GIT_ERROR_OS, "write: %s", strerror(errno));
			return -1;
		}
		from += got;
	}
	return 0;
}

/* The pack's bytes, checked object by object as they are copied. */
static int copy_pack(const pack_index *x, const char *pack, FILE *out, repo_pack_progress progress, void *payload)
{
	static const unsigned char magic[4] = {'P', 'A', 'C', 'K'};
	enum { CAP = 256 << 10, EVERY = 1024 };
	placed *p = xmalloc((x->n ? x->n : 1) * sizeof *p);
	unsigned char *buf = xmalloc(CAP), head[12], tail[GIT_OID_RAWSZ];
	FILE *in = fopen(pack, "rb");
	struct stat st;
	int rc = -1;
	uLong crc;
	if (!in || fstat(fileno(in), &st) < 0) {
		git_error_set(GIT_ERROR_OS, "%s: %s", pack, strerror(errno));
		goto out;
	}
	uint64_t end = (uint64_t)st.st_size - GIT_OID_RAWSZ;
	if ((uint64_t)st.st_size < sizeof head + GIT_OID_RAWSZ || fread(head, 1, sizeof head, in) != sizeof head ||
	    memcmp(head, magic, 4) != 0 || (be32(head + 4) != 2 && be32(head + 4) != 3) || be32(head + 8) != x->n) {
		damaged(pack, "its header is not a pack's of as many objects as its index", 0);
		goto out;
	}
	if (fwrite(head, 1, sizeof head, out) != sizeof head) {
		git_error_set(GIT_ERROR_OS, "write: %s", strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < x->n; i++)
		p[i].at = offset_at(x, i), p[i].crc = be32(x->b + IDX_HEAD + x->n * GIT_OID_RAWSZ + 4 * i);
	qsort(p, x->n, sizeof *p, by_place);
	/* The objects lie end to end from the header to the checksum. */
	if ((x->n ? p[0].at : end) != sizeof head) {
		damaged(pack, "its first object is not where its index says", x->n ? p[0].at : end);
		goto out;
	}
	for (size_t i = 0; i < x->n; i++) {
		uint64_t to = i + 1 < x->n ? p[i + 1].at : end;
		if (to <= p[i].at || to > end) {
			damaged(pack, "an object is not where its index says", p[i].at);
			goto out;
		}
		if (copy_span(in, out, pack, p[i].at, to, buf, CAP, &crc) < 0)
			goto out;
		if ((uint32_t)crc != p[i].crc) {
			damaged(pack, "an object's bytes are not those its index has the CRC-32 of", p[i].at);
			goto out;
		}
		if ((i + 1) % EVERY == 0 && progress && progress(payload, EVERY) < 0)
			goto out;
	}
	if (fread(tail, 1, sizeof tail, in) != sizeof tail || memcmp(tail, x->b + x->len - IDX_TAIL, GIT_OID_RAWSZ) != 0) {
		damaged(pack, "its checksum is not the one its index keeps", end);
		goto out;
	}
	if (fwrite(tail, 1, sizeof tail, out) != sizeof tail) {
		git_error_set(GIT_ERROR_OS, "write: %s", strerror(errno));
		goto out;
	}
	if (progress && progress(payload, x->n % EVERY) < 0)
		goto out;
	rc = 0;
out:
	if (in)
		fclose(in);
	free(p), free(buf);
	return rc;
}

int repo_pack_copy_checked(const char *pack, const char *idx, const char *dir, repo_pack_progress progress,
			   void *payload)
{
	char *buf = NULL;
	size_t len = 0;
	pack_index x;
	if (read_file(idx, SIZE_MAX, &buf, &len) < 0) {
		git_error_set(GIT_ERROR_OS, "%s: cannot be read", idx);
		return -1;
	}
	if (!index_read(&x, buf, len)) {
		free(buf);
		return 0;
	}
	out_file op = {0}, oi = {0};
	int ok = out_open(&op, dir, pack) == 0 && copy_pack(&x, pack, op.f, progress, payload) == 0;
	/* The pack first, its index last: the pack is a repository's once
	 * its index is there. */
	int rc = out_close(&op, ok);
	if (rc == 0) {
		ok = out_open(&oi, dir, idx) == 0 && fwrite(buf, 1, len, oi.f) == len;
		if (!ok && oi.f)
			git_error_set(GIT_ERROR_OS, "write: %s", strerror(errno));
		rc = out_close(&oi, ok);
	}
	free(buf);
	return rc < 0 ? -1 : 1;
}
