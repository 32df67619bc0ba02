// SPDX-License-Identifier: GPL-2.0
/*
 * GRUB configuration reader: grubcfg.h says what it does. The lexer
 * follows GRUB's (grub-core/script/yylex.l): words end at blanks, newline,
 * ';', '{', '}', '|', '&', '<', '>'; single quotes are literal; double
 * quotes expand $var and take a backslash before '$', '"', '\' and a
 * newline; outside quotes a backslash takes the next character and
 * backslash-newline continues the line; '#' at a word's start comments to
 * the end of the line. Each command is read and then run, so a variable
 * has the value the text gave it so far.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grubcfg.h"

#define STR(x)	#x
#define XSTR(x)	STR(x)

enum block { B_MENU, B_SUBMENU, B_FUNC, B_IF, B_LOOP };

struct var {
	char *name;
	char *value;		/* NULL: not literal (why says why) */
	const char *why;
	bool exported;
};

struct entry {
	char *title;
	char *kernel;
	char *initrds[GRUBCFG_INITRDS_MAX];
	size_t n_initrds;
	bool bad;		/* a path could not be resolved: not reported */
};

struct reader {
	const struct grubcfg_ops *ops;
	struct var vars[GRUBCFG_VARS_MAX];
	unsigned int n_vars, floor;	/* visible: [floor, n_vars) */
	bool vars_full;
	unsigned int files, entries;
	bool files_noted, entries_noted;
};

struct word {
	char *text;
	size_t unres_end;	/* end of the last unresolved expansion, 0: none */
	char unres[64];		/* the first unresolved variable */
	const char *unres_why;	/* why it is */
	bool bare;		/* an unquoted '{' or '}' token */
};

struct file {
	struct reader *r;
	const char *path, *buf;
	size_t len, pos;
	unsigned int line, depth;
	struct entry *entry;		/* the entry being read, if any */
	enum block stack[GRUBCFG_NEST_MAX];
	struct entry *entries[GRUBCFG_NEST_MAX];
	unsigned int marks[GRUBCFG_NEST_MAX], floors[GRUBCFG_NEST_MAX];
	unsigned int nest, cond, in_cond;
	bool pending_close, stop;
};

static void __attribute__((format(printf, 2, 3))) note(struct file *f, const char *fmt, ...)
{
	char text[1024];
	int n;
	va_list ap;

	n = snprintf(text, sizeof(text), "%s:%u: ", f->path, f->line);
	if (n < 0 || (size_t)n >= sizeof(text))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(text + n, sizeof(text) - (size_t)n, fmt, ap);
	va_end(ap);
	f->r->ops->note(f->r->ops->ctx, text);
}

/* --- variables ----------------------------------------------------------- */

static struct var *var_find(struct reader *r, const char *name)
{
	unsigned int i;

	for (i = r->n_vars; i > r->floor; i--)
		if (!strcmp(r->vars[i - 1].name, name))
			return &r->vars[i - 1];
	return NULL;
}

/* var_lookup: NAME's literal value, or NULL with *WHY. */
static const char *var_lookup(struct reader *r, const char *name, const char **why)
{
	struct var *v;

	*why = "no `set` gave it a literal value";
	if (r->vars_full) {
		*why = "too many variables to follow";
		return NULL;
	}
	v = var_find(r, name);
	if (v && !v->value)
		*why = v->why;
	if (!v && r->floor) {
		unsigned int floor = r->floor;

		r->floor = 0;
		if (var_find(r, name))
			*why = "is not exported, and a submenu or configfile sees only exported variables";
		r->floor = floor;
	}
	return v ? v->value : NULL;
}

static void var_drop(struct reader *r, unsigned int to)
{
	while (r->n_vars > to) {
		r->n_vars--;
		free(r->vars[r->n_vars].name);
		free(r->vars[r->n_vars].value);
	}
}

/* var_set: NAME as VALUE (NULL: not literal, WHY) in the innermost scope. */
static void var_set(struct file *f, unsigned int scope, const char *name, const char *value,
		    const char *why)
{
	struct reader *r = f->r;
	struct var *v = var_find(r, name);

	if (!v || (unsigned int)(v - r->vars) < scope) {
		if (r->n_vars == GRUBCFG_VARS_MAX) {
			if (!r->vars_full)
				note(f, "more than %d variables: none is resolved from here on",
				     GRUBCFG_VARS_MAX);
			r->vars_full = true;
			return;
		}
		v = &r->vars[r->n_vars++];
		*v = (struct var){ .name = strdup(name), .exported = false };
	}
	free(v->value);
	v->value = value ? strdup(value) : NULL;
	v->why = why;
}

