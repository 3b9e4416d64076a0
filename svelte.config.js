import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** Kept equal to CSP_REPORT_PATH in src/lib/server/http/security-headers.ts (a unit test checks). */
const CSP_REPORT_PATH = '/api/v1/csp-report';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Pages render sender-written text (tag values, alert summaries); should any of it ever
		// become markup, no script of its making may run. SvelteKit puts a fresh nonce on its own
		// boot script per rendered page ('auto': nonces for SSR, hashes for prerendered pages).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// Stylesheets and <style> only from files (or with the nonce). style="" attributes are
				// allowed: Svelte renders style: directives into them on the server (the window
				// report's bottleneck timeline, the board grid), its client templates carry them, and
				// app.html wraps the body in one. Measured without it: every page reported
				// style-src-attr violations (tests/e2e/hostile-input.test.ts), none for style-src.
				'style-src': ['self'],
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				// socket.io's websocket and polling go to this same origin.
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				// Over HTTPS the security handle adds report-to (src/lib/server/http/security-headers.ts):
				// Chromium honours it only there, and would then ignore report-uri.
				'report-uri': [CSP_REPORT_PATH]
			}
		}
	}
};

export default config;
