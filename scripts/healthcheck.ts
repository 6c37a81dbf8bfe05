/**
 * The container's HEALTHCHECK (Dockerfile): exit 0 when the service of this
 * container answers `GET /health` with 2xx on `PORT` of its environment (the
 * same variable the service listens on), 1 otherwise. Built to
 * `dist/healthcheck.js`: plain Node, no TypeScript compiler, loopback only.
 *
 *   PORT=8080 node dist/healthcheck.js
 */
async function check(port: string | undefined): Promise<string | undefined> {
  if (!port) return 'PORT is not set (the service listens on PORT; the image sets it)';
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(4_000) });
    return response.ok ? undefined : `/health answered ${response.status}`;
  } catch (error) {
    return `no answer on port ${port}: ${(error as Error).message}`;
  }
}

void check(process.env.PORT).then((problem) => {
  if (problem) process.stderr.write(`healthcheck: ${problem}\n`);
  process.exitCode = problem ? 1 : 0;
});
