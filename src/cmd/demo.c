/* demo: placeholder until the generator lands. */
#include "cmd.h"
int cmd_demo(int argc, char **argv)
{
	(void)argc, (void)argv;
	return fail("demo: not yet");
}
