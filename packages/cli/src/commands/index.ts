import type { Command } from '../command.js';
import { lspCommand } from './lsp.js';
import { modelCommand } from './model.js';

/** Every subcommand, in the order `pflint --help` lists them. */
export const COMMANDS: readonly Command[] = [modelCommand, lspCommand];
