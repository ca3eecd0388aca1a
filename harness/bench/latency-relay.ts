/**
 * Issue 16 item 3: a loopback TCP relay that holds every chunk, in each direction, for `delayMs`
 * before passing it on, so a run against it sees a round-trip time of twice the delay (a TLS 1.3
 * handshake costs one round trip, every request/answer another; the relay's own TCP accept is not
 * delayed). Chunks keep their order: equal delays fire in the order they were set. It counts the
 * connections it relays, a check on the run's own count (results.json `exchanges.connections`).
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";

export interface LatencyRelay {
  /** `127.0.0.1:<port>` of the relay. */
  port: number;
  /** Connections relayed so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Writes what `from` sends to `to`, `delayMs` later (at once for 0); ends `to` as late after `from` ends. */
function forward(from: Socket, to: Socket, delayMs: number): void {
  const later = (f: () => void): void => void (delayMs > 0 ? setTimeout(f, delayMs) : f());
  from.on("data", (chunk: Buffer) => later(() => to.destroyed || to.write(chunk)));
  from.on("end", () => later(() => to.destroyed || to.end()));
  from.on("error", () => later(() => to.destroy()));
  from.on("close", () => later(() => to.destroy()));
}

/** A relay on 127.0.0.1 (a free port) to `target` (`host:port`), holding each chunk `delayMs`. */
export async function startLatencyRelay(
  target: { host: string; port: number },
  delayMs: number,
): Promise<LatencyRelay> {
  let count = 0;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    count++;
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      open.add(s);
      s.on("close", () => open.delete(s));
    }
    forward(client, upstream, delayMs);
    forward(upstream, client, delayMs);
  });
  await new Promise<void>((res, rej) => {
    server.once("error", rej);
    server.listen(0, "127.0.0.1", () => res());
  });
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () =>
      new Promise<void>((res) => {
        for (const s of open) s.destroy();
        server.close(() => res());
      }),
  };
}
