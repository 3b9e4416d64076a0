import { error, json } from '@sveltejs/kit';
import { requireOperator } from '$lib/server/http/guard';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * POST { rule: "<id>" | { ...a rule as in the config }, from, to } (epoch ms or ISO): when the rule
 * would have fired and resolved over that stored range, evaluated by the live engine's own code.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
	requireOperator(locals, 'run a backtest');
	const body = await request.json().catch(() => null);
	if (!body || typeof body !== 'object') error(400, 'send JSON: { rule, from, to }');
	const from = toMs(body.from);
	const to = toMs(body.to);
	if (from === null || to === null) error(400, '`from` and `to`: epoch ms or ISO 8601 times');
	if (body.rule === undefined) error(400, '`rule`: a rule id from the config, or a rule object');
	try {
		const result = await getServices().alerts.backtest(body.rule, from, to);
		return json({ from, to, ...result });
	} catch (err) {
		if (['BacktestError', 'ZodError', 'InfluxQLError'].includes((err as Error).name)) error(400, (err as Error).message);
		throw err;
	}
};

/** Epoch ms a JavaScript date can hold (InfluxDB's range is wider): anything else is refused, never queried. */
function toMs(v: unknown): number | null {
	const t = typeof v === 'number' ? v : typeof v === 'string' ? (/^\d+$/.test(v) ? Number(v) : Date.parse(v)) : NaN;
	return Number.isFinite(t) && Math.abs(t) <= 8.64e15 ? t : null;
}
