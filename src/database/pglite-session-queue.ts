import type { PGlite } from '@electric-sql/pglite';

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

// Frontend message types that continue an extended-protocol exchange (Parse, Bind,
// Describe, Execute, Flush, Close); the exchange ends with Sync ('S').
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'H', 'C']);

/**
 * Replaces pglite-socket's query queue. PGlite is ONE session shared by every socket, so a
 * connection must own it from the first message of an extended-protocol exchange until its
 * Sync (otherwise another connection's Parse replaces the unnamed statement between this
 * one's Parse and Bind: "bind message supplies 9 parameters, but prepared statement requires
 * 4"), and for the whole of an open transaction. The upstream queue only did the latter, and
 * stopped for good after a failed message.
 */
export class PGliteSessionQueue {
  private readonly queue: Pending[] = [];
  private processing = false;
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength() {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number) {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].handlerId === handlerId) this.queue.splice(i, 1)[0].reject(new Error('Handler disconnected'));
    }
  }

  /** A connection that goes away mid-exchange or mid-transaction releases the session. */
  async clearTransactionIfNeeded(handlerId: number) {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    void this.process();
  }

  private async process() {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length) {
        const index = this.owner === null ? 0 : this.queue.findIndex((p) => p.handlerId === this.owner);
        if (index === -1) break; // wait for the owner's next message
        const item = this.queue.splice(index, 1)[0];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
          item.resolve(bytes);
        } catch (error) {
          item.reject(error);
        }
        const type = String.fromCharCode(item.message[0]);
        this.owner = this.db.isInTransaction() || EXTENDED.has(type) ? item.handlerId : null;
      }
    } finally {
      this.processing = false;
    }
  }
}
