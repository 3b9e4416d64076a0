import { getServices } from '$lib/server/services';

export async function GET() {
	const { registry } = getServices().metrics;
	return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
}
