/**
 * Keep-alive connection pools, one undici Pool per origin, kept for the client's lifetime.
 *
 * Why not undici's Agent: from undici 7.10 its per-origin bookkeeping counts connects and
 * disconnects and closes the origin's Pool when the count reaches zero; a disconnect that races a
 * request already dispatched (the server closed a connection after `Connection: close`, e.g. a
 * refused upload too large to drain) closes the Pool the request went to, and the next
 * disconnect closes the next one, so from then on every request opens a new TLS connection
 * (nodejs/undici#5022, fixed upstream by nodejs/undici#5034, not in the 7.x line we run). A run
 * sends thousands of requests to a handful of origins, so pools are simply kept: idle
 * connections still close after `keepAliveTimeout`, and `close()` ends them all.
 */
import { Pool } from "undici";

export class OriginPools {
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly options: Pool.Options,
    /** Called on each connection a pool opens (undici's `connect` event, after the TLS handshake). */
    private readonly onConnect?: () => void,
  ) {}

  /** The pool for `origin` (scheme://host:port), created on first use. */
  get(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, this.options);
      const counted = this.onConnect;
      if (counted) pool.on("connect", () => counted());
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** Closes every pool gracefully (waits for requests in flight). */
  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
  }

  /** Destroys every pool (cuts connections in flight). */
  async destroy(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => (p.destroyed ? undefined : p.destroy())));
  }
}
