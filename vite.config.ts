import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

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
			// Added before Vite's own middlewares: the write endpoints never reach SvelteKit.
			server.middlewares.use(app.handle);
			server.httpServer.once('close', () => void app.close());
		}
	};
}

export default defineConfig({
	plugins: [
		// Messages in messages/{en,ko}.json compile to typed functions in src/lib/paraglide (not in git)
		// on every dev start, build and test run. The locale: ?lang= (a wall URL pins it), then the
		// server's choice written into <html lang>, then the cookie the language switch sets, then
		// Accept-Language / navigator.languages (src/lib/i18n/strategies.ts).
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['custom-query', 'custom-document', 'cookie', 'preferredLanguage', 'baseLocale'],
			// The same files in every mode: by default dev and tests write one module per locale and a
			// build one per message, so each would rewrite src/ after the other and every run rebuild.
			outputStructure: 'message-modules'
		}),
		sveltekit(),
		monitorServices()
	],
	test: {
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Two cores and one shared InfluxDB: a few workers at a time keep timings honest.
		maxWorkers: 2,
		projects: [
			// Pure code: no InfluxDB, no build, runs in seconds.
			{ extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
			// Real InfluxDB, the built app, real sockets and Chromium: tests/global-setup.ts provides them.
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
					globalSetup: ['tests/global-setup.ts']
				}
			}
		]
	}
});
