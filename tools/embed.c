/*
 * embed: turns files into a C table so the binary carries its schema and
 * shipped forms. Usage: embed TABLE FILE... > out.c
 * Emits: const struct embedded TABLE[] = {{"basename", bytes, len}, ..., {0}};
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: embed TABLE FILE...\n", stderr);
		return 2;
	}
	printf("#include \"embedded.h\"\nconst struct embedded %s[] = {\n", argv[1]);
	for (int i = 2; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 1;
		}
		const char *base = strrchr(argv[i], '/');
		printf("{\"%s\", \"", base ? base + 1 : argv[i]);
		long n = 0;
		int c;
		while ((c = fgetc(f)) != EOF) {
			printf("\\%03o", c);
			if (++n % 32 == 0)
				printf("\"\n\"");
		}
		printf("\", %ld},\n", n);
		fclose(f);
	}
	printf("{0, 0, 0}};\n");
	return 0;
}
