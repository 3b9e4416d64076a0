import type { RequestEvent } from '@sveltejs/kit';
import type { ReloadResult } from '../config/index.ts';
import { getServices } from '../services.ts';
import { audited } from './audit.ts';

export type ReloadOutcome = { ok: true; result: ReloadResult } | { ok: false; status: 400 | 409; message: string; problems: string[] };

/** An admin's config reload, audited either way (the API and the admin page's button both use it). */
export function reloadConfig(event: Pick<RequestEvent, 'locals' | 'getClientAddress'>): ReloadOutcome {
	try {
		const result = getServices().reloadConfig();
		audited(event, 'config.reload', result.file, `applied ${result.applied.join(', ')}${result.needsRestart.length ? `; needs a restart: ${result.needsRestart.join(', ')}` : ''}`);
		return { ok: true, result };
	} catch (err) {
		// By name, not instanceof: the services run in the production entry's module graph, not this bundle's.
		const e = err as Error & { problems?: string[]; status?: 400 | 409 };
		if (e.name !== 'ReloadError') throw err;
		audited(event, 'config.reload.refused', undefined, [e.message, ...(e.problems ?? [])].join('; '));
		return { ok: false, status: e.status ?? 400, message: e.message, problems: e.problems ?? [] };
	}
}
