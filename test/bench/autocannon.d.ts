// The subset of autocannon 9's programmatic API the bench uses (the package ships no types).
declare module 'autocannon' {
  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    }
    interface Client {
      setRequests(requests: Request[]): void;
      on(event: 'response', listener: (status: number, bytes: number, responseTime: number) => void): this;
      on(event: 'timeout' | 'reset' | 'request', listener: () => void): this;
    }
    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      amount?: number;
      timeout?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      setupClient?: (client: Client) => void;
    }
    interface Histogram {
      average: number;
      p50: number;
      p90: number;
      p99: number;
      max: number;
    }
    interface Result {
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
      latency: Histogram;
      throughput: Histogram;
      statusCodeStats: Record<string, { count: number }>;
    }
    /** A running load: a promise of its result that also reports each second and can be stopped early. */
    interface Instance extends Promise<Result> {
      on(event: 'tick', listener: (tick: { counter: number; bytes: number }) => void): this;
      stop(): void;
    }
  }
  function autocannon(opts: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
