/**
 * executions.respond: the user's answer to a request for input a running tool has open (MCP
 * elicitation, `tool_input_required`). An accepted form is checked against the requested schema
 * with its defaults applied (BAD_ARGUMENTS naming the field; the request stays open for a better
 * answer); NOT_FOUND for an unknown execution, CONFLICT for a request that is not open.
 */
import type { RespondInput } from '../../shared/api';
import type { InputAnswer } from '../../shared/events';
import { AppError } from '../errors/appError';
import { loadExecution } from '../runs/retry';
import type { Services } from '../services';
import { checkedAnswer } from './answer';

export function respondToInput(services: Services, input: RespondInput): InputAnswer {
  const execution = loadExecution(services, input.executionId);
  const { inputs } = services.executor;
  const request = inputs.get(execution.id, input.requestId);
  if (input.action !== 'accept') return inputs.answer(execution.id, request.requestId, input.action);
  if (request.mode === 'url') {
    // URL mode carries no content: accept only says the user finished in the browser.
    if (input.content !== undefined) throw new AppError('BAD_ARGUMENTS', 'a URL request is answered without content');
    return inputs.answer(execution.id, request.requestId, 'accept');
  }
  const content = checkedAnswer(request.schema ?? { type: 'object' }, input.content ?? {});
  return inputs.answer(execution.id, request.requestId, 'accept', content);
}
