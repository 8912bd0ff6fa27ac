import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readAtl } from './index.ts';
import { directoryOf, joinPath } from './paths.ts';
import { countOf, problems, readClean } from './test-support.ts';

test('paths resolve against the importing file\'s folder, with "." and ".." folded', () => {
  assert.equal(directoryOf('models/pc.atl'), 'models');
  assert.equal(directoryOf('pc.atl'), '');
  assert.equal(joinPath('models', 'parts/cpus.atl'), 'models/parts/cpus.atl');
  assert.equal(joinPath('models/parts', '../types.atl'), 'models/types.atl');
  assert.equal(joinPath('', './a.atl'), 'a.atl');
  assert.equal(joinPath('/srv/models', 'a.atl'), '/srv/models/a.atl');
  assert.equal(joinPath('/srv/models', '/etc/b.atl'), '/etc/b.atl');
  assert.equal(joinPath('C:\\models', 'a.atl'), 'C:/models/a.atl');
  assert.equal(joinPath('', '../up.atl'), '../up.atl');
});

test('imported types, templates and parts are visible; nested and diamond imports load each file once', () => {
  const files = {
    'lib/types.atl': 'type Socket { AM5 LGA1700 }',
    'lib/cpus.atl': `
      import "types.atl"
      component Cpu "Processor" {
        choice model "Model" { value r5 "R5" { socket AM5 part "CPU-R5" } value i5 "i5" { socket LGA1700 part "CPU-I5" } }
      }`,
    'lib/boards.atl': `
      import "./types.atl"
      import "parts.atl"
      component Board "Board" {
        choice model "Model" { value b650 "B650" { socket Socket.AM5 } value z790 "Z790" { socket LGA1700 } }
      }`,
    'lib/parts.atl': 'part "CPU-R5" "Ryzen 5"\npart "CPU-I5" "Core i5"',
  };
  const p = readClean(
    `
    import "lib/cpus.atl"
    import "lib/boards.atl"
    import "lib/types.atl"
    product pc {
      use Cpu as cpu
      use Board as board
      rule "Sockets match" : cpu.model.socket = board.model.socket
    }`,
    files,
  );
  assert.deepEqual(p.model.variables.map((v) => v.name), ['cpu.model', 'board.model']);
  assert.equal(countOf(p), 2);
  assert.equal(p.bom[0].partNumber.op, 'attrText');
});

test('a missing file and import cycles are errors at the import line; other files keep their names', () => {
  assert.deepEqual(problems('import "gone.atl"\nimport "lib.atl"\nproduct p {}', { 'lib.atl': '' }), [
    '1:1: error: cannot read imported file "gone.atl"',
  ]);
  assert.deepEqual(problems('import "main.atl"\nproduct p {}'), ['1:1: error: import cycle: main.atl → main.atl']);
  assert.deepEqual(
    problems('import "x/a.atl"\nproduct p {}', {
      'x/a.atl': 'type A { a }\nimport "b.atl"',
      'x/b.atl': '\n  import "../x/a.atl"\ntype B { ; }',
    }),
    [
      'x/b.atl:3:10: error: unexpected ";": declarations end at the end of the line',
      'x/b.atl:2:3: error: import cycle: x/a.atl → x/b.atl → x/a.atl',
    ],
  );
});

test('without a file reader imports are errors; a reader that throws reads as a missing file', () => {
  const none = readAtl('import "a.atl"\nproduct p {}', 'main.atl');
  assert.deepEqual(none.diagnostics.map((d) => d.message), ['cannot import "a.atl": no file reader was given']);
  assert.equal(none.product, null);
  const throwing = readAtl('import "a.atl"\nproduct p {}', 'main.atl', {
    readFile: () => {
      throw new Error('EACCES');
    },
  });
  assert.deepEqual(throwing.diagnostics.map((d) => d.message), ['cannot read imported file "a.atl"']);
});

test('an imported file that declares a product, and names clashing across files', () => {
  assert.deepEqual(
    problems('import "other.atl"\ntype T { a }\nproduct p {}', { 'other.atl': 'type T { b }\nproduct q {}' }),
    [
      'other.atl:2:1: error: product "q" is in an imported file; only the file being read may declare a product',
      '2:6: error: type "T" is declared twice (first at other.atl:1:6)',
    ],
  );
});

test('a template sees its own features only, so it can serve any product', () => {
  assert.deepEqual(
    problems(`
component Extra {
  flag a "A"
  rule : a requires wifi
}
product p {
  flag wifi "Wi-Fi"
  use Extra as extra
}`),
    ['4:21: error: unknown name "wifi"'],
  );
});
