import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * In `vite dev`, attach the monitor's services (ingest, store, live hub, socket.io) to Vite's own
 * HTTP server, through the same seam the production entry uses (src/lib/server/attach.ts).
 */
function monitorServices(): Plugin {
	return {
		name: 'booking-ops-monitor:services',
		apply: 'serve',
		async configureServer(server) {
			if (!server.httpServer) return;
			const mod = await server.ssrLoadModule('/src/lib/server/attach.ts');
			const app = await mod.attachFromEnv(server.httpServer);
			server.httpServer.once('close', () => void app.close());
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), monitorServices()],
	test: {
		include: ['tests/**/*.test.ts'],
		globalSetup: ['tests/global-setup.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Two cores and one shared InfluxDB: a few workers at a time keep timings honest.
		maxWorkers: 2,
		fileParallelism: true
	}
});
