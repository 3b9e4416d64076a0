import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { AUDIT_ACTIONS } from '$lib/server/audit';
import { parseAuditParams } from '$lib/server/http/audit-params';
import { requirePage, requireAdmin } from '$lib/server/http/guard';
import { reloadConfig } from '$lib/server/http/reload';
import { BadParams } from '$lib/server/http/series-params';
import { getServices } from '$lib/server/services';

/** The audit log for admins, newest first, with the tokens the running config knows and a config reload. */
export const load: PageServerLoad = (event) => {
	requirePage(event, 'admin', 'read the audit log');
	const { audit, auth, config } = getServices();
	let filterError: string | null = null;
	let records: ReturnType<typeof audit.read> = [];
	try {
		records = audit.read({ limit: 500, ...parseAuditParams(event.url.searchParams, Date.now()) });
	} catch (err) {
		if (!(err instanceof BadParams)) throw err;
		filterError = err.message;
	}
	return {
		timeZone: config.time_zone,
		records,
		filterError,
		actions: [...AUDIT_ACTIONS],
		filter: { action: event.url.searchParams.get('action') ?? '', actor: event.url.searchParams.get('actor') ?? '' },
		tokens: auth.tokens.list()
	};
};

export const actions: Actions = {
	reload: (event) => {
		requireAdmin(event.locals, 'reload the config');
		const out = reloadConfig(event);
		if (!out.ok) return fail(out.status, { reload: { ok: false as const, message: out.message, problems: out.problems } });
		return { reload: { ok: true as const, applied: out.result.applied, needsRestart: out.result.needsRestart } };
	}
};
