// Every subcommand registers itself on the program here; main.ts stays generic.

import type { Command } from 'commander';
import { registerCheck } from './checkFlags.js';
import { registerDoctor } from './doctor.js';
import { registerFileCommands } from './compare.js';
import { registerDiff } from './diffFlags.js';
import { registerMachines } from './machines.js';
import { registerHotplug } from './hotplugFlags.js';
import { registerBuilds } from './builds.js';
import { registerUpgrade } from './upgradeFlags.js';
import { registerMutate } from './mutate.js';

/** Functions that add one subcommand each. */
export const commandRegistry: Array<(program: Command) => void> = [registerCheck, registerDoctor, registerFileCommands, registerDiff, registerMachines, registerHotplug, registerBuilds, registerUpgrade, registerMutate];
