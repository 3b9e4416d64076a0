import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertsSummary, AlertView, Severity } from '../../protocol/alerts.ts';
import type { Config } from '../config/index.ts';
import type { LiveHub } from '../live/hub.ts';
import type { Logger } from '../observability/index.ts';
import { formatLine } from '../ingest/index.ts';
import { channelTarget, type Channel } from './channels/index.ts';
import { Deliverer, type DeadLetter, type TestResult } from './delivery/index.ts';
import { Notifier, type SilenceInput, type SilenceView } from './notify/index.ts';
import { backtestStored, type BacktestResult, type RunQuery } from './backtest/index.ts';
import { HubValueSource, parseRule, RuleEngine } from './rules/index.ts';
import { ALERT_TRANSITIONS } from './history-names.ts';
import type { AlertInstance, AlertTransition } from './types.ts';

/** How many firing alerts the socket summary carries (the banner shows the worst few). */
const SUMMARY_CAP = 50;
/** After a pause (restart, stalled loop), seconds older than this are not evaluated: the hub has no data for them. */
const MAX_CATCH_UP_S = 60;
const STATE_VERSION = 1;
/** Backtests load their whole range into memory: a day at 1 s is plenty for tuning a window's rules. */
const MAX_BACKTEST_MS = 24 * 3_600_000;

/** Bad backtest input. Routes match it by `name`: they see another copy of this module (see services.ts). */
export class BacktestError extends Error {
	override name = 'BacktestError';
}

export interface AlertServiceDeps {
	config: Config;
	hub: LiveHub;
	/** Holds alerts/state.json and the delivery outbox. */
	dataDir: string;
	externalUrl: string;
	/** Stores transition lines (line protocol) in InfluxDB through the writer. */
	store: (lines: string[]) => Promise<void>;
	/** InfluxQL against the monitor's database: backtests read stored rollups through it. */
	query: RunQuery;
	/** The firing alerts changed: tell every browser. */
	publish: (summary: AlertsSummary) => void;
	now?: () => number;
	log: Logger;
}

/**
 * The alert pipeline in one place, fed from the live hub once a second:
 *   rule engine -> transitions (stored in InfluxDB) -> notifier -> notifications -> delivery.
 * Its state (alerts, groups, what was sent, silences) is saved after each change, after the
 * notifications of that change are on disk in the outbox, so a restart neither repeats a
 * message nor loses a resolve.
 */
export class AlertService {
	readonly engine: RuleEngine;
	readonly notifier: Notifier;
	readonly deliverer: Deliverer;
	private readonly source: HubValueSource;
	private readonly now: () => number;
	private readonly stateFile: string;
	private lastSecond: number | null = null;
	private reconciled = false;
	private summaryKey = '';
	private running: Promise<void> = Promise.resolve();
	private busy = false;
	private closed = false;
	private channels: Channel[];

	constructor(private readonly deps: AlertServiceDeps) {
		const { config } = deps;
		this.now = deps.now ?? Date.now;
		this.channels = config.channels;
		const dir = join(deps.dataDir, 'alerts');
		mkdirSync(dir, { recursive: true });
		this.stateFile = join(dir, 'state.json');
		this.engine = new RuleEngine({ rules: config.alerts.rules, config, now: this.now });
		this.notifier = new Notifier({
			routes: config.alerts.routes,
			defaultChannels: config.alerts.default_channels,
			muteTimes: config.alerts.mute_times,
			channels: config.channels.map((c) => ({ id: c.id, language: c.language })),
			externalUrl: deps.externalUrl,
			timeZone: config.time_zone,
			now: this.now
		});
		this.deliverer = new Deliverer({ dir: join(dir, 'outbox'), channels: config.channels, externalUrl: deps.externalUrl, timeZone: config.time_zone, logger: deps.log });
		this.source = new HubValueSource(deps.hub);
		this.restore();
	}

	/**
	 * Runs after every live flush (100 ms): the second that just closed is evaluated within 0.1 s
	 * of its end, and rules that can (a `for: 0s` "above" threshold on a sum or max) fire from the
	 * second still in progress, so a breach reaches the chat room well within a second.
	 */
	onFlush(): void {
		if (this.closed || this.busy) return;
		const now = Math.floor(this.now() / 1000);
		void this.evaluateUpTo(now - 1, now);
	}

