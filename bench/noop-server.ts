/**
 * A local no-op "dispatch" server for the engine benchmark: every request answers 202 {"task": href}, after
 * HOLD_MS milliseconds if set. Prints its port on stdout.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';

const holdMs = Number(process.env.HOLD_MS ?? 0);
const body = JSON.stringify({task: '/pulp/api/v3/tasks/0195d1a0-0000-7000-8000-000000000000/'});
const server = http.createServer({keepAliveTimeout: 5000}, (request, response) => {
  request.resume();
  request.on('end', () => {
    const answer = () => {
      response.writeHead(202, {'content-type': 'application/json', 'content-length': Buffer.byteLength(body)});
      response.end(body);
    };
    if (holdMs > 0) setTimeout(answer, holdMs);
    else answer();
  });
});
server.maxConnections = 100_000;
server.listen(0, '127.0.0.1', () => console.log((server.address() as AddressInfo).port));
process.on('SIGTERM', () => process.exit(0));
