// SPDX-License-Identifier: GPL-2.0
/*
 * memdisk-probe: show the images SYSLINUX MEMDISK left in RAM, found the
 * way memdisk_blk finds them (the same mbft.c), and whether memdisk_blk
 * exposes them. --phram prints memdiskfind's line for existing scripts.
 *
 * Exit status: 0 a valid MEMDISK found, 1 none, 2 error.
 */
#include <getopt.h>
#include <stdio.h>

#include "probe.h"

#ifndef PROBE_VERSION
#define PROBE_VERSION "unknown"
#endif

enum output { OUT_REPORT, OUT_JSON, OUT_PHRAM };

struct options {
	enum output output;
	const char *dump;
};

static const char usage[] =
	"Usage: memdisk-probe [--phram | --json] [--mem FILE]\n"
	"Find the disk images SYSLINUX MEMDISK left in RAM through its mBFT.\n"
	"\n"
	"  -p, --phram     print only \"ADDR,SIZE\" of the first valid image, as\n"
	"                  memdiskfind does (for phram=memdisk,ADDR,SIZE)\n"
	"  -j, --json      print everything found as JSON\n"
	"  -m, --mem FILE  read a dump of low memory (file offset = physical\n"
	"                  address, from 0) instead of /dev/mem; no live checks\n"
	"      --root DIR  read /dev/mem, /proc and /sys under DIR (for tests)\n"
	"  -h, --help      show this help\n"
	"  -V, --version   show the version\n"
	"\n"
	"Without /dev/mem (not root, kernel lockdown) it reports what a loaded\n"
	"memdisk_blk exposes. Exit status: 0 found, 1 none found, 2 error.\n";

static const struct option long_options[] = {
	{ "phram", no_argument, NULL, 'p' },
	{ "json", no_argument, NULL, 'j' },
	{ "mem", required_argument, NULL, 'm' },
	{ "root", required_argument, NULL, 'r' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int set_output(struct options *opt, enum output output)
{
	if (opt->output != OUT_REPORT && opt->output != output) {
		fprintf(stderr, "memdisk-probe: --phram and --json exclude each other\n");
		return -1;
	}
	opt->output = output;
	return 0;
}

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct options *opt)
{
	int c;

	while ((c = getopt_long(argc, argv, "pjm:hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'p':
		case 'j':
			if (set_output(opt, c == 'p' ? OUT_PHRAM : OUT_JSON))
				return 2;
			break;
		case 'm':
			opt->dump = optarg;
			break;
		case 'r':
			probe_set_root(optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 'V':
			printf("memdisk-probe %s\n", PROBE_VERSION);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "memdisk-probe: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	return -1;
}

/*
 * Under lockdown or without root /dev/mem is closed, but a loaded
 * memdisk_blk has done the same search from inside the kernel.
 */
static int find_memdisks(struct probe *p, const char *dump)
{
	if (!probe_lowmem(p, dump))
		return 0;
	if (dump || !probe_module_loaded()) {
		fprintf(stderr, "memdisk-probe: %s%s\n", p->error,
			dump ? "" : " (and memdisk_blk is not loaded)");
		return -1;
	}
	probe_sysfs(p);
	return 0;
}

int main(int argc, char **argv)
{
	static struct probe p;
	struct options opt = { OUT_REPORT, NULL };
	int status = parse_options(argc, argv, &opt);

	if (status >= 0)
		return status;
	if (find_memdisks(&p, opt.dump))
		return 2;
	if (opt.output == OUT_JSON)
		print_json(&p);
	else if (opt.output == OUT_PHRAM)
		print_phram(&p);
	else
		print_report(&p);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "memdisk-probe: cannot write the output\n");
		return 2;
	}
	if (first_valid(&p))
		return 0;
	print_none_reason(&p);
	return 1;
}
