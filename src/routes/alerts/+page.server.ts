import type { PageServerLoad } from './$types';
import { hasRole } from '$lib/server/auth';
import { requirePage, scopeOf } from '$lib/server/http/guard';
import { alertsView } from '$lib/server/http/alert-scope';
import { parseAlertFilter } from '$lib/server/http/alert-params';
import { BadParams } from '$lib/server/http/series-params';
import { getServices } from '$lib/server/services';

/** The alerts page opens with what GET /api/v1/alerts gives; the browser refetches on every `alerts` socket event. */
export const load: PageServerLoad = (event) => {
	const { url } = event;
	const p = requirePage(event);
	const scope = scopeOf(p);
	const { config, alerts } = getServices();
	const filter = url.searchParams.get('filter') ?? '';
	let filterError: string | null = null;
	let keep = (_labels: Record<string, string>) => true;
	try {
		keep = parseAlertFilter(filter);
	} catch (err) {
		if (!(err instanceof BadParams)) throw err;
		filterError = err.message;
	}
	return {
		title: config.title,
		timeZone: config.time_zone,
		principal: { name: p.name, role: p.role },
		canOperate: hasRole(p, 'operator'),
		rules: config.alerts.rules.map((r) => r.id),
		components: config.components.filter((c) => !scope || scope.allows(c.id)).map((c) => ({ id: c.id, name: c.name })),
		filter,
		filterError,
		initial: alertsView(alerts, scope, keep)
	};
};
