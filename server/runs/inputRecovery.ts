/**
 * A run cut off by a restart may have had a request for input open: no one can answer it any
 * more (the MCP call it belonged to is gone), so it is closed in the stream as `cancel` before the
 * run ends with SERVER_RESTARTED. The exchanges are read back from the log for the run's record,
 * so a reload shows them as it would for a run that ended normally.
 */
import type { InputExchange } from '../../shared/events';
import type { StreamLog } from '../streams/log';

const PAGE = 500;

export function closeLeftInputs(log: StreamLog, executionId: string): InputExchange[] {
  const exchanges = new Map<string, InputExchange>();
  // Paged, like every reader of the log: a run may have tens of MB of output before its request.
  for (let after = 0; ; ) {
    const page = log.read(executionId, after, PAGE);
    if (page.length === 0) break;
    for (const { seq, event } of page) {
      after = seq;
      if (event.type === 'tool_input_required') {
        const { type: _type, ...request } = event;
        exchanges.set(event.requestId, { request });
      } else if (event.type === 'tool_input_answered') {
        const { type: _type, ...answer } = event;
        const exchange = exchanges.get(event.requestId);
        if (exchange) exchange.answer = answer;
      }
    }
  }
  for (const exchange of exchanges.values()) {
    if (exchange.answer) continue;
    exchange.answer = { requestId: exchange.request.requestId, action: 'cancel' };
    log.append(executionId, { type: 'tool_input_answered', ...exchange.answer });
  }
  return [...exchanges.values()];
}
