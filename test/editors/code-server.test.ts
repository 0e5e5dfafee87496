import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_SERVER_VERSION, requireCodeServer, startEditor, type RunningEditor } from './code-server.js';
import { brokenHost, coreFindings, coreFix, pflintFmtText, RADON_DEFECTS, REPO, type BrokenHost } from './host.js';

/** Kept for a human to look at after the run (git-ignored). */
const SCREENSHOT = path.join(REPO, 'test/.artifacts/code-server-problems.png');
const WAIT_MS = 60_000;
/** Appended through the keyboard so the buffer is dirty again and saving runs the formatter. */
const TYPED_COMMENT = '# saved from VS Code';

/**
 * The Problems panel's entries for one file, as `rule@line`. A row reads
 * "<message>pflint<rule>[Ln N, Col M]"; rows of related information (other
 * places the finding points to) have no severity in their label and are left out.
 */
async function problemsOf(page: Page, fileName: string): Promise<string[]> {
  const rows = await page.locator('.markers-panel .monaco-list-row').evaluateAll((elements) =>
    elements.map((element) => ({ label: element.getAttribute('aria-label') ?? '', text: element.textContent ?? '' })),
  );
  const found: string[] = [];
  let inFile = false;
  for (const { label, text } of rows) {
    const header = /problems? in file (\S+)/.exec(label);
    if (header) {
      inFile = header[1] === fileName;
      continue;
    }
    const problem = /pflint([a-z0-9-]+)\[Ln (\d+), Col \d+\]$/.exec(text);
    if (inFile && problem && /^(Error|Warning|Info)/.test(label)) found.push(`${problem[1]}@${problem[2]}`);
  }
  return found.sort();
}

/** Runs a command from the command palette by its title. */
async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Ctrl+. until the menu lists `title`: the first press can come before the server has answered for this line. */
async function openCodeActions(page: Page, title: string): Promise<void> {
  const entry = page.locator('.action-widget .monaco-list-row.action', { hasText: title }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+.');
    try {
      await entry.waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 5) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * Picks an entry of the open code action menu with the keyboard, as a user
 * would: the menu lays a pointer block over the page while it is open.
 */
async function chooseAction(page: Page, title: string): Promise<void> {
  const menu = page.locator('.action-widget');
  const actions = await menu.locator('.monaco-list-row.action').count();
  for (let step = 0; step <= actions; step++) {
    if ((await menu.locator('.monaco-list-row.action.focused').getAttribute('aria-label')) === title) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`the code action menu never focused "${title}"`);
}

async function waitForDisk(file: string, expected: string): Promise<string> {
  await expect.poll(() => readFileSync(file, 'utf8'), { timeout: WAIT_MS, interval: 200 }).toBe(expected);
  return readFileSync(file, 'utf8');
}

describe(`VS Code (code-server ${CODE_SERVER_VERSION}) with the packaged extension`, () => {
  let host: BrokenHost;
  let editor: RunningEditor | undefined;
  let page: Page;

  beforeAll(async () => {
    requireCodeServer();
    host = brokenHost('radon', 'etc/pf.conf', RADON_DEFECTS);
    editor = await startEditor(host.root, {
      'editor.formatOnSave': true,
      // The layout the server is asked for: pflint's default indentation, so the result can be compared with `pflint fmt`.
      'editor.detectIndentation': false,
      'editor.tabSize': 4,
      'editor.insertSpaces': true,
    });
    page = editor.page;
    await page.getByRole('treeitem', { name: 'etc', exact: true }).click();
    await page.getByRole('treeitem', { name: 'pf.conf', exact: true }).dblclick();
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor();
  }, 180_000);

  afterAll(async () => {
    await editor?.stop();
    if (host) rmSync(host.root, { recursive: true, force: true });
  });

  it("shows core's findings for pf.conf in the Problems panel, the two defects among them", async () => {
    const expected = coreFindings(host.root, host.file);
    expect(expected).toEqual(expect.arrayContaining([...host.defects]));
    await expect.poll(() => problemsOf(page, 'pf.conf'), { timeout: WAIT_MS, interval: 250 }).toEqual(expected);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it("applies the missing-reply-to quick fix from the editor's light bulb menu, changing the file as core's fix does", async () => {
    const fix = coreFix(host.root, host.file, 'missing-reply-to');
    // Opening the problem puts the cursor on the finding; Ctrl+. lists the code actions there.
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'missing-reply-to' }).first().dblclick();
    const line = Number(host.defects.find((defect) => defect.startsWith('missing-reply-to@'))?.split('@')[1]);
    await page.locator('.monaco-editor.focused').waitFor();
    await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col` }).first().waitFor();
    await openCodeActions(page, fix.title);
    await chooseAction(page, fix.title);
    await runCommand(page, 'File: Save without Formatting');
    await waitForDisk(host.file, fix.text);
    const remaining = host.defects.filter((defect) => !defect.startsWith('missing-reply-to@'));
    await expect.poll(() => problemsOf(page, 'pf.conf'), { timeout: WAIT_MS, interval: 250 }).toEqual(coreFindings(host.root, host.file));
    expect(await problemsOf(page, 'pf.conf')).toEqual(expect.arrayContaining(remaining));
    expect((await problemsOf(page, 'pf.conf')).some((problem) => problem.startsWith('missing-reply-to@'))).toBe(false);
  });

  it('formats the document through the server on save (editor.formatOnSave) into what `pflint fmt` prints', async () => {
    const before = readFileSync(host.file, 'utf8');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(TYPED_COMMENT);
    await page.keyboard.press('Control+S');
    const expected = pflintFmtText(`${before}${TYPED_COMMENT}`);
    expect(expected).not.toBe(`${before}${TYPED_COMMENT}`);
    await waitForDisk(host.file, expected);
    await page.screenshot({ path: SCREENSHOT.replace('problems', 'formatted') });
  });
});
