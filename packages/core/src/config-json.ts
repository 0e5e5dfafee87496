/**
 * A small JSON reader that keeps the offset of every value and key, so a bad
 * .pflintrc.json can be reported at its line and column (JSON.parse gives
 * neither for values that parse but do not validate).
 */
export type JsonValue =
  | { readonly kind: 'object'; readonly members: readonly JsonMember[]; readonly start: number; readonly end: number }
  | { readonly kind: 'array'; readonly items: readonly JsonValue[]; readonly start: number; readonly end: number }
  | { readonly kind: 'string'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: 'number'; readonly value: number; readonly start: number; readonly end: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly start: number; readonly end: number }
  | { readonly kind: 'null'; readonly start: number; readonly end: number };

export interface JsonMember {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly value: JsonValue;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Deeper nesting than any configuration needs; the limit keeps hostile input from exhausting the stack. */
const MAXIMUM_DEPTH = 256;

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parses JSON text; throws JsonSyntaxError with the offset of the problem. */
export function parseJsonWithOffsets(text: string): JsonValue {
  let at = 0;

  const fail = (message: string, offset = at): never => {
    throw new JsonSyntaxError(message, offset);
  };
  const skipSpace = (): void => {
    while (at < text.length && ' \t\r\n'.includes(text[at]!)) at++;
  };
  const describe = (): string => (at >= text.length ? 'end of file' : `'${text[at]}'`);

  const parseString = (): { value: string; start: number; end: number } => {
    const start = at;
    at++;
    let value = '';
    while (true) {
      if (at >= text.length) fail('unterminated string', start);
      const char = text[at]!;
      if (char === '"') break;
      if (char.charCodeAt(0) < 0x20) fail('control character in string');
      if (char === '\\') {
        const escape = text[at + 1] ?? '';
        if (escape === 'u') {
          const hex = text.slice(at + 2, at + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
          value += String.fromCharCode(parseInt(hex, 16));
          at += 6;
        } else {
          const decoded = ESCAPES[escape];
          if (decoded === undefined) fail(`bad escape '\\${escape}'`);
          value += decoded;
          at += 2;
        }
        continue;
      }
      value += char;
      at++;
    }
    at++;
    return { value, start, end: at };
  };

  const parseObject = (start: number): JsonValue => {
    at++;
    const members: JsonMember[] = [];
    skipSpace();
    if (text[at] === '}') return { kind: 'object', members, start, end: ++at };
    while (true) {
      skipSpace();
      if (text[at] !== '"') fail(`expected a property name in double quotes, found ${describe()}`);
      const key = parseString();
      skipSpace();
      if (text[at] !== ':') fail(`expected ':' after property name, found ${describe()}`);
      at++;
      members.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value: parseValue() });
      skipSpace();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === '}') return { kind: 'object', members, start, end: ++at };
      fail(`expected ',' or '}' in object, found ${describe()}`);
    }
  };

  const parseArray = (start: number): JsonValue => {
    at++;
    const items: JsonValue[] = [];
    skipSpace();
    if (text[at] === ']') return { kind: 'array', items, start, end: ++at };
    while (true) {
      items.push(parseValue());
      skipSpace();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === ']') return { kind: 'array', items, start, end: ++at };
      fail(`expected ',' or ']' in array, found ${describe()}`);
    }
  };

  let depth = 0;
  const parseValue = (): JsonValue => {
    skipSpace();
    const start = at;
    const char = text[at];
    if (char === '{' || char === '[') {
      if (depth >= MAXIMUM_DEPTH) fail(`nested more than ${MAXIMUM_DEPTH} levels deep`);
      depth++;
      try {
        return char === '{' ? parseObject(start) : parseArray(start);
      } finally {
        depth--;
      }
    }
    if (char === '"') return { kind: 'string', ...parseString() };
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at, at + 64));
    if (number) {
      at += number[0].length;
      return { kind: 'number', value: Number(number[0]), start, end: at };
    }
    for (const [word, value] of [['true', true], ['false', false]] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return { kind: 'boolean', value, start, end: at };
      }
    }
    if (text.startsWith('null', at)) {
      at += 4;
      return { kind: 'null', start, end: at };
    }
    return fail(`unexpected ${describe()}`);
  };

  const value = parseValue();
  skipSpace();
  if (at < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
  return value;
}
