import type { HostAnalysis } from '../../analysis.js';
import { ADDRESS_FAMILIES, type AddressFamily } from '../../net/ip.js';
import type { SourceRange } from '../../source.js';
import type { PfLoadedConfig } from '../../pf/ruleset.js';
import { familiesOf, filterRules, loadedPf } from './pf.js';

/** Something that makes the host forward packets, and where it is written. */
export interface ForwardingEvidence {
  readonly what: string;
  readonly range: SourceRange;
  /** Families it forwards; both when the rule does not say. */
  readonly families: readonly AddressFamily[];
}


/**
 * What in pf.conf needs the kernel to forward: translation (nat, rdr, binat and
 * their filter-option forms), route-to on inbound rules and rtable, which
 * selects the FIB for a forwarding lookup.
 */
export function pfForwardingEvidence(analysis: HostAnalysis): readonly ForwardingEvidence[] {
  const pf = loadedPf(analysis);
  if (!pf) return [];
  // Three rules ask, and the answer walks every filter rule.
  let evidence = PF_EVIDENCE.get(pf);
  if (!evidence) PF_EVIDENCE.set(pf, (evidence = collectPfForwardingEvidence(pf)));
  return evidence;
}

const PF_EVIDENCE = new WeakMap<PfLoadedConfig, readonly ForwardingEvidence[]>();

function collectPfForwardingEvidence(pf: PfLoadedConfig): ForwardingEvidence[] {
  const evidence: ForwardingEvidence[] = [];
  for (const rule of [...pf.rules.nat, ...pf.rules.rdr, ...pf.rules.binat]) {
    if (rule.action.startsWith('no-')) continue;
    evidence.push({ what: `\`${rule.action}\``, range: rule.origin.range, families: familiesOf(rule, undefined) });
  }
  for (const rule of filterRules(pf.rules)) {
    if (rule.action !== 'pass' && rule.action !== 'match') continue;
    const option = rule.natTo ? 'nat-to' : rule.rdrTo ? 'rdr-to' : rule.binatTo ? 'binat-to' : rule.afTo ? 'af-to' : undefined;
    if (option) evidence.push({ what: `\`${option}\``, range: rule.origin.range, families: familiesOf(rule, undefined) });
    else if (rule.route?.kind === 'route-to' && rule.direction === 'in') {
      evidence.push({ what: '`route-to` on an inbound rule', range: rule.origin.range, families: familiesOf(rule, undefined) });
    } else if (rule.rtable !== undefined && rule.direction !== 'out') {
      evidence.push({ what: `\`rtable ${rule.rtable}\``, range: rule.origin.range, families: familiesOf(rule, undefined) });
    }
  }
  return evidence;
}

/** Everything that shows the host forwards: the forwarding settings that are on, then pf's needs. */
export function forwardingEvidence(analysis: HostAnalysis): ForwardingEvidence[] {
  const evidence: ForwardingEvidence[] = [];
  for (const family of ADDRESS_FAMILIES) {
    const setting = analysis.host.forwarding[family];
    if (setting.value && setting.source) {
      evidence.push({ what: family === 'inet' ? 'IPv4 forwarding' : 'IPv6 forwarding', range: setting.source, families: [family] });
    }
  }
  return [...evidence, ...pfForwardingEvidence(analysis)];
}
