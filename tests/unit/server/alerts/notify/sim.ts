import type { AlertInstance, AlertStatus, AlertTransition, Labels, Notification } from '../../../../../src/lib/server/alerts/types.ts';
import { Notifier, type NotifierOptions } from '../../../../../src/lib/server/alerts/notify/index.ts';

/** Monday 2026-03-02 10:00 in Seoul (01:00 UTC): a working hour on a weekday. */
export const T0 = Date.parse('2026-03-02T10:00:00+09:00');
export const S = 1_000;
export const M = 60 * S;
export const H = 60 * M;

export const CHANNELS = [
	{ id: 'ops-en', language: 'en' as const },
	{ id: 'ops-ko', language: 'ko' as const },
	{ id: 'oncall', language: 'en' as const }
];

/** An alert as the rules engine would hold it, before it fires. */
export function makeAlert(rule: string, component: string, opts: { instance?: string; labels?: Labels } = {}): AlertInstance {
	const { instance } = opts;
	const target = instance ? `${component}/${instance}` : component;
	return {
		id: instance ? `${rule}|${component}|${instance}` : `${rule}|${component}`,
		rule,
		labels: {
			alertname: rule,
			severity: 'critical',
			component,
			org: 'naver',
			stage: 'login',
			...(instance ? { instance } : {}),
			...opts.labels
		},
		status: 'inactive',
		value: 12,
		threshold: 10,
		summary: { en: `${rule} on ${target}`, ko: `${target}: ${rule} 경보` },
		pendingSince: null,
		firingSince: null,
		resolvedAt: null,
		ack: null
	};
}

export function transition(a: AlertInstance, from: AlertStatus, to: AlertStatus, at: number): AlertTransition {
	return { alertId: a.id, rule: a.rule, labels: a.labels, from, to, at, value: a.value, threshold: a.threshold, summary: a.summary };
}

/**
 * A simulated engine and clock around one Notifier: `fire`/`resolve` change alerts and pass the
 * transitions on at the current time, `step` advances the clock one tick at a time and collects
 * what the notifier sends, the way the alert service drives it every second.
 */
export class Sim {
	now = T0;
	readonly alerts = new Map<string, AlertInstance>();
	readonly sent: Notification[] = [];
	notifier: Notifier;

	constructor(opts: Partial<NotifierOptions> = {}) {
		this.notifier = this.makeNotifier(opts);
	}

	makeNotifier(opts: Partial<NotifierOptions> = {}): Notifier {
		let n = 0;
		return new Notifier({
			channels: CHANNELS,
			externalUrl: 'http://ops.example:3000/',
			defaultChannels: ['ops-en'],
			now: () => this.now,
			newSilenceId: () => `s${++n}`,
			...opts
		});
	}

	fire(...list: AlertInstance[]): Notification[] {
		const ts = list.map((a) => {
			const from = a.status;
			Object.assign(a, { status: 'firing', firingSince: this.now, resolvedAt: null });
			this.alerts.set(a.id, a);
			return transition(a, from, 'firing', this.now);
		});
		return this.#receive(ts);
	}

	resolve(...list: AlertInstance[]): Notification[] {
		const ts = list.map((a) => {
			Object.assign(a, { status: 'resolved', resolvedAt: this.now });
			return transition(a, 'firing', 'resolved', this.now);
		});
		return this.#receive(ts);
	}

	/** An alert that was pending and went back to inactive without firing. */
	abandon(a: AlertInstance): Notification[] {
		this.alerts.set(a.id, a);
		const to = transition(a, 'inactive', 'pending', this.now);
		a.status = 'inactive';
		return this.#receive([to, transition(a, 'pending', 'inactive', this.now)]);
	}

	ack(a: AlertInstance, by = 'kim'): Notification[] {
		a.ack = { by, at: this.now };
		return this.#receive([]);
	}

	/** Advance `ms` in one-second ticks; returns what was sent meanwhile. */
	step(ms: number): Notification[] {
		const out: Notification[] = [];
		for (const end = this.now + ms; this.now < end; ) {
			this.now = Math.min(this.now + S, end);
			out.push(...this.tick());
		}
		return out;
	}

	tick(): Notification[] {
		this.notifier.receive([], [...this.alerts.values()]);
		const out = this.notifier.tick(this.now);
		this.sent.push(...out);
		return out;
	}

	#receive(ts: AlertTransition[]): Notification[] {
		this.notifier.receive(ts, [...this.alerts.values()]);
		const out = this.notifier.tick(this.now);
		this.sent.push(...out);
		return out;
	}
}

/** `firing:a,b resolved:c` for compact assertions on what a message held. */
export function contents(n: Notification): string {
	const ids = (status: string) =>
		n.alerts
			.filter((a) => a.status === status)
			.map((a) => a.labels.instance ?? a.labels.component)
			.join(',');
	return [`firing:${ids('firing')}`, `resolved:${ids('resolved')}`].join(' ');
}
