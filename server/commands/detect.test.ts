import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectCommand, type Detected } from './detect';

const text = (t: string): Detected => ({ kind: 'text', text: t });
const cmd = (tool: string, rawArgs = ''): Detected => ({ kind: 'command', tool, rawArgs });

// [input, expected]
const cases: Array<[string, Detected]> = [
  // plain text
  ['hello', text('hello')],
  ['', text('')],
  [' ', text(' ')],
  ['héllo wörld 😀', text('héllo wörld 😀')],
  ['a /echo b', text('a /echo b')],
  ['echo/', text('echo/')],
  // only column 0 counts
  ['  /echo x', text('  /echo x')],
  ['\t/echo x', text('\t/echo x')],
  ['\n/echo x', text('\n/echo x')],
  ['\u00a0/echo x', text('\u00a0/echo x')],
  // `//` escapes: exactly one slash removed
  ['//echo hi', text('/echo hi')],
  ['//', text('/')],
  ['///x', text('//x')],
  ['// comment', text('/ comment')],
  ['//etc/hosts', text('/etc/hosts')],
  // path-like
  ['/etc/hosts', text('/etc/hosts')],
  ['/usr/bin/env x', text('/usr/bin/env x')],
  ['/a/', text('/a/')],
  ['/echo/ x', text('/echo/ x')],
  ['/everything.echo/x', text('/everything.echo/x')],
  // implausible names
  ['/', text('/')],
  ['/ hello', text('/ hello')],
  ['/\thello', text('/\thello')],
  ['/\nhello', text('/\nhello')],
  ['/123', text('/123')],
  ['/1abc', text('/1abc')],
  ['/?', text('/?')],
  ['/:)', text('/:)')],
  ['/shrug:', text('/shrug:')],
  ['/-x', text('/-x')],
  ['/_x', text('/_x')],
  ['/.x', text('/.x')],
  ['/x.', text('/x.')],
  ['/x..y', text('/x..y')],
  ['/a-b.c', cmd('a-b.c')],
  ['/x.-y', text('/x.-y')],
  ['/é', text('/é')],
  ['/échо x', text('/échо x')],
  ['/😀', text('/😀')],
  ['/echo😀 x', text('/echo😀 x')],
  ['/echo,', text('/echo,')],
  ['/echo"x"', text('/echo"x"')],
  ['/echo{"a":1}', text('/echo{"a":1}')],
  ['/echo=1', text('/echo=1')],
  ['/every thing.echo', cmd('every', 'thing.echo')],
  // commands
  ['/echo', cmd('echo')],
  ['/echo ', cmd('echo')],
  ['/echo   \t ', cmd('echo')],
  ['/echo hi', cmd('echo', 'hi')],
  ['/echo   hi   there   ', cmd('echo', 'hi   there')],
  ['/echo\thi', cmd('echo', 'hi')],
  ['/echo\nhi', cmd('echo', 'hi')],
  ['/echo\r\nhi\r\n', cmd('echo', 'hi')],
  ['/echo\u00a0hi', cmd('echo', 'hi')],
  ['/echo\u3000hi', cmd('echo', 'hi')],
  ['/echo text="line1\nline2"', cmd('echo', 'text="line1\nline2"')],
  ['/echo {\n  "text": "x"\n}\n', cmd('echo', '{\n  "text": "x"\n}')],
  ['/echo 😀 héllo', cmd('echo', '😀 héllo')],
  ['/ECHO x', cmd('ECHO', 'x')],
  ['/Echo_2-b', cmd('Echo_2-b')],
  ['/a.b.c', cmd('a.b.c')],
  ['/a.b', cmd('a.b')],
  ['/a.1', cmd('a.1')],
  ['/a._x', cmd('a._x')],
  ['/a.b-', cmd('a.b-')],
  ['/everything.get-sum {"a":1,"b":2}', cmd('everything.get-sum', '{"a":1,"b":2}')],
  ['/everything.get_sum a=1 b=2', cmd('everything.get_sum', 'a=1 b=2')],
  ['/everything.longRunningOperation', cmd('everything.longRunningOperation')],
  ['/my-server.tool.v2 x', cmd('my-server.tool.v2', 'x')],
  ['/x a="b c" d=\'e f\' g=[1, 2] h={"k": "v w"}', cmd('x', 'a="b c" d=\'e f\' g=[1, 2] h={"k": "v w"}')],
  ['/usr', cmd('usr')],
  ['/x //not a path', cmd('x', '//not a path')],
  ['/x /etc/hosts', cmd('x', '/etc/hosts')],
];

describe('detectCommand', () => {
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => {
      assert.deepEqual(detectCommand(input), expected);
    });
  }

  test('text is returned unchanged, including surrounding whitespace', () => {
    const input = '  spaced out  \n';
    const detected = detectCommand(input);
    assert.equal(detected.kind, 'text');
    assert.equal(detected.kind === 'text' && detected.text, input);
  });

  test('long arguments are kept whole', () => {
    const args = 'x'.repeat(100_000);
    assert.deepEqual(detectCommand(`/echo ${args}`), cmd('echo', args));
  });
});
