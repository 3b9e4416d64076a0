import { json } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';

export async function GET() {
	const health = await getServices().health();
	return json(health, { status: health.influx.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
