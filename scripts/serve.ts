/**
 * Production entry: one Node process serves the pages (adapter-node's handler), the write
 * endpoints (ahead of SvelteKit, they are the hot path), and later socket.io, all on one port.
 * adapter-node's handler reads no environment itself, so PORT, HOST and SHUTDOWN_TIMEOUT are read here.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateToken, TRANSPORT_HEADER } from '../src/lib/server/auth/index.ts';
import { ConfigError } from '../src/lib/server/config/index.ts';
import { InfluxdMissingError } from '../src/lib/server/influxd/index.ts';
import { attachFromEnv, type AttachedApp } from '../src/lib/server/attach.ts';
import { rootLogger } from '../src/lib/server/observability/index.ts';
import { startSampleSimulator } from './sample-simulator.ts';

const log = rootLogger.child({ area: 'serve' });
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const shutdownTimeoutS = Number(process.env.SHUTDOWN_TIMEOUT ?? 30);
const handlerPath = resolve('build/handler.js');

// With no config given, run the bundled 2021 sample with its simulator, so a newcomer sees live data.
// SIMULATE=1 runs the simulator of any config that names a scenario (demos, browser tests).
const runSample = process.env.SIMULATE === '1' || (!process.env.MONITOR_CONFIG && process.env.SIMULATE !== '0');
if (runSample && !process.env.MONITOR_ADMIN_TOKEN) process.env.MONITOR_ADMIN_TOKEN = generateToken('sim');

if (!existsSync(handlerPath)) fatal(`no production build at ${handlerPath}: run \`npm run build\` (npm start does it for you)`);

// A rebuild replaces build/ under a running server; adapter-node's static file stream then emits
// ENOENT with no listener, which would kill the process. Answering that one request badly is
// better than taking the monitor down during a deploy; every other uncaught error still exits.
const buildDir = resolve('build');
process.on('uncaughtException', (err: NodeJS.ErrnoException) => {
	if (err.code === 'ENOENT' && typeof err.path === 'string' && err.path.startsWith(buildDir)) {
		log.warn({ path: err.path }, 'a static file vanished while being served (rebuild in progress?)');
		return;
	}
	log.fatal({ err }, 'uncaught exception');
	process.exit(1);
});

const server = createServer();
let app: AttachedApp;
try {
	app = await attachFromEnv(server);
} catch (err) {
	if (err instanceof ConfigError || err instanceof InfluxdMissingError) fatal(err.message);
	throw err;
}
// adapter-node would take every request for https (its default); attach() tells it the truth in this
// header. An operator's own ORIGIN or PROTOCOL_HEADER (adapter-node's settings) wins.
if (!process.env.ORIGIN) process.env.PROTOCOL_HEADER ||= TRANSPORT_HEADER;
const { handler } = await import(pathToFileURL(handlerPath).href);
server.on('request', (req, res) => app.handle(req, res, () => handler(req, res)));

server.listen(port, host, () => {
	const { port: actual } = server.address() as { port: number };
	const url = `http://localhost:${actual}`;
	log.info({ url, influx: app.influxUrl }, 'Booking Ops Monitor is up');
	// Plain line for people and for tests that start the app (they read the port from it).
	console.log(`Booking Ops Monitor listening on ${url}`);
	if (runSample) simulator = startSampleSimulator(`http://127.0.0.1:${actual}`, process.env.MONITOR_ADMIN_TOKEN!, process.env.MONITOR_CONFIG || undefined);
});

let simulator: { stop(): Promise<void> } | undefined;
let stopping = false;
async function shutdown(signal: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	log.info({ signal }, 'shutting down: stop accepting, close connections, flush the writer, stop influxd');
	await simulator?.stop();
	await app.quiesce();
	// In-flight writes finish (and are acknowledged) before the writer is flushed and closed.
	await new Promise<void>((done) => {
		server.close(() => done());
		server.closeIdleConnections();
		setTimeout(() => {
			server.closeAllConnections();
			done();
		}, shutdownTimeoutS * 1000).unref();
	});
	await app.close();
	process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
// When whatever started us is gone (a wrapper killed with SIGKILL), do not linger with influxd.
const parentPid = process.ppid;
setInterval(() => {
	if (process.ppid !== parentPid) void shutdown('parent exited');
}, 1000).unref();
process.on('SIGTERM', () => void shutdown('SIGTERM'));

function fatal(message: string): never {
	console.error(`\nBooking Ops Monitor cannot start:\n${message}\n`);
	process.exit(1);
}
