import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { displayOf, fileNameOf, serverOfTool } from './resourceDisplay';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('how a resource is shown', () => {
  test('text as text, markup included (React shows it, never parses it)', () => {
    assert.deepEqual(displayOf({ uri: 'a://x', mimeType: 'text/html', text: '<script>x</script>' }), { kind: 'text', text: '<script>x</script>' });
    assert.deepEqual(displayOf({ uri: 'a://x', mimeType: 'text/plain; charset=utf-8', blob: b64('héllo') }), { kind: 'text', text: 'héllo' });
    assert.deepEqual(displayOf({ uri: 'a://x', mimeType: 'application/json', blob: b64('{}') }), { kind: 'text', text: '{}' });
  });

  test('raster images from a data URL; SVG and unknown types only as downloads', () => {
    assert.deepEqual(displayOf({ uri: 'a://dot.png', mimeType: 'image/png', blob: PNG }), { kind: 'image', src: `data:image/png;base64,${PNG}`, mimeType: 'image/png' });
    assert.deepEqual(displayOf({ uri: 'a://evil.svg', mimeType: 'image/svg+xml', blob: b64('<svg onload="x()"/>') }), { kind: 'download', bytes: 19 });
    assert.deepEqual(displayOf({ uri: 'a://f.bin', mimeType: 'application/octet-stream', blob: 'AAEC' }), { kind: 'download', bytes: 3 });
    assert.deepEqual(displayOf({ uri: 'a://f', blob: 'AAEC' }), { kind: 'download', bytes: 3 });
    // A data URL cannot be broken out of: anything that is not base64 is never put in one.
    assert.equal(displayOf({ uri: 'a://x', mimeType: 'image/png', blob: 'AA"onerror=x' }).kind, 'text');
  });

  test('download names and the server of a tool', () => {
    assert.equal(fileNameOf('lib://files/data.bin'), 'data.bin');
    assert.equal(fileNameOf('demo://resource/dynamic/text/1'), '1');
    assert.equal(fileNameOf('file:///tmp/a b?.txt'), 'a_b');
    assert.equal(fileNameOf('x:'), 'resource');
    assert.equal(serverOfTool('everything.get-resource-links'), 'everything');
    assert.equal(serverOfTool('echo'), undefined);
  });
});
