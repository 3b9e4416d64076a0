import type { Acknowledgement, AlertInstance, AlertTransition, Labels, Language, Notification } from '../types.ts';
import { AlertGroup, type AlertRecord } from './group.ts';
import { buildNotification } from './message.ts';
import { MuteTimes } from './mute-times.ts';
import { compileRoutes, routeAlert, type RoutingTable } from './routing.ts';
import { describeIssues, NotifyConfigSchema, type MuteTimeInput, type RouteInput } from './schema.ts';
import { SilenceStore } from './silences.ts';
import { parseSnapshot, SNAPSHOT_VERSION, type NotifierSnapshot } from './snapshot.ts';

export interface ChannelRef {
	id: string;
	language: Language;
}

/** Everything hot reload may change. Routes and mute times in their YAML form (`alerts.*`). */
export interface NotifierConfig {
	routes?: RouteInput[];
	defaultChannels?: string[];
	muteTimes?: MuteTimeInput[];
	channels: ChannelRef[];
	/** Dashboard base URL for links in messages; a trailing slash is dropped. */
	externalUrl: string;
	/** For mute times without their own time_zone: the config's `time_zone`. Default Asia/Seoul. */
	timeZone?: string;
}

export interface NotifierOptions extends NotifierConfig {
	/** Clock for work that has no `now` argument (hot reload, restore, reconcile); default Date.now. */
	now?: () => number;
	newSilenceId?: () => string;
}

export class NotifyConfigError extends Error {
	constructor(readonly issues: string[]) {
		super(`invalid alert notification config:\n  ${issues.join('\n  ')}`);
		this.name = 'NotifyConfigError';
	}
}

/** What an alert is, as far as routing and messages care: from a transition, or from an engine's alert on reconcile. */
interface FiringFacts {
	id: string;
	rule: string;
	labels: Labels;
	summary: Record<Language, string>;
	value: number | null;
	threshold: number | null;
	startsAt: number;
	ack: Acknowledgement | null;
}

/**
 * From alert transitions to chat notifications. Feed it every engine tick, then ask what to send:
 *
 *   notifier.receive(transitions, engine.alerts());
 *   delivery.enqueue(notifier.tick(now));
 *
 * It never evaluates a rule and never formats or sends a message; it only decides which alerts go
 * to which channel, grouped how, and when.
 */
export class Notifier {
	readonly silences: SilenceStore;
	readonly #now: () => number;
	#alerts = new Map<string, AlertRecord>();
	#groups = new Map<string, AlertGroup>();
	#table!: RoutingTable;
	#muteTimes!: MuteTimes;
	#languages = new Map<string, Language>();
	#externalUrl = '';

	constructor(opts: NotifierOptions) {
		this.#now = opts.now ?? Date.now;
		this.silences = new SilenceStore(opts.newSilenceId);
		this.#applyConfig(opts);
	}

	/** Hot reload: a bad config throws and leaves the running one in place. See #reroute for what moves. */
	setConfig(config: NotifierConfig): void {
		this.#applyConfig(config);
		this.#reroute(this.#now());
	}

	/** `alerts` carries acknowledgements and fresh values; it need not be complete (reconcile's must be). */
	receive(transitions: readonly AlertTransition[], alerts: readonly AlertInstance[] = []): void {
		const instances = new Map(alerts.map((a) => [a.id, a]));
		for (const t of transitions) {
			// pending -> inactive, inactive -> pending: nobody was told, nobody needs to be.
			if (t.to === 'firing') this.#fire({ ...t, id: t.alertId, startsAt: instances.get(t.alertId)?.firingSince ?? t.at, ack: null });
			else if (t.from === 'firing') this.#resolve(t.alertId, t.at, t.value);
		}
		for (const a of alerts) this.#refresh(a);
	}

