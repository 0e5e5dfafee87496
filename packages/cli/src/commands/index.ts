import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { explainCommand } from './explain.js';
import { fmtCommand } from './fmt.js';
import { lspCommand } from './lsp.js';
import { modelCommand } from './model.js';
import { printCommand } from './print.js';
import { rulesCommand } from './rules.js';

/** Every subcommand, in the order `pflint --help` lists them. */
export const COMMANDS: readonly Command[] = [checkCommand, rulesCommand, explainCommand, modelCommand, printCommand, fmtCommand, lspCommand];