/* scope: where the innermost variable scope starts. */
static unsigned int scope(const struct file *f)
{
	unsigned int i;

	for (i = f->nest; i > 0; i--)
		if (f->stack[i - 1] == B_MENU || f->stack[i - 1] == B_SUBMENU)
			return f->marks[i - 1];
	return f->r->floor;
}

/* --- the lexer ----------------------------------------------------------- */

struct out {
	char buf[GRUBCFG_WORD_MAX + 1];
	size_t len;
	bool over;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n > GRUBCFG_WORD_MAX) {
		o->over = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static bool name_char(char c, bool first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (!first && c >= '0' && c <= '9');
}

/* expand: the variable reference after a '$' at f->pos, into O. */
static void expand(struct file *f, struct out *o, struct word *w)
{
	char name[64];
	size_t n = 0;
	bool braced = f->pos < f->len && f->buf[f->pos] == '{';
	const char *value, *why;

	if (braced)
		f->pos++;
	while (f->pos < f->len && name_char(f->buf[f->pos], n == 0) && n < sizeof(name) - 1)
		name[n++] = f->buf[f->pos++];
	if (!n && f->pos < f->len && strchr("?#*@0123456789", f->buf[f->pos]))
		name[n++] = f->buf[f->pos++];
	name[n] = '\0';
	if (braced) {
		if (!n || f->pos >= f->len || f->buf[f->pos] != '}') {
			/* Not a reference GRUB reads: taken as unresolved. */
			while (f->pos < f->len && f->buf[f->pos] != '}' && f->buf[f->pos] != '\n')
				f->pos++;
			if (f->pos < f->len && f->buf[f->pos] == '}')
				f->pos++;
			snprintf(name, sizeof(name), "{...}");
			n = 0;
		} else {
			f->pos++;
		}
	} else if (!n) {
		put(o, "$", 1);		/* a lone '$' is itself */
		return;
	}
	value = n ? var_lookup(f->r, name, &why) : NULL;
	if (value) {
		put(o, value, strlen(value));
		return;
	}
	if (!w->unres[0]) {
		snprintf(w->unres, sizeof(w->unres), "%s", name);
		w->unres_why = n ? why : "is no variable GRUB reads";
	}
	w->unres_end = o->len + 1;
}

enum tok { T_WORD, T_END, T_EOF, T_ERROR };

static bool word_end(char c)
{
	return strchr(" \t\r\n;{}|&<>", c) != NULL;
}

/* quoted: a quoted string from f->pos (after its QUOTE), into O. */
static bool quoted(struct file *f, struct out *o, struct word *w, char quote)
{
	char c;

	while (f->pos < f->len) {
		c = f->buf[f->pos++];
		if (c == quote)
			return true;
		if (c == '\n')
			f->line++;
		if (quote == '"' && c == '$') {
			expand(f, o, w);
		} else if (quote == '"' && c == '\\' && f->pos < f->len &&
			   strchr("$\"\\\n", f->buf[f->pos])) {
			c = f->buf[f->pos++];
			if (c == '\n')
				f->line++;
			else
				put(o, &c, 1);
		} else {
			put(o, &c, 1);
		}
	}
	note(f, "a %s quote is not closed: the rest of the file is not read",
	     quote == '"' ? "double" : "single");
	return false;
}

/* skip_blank: blanks, continuations and a comment; false at a command's end. */
static void skip_blank(struct file *f)
{
	for (;;) {
		while (f->pos < f->len && strchr(" \t\r", f->buf[f->pos]))
			f->pos++;
		if (f->pos + 1 < f->len && f->buf[f->pos] == '\\' && f->buf[f->pos + 1] == '\n') {
			f->pos += 2;
			f->line++;
			continue;
		}
		if (f->pos < f->len && f->buf[f->pos] == '#')
			while (f->pos < f->len && f->buf[f->pos] != '\n')
				f->pos++;
		return;
	}
}

static enum tok next_word(struct file *f, struct word *w)
{
	struct out o = { .len = 0 };
	char c;

	*w = (struct word){ .text = NULL };
	skip_blank(f);
	if (f->pos >= f->len)
		return T_EOF;
	c = f->buf[f->pos];
	if (c == '\n' || c == ';') {
		f->pos++;
		if (c == '\n')
			f->line++;
		return T_END;
	}
	if (strchr("{}|&<>", c)) {
		f->pos++;
		w->bare = c == '{' || c == '}';
		w->text = strndup(&c, 1);
		return w->text ? T_WORD : T_ERROR;
	}
	while (f->pos < f->len && !word_end(f->buf[f->pos])) {
		c = f->buf[f->pos++];
		if (c == '\'' || c == '"') {
			if (!quoted(f, &o, w, c))
				return T_ERROR;
		} else if (c == '$') {
			expand(f, &o, w);
		} else if (c == '\\' && f->pos < f->len) {
			c = f->buf[f->pos++];
			if (c == '\n')
				f->line++;
			else
				put(&o, &c, 1);
		} else {
			put(&o, &c, 1);
		}
	}
	if (o.over) {
		note(f, "a word is longer than %d bytes: the rest of the file is not read",
		     GRUBCFG_WORD_MAX);
		return T_ERROR;
	}
	o.buf[o.len] = '\0';
	w->text = strdup(o.buf);
	return w->text ? T_WORD : T_ERROR;
}

/* --- commands ------------------------------------------------------------ */

struct cmd {
	struct word w[GRUBCFG_WORDS_MAX];
	size_t n;
};

static void cmd_free(struct cmd *c)
{
	while (c->n)
		free(c->w[--c->n].text);
}

/* read_cmd: the next command; false at the end of the file or an error. */
static bool read_cmd(struct file *f, struct cmd *c)
{
	struct word w;
	enum tok t;

	c->n = 0;
	if (f->pending_close) {
		f->pending_close = false;
		c->w[c->n++] = (struct word){ .text = strdup("}"), .bare = true };
		return c->w[0].text != NULL;
	}
	for (;;) {
		t = next_word(f, &w);
		if (t == T_ERROR)
			return false;
		if (t == T_EOF)
			return c->n > 0;
		if (t == T_END) {
			if (c->n)
				return true;
			continue;
		}
		if (w.bare && w.text[0] == '}' && c->n) {
			free(w.text);
			f->pending_close = true;
			return true;
		}
		if (c->n == GRUBCFG_WORDS_MAX) {
			free(w.text);
			note(f, "a command has more than %d words: the rest of the file is not read",
			     GRUBCFG_WORDS_MAX);
			return false;
		}
		c->w[c->n++] = w;
		if (w.bare)
			return true;
	}
}

const char *grubcfg_path(const char *word, char *out, size_t outlen)
{
	const char *p = word, *end;
	size_t n = 0, len;
	unsigned char u;

	if (*p == '(') {
		p = strchr(p, ')');
		if (!p)
			return "a device name without its ')'";
		p++;
	}
	if (*p != '/')
		return "not an absolute path";
	for (end = p; *end; end++) {
		u = (unsigned char)*end;
		if (u < 0x20 || u == 0x7f)
			return "a control character";
		if (u == ',')
			return "a comma";
	}
	while (*p) {
		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (!len)
			break;
		if (len == 2 && !strncmp(p, "..", 2))
			return "a '..' component";
		if (!(len == 1 && *p == '.')) {
			if (n + 1 + len + 1 > outlen)
				return "too long";
			out[n++] = '/';
			memcpy(out + n, p, len);
			n += len;
		}
		p += len;
	}
	if (!n) {
		if (outlen < 2)
			return "too long";
		out[n++] = '/';
	}
	out[n] = '\0';
	return NULL;
}

/* file_path: WORD as a file's path, or NULL after a note naming WHAT. */
static char *file_path(struct file *f, const struct word *w, const char *what)
{
	char path[GRUBCFG_WORD_MAX + 1];
	const char *why, *close = w->text[0] == '(' ? strchr(w->text, ')') : NULL;
	size_t dev = close ? (size_t)(close - w->text) + 1 : 0;

	if (w->unres_end > dev) {
		note(f, "%s '%s' not resolved: $%s: %s", what, w->text, w->unres, w->unres_why);
		return NULL;
	}
	why = grubcfg_path(w->text, path, sizeof(path));
	if (why) {
		note(f, "%s '%s' refused: %s", what, w->text, why);
		return NULL;
	}
	return strdup(path);
}

static void entry_free(struct entry *e)
{
	if (!e)
		return;
	free(e->title);
	free(e->kernel);
	while (e->n_initrds)
		free(e->initrds[--e->n_initrds]);
	free(e);
}

static void entry_report(struct file *f, struct entry *e)
{
	struct reader *r = f->r;

	if (e->bad || !e->kernel || !e->n_initrds)
		return;
	if (r->entries == GRUBCFG_ENTRIES_MAX) {
		if (!r->entries_noted)
			note(f, "more than %d entries: the others are not read", GRUBCFG_ENTRIES_MAX);
		r->entries_noted = true;
		return;
	}
	r->entries++;
	if (f->in_cond)
		f->cond++;
	r->ops->entry(r->ops->ctx, e->title ? e->title : "", e->kernel,
		      (const char *const *)e->initrds, e->n_initrds);
}

static void read_file(struct reader *r, const char *path, unsigned int depth, struct entry *e,
		      bool cond);

/* push: a block opens; MENU and SUBMENU have their own entry and scope. */
static bool push(struct file *f, enum block b, struct entry *e)
{
	struct reader *r = f->r;

	if (f->nest == GRUBCFG_NEST_MAX) {
		note(f, "blocks nested more than %d deep: the rest of the file is not read",
		     GRUBCFG_NEST_MAX);
		entry_free(e);
		return false;
	}
	f->stack[f->nest] = b;
	f->entries[f->nest] = f->entry;
	f->marks[f->nest] = r->n_vars;
	f->floors[f->nest] = r->floor;
	f->nest++;
	if (b == B_IF || b == B_LOOP || b == B_FUNC)
		f->in_cond++;
	if (b == B_MENU)
		f->entry = e;
	if (b == B_SUBMENU) {
		f->entry = NULL;
		r->floor = r->n_vars;	/* a submenu runs with a new context */
	}
	return true;
}

static bool pop(struct file *f, bool brace)
{
	struct reader *r = f->r;
	enum block b;

	if (!f->nest) {
		note(f, "'%s' closes no block: the rest of the file is not read", brace ? "}" : "fi/done");
		return false;
	}
	b = f->stack[f->nest - 1];
	if ((b == B_MENU || b == B_SUBMENU || b == B_FUNC) != brace) {
		note(f, "a block is closed by the wrong word: the rest of the file is not read");
		return false;
	}
	f->nest--;
	if (b == B_IF || b == B_LOOP || b == B_FUNC)
		f->in_cond--;
	if (b == B_MENU) {
		entry_report(f, f->entry);
		entry_free(f->entry);
	}
	if (b == B_MENU || b == B_SUBMENU) {
		var_drop(r, f->marks[f->nest]);
		r->floor = f->floors[f->nest];
	}
	f->entry = f->entries[f->nest];
	return true;
}

/* title: a menuentry's title, its first word that is no option. */
static char *title(const struct cmd *c)
{
	static const char *const with_arg[] = { "--class", "--users", "--hotkey", "--id", NULL };
	size_t i, k;

	for (i = 1; i + 1 < c->n; i++) {
		if (strncmp(c->w[i].text, "--", 2))
			return strdup(c->w[i].text);
		for (k = 0; with_arg[k]; k++)
			if (!strcmp(c->w[i].text, with_arg[k]))
				i++;
	}
	return strdup("");
}

static void cmd_set(struct file *f, const struct cmd *c)
{
	size_t i;
	char *eq;

	for (i = 1; i < c->n; i++) {
		eq = strchr(c->w[i].text, '=');
		if (!eq || eq == c->w[i].text)
			continue;
		*eq = '\0';
		if (f->in_cond)
			var_set(f, scope(f), c->w[i].text, NULL,
				"is set only inside an if/for/while block or a function");
		else if (c->w[i].unres_end)
			var_set(f, scope(f), c->w[i].text, NULL, "was set from an unknown value");
		else
			var_set(f, scope(f), c->w[i].text, eq + 1, NULL);
		*eq = '=';
	}
}

static void cmd_linux(struct file *f, const struct cmd *c)
{
	if (!f->entry) {
		note(f, "'%s' outside a menuentry: not counted", c->w[0].text);
		return;
	}
	free(f->entry->kernel);
	f->entry->kernel = NULL;
	if (c->n < 2) {
		f->entry->bad = true;
		return;
	}
	f->entry->kernel = file_path(f, &c->w[1], "kernel");
	if (!f->entry->kernel)
		f->entry->bad = true;
}

static void cmd_initrd(struct file *f, const struct cmd *c)
{
	struct entry *e = f->entry;
	size_t i;

	if (!e) {
		note(f, "'%s' outside a menuentry: not counted", c->w[0].text);
		return;
	}
	while (e->n_initrds)
		free(e->initrds[--e->n_initrds]);
	for (i = 1; i < c->n; i++) {
		if (!strncmp(c->w[i].text, "--", 2))
			continue;	/* --nounzip and such */
		if (e->n_initrds == GRUBCFG_INITRDS_MAX) {
			note(f, "more than %d initrds: entry not counted", GRUBCFG_INITRDS_MAX);
			e->bad = true;
			return;
		}
		e->initrds[e->n_initrds] = file_path(f, &c->w[i], "initrd");
		if (!e->initrds[e->n_initrds]) {
			e->bad = true;
			return;
		}
		e->n_initrds++;
	}
}

/* cmd_include: source (CONFIGFILE false) or configfile FILE. */
static void cmd_include(struct file *f, const struct cmd *c, bool configfile)
{
	struct reader *r = f->r;
	unsigned int mark = r->n_vars, floor = r->floor, i;
	char *path;

	if (c->n < 2)
		return;
	path = file_path(f, &c->w[1], c->w[0].text);
	if (!path)
		return;
	if (f->depth + 1 > GRUBCFG_DEPTH_MAX) {
		note(f, "%s not read: source and configfile nested more than %d deep", path,
		     GRUBCFG_DEPTH_MAX);
		free(path);
		return;
	}
	if (!configfile) {
		read_file(r, path, f->depth + 1, f->entry, f->in_cond);
		free(path);
		return;
	}
	/* A new context, which only exported variables reach. */
	for (i = floor; i < mark && r->n_vars < GRUBCFG_VARS_MAX; i++)
		if (r->vars[i].exported && !r->vars_full)
			r->vars[r->n_vars++] = (struct var){
				.name = strdup(r->vars[i].name),
				.value = r->vars[i].value ? strdup(r->vars[i].value) : NULL,
				.why = r->vars[i].why, .exported = true };
	r->floor = mark;
	read_file(r, path, f->depth + 1, NULL, f->in_cond);
	var_drop(r, mark);
	r->floor = floor;
	free(path);
}

static void cmd_export(struct file *f, const struct cmd *c)
{
	struct var *v;
	size_t i;

	for (i = 1; i < c->n; i++) {
		v = var_find(f->r, c->w[i].text);
		if (v)
			v->exported = true;
	}
}

static bool is(const struct cmd *c, size_t i, const char *kw)
{
	return i < c->n && !strcmp(c->w[i].text, kw);
}

/* run: one command; false when the rest of the file cannot be read. */
static bool run(struct file *f, struct cmd *c)
{
	const char *k;
	struct entry *e;
	size_t skip = 0, i;

	/* then/else/do start the command after them. */
	while (is(c, skip, "then") || is(c, skip, "else") || is(c, skip, "do"))
		skip++;
	if (skip == c->n)
		return true;
	if (skip) {
		for (i = 0; i < skip; i++)
			free(c->w[i].text);
		memmove(&c->w[0], &c->w[skip], (c->n - skip) * sizeof(c->w[0]));
		c->n -= skip;
	}
	k = c->w[0].text;
	if (c->w[0].bare)
		return k[0] == '}' ? pop(f, true) : (note(f, "a '{' opens no block"), false);
	if (!strcmp(k, "if") || !strcmp(k, "elif"))
		return strcmp(k, "if") || push(f, B_IF, NULL);
	if (!strcmp(k, "for") || !strcmp(k, "while") || !strcmp(k, "until"))
		return push(f, B_LOOP, NULL);
	if (!strcmp(k, "fi") || !strcmp(k, "done"))
		return pop(f, false);
	if (!strcmp(k, "menuentry") || !strcmp(k, "submenu") || !strcmp(k, "function")) {
		if (!c->w[c->n - 1].bare || c->w[c->n - 1].text[0] != '{') {
			note(f, "'%s' without its '{': the rest of the file is not read", k);
			return false;
		}
		if (k[0] == 'f')
			return push(f, B_FUNC, NULL);
		if (k[0] == 's')
			return push(f, B_SUBMENU, NULL);
		e = calloc(1, sizeof(*e));
		if (!e)
			return false;
		e->title = title(c);
		return push(f, B_MENU, e);
	}
	if (!strcmp(k, "set"))
		cmd_set(f, c);
	else if (!strcmp(k, "export"))
		cmd_export(f, c);
	else if (!strcmp(k, "unset") && c->n > 1)
		var_set(f, scope(f), c->w[1].text, NULL, "was unset");
	else if (!strcmp(k, "linux") || !strcmp(k, "linux16") || !strcmp(k, "linuxefi"))
		cmd_linux(f, c);
	else if (!strcmp(k, "initrd") || !strcmp(k, "initrd16") || !strcmp(k, "initrdefi"))
		cmd_initrd(f, c);
	else if (!strcmp(k, "source") || !strcmp(k, "."))
		cmd_include(f, c, false);
	else if (!strcmp(k, "configfile"))
		cmd_include(f, c, true);
	return true;
}

/* text_problem: why a file's text is not read at all, or NULL. */
static const char *text_problem(const char *buf, size_t len, unsigned int *line)
{
	size_t i, start = 0;

	*line = 1;
	for (i = 0; i < len; i++) {
		if (!buf[i])
			return "has a NUL byte";
		if (buf[i] == '\n') {
			start = i + 1;
			++*line;
		} else if (i - start >= GRUBCFG_LINE_MAX) {
			return "has a line longer than " XSTR(GRUBCFG_LINE_MAX) " bytes";
		}
	}
	return NULL;
}

static void read_file(struct reader *r, const char *path, unsigned int depth, struct entry *e,
		      bool cond)
{
	struct file f = { .r = r, .path = path, .line = 1, .depth = depth, .entry = e,
			  .in_cond = cond };
	struct cmd *c;
	const char *why;
	char *buf;
	size_t len = 0;
	unsigned int line = 1;

	if (r->files == GRUBCFG_FILES_MAX) {
		if (!r->files_noted)
			r->ops->note(r->ops->ctx, "more than " XSTR(GRUBCFG_FILES_MAX) " files to read: the others are not read");
		r->files_noted = true;
		return;
	}
	r->files++;
	buf = r->ops->load(r->ops->ctx, path, &len, &why);
	if (!buf) {
		note(&f, "not read: %s", why);
		return;
	}
	f.buf = buf;
	f.len = len;
	why = len > GRUBCFG_FILE_MAX ? "is larger than 1 MiB" : text_problem(buf, len, &line);
	c = why ? NULL : malloc(sizeof(*c));
	if (why || !c) {
		f.line = why ? line : 1;
		note(&f, "not read: it %s", why ? why : "cannot be held in memory");
		free(buf);
		return;
	}
	while (!f.stop && read_cmd(&f, c)) {
		f.stop = !run(&f, c);
		cmd_free(c);
	}
	cmd_free(c);
	if (!f.stop && f.nest && f.pos >= f.len)
		note(&f, "%u blocks are not closed at the end of the file", f.nest);
	while (f.nest) {
		f.nest--;
		if (f.stack[f.nest] == B_MENU)
			entry_free(f.entry);	/* unfinished: not reported */
		if (f.stack[f.nest] == B_MENU || f.stack[f.nest] == B_SUBMENU) {
			var_drop(r, f.marks[f.nest]);
			r->floor = f.floors[f.nest];
		}
		f.entry = f.entries[f.nest];
	}
	if (f.cond)
		note(&f, "%u entries inside if/for/while blocks or functions counted: their conditions are not evaluated",
		     f.cond);
	free(c);
	free(buf);
}

unsigned int grubcfg_read(const struct grubcfg_ops *ops, const char *path)
{
	struct reader *r = calloc(1, sizeof(*r));
	const char *slash = strrchr(path, '/');
	unsigned int n;
	char *prefix;

	if (!r)
		return 0;
	r->ops = ops;
	/* GRUB found PATH as $prefix/grub.cfg: that is $prefix. */
	if (slash && !strcmp(slash, "/grub.cfg") && slash > path) {
		prefix = strndup(path, (size_t)(slash - path));
		if (prefix) {
			r->vars[0] = (struct var){ .name = strdup("prefix"), .value = prefix };
			r->n_vars = r->vars[0].name ? 1 : 0;
		}
	}
	read_file(r, path, 0, NULL, false);
	var_drop(r, 0);
	n = r->entries;
	free(r);
	return n;
}
