/** Fixed for the run and used only by e2e: the normal server, one with SSE disabled, one for screenshots. */
export const SSE_PORT = 18787;
export const WS_PORT = 18788;
export const SHOTS_PORT = 18789;
