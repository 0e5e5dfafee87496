import type { HostBuilders } from './check.js';

/**
 * The front ends this build of pflint reads hosts with, for `pflint check`,
 * `pflint model` and the language server. Each one is wired in here as its
 * module lands; a missing one makes the driver say plainly what it cannot read.
 */
export const defaultHostBuilders: HostBuilders = {};