	/**
	 * After a restart: align with the engine's full list of alerts. A firing alert the engine no
	 * longer reports firing (it resolved while the app was down, or its rule is gone) resolves now,
	 * so its resolve message is not lost; one firing that the snapshot missed is added.
	 */
	reconcile(alerts: readonly AlertInstance[], now = this.#now()): void {
		const byId = new Map(alerts.map((a) => [a.id, a]));
		for (const rec of [...this.#alerts.values()]) {
			const a = byId.get(rec.id);
			if (rec.status === 'firing' && a?.status !== 'firing') this.#resolve(rec.id, a?.resolvedAt ?? now, a?.value);
		}
		for (const a of alerts) if (a.status === 'firing') this.#fire({ ...a, startsAt: a.firingSince ?? now });
		for (const a of alerts) this.#refresh(a);
	}

	/** The messages due at `now`. Call every engine tick, right after receive, for sub-second latency. */
	tick(now: number): Notification[] {
		return this.#emit(now, false);
	}

	/** Sends every pending change now, ignoring group_wait and group_interval (not repeats): shutdown, tests. */
	flush(now: number): Notification[] {
		return this.#emit(now, true);
	}

	/** Take it after handing tick()'s messages to delivery: what is in here counts as sent. */
	snapshot(): NotifierSnapshot {
		return structuredClone({
			version: SNAPSHOT_VERSION,
			alerts: [...this.#alerts.values()].map(({ groups: _, ...rest }) => rest),
			groups: [...this.#groups.values()].map((g) => g.toState()),
			silences: this.silences.snapshot()
		});
	}

	/** Replaces all state; the current config applies, so a config edited across the restart is honoured. */
	restore(json: unknown): void {
		const snap = parseSnapshot(json);
		this.silences.restore(snap.silences);
		this.#alerts = new Map(snap.alerts.map((a) => [a.id, { ...a, groups: new Set<string>() }]));
		this.#groups = new Map(snap.groups.map((s) => [s.key, AlertGroup.fromState(s)]));
		for (const g of this.#groups.values()) for (const id of g.members) this.#alerts.get(id)?.groups.add(g.key);
		for (const rec of [...this.#alerts.values()]) if (rec.status === 'resolved' && rec.groups.size === 0) this.#alerts.delete(rec.id);
		this.#reroute(this.#now());
	}

	/** How many groups are open (including ones lingering after their resolve). */
	get groupCount(): number {
		return this.#groups.size;
	}

	#emit(now: number, force: boolean): Notification[] {
		const out: Notification[] = [];
		this.silences.purge(now);
		// One answer per alert and per mute time per tick, however many groups ask.
		const isSilenced = memo((a: AlertRecord) => this.silences.isSilenced(a.labels, now));
		const isActive = memo((name: string) => this.#muteTimes.isActive(name, now));
		for (const g of this.#groups.values()) {
			this.#release(g, g.prune(this.#alerts));
			// A mute time holds the whole group: it is set on the route, not on alerts.
			const muted = g.settings.muteTimes.some(isActive);
			const plan = g.plan(now, this.#alerts, muted ? () => true : isSilenced, force);
			if (plan) {
				const language = this.#languages.get(g.channel) ?? 'en';
				out.push(buildNotification(g, plan, { language, externalUrl: this.#externalUrl, now }));
				this.#release(g, g.commit(plan, now));
			}
			if (g.isOver(now)) this.#groups.delete(g.key);
		}
		return out;
	}

	#fire(f: FiringFacts): void {
		let rec = this.#alerts.get(f.id);
		// Already firing: a replay after restart or a duplicate report; its groups know it.
		if (rec?.status === 'firing') return;
		const fresh = { ...pickFacts(f), status: 'firing' as const, endsAt: null };
		if (rec) Object.assign(rec, fresh);
		else this.#alerts.set(f.id, (rec = { ...fresh, groups: new Set() }));
		this.#join(rec, f.startsAt);
	}

	#resolve(id: string, at: number, value?: number | null): void {
		const rec = this.#alerts.get(id);
		if (!rec || rec.status !== 'firing') return;
		rec.status = 'resolved';
		rec.endsAt = at;
		if (value !== undefined) rec.value = value;
		if (rec.groups.size === 0) this.#alerts.delete(id);
	}

	#refresh(a: AlertInstance): void {
		const rec = this.#alerts.get(a.id);
		if (!rec) return;
		rec.ack = a.ack;
		if (a.status !== 'firing') return;
		rec.value = a.value;
		rec.threshold = a.threshold;
		rec.summary = a.summary;
	}

	#join(rec: AlertRecord, at: number): void {
		for (const t of routeAlert(rec.labels, this.#table)) {
			let g = this.#groups.get(t.groupKey);
			if (!g) this.#groups.set(t.groupKey, (g = new AlertGroup(t.groupKey, t.route.key, t.channel, t.groupLabels, t.route.settings, at)));
			g.add(rec.id);
			rec.groups.add(t.groupKey);
		}
	}

	/** Drops the group's hold on these alerts; a resolved alert nobody holds is forgotten. */
	#release(g: AlertGroup, ids: readonly string[]): void {
		for (const id of ids) {
			const rec = this.#alerts.get(id);
			if (!rec) continue;
			rec.groups.delete(g.key);
			if (rec.groups.size === 0 && rec.status === 'resolved') this.#alerts.delete(id);
		}
	}

	/**
	 * After a config change or restore. A group keeps its key, sequence and send times when the new
	 * config still produces it (its timing follows the route). A firing alert routed elsewhere
	 * joins its new groups (which announce it there) and, if its old group already announced it,
	 * stays there only to send its resolve. Groups of a channel that no longer exists are dropped:
	 * there is nowhere to send their resolve.
	 */
	#reroute(now: number): void {
		const routes = new Map([...this.#table.routes, this.#table.fallback].map((r) => [r.key, r]));
		for (const g of [...this.#groups.values()]) {
			const route = routes.get(g.routeKey);
			if (route) g.settings = route.settings;
			if (this.#languages.has(g.channel)) continue;
			this.#release(g, [...g.members]);
			this.#groups.delete(g.key);
		}
		for (const rec of this.#alerts.values()) {
			if (rec.status !== 'firing') continue;
			const keys = new Set(routeAlert(rec.labels, this.#table).map((t) => t.groupKey));
			for (const key of [...rec.groups]) {
				const g = this.#groups.get(key);
				if (!keys.has(key) && (!g || g.release(rec.id))) rec.groups.delete(key);
			}
			this.#join(rec, now);
		}
	}

	#applyConfig(c: NotifierConfig): void {
		const parsed = NotifyConfigSchema.safeParse({
			routes: c.routes ?? [],
			mute_times: c.muteTimes ?? [],
			default_channels: c.defaultChannels ?? []
		});
		if (!parsed.success) throw new NotifyConfigError(describeIssues(parsed.error.issues, 'alerts'));
		const languages = new Map(c.channels.map((ch) => [ch.id, ch.language]));
		let table: RoutingTable;
		try {
			table = compileRoutes(parsed.data.routes, parsed.data.default_channels, new Set(languages.keys()));
		} catch (err) {
			throw new NotifyConfigError([(err as Error).message]);
		}
		this.#table = table;
		this.#languages = languages;
		this.#muteTimes = new MuteTimes(parsed.data.mute_times, c.timeZone ?? 'Asia/Seoul');
		this.#externalUrl = c.externalUrl.replace(/\/+$/, '');
	}
}

function memo<K, V>(fn: (key: K) => V): (key: K) => V {
	const cache = new Map<K, V>();
	return (key) => {
		if (!cache.has(key)) cache.set(key, fn(key));
		return cache.get(key)!;
	};
}

function pickFacts(f: FiringFacts): Omit<AlertRecord, 'status' | 'endsAt' | 'groups'> {
	const { id, rule, labels, summary, value, threshold, startsAt, ack } = f;
	return { id, rule, labels, summary, value, threshold, startsAt, ack };
}
