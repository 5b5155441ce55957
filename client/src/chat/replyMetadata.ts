import type { Fragment } from '../../../shared/api';
import { AiReplyMetadataSchema, type AiReplyMetadata } from '../../../shared/fragments';

/** What an assistant fragment records about its reply (stream id, stop, error, tool calls); null for any other fragment. */
export function replyMetadataOf(fragment: Fragment): AiReplyMetadata | null {
  if (fragment.role !== 'assistant') return null;
  const parsed = AiReplyMetadataSchema.safeParse(fragment.metadata);
  return parsed.success ? parsed.data : null;
}
