/**
 * Requests for input that running tools have open (MCP elicitation, server/mcp/elicitation.ts).
 * Each is in the run's stream as `tool_input_required` until it is answered (executions.respond),
 * closed by the server (URL mode: notifications/elicitation/complete) or closed because the run or
 * the server's request ended; every way out writes one `tool_input_answered`, so a replay shows
 * the whole exchange. While any request of a run is open its idle timer is paused: waiting for the
 * user is not the tool going quiet.
 */
import type { InputAction, InputAnswer, InputContent, InputExchange, InputRequest, ToolEvent } from '../../shared/events';
import { AppError } from '../errors/appError';
import { newId } from '../store/db';
import type { InputQuestion } from '../tools/types';

interface Open {
  executionId: string;
  request: InputRequest;
  exchange: InputExchange;
  settle(answer: InputAnswer): void;
}

/** What a run lends its open requests: where events go, the idle timer to pause, where exchanges are kept. */
export interface InputHost {
  executionId: string;
  append(event: ToolEvent): void;
  pause(): void;
  resume(): void;
  exchanges: InputExchange[];
}

export class InputRequests {
  private readonly open = new Map<string, Open>();

  /**
   * Opens a request in the run's stream and resolves with the user's answer. Aborting `signal`
   * (the run or the server's request ended) closes it as `cancel`; `serverDone` aborting (the
   * server says the URL flow finished) closes it as `accept`.
   */
  ask(host: InputHost, question: InputQuestion, options: { signal: AbortSignal; serverDone?: AbortSignal }): Promise<InputAnswer> {
    const request: InputRequest = { requestId: newId('input'), ...question };
    const exchange: InputExchange = { request };
    return new Promise<InputAnswer>((resolve) => {
      const closeCancelled = () => settle({ requestId: request.requestId, action: 'cancel' });
      const closeDone = () => settle({ requestId: request.requestId, action: 'accept' });
      const settle = (answer: InputAnswer) => {
        if (!this.open.delete(request.requestId)) return;
        options.signal.removeEventListener('abort', closeCancelled);
        options.serverDone?.removeEventListener('abort', closeDone);
        exchange.answer = answer;
        host.append({ type: 'tool_input_answered', ...answer });
        host.resume();
        resolve(answer);
      };
      host.exchanges.push(exchange);
      host.append({ type: 'tool_input_required', ...request });
      host.pause();
      this.open.set(request.requestId, { executionId: host.executionId, request, exchange, settle });
      if (options.signal.aborted) return closeCancelled();
      if (options.serverDone?.aborted) return closeDone();
      options.signal.addEventListener('abort', closeCancelled, { once: true });
      options.serverDone?.addEventListener('abort', closeDone, { once: true });
    });
  }

  /** The open request `requestId` of the run, or a CONFLICT saying it is not open. */
  get(executionId: string, requestId: string): InputRequest {
    const open = this.open.get(requestId);
    if (!open || open.executionId !== executionId) {
      throw new AppError('CONFLICT', `request ${requestId} of execution ${executionId} is not open (it was answered, or its run or call ended)`);
    }
    return open.request;
  }

  /** Closes (as cancel) what the run still has open when its tool returned: no one could use the answer. */
  closeRun(executionId: string): void {
    for (const open of [...this.open.values()]) {
      if (open.executionId === executionId) open.settle({ requestId: open.request.requestId, action: 'cancel' });
    }
  }

  /** Answers an open request (already checked by executions/respond.ts). */
  answer(executionId: string, requestId: string, action: InputAction, content?: InputContent): InputAnswer {
    this.get(executionId, requestId);
    const answer: InputAnswer = { requestId, action, ...(content ? { content } : {}) };
    this.open.get(requestId)?.settle(answer);
    return answer;
  }
}
