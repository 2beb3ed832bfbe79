/* SPDX-License-Identifier: MIT */
#ifndef TINYBPF_SECTIONS_H
#define TINYBPF_SECTIONS_H

#include <stdbool.h>

/*
 * Checks an ELF section name against the program section names libbpf
 * understands (its SEC() table). Returns NULL if it is valid, otherwise a
 * static explanation such as "tracepoint sections name a category and event".
 */
const char *section_problem(const char *section);

#endif /* TINYBPF_SECTIONS_H */
