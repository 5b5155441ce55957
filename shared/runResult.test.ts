import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ToolExecutionMetadataSchema } from './fragments';
import { ToolExecutionMetadataCodec, toolResultOf, type RunRecord } from './runResult';

const run: RunRecord = {
  executionId: 'exec_1',
  tool: 'everything.get-tiny-image',
  parameters: { a: 1 },
  executionTime: 42,
  success: false,
  status: 'failed',
  outputChars: 7,
  outputTruncated: true,
  error: { message: 'boom', code: 'TOOL_ERROR', recoverable: false },
  requestedBy: 'model',
  content: [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }],
  structuredContent: { ok: false },
  warnings: ['structuredContent does not match the outputSchema: "ok" must be true'],
};

test('the fragment metadata keeps the contract keys, snake_case, and reads back to the same run', () => {
  const metadata = ToolExecutionMetadataCodec.encode(run);
  assert.deepEqual(metadata, {
    type: 'tool_execution',
    execution_id: 'exec_1',
    tool: 'everything.get-tiny-image',
    parameters: { a: 1 },
    execution_time: 42,
    success: false,
    status: 'failed',
    output_chars: 7,
    output_truncated: true,
    error: { message: 'boom', code: 'TOOL_ERROR', recoverable: false },
    requested_by: 'model',
    content: [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }],
    structured_content: { ok: false },
    warnings: ['structuredContent does not match the outputSchema: "ok" must be true'],
  });
  assert.ok(ToolExecutionMetadataSchema.safeParse(metadata).success);
  assert.deepEqual(ToolExecutionMetadataCodec.parse(metadata), run);
});

test('optional parts stay absent, not undefined, both ways', () => {
  const plain: RunRecord = { executionId: 'e', tool: 'echo', parameters: {}, executionTime: 1, success: true, status: 'succeeded', outputChars: 2 };
  const metadata = ToolExecutionMetadataCodec.encode(plain);
  assert.deepEqual(Object.keys(metadata).sort(), ['execution_id', 'execution_time', 'output_chars', 'parameters', 'status', 'success', 'tool', 'type']);
  assert.deepEqual(ToolExecutionMetadataCodec.parse(metadata), plain);
});

test('tool_complete carries the same run, camelCase, with its fragment', () => {
  assert.deepEqual(toolResultOf(run, 'frag_1'), {
    tool: 'everything.get-tiny-image',
    parameters: { a: 1 },
    executionTime: 42,
    success: false,
    outputChars: 7,
    fragmentId: 'frag_1',
    content: [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }],
    structuredContent: { ok: false },
    warnings: ['structuredContent does not match the outputSchema: "ok" must be true'],
  });
});