	/** Evaluates every second not yet evaluated up to `second` (idempotent; serialised). */
	evaluateUpTo(second: number, early?: number): Promise<void> {
		this.busy = true;
		this.running = this.running.then(() => this.step(second, early)).finally(() => (this.busy = false)).catch((err) => this.deps.log.error({ err }, 'alert evaluation failed'));
		return this.running;
	}

	private async step(upTo: number, early?: number): Promise<void> {
		if (this.closed) return;
		const from = this.lastSecond === null ? upTo : Math.max(this.lastSecond + 1, upTo - MAX_CATCH_UP_S);
		const transitions: AlertTransition[] = [];
		for (let s = from; s <= upTo; s++) transitions.push(...this.engine.evaluate(this.source, s));
		if (from <= upTo) this.lastSecond = upTo;
		if (early !== undefined) transitions.push(...this.engine.evaluateEarly(this.source, early));
		if (transitions.length) this.notifier.receive(transitions, this.engine.alerts());
		if (!this.reconciled) {
			// After a restart: alerts that resolved (or fired) while the app was down.
			this.notifier.reconcile(this.engine.alerts(), this.now());
			this.reconciled = true;
		}
		const notifications = this.notifier.tick(this.now());
		if (transitions.length) void this.deps.store(transitions.map(transitionLine)).catch((err) => this.deps.log.warn({ err }, 'alert history not stored'));
		// On disk in the outbox first, then the state that says they were sent.
		await Promise.all(notifications.map((n) => this.deliverer.enqueue(n)));
		if (transitions.length || notifications.length) this.save();
		this.publishSummary();
	}

	/** Every alert pending, firing or recently resolved, most severe and most recent first. */
	list(): AlertView[] {
		const now = this.now();
		return this.engine
			.alerts()
			.map((a) => view(a, this.notifier.silences.silencedBy(a.labels, now).length > 0))
			.sort(byUrgency);
	}

	get(id: string): AlertView | null {
		const a = this.engine.get(id);
		return a ? view(a, this.notifier.silences.silencedBy(a.labels, this.now()).length > 0) : null;
	}

	acknowledge(id: string, by: string, comment?: string): AlertView | null {
		const a = this.engine.acknowledge(id, by, comment);
		if (!a) return null;
		this.notifier.receive([], this.engine.alerts());
		this.save();
		this.publishSummary();
		return this.get(id);
	}

	unacknowledge(id: string): AlertView | null {
		const a = this.engine.unacknowledge(id);
		if (!a) return null;
		this.notifier.receive([], this.engine.alerts());
		this.save();
		this.publishSummary();
		return this.get(id);
	}

	silences(): SilenceView[] {
		return this.notifier.silences.list(this.now());
	}

	addSilence(input: SilenceInput): string {
		const id = this.notifier.silences.add(input, this.now());
		this.save();
		this.publishSummary();
		return id;
	}

	expireSilence(id: string): boolean {
		const ok = this.notifier.silences.expire(id, this.now());
		if (ok) {
			this.save();
			this.publishSummary();
		}
		return ok;
	}

	/**
	 * What a rule (one of the config's, by id, or a new one as the config would give it) would have
	 * done over a stored range: the same engine, second by second, over InfluxDB's rollups.
	 */
	async backtest(rule: string | unknown, fromMs: number, toMs: number): Promise<BacktestResult> {
		if (!(toMs > fromMs)) throw new BacktestError('`to` must be after `from`');
		if (toMs - fromMs > MAX_BACKTEST_MS) throw new BacktestError('a backtest covers at most 24 hours');
		let parsed;
		if (typeof rule === 'string') {
			parsed = this.deps.config.alerts.rules.find((r) => r.id === rule);
			if (!parsed) throw new BacktestError(`no rule "${rule}" in the config`);
		} else {
			try {
				parsed = parseRule(rule);
			} catch (err) {
				throw new BacktestError((err as Error).message);
			}
		}
		return backtestStored(this.deps.query, parsed, Math.floor(fromMs / 1000), Math.floor(toMs / 1000), this.deps.config);
	}

	channelList(): { id: string; type: string; target: string; language: string }[] {
		return this.channels.map((c) => ({ id: c.id, type: c.type, target: channelTarget(c), language: c.language }));
	}

