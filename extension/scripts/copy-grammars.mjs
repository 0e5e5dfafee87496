// Copies the TextMate grammars from the repository's grammars/ folder into the
// extension, where package.json's contributes.grammars expects them: a .vsix
// only carries files below the extension folder, and grammars/ stays the one
// place the grammars are edited. Runs as vscode:prepublish.
//
// Usage: node scripts/copy-grammars.mjs [extension-folder]
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const extensionFolder = fileURLToPath(new URL('..', import.meta.url));
const sourceFolder = join(extensionFolder, '..', 'grammars');
const targetFolder = join(resolve(process.argv[2] ?? extensionFolder), 'grammars');

const grammars = readdirSync(sourceFolder).filter((name) => name.endsWith('.tmLanguage.json'));
if (grammars.length === 0) {
  console.error(`copy-grammars: no *.tmLanguage.json in ${sourceFolder}`);
  process.exit(1);
}
mkdirSync(targetFolder, { recursive: true });
for (const name of grammars) {
  copyFileSync(join(sourceFolder, name), join(targetFolder, name));
}
console.log(`copy-grammars: ${grammars.length} grammars into ${targetFolder}`);
