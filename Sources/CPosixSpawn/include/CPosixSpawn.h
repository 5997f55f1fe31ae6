#ifndef CPRD_CPOSIXSPAWN_H
#define CPRD_CPOSIXSPAWN_H

#include <spawn.h>

/* glibc's posix_spawn_file_actions_addclosefrom_np (2.34+), which Swift's Glibc module
   does not expose: a child spawned with it inherits no descriptor from `from` on. */
int cprd_spawn_close_from(posix_spawn_file_actions_t *actions, int from);

#endif