	deadLetters(): Omit<DeadLetter, 'notification'>[] {
		return this.deliverer.deadLetters().map(({ notification: _n, ...rest }) => rest);
	}

	/** Puts a dead letter back in its channel's queue for a fresh round of tries. */
	retryDeadLetter(id: string): Promise<boolean> {
		return this.deliverer.retryDeadLetter(id);
	}

	dismissDeadLetter(id: string): Promise<boolean> {
		return this.deliverer.dismissDeadLetter(id);
	}

	testChannel(id: string): Promise<TestResult> {
		return this.deliverer.sendTest(id);
	}

	summary(): AlertsSummary {
		const firing = this.list().filter((a) => a.status === 'firing' && !a.silenced);
		return {
			time: this.now(),
			firing: firing.length,
			critical: firing.filter((a) => a.severity === 'critical').length,
			alerts: firing.slice(0, SUMMARY_CAP)
		};
	}

	private publishSummary(): void {
		const s = this.summary();
		const key = s.alerts.map((a) => `${a.id}:${a.ack ? 1 : 0}`).join('|') + `#${s.firing}`;
		if (key === this.summaryKey) return;
		this.summaryKey = key;
		this.deps.publish(s);
	}

	private save(): void {
		const state = { version: STATE_VERSION, lastSecond: this.lastSecond, engine: this.engine.snapshot(), notifier: this.notifier.snapshot() };
		const tmp = `${this.stateFile}.tmp`;
		writeFileSync(tmp, JSON.stringify(state));
		renameSync(tmp, this.stateFile);
	}

	private restore(): void {
		let text: string;
		try {
			text = readFileSync(this.stateFile, 'utf8');
		} catch {
			return; // first start
		}
		try {
			const state = JSON.parse(text);
			if (state.version !== STATE_VERSION) throw new Error(`state version ${state.version}`);
			this.engine.restore(state.engine);
			this.notifier.restore(state.notifier);
			this.lastSecond = state.lastSecond ?? null;
			this.deps.log.info({ alerts: this.engine.alerts().length }, 'alert state restored');
		} catch (err) {
			// A damaged file must not stop the app: start clean, and say so.
			this.deps.log.error({ err, file: this.stateFile }, 'alert state unreadable; starting without it');
		}
	}

	async close(): Promise<void> {
		this.closed = true;
		await this.running;
		await this.deliverer.close();
	}
}

function transitionLine(t: AlertTransition): string {
	const fields: Record<string, string | number> = { alert_id: t.alertId, from: t.from, summary: t.summary.en, summary_ko: t.summary.ko };
	const types: Record<string, 'string' | 'float'> = { alert_id: 'string', from: 'string', summary: 'string', summary_ko: 'string' };
	if (t.value !== null) (fields.value = t.value), (types.value = 'float');
	if (t.threshold !== null) (fields.threshold = t.threshold), (types.threshold = 'float');
	const tags: Record<string, string> = { rule: t.rule, status: t.to, severity: t.labels.severity ?? 'warning' };
	if (t.labels.component) tags.component = t.labels.component;
	if (t.labels.instance) tags.instance = t.labels.instance;
	return formatLine(ALERT_TRANSITIONS, tags, fields, types, `${Math.floor(t.at)}000000`);
}

const SEVERITY_RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };
const STATUS_RANK: Record<string, number> = { firing: 0, pending: 1, resolved: 2, inactive: 3 };

function byUrgency(a: AlertView, b: AlertView): number {
	return (
		(STATUS_RANK[a.status] ?? 9) - (STATUS_RANK[b.status] ?? 9) ||
		(SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) ||
		(a.firingSince ?? a.pendingSince ?? 0) - (b.firingSince ?? b.pendingSince ?? 0)
	);
}

function view(a: AlertInstance, silenced: boolean): AlertView {
	return {
		id: a.id,
		rule: a.rule,
		labels: a.labels,
		severity: (a.labels.severity as Severity) ?? 'warning',
		status: a.status,
		component: a.labels.component ?? null,
		value: a.value,
		threshold: a.threshold,
		summary: a.summary,
		pendingSince: a.pendingSince,
		firingSince: a.firingSince,
		resolvedAt: a.resolvedAt,
		ack: a.ack,
		silenced
	};
}
