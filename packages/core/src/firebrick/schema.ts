/*
 * The FireBrick elements and attributes pflint reads, in one table. FireBrick
 * publishes the full schema per model and software release, and the names vary
 * between them; shared/reference/firebrick-routing.md records which names a
 * FireBrick document confirmed. Each entry says how sure we are, so that
 * correcting a name for a release is a one-line change here and nowhere else.
 */

/**
 * - `manual`: named in FireBrick's manual or knowledge base;
 * - `likely`: consistent with the manuals' examples and naming, not confirmed;
 * - `unsure`: a guess, to be checked against the manual's object appendix.
 */
export type Confidence = 'manual' | 'likely' | 'unsure';

export type ValueType =
  /** Free text (names, comments). */
  | 'text'
  /** Routing table number. */
  | 'table'
  | 'integer'
  | 'boolean'
  /** One IP address. */
  | 'address'
  /** Space-separated CIDR prefixes; a bare address is a host prefix. IP groups are not allowed. */
  | 'prefixes'
  /** Space-separated prefixes, ranges or IP-group names (rule matching, ip-group contents). */
  | 'address-set'
  /** Space-separated interface names (rule matching). */
  | 'interfaces'
  /** Kept as written (ports, protocols, speeds, actions). */
  | 'raw';

export interface AttributeSchema {
  readonly type: ValueType;
  readonly confidence: Confidence;
}

export interface ElementSchema {
  readonly confidence: Confidence;
  /** Elements this one may appear in; `null` for the document root. */
  readonly parents: readonly (string | null)[];
  readonly attributes: Readonly<Record<string, AttributeSchema>>;
}

const manual = (type: ValueType): AttributeSchema => ({ type, confidence: 'manual' });
const likely = (type: ValueType): AttributeSchema => ({ type, confidence: 'likely' });
const unsure = (type: ValueType): AttributeSchema => ({ type, confidence: 'unsure' });

/** Accepted on every element: FireBrick uses them on most objects. */
const COMMON: Readonly<Record<string, AttributeSchema>> = {
  name: manual('text'),
  comment: manual('text'),
  source: manual('text'),
};

/** What a rule can match on; shared by route-override and rule-set rules and by rule-set entry criteria. */
const RULE_MATCH: Readonly<Record<string, AttributeSchema>> = {
  'source-ip': likely('address-set'),
  'target-ip': likely('address-set'),
  protocol: likely('raw'),
  'source-port': likely('raw'),
  'target-port': likely('raw'),
  'source-interface': likely('interfaces'),
  'target-interface': likely('interfaces'),
  profile: likely('raw'),
};

/** Routing attributes a rule can set. */
const RULE_ROUTING: Readonly<Record<string, AttributeSchema>> = {
  'set-gateway': manual('address'),
  'set-table': unsure('table'),
};

export const FIREBRICK_SCHEMA: Readonly<Record<string, ElementSchema>> = {
  config: { confidence: 'manual', parents: [null], attributes: {} },
  port: { confidence: 'likely', parents: ['config'], attributes: { ports: likely('raw') } },
  interface: {
    confidence: 'manual',
    parents: ['config'],
    attributes: {
      port: manual('text'),
      vlan: manual('integer'),
      table: likely('table'),
      'proxy-arp': unsure('boolean'),
      profile: likely('raw'),
    },
  },
  subnet: {
    confidence: 'manual',
    parents: ['interface'],
    attributes: {
      ip: manual('prefixes'),
      gateway: likely('address'),
      localpref: likely('integer'),
      'proxy-arp': manual('boolean'),
      table: unsure('table'),
      profile: likely('raw'),
    },
  },
  route: {
    confidence: 'manual',
    parents: ['config', 'fb105'],
    attributes: {
      ip: manual('prefixes'),
      gateway: manual('address'),
      localpref: manual('integer'),
      speed: manual('raw'),
      graph: manual('raw'),
      profile: manual('raw'),
      table: likely('table'),
    },
  },
  loopback: { confidence: 'manual', parents: ['config'], attributes: { ip: likely('prefixes'), table: likely('table') } },
  blackhole: {
    confidence: 'manual',
    parents: ['config'],
    attributes: { ip: likely('prefixes'), table: likely('table'), profile: unsure('raw') },
  },
  nowhere: {
    confidence: 'manual',
    parents: ['config'],
    attributes: { ip: likely('prefixes'), table: likely('table'), profile: unsure('raw') },
  },
  'ip-group': { confidence: 'manual', parents: ['config'], attributes: { ip: likely('address-set') } },
  'route-override': { confidence: 'manual', parents: ['config'], attributes: { profile: unsure('raw') } },
  'rule-set': {
    confidence: 'manual',
    parents: ['config'],
    attributes: { ...RULE_MATCH, 'no-match-action': manual('raw') },
  },
  rule: {
    confidence: 'manual',
    parents: ['route-override', 'rule-set'],
    attributes: {
      ...RULE_MATCH,
      ...RULE_ROUTING,
      action: manual('raw'),
      'set-nat': unsure('raw'),
      'set-source-ip': unsure('raw'),
      'set-target-ip': unsure('raw'),
      'set-target-port': unsure('raw'),
    },
  },
  /*
   * FireBrick's own tunnel. Named in the FB2700/FB6000 manuals' FB105 chapter:
   * `local-id` and `remote-id` (required), `secret`, `ip` (the far end's
   * address; optional: without it wrappers go back to wherever they last came
   * from), `port` (UDP, default 1), and `routes`, the prefixes routed into the
   * tunnel while it is up. The manuals say the wrapper packets can live in
   * another table than the payload but no page read names the attribute:
   * `table` (the wrapper table) follows every other object's naming, and
   * `route` children with their own `table` are kept for payload routes in
   * other tables; both are guesses.
   */
  fb105: {
    confidence: 'manual',
    parents: ['config'],
    attributes: {
      'local-id': manual('integer'),
      'remote-id': manual('integer'),
      secret: manual('text'),
      ip: manual('address'),
      port: manual('integer'),
      routes: manual('prefixes'),
      localpref: likely('integer'),
      table: unsure('table'),
      profile: likely('raw'),
      speed: likely('raw'),
      graph: likely('raw'),
    },
  },
};

const MERGED = new Map(
  Object.entries(FIREBRICK_SCHEMA).map(([name, schema]) => [name, { ...schema, attributes: { ...COMMON, ...schema.attributes } }]),
);

/** The schema of `name`, with the common attributes merged in. */
export function elementSchema(name: string): ElementSchema | undefined {
  return MERGED.get(name);
}

/** Namespace declarations and `xsi:` attributes belong to XML itself and are valid on any element. */
export function isXmlAttribute(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:') || name.startsWith('xsi:');
}
