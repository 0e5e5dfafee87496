import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { runCheck } from './check-run.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(HERE, 'check-fixtures');
const GOLDEN = path.join(FIXTURES, 'golden');
/** Set to rewrite the golden files from the current output instead of comparing. */
const UPDATE = process.env['PFLINT_UPDATE_GOLDEN'] === '1';
const FORMATS = ['stylish', 'json', 'sarif', 'gcc', 'github', 'checkstyle'] as const;
const EXTENSION: Record<(typeof FORMATS)[number], string> = {
  stylish: 'txt',
  json: 'json',
  sarif: 'sarif',
  gcc: 'txt',
  github: 'txt',
  checkstyle: 'xml',
};

/** The run time is the only thing that changes between runs; the SARIF base URI names the checkout. */
function normalise(text: string): string {
  return text.replace(/\(\d+ ms\)/g, '(N ms)').replaceAll(`file://${FIXTURES}/`, 'file:///FIXTURES/');
}

function check(format: string) {
  return runCheck(['--format', format, 'fibhost'], { cwd: FIXTURES });
}

describe('output formats on the fibhost fixture', () => {
  for (const format of FORMATS) {
    it(`${format} matches its golden file`, () => {
      const result = check(format);
      expect(result.code).toBe(1);
      const golden = path.join(GOLDEN, `${format}.${EXTENSION[format]}`);
      const output = normalise(result.stdout);
      if (UPDATE) fs.writeFileSync(golden, output);
      expect(output).toBe(fs.readFileSync(golden, 'utf8'));
    });
  }

  it('puts the summary at the end of stylish, and on stderr for the machine formats', () => {
    expect(check('stylish').stderr).toBe('');
    for (const format of FORMATS.filter((name) => name !== 'stylish')) {
      expect(normalise(check(format).stderr)).toBe(
        'pflint: 3 findings (2 errors, 1 warning, 0 info) in 3 files, 1 host, 1 suppressed (N ms)\n',
      );
    }
  });

  it('writes SARIF that the SARIF 2.1.0 schema accepts', () => {
    const require = createRequire(import.meta.url);
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
    // The schema is draft-04, which ajv 6 knows when given the meta-schema and told ids live in `id`.
    const ajv = new Ajv({ schemaId: 'id', allErrors: true });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
    const validate = ajv.compile(schema);
    const log = JSON.parse(check('sarif').stdout) as unknown;
    expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);

    const broken = JSON.parse(check('sarif').stdout) as { runs: { results: { level: string }[] }[] };
    broken.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(broken)).toBe(false);
  });
});
