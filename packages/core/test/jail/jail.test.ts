import { describe, expect, it } from 'vitest';
import { parseJailConf } from '../../src/jail/parser.js';
import { jailFlag, resolveJails } from '../../src/jail/resolve.js';

const SEED_001 = `path = "/jails/$name";

devfs_ruleset = 4;
mount.devfs;
vnet;

exec.clean;
exec.start = "/bin/sh /etc/rc";
exec.stop  = "/bin/sh /etc/rc.shutdown";

pg_j {
  sysvshm = "new";
  vnet.interface = pg_b, node_pg_b, ipg_b;
}

node_j {
  vnet.interface = node_b, ngx_node_b, inode_b, node_pg_a;
}

nginx_j {
  vnet.interface = ngx_b, ngx_node_a;
}
`;

describe('jail.conf', () => {
  it('parses global parameters, flags and blocks (seed 001)', () => {
    const conf = parseJailConf('jail.conf', SEED_001);
    expect(conf.findings).toEqual([]);
    expect(conf.globals.map((parameter) => [parameter.name, parameter.operator ?? 'flag', parameter.values.length])).toEqual([
      ['path', '=', 1],
      ['devfs_ruleset', '=', 1],
      ['mount.devfs', 'flag', 0],
      ['vnet', 'flag', 0],
      ['exec.clean', 'flag', 0],
      ['exec.start', '=', 1],
      ['exec.stop', '=', 1],
    ]);
    expect(conf.blocks.map((block) => [block.name, block.nameRange.start.line])).toEqual([
      ['pg_j', 11],
      ['node_j', 16],
      ['nginx_j', 20],
    ]);
  });

  it('expands $name per jail and splits comma lists', () => {
    const jails = resolveJails(parseJailConf('jail.conf', SEED_001));
    const nginx = jails.find((jail) => jail.name === 'nginx_j')!;
    expect(nginx.parameters.get('path')!.values[0]!.value.text).toBe('/jails/nginx_j');
    expect(nginx.parameters.get('vnet.interface')!.values.map((value) => value.value.text)).toEqual(['ngx_b', 'ngx_node_a']);
    expect(jailFlag(nginx, 'vnet')).toBe(true);
    expect(jailFlag(nginx, 'persist')).toBe(false);
  });

  it('appends with += and replaces with =, block after globals', () => {
    const conf = parseJailConf(
      'jail.conf',
      'exec.prestart += "echo global";\nweb {\n  exec.prestart += "ifconfig epair0a fib 1";\n  exec.prestart += "ifconfig epair0b mtu 1380";\n  exec.fib = 1;\n  exec.fib = 2;\n}\n',
    );
    const [web] = resolveJails(conf);
    expect(web!.parameters.get('exec.prestart')!.values.map((value) => value.value.text)).toEqual([
      'echo global',
      'ifconfig epair0a fib 1',
      'ifconfig epair0b mtu 1380',
    ]);
    expect(web!.parameters.get('exec.fib')!.values.map((value) => value.value.text)).toEqual(['2']);
    // The value keeps exact offsets inside the quotes.
    const value = web!.parameters.get('exec.prestart')!.values[1]!.value;
    expect(value.starts[0]).toBe(conf.text.indexOf('ifconfig epair0a'));
  });

  it('expands ${param} references and keeps single-quoted text literal', () => {
    const [jail] = resolveJails(parseJailConf('jail.conf', `j {\n  path = /jails/$name;\n  host.hostname = "\${name}.example";\n  exec.start = '$name';\n}\n`));
    expect(jail!.parameters.get('path')!.values[0]!.value.text).toBe('/jails/j');
    expect(jail!.parameters.get('host.hostname')!.values[0]!.value.text).toBe('j.example');
    expect(jail!.parameters.get('exec.start')!.values[0]!.value.text).toBe('$name');
  });

  it('reads every comment style and quoted jail names', () => {
    const conf = parseJailConf('jail.conf', '# hash\n// slashes\n/* block\n comment */\n"my jail" { vnet = "inherit"; }\n');
    expect(conf.comments.map((comment) => comment.range.start.line)).toEqual([1, 2, 3]);
    const [jail] = resolveJails(conf);
    expect(jail!.name).toBe('my jail');
    expect(jailFlag(jail!, 'vnet')).toBe(false);
  });

  it('reports a missing semicolon as a syntax error with a location and does not throw', () => {
    const conf = parseJailConf('jail.conf', 'web {\n  path = "/jails/web"\n  vnet;\n}\n');
    expect(conf.findings.length).toBeGreaterThan(0);
    expect(conf.findings[0]!.ruleId).toBe('syntax-error');
    expect(conf.findings[0]!.range.start.line).toBe(3);
    expect(() => parseJailConf('jail.conf', '{{{ ;;; = "')).not.toThrow();
    // Found by the property test: recovery leaves a block without a name token.
    expect(() => parseJailConf('jail.conf', 'ifconfig_em0{10.0.0.1/24,}')).not.toThrow();
  });
});
