import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../src/node-fs.js';

// The rename is the step that makes the new text visible; these tests make it fail on demand.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, renameSync: vi.fn(actual.renameSync) };
});

let directory: string;

beforeAll(() => {
  directory = fs.mkdtempSync(path.join(tmpdir(), 'pflint-atomic-'));
});

afterAll(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

afterEach(() => {
  vi.mocked(fs.renameSync).mockClear();
});

describe('writeFileAtomic', () => {
  it('replaces the text, keeps the mode, and leaves no temporary file', () => {
    const file = path.join(directory, 'rc.conf');
    fs.writeFileSync(file, 'old\n');
    fs.chmodSync(file, 0o640);
    writeFileAtomic(file, 'new\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('new\n');
    expect(fs.statSync(file).mode & 0o7777).toBe(0o640);
    expect(fs.readdirSync(directory)).toEqual(['rc.conf']);
  });

  it('keeps an unusual mode exactly, whatever the umask', () => {
    const file = path.join(directory, 'pf.conf');
    fs.writeFileSync(file, 'old\n');
    fs.chmodSync(file, 0o600);
    writeFileAtomic(file, 'new\n');
    expect(fs.statSync(file).mode & 0o7777).toBe(0o600);
    // Group and other write bits are what a umask of 022 would take away.
    fs.chmodSync(file, 0o666);
    writeFileAtomic(file, 'newer\n');
    expect(fs.statSync(file).mode & 0o7777).toBe(0o666);
    fs.rmSync(file);
  });

  it('leaves the original intact and removes its temporary file when the rename fails', () => {
    const file = path.join(directory, 'rc.conf');
    fs.writeFileSync(file, 'original\n');
    vi.mocked(fs.renameSync).mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    expect(() => writeFileAtomic(file, 'replacement\n')).toThrow('disk full');
    expect(fs.readFileSync(file, 'utf8')).toBe('original\n');
    expect(fs.readdirSync(directory)).toEqual(['rc.conf']);
  });

  it('creates a file that did not exist', () => {
    const file = path.join(directory, 'new.conf');
    writeFileAtomic(file, 'x\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('x\n');
    fs.rmSync(file);
  });
});
