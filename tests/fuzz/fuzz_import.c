/*
 * fuzz_import: a repository tree from another machine (a sync, a USB
 * stick). The input becomes the files of a device branch, committed into
 * the data directory's repository as refs/remotes/origin/devices/DEV, and
 * goes through the import that sync runs (sync_import_ref, the fold, the
 * quarantine's retry); every record it makes is then described as `show`
 * does, and the quarantine read back.
 *
 * The input: one byte of flags, then parts separated by "\n--\n". A part's
 * first byte says where it goes, by its low three bits ('0' is 0): 1 an
 * event at devices/DEV/2024/05/02/BLOB, 2 an attachment at blobs/DEV/SHA256,
 * 3 a file whose name is not its blob id, 4 an event one folder too deep,
 * else an event at devices/DEV/2024/05/01/BLOB; the rest is its content.
 * Flags: bit 0 the branch is another device's (B07, whose key nobody
 * knows) rather than this machine's own (A03); bit 1 each part that is a
 * JSON object is sealed here with A03's key, device set to the branch's,
 * so that its content reaches the fold (the fuzzer cannot forge ids and
 * signatures); bit 2 the branch is the station's copy (at_station); bit 3
 * the commit carries a manifest signed with A03's key naming the id of each
 * part that has one (repo.h), so that they are taken as vouched for; bit 4
 * the first part is the station.json of refs/remotes/origin/station, from
 * which sync learns the station's key (sync_learn_station) first.
 *
 * One data directory per process (in $TMPDIR), each run in a transaction
 * rolled back at its end, so every run starts from the same database; the
 * repository's objects are kept in memory and dropped after each run, and
 * the data directory is made afresh every few thousand runs.
 */
#include "describe.h"
#include "fuzz.h"
#include "hex.h"
#include "record.h"
#include "repo.h"
#include "seal.h"
#include "sync_impl.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>
#include <sodium.h>
#include <unistd.h>

enum { MAX_PARTS = 8, RUNS_PER_HOME = 20000 };

static char *dir, *home;
static app a;
static git_repository *r;
static git_odb_backend *mem; /* the repository's objects: nothing on disk */
static int open_app, runs;

