import { parseJSONRPCMessage, type JSONRPCMessage } from '@modelcontextprotocol/client';

/**
 * The stdio transport's line buffer, in linear time. The SDK's ReadBuffer (1.x and 2.4) copies everything
 * buffered into a new Buffer for each chunk the pipe delivers and searches it for a newline from
 * the start, so one message of n bytes in 64 KiB chunks costs O(n²): a 20 MB tool result took 20-60 s
 * of the server's CPU on a busy machine, long enough to time out. Here each chunk is kept as it
 * came and searched once. Same contract: append (throws past the size limit, dropping what it held),
 * readMessage (one message per line, `\r\n` allowed; null until a whole line is there; a line that
 * is not JSON is skipped, as 2.4 does; one that is JSON but no JSON-RPC message throws once and is
 * gone), clear.
 */
export class LinearReadBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  /** How many of the first chunks are known to hold no newline. */
  private searched = 0;

  constructor(private readonly maxBufferSize: number) {}

  append(chunk: Buffer): void {
    if (this.size + chunk.length > this.maxBufferSize) {
      this.clear();
      throw new Error(`ReadBuffer exceeded maximum size of ${this.maxBufferSize} bytes`);
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  readMessage(): JSONRPCMessage | null {
    for (;;) {
      const line = this.readLine();
      if (line === null) return null;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue;
      }
      return parseJSONRPCMessage(value);
    }
  }

  private readLine(): string | null {
    for (let i = this.searched; i < this.chunks.length; i++) {
      const chunk = this.chunks[i];
      const newline = chunk ? chunk.indexOf(0x0a) : -1;
      if (!chunk || newline < 0) {
        this.searched = i + 1;
        continue;
      }
      const line = Buffer.concat([...this.chunks.slice(0, i), chunk.subarray(0, newline)]);
      const rest = chunk.subarray(newline + 1);
      this.chunks = rest.length > 0 ? [rest, ...this.chunks.slice(i + 1)] : this.chunks.slice(i + 1);
      this.size -= line.length + 1;
      this.searched = 0;
      return line.toString('utf8').replace(/\r$/, '');
    }
    return null;
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
    this.searched = 0;
  }
}
