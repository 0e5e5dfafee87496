import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildFirebrickHost, checkPaths, memoryFileSystem, sourceFile, type HostBuilders } from '@pflint/core';

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../corpus');
const ROUTING_RULES = new Set(['route-loop', 'duplicate-route']);

const FIREBRICK: HostBuilders = {
  firebrick: (files, file) => ({
    analysis: { host: buildFirebrickHost(files, file), sources: new Map([[file, sourceFile(file, 'firebrick', files.readFile(file) ?? '')]]), complete: true },
  }),
};

/** route-loop and duplicate-route findings on a corpus router, optionally with one text replaced. */
function routingFindings(router: string, defect?: { from: string; to: string }): string[] {
  let text = fs.readFileSync(path.join(CORPUS, router, 'router.xml'), 'utf8');
  if (defect) {
    expect(text.split(defect.from)).toHaveLength(2);
    text = text.replace(defect.from, defect.to);
  }
  const result = checkPaths(memoryFileSystem({ [`/${router}/router.xml`]: text }), { paths: [`/${router}/router.xml`], builders: FIREBRICK });
  return result.findings.filter((finding) => ROUTING_RULES.has(finding.ruleId)).map((finding) => `${finding.ruleId}@${finding.range.start.line}`);
}

describe('routing rules on the FireBrick corpus routers', () => {
  it('raise nothing on the working routers', () => {
    expect(routingFindings('firebrick-basic')).toEqual([]);
    expect(routingFindings('firebrick-multitable')).toEqual([]);
  });

  it('route-loop: a gateway moved inside its own route', () => {
    const defect = { from: 'ip="172.16.0.0/16 172.17.0.0/16" gateway="10.20.0.1"', to: 'ip="172.16.0.0/16 172.17.0.0/16" gateway="172.16.0.1"' };
    expect(routingFindings('firebrick-basic', defect)).toEqual(['route-loop@23']);
  });

  it('duplicate-route: a bonded pair where one route lost its speed', () => {
    const defect = { from: 'gateway="192.168.20.251" localpref="150" speed="100M"', to: 'gateway="192.168.20.251" localpref="150"' };
    expect(routingFindings('firebrick-multitable', defect)).toEqual(['duplicate-route@35']);
  });
});
