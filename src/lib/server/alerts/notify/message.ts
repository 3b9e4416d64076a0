import type { Labels, Language, Notification, NotifiedAlert } from '../types.ts';
import type { AlertGroup, AlertRecord, GroupPlan } from './group.ts';
import { formatMatchers } from './matchers.ts';

export interface MessageContext {
	language: Language;
	/** No trailing slash. */
	externalUrl: string;
	now: number;
}

/**
 * The Notification for one committed plan. Call before `group.commit(plan)`: the id uses the next
 * sequence number. `startedAt` is in the id because a group that ended and later re-forms under
 * the same key restarts at 1, and delivery treats the id as an idempotency key.
 */
export function buildNotification(group: AlertGroup, plan: GroupPlan, ctx: MessageContext): Notification {
	const byStart = (a: AlertRecord, b: AlertRecord) => a.startsAt - b.startsAt || a.id.localeCompare(b.id);
	const alerts = [
		...[...plan.firing].sort(byStart).map((a) => notifiedAlert(a, ctx)),
		...[...plan.resolved].sort(byStart).map((a) => notifiedAlert(a, ctx))
	];
	return {
		id: `${group.key}:${group.startedAt}:${group.seq + 1}`,
		channel: group.channel,
		groupKey: group.key,
		groupLabels: { ...group.groupLabels },
		commonLabels: commonLabels(alerts.map((a) => a.labels)),
		status: plan.firing.length > 0 ? 'firing' : 'resolved',
		alerts,
		language: ctx.language,
		externalUrl: ctx.externalUrl,
		groupUrl: groupUrl(ctx.externalUrl, group.groupLabels),
		createdAt: ctx.now
	};
}

export function alertUrl(externalUrl: string, alertId: string): string {
	return `${externalUrl}/alerts?alert=${encodeURIComponent(alertId)}`;
}

/** The alerts page filtered by the group's labels, in the `{a="x",b="y"}` form parseMatchers reads. */
export function groupUrl(externalUrl: string, groupLabels: Labels): string {
	const ms = Object.keys(groupLabels)
		.sort()
		.map((name) => ({ name, op: '=' as const, value: groupLabels[name] }));
	return `${externalUrl}/alerts?filter=${encodeURIComponent(formatMatchers(ms))}`;
}

function notifiedAlert(a: AlertRecord, ctx: MessageContext): NotifiedAlert {
	return {
		id: a.id,
		status: a.status,
		labels: { ...a.labels },
		// A rule may leave one language empty; English beats a blank line in chat.
		summary: a.summary[ctx.language] || a.summary.en,
		value: a.value,
		threshold: a.threshold,
		startsAt: a.startsAt,
		endsAt: a.status === 'resolved' ? a.endsAt : null,
		acknowledged: a.ack !== null,
		url: alertUrl(ctx.externalUrl, a.id)
	};
}

/** Labels every alert of the message shares (Alertmanager's CommonLabels). */
function commonLabels(sets: Labels[]): Labels {
	if (sets.length === 0) return {};
	const out: Labels = { ...sets[0] };
	for (const labels of sets.slice(1))
		for (const k of Object.keys(out)) if (labels[k] !== out[k]) delete out[k];
	return out;
}
