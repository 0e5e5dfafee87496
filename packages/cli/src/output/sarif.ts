import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  findRule,
  VERSION,
  renderRuleDoc,
  ruleDocsUrl,
  type Finding,
  type Fix,
  type RuleMeta,
  type Severity,
  type SourceRange,
} from '@pflint/core';
import type { Report } from './report.js';

const LEVEL: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'note' };
const BASE_ID = 'SRCROOT';

/** Where a file is, relative to the working directory when below it (so results are stable across checkouts). */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: BASE_ID };
  }
  return { uri: pathToFileURL(absolute).href };
}

/** SARIF regions are 1-based with an exclusive end column, like our ranges. */
function region(range: SourceRange) {
  return { startLine: range.start.line, startColumn: range.start.column, endLine: range.end.line, endColumn: range.end.column };
}

function physicalLocation(range: SourceRange, cwd: string) {
  return { artifactLocation: artifactLocation(range.file, cwd), region: region(range) };
}

function sarifFix(fix: Fix, cwd: string) {
  const byFile = new Map<string, Fix['edits'][number][]>();
  for (const edit of fix.edits) byFile.set(edit.range.file, [...(byFile.get(edit.range.file) ?? []), edit]);
  return {
    description: { text: `${fix.description}${fix.safety === 'unsafe' ? ' (unsafe)' : ''}` },
    artifactChanges: [...byFile].map(([file, edits]) => ({
      artifactLocation: artifactLocation(file, cwd),
      replacements: edits.map((edit) => ({ deletedRegion: region(edit.range), insertedContent: { text: edit.newText } })),
    })),
  };
}

/** PascalCase of the id: SARIF's `name` is meant to be readable where the id is opaque. */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
}

function ruleDescriptor(meta: RuleMeta) {
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: meta.summary },
    fullDescription: { text: meta.docs.whatItDoes },
    help: { text: `${meta.docs.fix}\n\n${ruleDocsUrl(meta.id)}`, markdown: renderRuleDoc(meta) },
    helpUri: ruleDocsUrl(meta.id),
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: { category: meta.category, tags: [meta.category] },
  };
}

/** For ids raised by front ends that are not registered rules: enough for viewers to group by. */
function minimalDescriptor(id: string) {
  return { id, name: ruleName(id), shortDescription: { text: id } };
}

function result(finding: Finding, ruleIndex: number, cwd: string) {
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(finding.range, cwd) }],
    ...(finding.related && finding.related.length > 0
      ? {
          relatedLocations: finding.related.map((related, index) => ({
            id: index + 1,
            physicalLocation: physicalLocation(related.range, cwd),
            message: { text: related.message },
          })),
        }
      : {}),
    ...(finding.fixes && finding.fixes.length > 0 ? { fixes: finding.fixes.map((fix) => sarifFix(fix, cwd)) } : {}),
  };
}

/**
 * SARIF 2.1.0, for code-scanning dashboards: one run, each rule that has a
 * result described (stable id, help text and a link to the rule's page; only
 * those, so a baseline does not churn as rules are added), results with paths
 * relative to the working directory.
 */
export function formatSarif(report: Report): string {
  const descriptors: object[] = [];
  const indexOf = new Map<string, number>();
  const results = report.findings.map((finding) => {
    let index = indexOf.get(finding.ruleId);
    if (index === undefined) {
      index = descriptors.length;
      indexOf.set(finding.ruleId, index);
      const meta = findRule(finding.ruleId)?.meta;
      descriptors.push(meta ? ruleDescriptor(meta) : minimalDescriptor(finding.ruleId));
    }
    return result(finding, index, report.cwd);
  });
  const cwdUri = pathToFileURL(report.cwd.endsWith(path.sep) ? report.cwd : `${report.cwd}${path.sep}`).href;
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pflint',
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: 'https://github.com/pflint/pflint',
            rules: descriptors,
          },
        },
        originalUriBaseIds: { [BASE_ID]: { uri: cwdUri } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