static void remove_dir(void)
{
	if (open_app) {
		git_repository_free(r);
		app_close(&a);
		open_app = 0;
	}
	if (dir) {
		char *cmd = xasprintf("rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "fuzz_import: could not remove %s\n", dir);
		free(cmd);
	}
}

static int copy_object(const git_oid *id, void *payload)
{
	git_odb_backend *to = payload;
	git_odb *odb = NULL;
	git_odb_object *o = NULL;
	int rc = -1;
	if (git_repository_odb(&odb, r) == 0 && git_odb_read(&o, odb, id) == 0)
		rc = to->write(to, id, git_odb_object_data(o), git_odb_object_size(o), git_odb_object_type(o));
	git_odb_object_free(o);
	git_odb_free(odb);
	return rc;
}

static void make_home(void)
{
	char *cmd = xasprintf("rm -rf '%s'", home);
	if (system(cmd) != 0)
		abort();
	free(cmd);
	char seal_pk[65];
	/* A station's sealing secret here, so that every {"sealed": ...}
	 * value an event brings is opened, or fails to (seal.h). */
	if (app_init(home, "HH", "A03", "张伟") < 0 || app_open(&a, home) < 0 || repo_open(&r, home) < 0 ||
	    seal_make_station_key(&a, seal_pk) < 0) {
		fprintf(stderr, "fuzz_import: %s\n", err_msg());
		abort();
	}
	/* Objects written go to memory, emptied after each run: writing them
	 * as loose files was a third of a run. The few the data directory
	 * starts with are copied into a second store in memory that stays, so
	 * that the repository has no store on disk: a new object made each
	 * store on disk rescan its folder. The import reads them through the
	 * same repository (a few files: no checking threads of their own,
	 * sync_import.c). */
	git_odb *disk = NULL, *odb = NULL;
	git_odb_backend *base = NULL;
	if (git_repository_odb(&disk, r) < 0 || git_odb_new(&odb) < 0 || git_mempack_new(&base) < 0 ||
	    git_odb_add_backend(odb, base, 1) < 0 || git_odb_foreach(disk, copy_object, base) < 0 ||
	    git_mempack_new(&mem) < 0 || git_odb_add_backend(odb, mem, 2) < 0)
		abort();
	git_repository_set_odb(r, odb);
	git_odb_free(odb);
	git_odb_free(disk);
	open_app = 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	const char *tmp = getenv("TMPDIR");
	dir = xasprintf("%s/dwfuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		abort();
	home = xasprintf("%s/data", dir);
	setenv("DUSTWATCH_NOW", "2024-05-03T08:00:00Z", 1);
	repo_global_init();
	/* libgit2's object cache kept each run's new objects: more mallocs
	 * than frees in nearly every run, and libFuzzer then ran the input
	 * again to look for a leak (45 % of the time). */
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	make_home();
	atexit(remove_dir);
	return 0;
}

/* Writes an object straight to memory: through the repository, each new
 * object first rescanned the pack folder on disk for it (a tenth of a
 * run). */
static int put(git_oid *id, const void *data, size_t len, git_object_t type)
{
	if (git_odb_hash(id, data, len, type) < 0)
		return -1;
	return mem->write(mem, id, data, len, type);
}

/* A commit of tree with no parent, written as put writes. */
static int commit(git_oid *id, const char *msg, const git_tree *tree)
{
	git_signature *sig = NULL;
	git_buf buf = {0};
	int rc = -1;
	if (git_signature_new(&sig, "fuzz", "fuzz@example.org", 1714550400, 0) == 0 &&
	    git_commit_create_buffer(&buf, r, sig, sig, NULL, msg, tree, 0, NULL) == 0)
		rc = put(id, buf.ptr, buf.size, GIT_OBJECT_COMMIT);
	git_buf_dispose(&buf);
	git_signature_free(sig);
	return rc;
}

/* The part's content as the file to write: sealed by this machine's key
 * when asked and it is a JSON object; else as it is (a new string). */
static char *content(const uint8_t *p, size_t n, const char *dev, int seal, size_t *len, strbuf *ids)
{
	json_error_t je;
	json_t *j = json_loadb((const char *)p, n, JSON_REJECT_DUPLICATES, &je);
	char *canon = NULL;
	if (seal && json_is_object(j)) {
		json_object_del(j, "id"), json_object_del(j, "sig");
		json_object_set_new(j, "device", json_string(dev));
		if (event_seal(j, &a.me, &canon) < 0)
			canon = NULL;
	}
	const char *id = event_str(j, "id");
	if (id && hex_is(id, 64))
		sb_printf(ids, "%s\n", id);
	json_decref(j);
	if (canon) {
		*len = strlen(canon);
		return canon;
	}
	*len = n;
	return xstrndup((const char *)p, n);
}

static int add_file(git_index *idx, const char *path, const git_oid *id)
{
	git_index_entry e;
	memset(&e, 0, sizeof e);
	e.mode = GIT_FILEMODE_BLOB;
	e.path = path;
	e.id = *id;
	return git_index_add(idx, &e);
}

/* The commit's message: with a manifest of ids (lines of hex) when asked,
 * as repo.c writes it. */
static char *message(const char *dev, const strbuf *ids, int manifest)
{
	if (!manifest)
		return xstrdup("fuzz\n");
	char *m = xasprintf("%s %s\n%s", REPO_MANIFEST, dev, ids->s);
	unsigned char sig[64];
	char hex[129];
	crypto_sign_detached(sig, NULL, (const unsigned char *)m, strlen(m), a.me.sk);
	hex_encode(sig, 64, hex);
	char *msg = xasprintf("fuzz\n\n%s%s %s\n", m, REPO_MANIFEST_SIG, hex);
	free(m);
	return msg;
}

/* Writes text as station.json, the only file of a commit of the station
 * ref. */
static int write_station(const char *ref, const uint8_t *text, size_t len)
{
	git_treebuilder *tb = NULL;
	git_tree *tree = NULL;
	git_reference *gr = NULL;
	git_oid bid, tid, cid;
	int rc = -1;
	if (put(&bid, text, len, GIT_OBJECT_BLOB) < 0 || git_treebuilder_new(&tb, r, NULL) < 0 ||
	    git_treebuilder_insert(NULL, tb, "station.json", &bid, GIT_FILEMODE_BLOB) < 0 ||
	    git_treebuilder_write(&tid, tb) < 0 || git_tree_lookup(&tree, r, &tid) < 0 ||
	    commit(&cid, "station", tree) < 0 ||
	    git_reference_create(&gr, r, ref, &cid, 1, NULL) < 0)
		goto out;
	rc = 0;
out:
	git_reference_free(gr);
	git_tree_free(tree);
	git_treebuilder_free(tb);
	return rc;
}

/* Writes the parts as a commit of ref's branch. */
static int write_branch(const char *ref, const char *dev, int flags, const uint8_t *data, size_t size)
{
	strbuf ids;
	char *msg = NULL;
	sb_init(&ids);
	git_index *idx = NULL;
	git_tree *tree = NULL;
	git_oid tid, cid;
	int rc = -1;
	if (git_index_new(&idx) < 0)
		goto out;
	for (int n = 0; n < MAX_PARTS && size; n++) {
		const uint8_t *part;
		size_t plen;
		const uint8_t *rest = fuzz_split(data, size, &part, &plen);
		size -= (size_t)(rest - data), data = rest;
		if (plen == 0)
			continue;
		size_t len;
		char *text = content(part + 1, plen - 1, dev, flags & 2, &len, &ids);
		git_oid id;
		char hex[GIT_OID_HEXSZ + 1], sha[65], *path;
		unsigned char h[32];
		if (put(&id, text, len, GIT_OBJECT_BLOB) < 0) {
			free(text);
			goto out;
		}
		git_oid_tostr(hex, sizeof hex, &id);
		switch (part[0] & 7) { /* '0' is 0 */
		case 1:
			path = xasprintf("devices/%s/2024/05/02/%s", dev, hex);
			break;
		case 2:
			crypto_hash_sha256(h, (const unsigned char *)text, len);
			hex_encode(h, 32, sha);
			path = xasprintf("blobs/%s/%s", dev, sha);
			break;
		case 3:
			path = xasprintf("devices/%s/2024/05/01/x%d", dev, n);
			break;
		case 4:
			path = xasprintf("devices/%s/2024/05/01/deep/%s", dev, hex);
			break;
		default:
			path = xasprintf("devices/%s/2024/05/01/%s", dev, hex);
			break;
		}
		free(text);
		int added = add_file(idx, path, &id);
		free(path);
		if (added < 0)
			goto out;
	}
	msg = message(dev, &ids, flags & 8);
	if (git_index_write_tree_to(&tid, idx, r) < 0 || git_tree_lookup(&tree, r, &tid) < 0 ||
	    commit(&cid, msg, tree) < 0)
		goto out;
	git_reference *gr = NULL;
	if (git_reference_create(&gr, r, ref, &cid, 1, NULL) < 0)
		goto out;
	git_reference_free(gr);
	rc = 0;
out:
	if (rc < 0)
		fprintf(stderr, "fuzz_import: %s\n", git_error_last() ? git_error_last()->message : "?");
	git_tree_free(tree);
	git_index_free(idx);
	free(msg);
	sb_free(&ids);
	return rc;
}

static void line(const describe_line *l, void *payload)
{
	(void)payload;
	if (l->value)
		FUZZ_ASSERT(utf8_valid(l->value, strlen(l->value)));
}

static int describe(void *payload, json_t *state)
{
	app *ap = payload;
	describe_opts o = {.lang = "en", .today = "2024-05-03",
			   .parts = DESCRIBE_PARTICULARS | DESCRIBE_FIELDS | DESCRIBE_HISTORY};
	(void)describe_record(ap, state, &o, line, NULL);
	free(rec_title(ap, state, "zh"));
	return 0;
}

/* FUZZ_VERBOSE set: what became of each file, to see where an input goes. */
static int quarantined(void *payload, const store_quarantine_row *row)
{
	if (payload)
		fprintf(stderr, "quarantined %s: %s\n", row->source, row->reason);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	/* libgit2's and SQLite's caches grow with every new object and
	 * statement a run makes: 1.8 GB after 500,000 runs. */
	if (++runs % RUNS_PER_HOME == 0) {
		git_repository_free(r);
		app_close(&a);
		make_home();
	}
	const char *dev = data[0] & 1 ? "B07" : "A03";
	char *ref = xasprintf("refs/remotes/origin/devices/%s", dev);
	const char *station_ref = "refs/remotes/origin/station";
	const uint8_t *rest = data + 1;
	size_t left = size - 1;
	if (data[0] & 16) {
		const uint8_t *json;
		size_t jlen;
		rest = fuzz_split(rest, left, &json, &jlen);
		left = size - (size_t)(rest - data);
		if (write_station(station_ref, json, jlen) < 0)
			abort();
	}
	if (write_branch(ref, dev, data[0], rest, left) < 0)
		abort();
	sync_stats st = {0};
	st.from = json_object();
	sync_ctx c = {.a = &a, .r = r, .st = &st, .refs = &ref, .n_refs = 1};
	FUZZ_ASSERT(store_begin(a.db) == 0);
	int verbose = getenv("FUZZ_VERBOSE") != NULL;
	if ((data[0] & 16) && sync_learn_station(&c, station_ref) < 0 && verbose)
		fprintf(stderr, "station.json: %s\n", err_msg());
	if (sync_import_ref(&c, ref, data[0] & 4) == 0 && sync_fold_pending(&c) == 0 &&
	    sync_retry_quarantine(&c) == 0) {
		list_query q = {0};
		(void)store_list(a.db, &q, describe, &a);
		json_decref(store_take_unreadable(a.db));
		(void)store_quarantined(a.db, 0, quarantined, verbose ? &a : NULL);
		if (verbose)
			fprintf(stderr, "received %zu (vouched for %zu), quarantined %zu\n", st.received, st.vouched,
				st.quarantined);
	} else if (verbose) {
		fprintf(stderr, "import failed: %s\n", err_msg());
	}
	store_rollback(a.db);
	sync_ctx_close(&c);
	git_reference_remove(r, ref);
	if (data[0] & 16)
		git_reference_remove(r, station_ref);
	sync_stats_free(&st);
	free(ref);
	git_mempack_reset(mem);
	return 0;
}
