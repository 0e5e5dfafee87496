// pf.conf syntax front end throughput on a generated 10,000-rule file with
// macros, tables, lists, comments and continuations: the lexer alone, then the
// full parse (lexing, macro expansion, parsing, tree building) with the one
// shared parser. Targets: full parse >= 20 MB/s and <= 3x the lexer's time.
// Last, the floor under both: a Chevrotain lexer with only the token classes
// no pf.conf lexer can do without, and nothing else (no keywords, macros,
// offsets or trees). A parse that lexes with Chevrotain, as issue 2 asks,
// cannot be faster than that lexer alone on this machine.
// Runs against the compiled core: `npm run build` first.
import { Buffer } from 'node:buffer';
import { createToken, Lexer } from 'chevrotain';
import * as core from '../packages/core/dist/index.js';
import { bestOf, throughput } from './timing.js';

const RULES = 10_000;
const RUNS = 7;
const PAIRS = 9;

function generate() {
  const lines = [
    '# generated for bench/pf-parse.bench.js',
    'ext_if = "vtnet0"',
    'lan_if = "{ em0, em1 }"',
    'web = "{ 80, 443, 8080 }"',
    'nets = "{ 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 }"',
    'table <blocked> persist { 192.0.2.0/24, 2001:db8::/32 }',
    'table <admins> const { 198.51.100.10, 198.51.100.11 }',
    'set block-policy return',
    'set skip on lo0',
    'set timeout { tcp.first 30, tcp.established 3600 }',
  ];
  for (let index = 0; lines.length < RULES; index++) {
    const octet = index % 250;
    switch (index % 6) {
      case 0:
        lines.push(`pass in on $ext_if proto tcp from any to 203.0.113.${octet} port $web # web ${index}`);
        break;
      case 1:
        lines.push(`block in quick log on $ext_if from <blocked> to any label "blocked-${index}"`);
        break;
      case 2:
        lines.push(`pass out on $lan_if inet proto { tcp, udp } from $nets to 192.0.2.${octet} port { 53, 123 } keep state`);
        break;
      case 3:
        lines.push(
          `pass in on $ext_if proto tcp from <admins> to ($ext_if) port ssh flags S/SA \\\n    modulate state (max-src-conn 10, max-src-conn-rate 5/30, overload <blocked> flush global)`,
        );
        break;
      case 4:
        lines.push(`nat on $ext_if inet from 10.${octet}.0.0/16 to any -> ($ext_if) port 1024:65535`);
        break;
      default:
        lines.push(`anchor "a${index}" in on $ext_if from 10.${octet}.1.0/24 to ! 10.${octet}.2.1 port >= 1024`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const text = generate();
const megabytes = Buffer.byteLength(text) / 1e6;
const options = { file: 'bench.pf.conf', dialect: 'freebsd' };

const measure = (label, work) => throughput(label, 24, megabytes, RUNS, work);

console.log(`input: ${RULES} lines, ${megabytes.toFixed(2)} MB`);
const lexer = measure('lexer only', () => core.lexPf(text, 'freebsd'));
const parse = measure('full parse', () => core.parsePfConf(text, options));
const { findings, tree } = parse.result;
console.log(`statements: ${tree.statements.length}; findings: ${findings.length}`);
console.log(
  `cpu time, full parse / lexer: ${(parse.bestCpu / lexer.bestCpu).toFixed(2)}x (target <= 3x); ` +
    `full parse ${(megabytes / (parse.bestCpu / 1000)).toFixed(1)} MB/s (target >= 20)`,
);

// The ratio above divides two bests taken seconds apart, and this machine's speed drifts in between (the same
// build has measured 2.3x and 4.9x minutes apart). Each parse beside a lexer run, the median of their ratios,
// compares the two at one speed.
const ratios = [];
for (let pair = 0; pair < PAIRS; pair++) {
  const lexed = bestOf(1, () => core.lexPf(text, 'freebsd')).bestCpu;
  ratios.push(bestOf(1, () => core.parsePfConf(text, options)).bestCpu / lexed);
}
ratios.sort((a, b) => a - b);
console.log(
  `cpu time, full parse / lexer, ${PAIRS} runs each beside a lexer run: median ${ratios[(PAIRS - 1) / 2].toFixed(2)}x ` +
    `(${ratios[0].toFixed(2)}x-${ratios[PAIRS - 1].toFixed(2)}x; target <= 3x)`,
);

/**
 * Blanks (with backslash continuations), newlines, comments, quoted strings,
 * words and one-character punctuation: every pf.conf lexer needs at least
 * these. Deliberately not pflint's lexer: this one keeps nothing a parse
 * needs beyond the token, so its time is the least any Chevrotain lexing of
 * the file can take.
 */
function leastChevrotainLexer() {
  const patterns = [
    createToken({ name: 'Blank', pattern: /(?:[ \t\f]|\\\n)+/, group: Lexer.SKIPPED, line_breaks: true }),
    createToken({ name: 'Newline', pattern: /\n/, line_breaks: true }),
    createToken({ name: 'Comment', pattern: /#[^\n]*/, group: 'comments' }),
    createToken({ name: 'Quoted', pattern: /"[^"]*"/, line_breaks: true }),
    createToken({ name: 'Word', pattern: /[A-Za-z0-9:_$][A-Za-z0-9"$%&'*+\-.:;?@[\\\]^_`|~]*/ }),
    createToken({ name: 'Punctuation', pattern: /[{}()<>!=,/-]/ }),
  ];
  return new Lexer(patterns, { positionTracking: 'onlyOffset', ensureOptimizations: true });
}

const leastLexer = leastChevrotainLexer();
const floor = measure('least Chevrotain lexer', () => leastLexer.tokenize(text));
const unlexed = floor.result.errors.length;
console.log(
  `the floor: a Chevrotain lexer with nothing but the token classes runs at ${(megabytes / (floor.bestCpu / 1000)).toFixed(1)} MB/s ` +
    `(${floor.result.tokens.length} tokens${unlexed ? `, ${unlexed} stretches it could not lex` : ''}); ` +
    'no full parse that lexes with Chevrotain can beat it',
);
