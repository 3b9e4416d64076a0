import { json } from '@sveltejs/kit';
import { version } from '$app/environment';

/**
 * The build id of the code this server runs (SvelteKit's `version`, stamped at build time).
 * Wall screens compare it with the build they were loaded from and reload after a deploy, so a
 * wall never runs old code against a new server. Public: it says nothing about the data.
 */
export function GET() {
	return json({ version }, { headers: { 'cache-control': 'no-store' } });
}
