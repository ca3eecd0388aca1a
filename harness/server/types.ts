/** The reference server's public contract: what the CLI, the tests and `serve` rely on. */

export interface ServerOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** HTTPS port; 0 (default) picks a free port. */
  port?: number;
  /** Plain-HTTP port; 0 picks a free port; `null` disables the listener. Default 0 (always on). */
  httpPort?: number | null;
  /** Directory for on-disk storage; absent = in memory. */
  dataDir?: string;
  accessKey?: string;
  secretKey?: string;
  region?: string;
  /** Named faults to inject (see faults.ts); unknown names are rejected. */
  faults?: string[];
  /** Log sink for one-line request logs (never contains key material). Default: none. */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** `https://127.0.0.1:PORT` */
  endpoint: string;
  /** `http://127.0.0.1:PORT`, when the plain listener is on. */
  httpEndpoint?: string;
  accessKey: string;
  secretKey: string;
  region: string;
  /** Absolute path of the CA file clients must trust (fixtures/tls/ca.pem). */
  caFile: string;
  /** The same CA as PEM text. */
  caPem: string;
  faults: string[];
  close(): Promise<void>;
}
