// SPDX-License-Identifier: MIT
/*
 * Option values, strictly: docs/cli.md promises exit status 2 for "a value of
 * the wrong form", so a number that does not fit, a number with spaces or a
 * sign where none belongs, a name that is empty and a word outside an
 * option's choices are refused here, with what the option takes. (strtoll()
 * alone skips leading spaces, accepts "+" and octal, and saturates.)
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

bool option_integer(const char *option, const char *text, long long min, long long max,
		    long long *out)
{
	const char *p = text;
	bool negative = *p == '-';
	unsigned long long magnitude = 0;

	if (negative)
		p++;
	if (!*p)
		goto bad;
	for (; *p; p++) {
		unsigned digit = (unsigned)(*p - '0');

		if (*p < '0' || *p > '9' || magnitude > (~0ull - digit) / 10)
			goto bad;
		magnitude = magnitude * 10 + digit;
	}
	if (negative) {
		/* -min as unsigned, without overflowing for LLONG_MIN */
		unsigned long long bound = min < 0 ? (unsigned long long)(-(min + 1)) + 1 : 0;

		if (magnitude > bound)
			goto bad;
		*out = magnitude ? -(long long)(magnitude - 1) - 1 : 0;
	} else {
		if (max < 0 || magnitude > (unsigned long long)max)
			goto bad;
		*out = (long long)magnitude;
	}
	if (*out >= min && *out <= max)
		return true;
bad:
	fprintf(stderr, "tinybpf: %s takes a number from %lld to %lld, got '%s'\n", option, min, max,
		text);
	return false;
}

bool option_name(const char *option, const char *text)
{
	if (*text)
		return true;
	fprintf(stderr, "tinybpf: %s takes a non-empty value\n", option);
	return false;
}

bool option_choice(const char *option, const char *text, const char *const *choices, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (!strcmp(text, choices[i]))
			return true;
	fprintf(stderr, "tinybpf: %s takes ", option);
	for (size_t i = 0; i < count; i++)
		fprintf(stderr, "%s%s", choices[i],
			i + 2 < count ? ", " : i + 1 < count ? " or " : "");
	fprintf(stderr, ", got '%s'\n", text);
	return false;
}
