// Harness self-test: a test that always fails, to prove FAIL rows are reported.
#include <stdio.h>

int main(void)
{
	printf("always-fail: failing on purpose\n");
	return 1;
}
