// SPDX-License-Identifier: GPL-2.0
/*
 * memdisk-probe: show the images SYSLINUX MEMDISK left in RAM, found the
 * way memdisk_blk finds them (the same mbft.c), and whether memdisk_blk
 * exposes them. --phram prints memdiskfind's line for existing scripts.
 *
 * Exit status: enum exit_status, as the usage text and the man page say.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

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
	"Find the disk images SYSLINUX MEMDISK left in RAM through its mBFT, and\n"
	"the UEFI RAM disks (memdisk.efi) in the ACPI NFIT.\n"
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
	"memdisk_blk exposes. It shows the addresses to root only: to others\n"
	"they are hidden (null in JSON) and --phram fails. The NFIT is root-only:\n"
	"others see the nvdimm regions of /sys/bus/nd, without range types.\n"
	"Exit status: 0 found (an mBFT image or a UEFI RAM disk), 1 none found,\n"
	"2 error, 3 --phram needs root.\n";

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
				return EXIT_ERROR;
			break;
		case 'm':
			opt->dump = optarg;
			break;
		case 'r':
			probe_set_root(optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("memdisk-probe %s\n", PROBE_VERSION);
			return EXIT_SUCCESS;
		default:
			fputs(usage, stderr);
			return EXIT_ERROR;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "memdisk-probe: unexpected argument '%s'\n", argv[optind]);
		return EXIT_ERROR;
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

static int print_output(const struct probe *p, const struct probe_nfit *n,
			enum output output)
{
	const struct probe_table *t = first_valid(p);

	if (output == OUT_PHRAM && t && t->addr_hidden) {
		fprintf(stderr,
			"memdisk-probe: --phram needs root: the physical address is root-only\n");
		return EXIT_NEEDS_ROOT;
	}
	if (output == OUT_JSON)
		print_json(p, n);
	else if (output == OUT_PHRAM)
		print_phram(p);
	else
		print_report(p, n);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "memdisk-probe: cannot write the output\n");
		return EXIT_ERROR;
	}
	if (t || (output != OUT_PHRAM && n && probe_nfit_ramdisks(n)))
		return EXIT_FOUND;
	if (!p->failed)
		print_none_reason(p);
	return EXIT_NONE;
}

/*
 * A UEFI machine has no mBFT, and a user there no /dev/mem and no
 * memdisk_blk: its RAM disks alone are worth the report then.
 */
int main(int argc, char **argv)
{
	static struct probe p;
	static struct probe_nfit nfit;
	struct options opt = { OUT_REPORT, NULL };
	int status = parse_options(argc, argv, &opt);

	if (status >= 0)
		return status;
	if (!opt.dump)
		probe_nfit(&nfit);
	if (find_memdisks(&p, opt.dump)) {
		if (opt.dump || opt.output == OUT_PHRAM || !probe_nfit_ramdisks(&nfit))
			return EXIT_ERROR;
		p.failed = true;
	}
	return print_output(&p, opt.dump ? NULL : &nfit, opt.output);
}
