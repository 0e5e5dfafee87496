import { literalValue, evaluateExpandable, type ShValue } from '../rcconf/value.js';
import type { SourceRange } from '../source.js';
import type { JailBlock, JailConfFile, JailParameter, JailValue } from './parser.js';

/** One parameter value after `$name`/`${param}` expansion, with per-character source offsets. */
export interface ResolvedValue {
  readonly value: ShValue;
  readonly range: SourceRange;
}

export interface ResolvedParameter {
  readonly name: string;
  readonly values: readonly ResolvedValue[];
  /** The assignments that produced the values (the last `=` and every later `+=`). */
  readonly ranges: readonly SourceRange[];
}

/** A jail with its global and block parameters merged (`=` replaces, `+=` appends, later wins). */
export interface ResolvedJail {
  readonly name: string;
  readonly block: JailBlock;
  readonly conf: JailConfFile;
  readonly parameters: ReadonlyMap<string, ResolvedParameter>;
}

function evaluateValue(conf: JailConfFile, value: JailValue, lookup: (name: string) => ShValue | undefined): ShValue {
  if (value.quote === "'") return literalValue(conf.text.slice(value.start, value.end), value.start);
  return evaluateExpandable(conf.text, value.start, value.end, lookup);
}

/** Resolves every jail block of a jail.conf. Parameters set at top level apply to every jail, evaluated per jail (`$name`). */
export function resolveJails(conf: JailConfFile): ResolvedJail[] {
  return conf.blocks.map((block) => {
    const parameters = new Map<string, ResolvedParameter>();
    const nameValue = literalValue(block.name, block.nameRange.start.offset);
    const lookup = (name: string): ShValue | undefined => {
      if (name === 'name') return nameValue;
      return parameters.get(name)?.values[0]?.value;
    };
    const apply = (parameter: JailParameter): void => {
      const values = parameter.values.map((value) => ({ value: evaluateValue(conf, value, lookup), range: value.range }));
      const previous = parameters.get(parameter.name);
      if (parameter.operator === '+=' && previous) {
        parameters.set(parameter.name, { name: parameter.name, values: [...previous.values, ...values], ranges: [...previous.ranges, parameter.range] });
      } else {
        parameters.set(parameter.name, { name: parameter.name, values, ranges: [parameter.range] });
      }
    };
    for (const parameter of conf.globals) apply(parameter);
    for (const parameter of block.parameters) apply(parameter);
    return { name: block.name, block, conf, parameters };
  });
}

/** True for a boolean jail parameter given as a flag (`vnet;`) or a true value; false for `nofoo;` or `foo = false`. */
export function jailFlag(jail: ResolvedJail, name: string): boolean {
  const parameter = jail.parameters.get(name);
  if (!parameter) return false;
  if (parameter.values.length === 0) return true;
  return !/^(?:false|0|no|inherit|disable)$/i.test(parameter.values[0]!.value.text);
}
