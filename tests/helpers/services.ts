import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attach, type AttachedApp } from '../../src/lib/server/attach.ts';
import { generateToken } from '../../src/lib/server/auth/index.ts';
import { parseConfig } from '../../src/lib/server/config/index.ts';
import { SMALL_CONFIG } from './app.ts';
import { influxUrl, uniqueDatabase } from './influx.ts';

export interface InProcessApp {
	url: string;
	server: Server;
	app: AttachedApp;
	adminToken: string;
	database: string;
	/** Reuse with `startInProcess({ dataDir, database, adminToken })` to restart (with keepData). */
	dataDir: string;
	close(): Promise<void>;
}

/**
 * The monitor's services attached to a plain HTTP server inside the test process (no SvelteKit
 * pages): for tests that need to reach into the server, e.g. to drop sockets server-side or to
 * read a socket's write buffer.
 */
export async function startInProcess(
	opts: { config?: string; now?: () => number; authNow?: () => number; dataDir?: string; database?: string; adminToken?: string; keepData?: boolean } = {}
): Promise<InProcessApp> {
	const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'bom-inproc-'));
	const adminToken = opts.adminToken ?? generateToken('test');
	const database = opts.database ?? uniqueDatabase('inproc');
	const server = createServer();
	const app = await attach(server, {
		config: parseConfig(opts.config ?? SMALL_CONFIG),
		dataDir,
		influx: { url: influxUrl(), database },
		adminToken,
		now: opts.now,
		authNow: opts.authNow
	});
	server.on('request', (req, res) => app.handle(req, res, () => res.writeHead(404).end()));
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}`,
		server,
		app,
		adminToken,
		database,
		dataDir,
		async close() {
			await app.close();
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
			if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
