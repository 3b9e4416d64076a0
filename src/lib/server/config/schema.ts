import { z } from 'zod';
import { BoardsSchema } from '../boards/schema.ts';
import { WindowsSchema } from '../windows/schema.ts';
import { ChannelsSchema } from '../alerts/channels/schema.ts';
import { checkNotifyReferences, notifyConfigShape } from '../alerts/notify/schema.ts';
import { AlertRulesSchema, checkRuleReferences } from '../alerts/rules/schema.ts';
import { checkWallReferences, WallSchema } from '../wall/schema.ts';
import { CidrSchema, ProxySchema } from '../auth/proxy-schema.ts';

/**
 * The monitor's configuration file, as code. Everything the product knows about a booking
 * system (its organisations, components, pipeline stages and their planned capacity, who may
 * send what) comes from here; later capabilities (boards, windows, alerts, channels) add their
 * own keys, which are accepted as-is until their schema lands.
 */

const id = z
	.string()
	.regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_" (e.g. "identity-naver")');

const duration = z
	.string()
	.regex(/^\d+(ms|s|m|h|d|w)$/, 'a duration such as "500ms", "10s", "5m", "7d"');

export const OrgSchema = z.strictObject({
	id,
	name: z.string().min(1),
	kind: z.enum(['public', 'private']).default('private')
});

/** Planned capacity of a component: what it was sized for, used for utilisation and headroom. */
export const CapacitySchema = z
	.strictObject({
		rps: z.number().positive().optional(),
		users_per_hour: z.number().positive().optional(),
		queue_length: z.number().positive().optional()
	})
	.refine((c) => c.rps !== undefined || c.users_per_hour !== undefined || c.queue_length !== undefined, {
		message: 'give at least one of rps, users_per_hour, queue_length'
	});

export const ComponentSchema = z.strictObject({
	id,
	name: z.string().min(1),
	org: id,
	stage: id,
	capacity: CapacitySchema.optional(),
	instances: z.array(z.string().min(1)).optional(),
	description: z.string().optional()
});

export const StageSchema = z.strictObject({
	id,
	name: z.string().min(1),
	kind: z.enum(['service', 'queue']).default('service'),
	capacity: CapacitySchema.optional()
});

export const RoleSchema = z.enum(['ingest', 'viewer', 'operator', 'admin']);

export const TokenSchema = z.strictObject({
	name: z.string().min(1),
	role: RoleSchema,
	/** `sha256:<64 hex>` of the token; the token itself is never stored. */
	hash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'a hash "sha256:<64 hex digits>" (npm run token -- hash <token>)'),
	orgs: z.array(id).optional(),
	components: z.array(id).optional(),
	/** Points per second this token may send; default ingest.rate_limit.points_per_s. */
	rate_limit: z.number().positive().optional()
});

export const InfluxSchema = z.strictObject({
	database: z.string().min(1).default('booking_ops'),
	/** How long raw points are kept. */
	retention: duration.default('7d')
});

export const IngestSchema = z.strictObject({
	/** Decompressed body limit; InfluxDB's own default max-body-size is 25 MB. */
	max_body_bytes: z.number().int().positive().default(25_000_000),
	rate_limit: z
		.strictObject({
			points_per_s: z.number().positive().default(1_000_000),
			burst_s: z.number().positive().default(2)
		})
		.prefault({})
});

export const WriterSchema = z.strictObject({
	batch_lines: z.number().int().positive().default(5_000),
	flush_interval: duration.default('100ms'),
	concurrency: z.number().int().positive().default(2),
	/** gzip request bodies to InfluxDB; `auto` compresses only when InfluxDB is not on loopback. */
	gzip: z.union([z.boolean(), z.literal('auto')]).default('auto'),
	timeout: duration.default('10s'),
	spool: z
		.strictObject({
			dir: z.string().default('data/spool'),
			max_bytes: z.number().int().positive().default(1_073_741_824)
		})
		.prefault({})
});

export const LiveSchema = z.strictObject({
	/** Component rollups kept in memory at 1 s; older seconds come from InfluxDB. */
	window: duration.default('15m'),
	/** Per-instance values kept to compute rollups and absorb late points. */
	raw_window: duration.default('15m'),
	/** How often changed seconds go out to browsers: the live latency floor. */
	flush_interval: duration.default('100ms'),
	/** Bound on per-instance series held live (memory: 12 bytes x raw_window seconds each: 10.8 KB for 15 min). */
	max_series: z.number().int().positive().default(20_000),
	/** Bound on component rollup series (memory: 8 bytes x window seconds each). */
	max_rollup_series: z.number().int().positive().default(10_000),
	/** Points further ahead of the server clock are stored but not shown live. */
	future_tolerance: duration.default('10s'),
	/** Closed seconds are written to InfluxDB as rollups after this grace for late points. */
	rollup_grace: duration.default('2s')
});

export const ConfigSchema = z
	.strictObject({
		title: z.string().default('Booking Ops Monitor'),
		time_zone: z.string().default('Asia/Seoul'),
		influx: InfluxSchema.prefault({}),
		ingest: IngestSchema.prefault({}),
		writer: WriterSchema.prefault({}),
		orgs: z.array(OrgSchema).default([]),
		components: z.array(ComponentSchema).default([]),
		pipeline: z.strictObject({ stages: z.array(StageSchema).default([]) }).prefault({}),
		live: LiveSchema.prefault({}),
		auth: z
			.strictObject({
				tokens: z.array(TokenSchema).default([]),
				/**
				 * What someone without a token may do (Grafana's anonymous access). `viewer` suits a
				 * demo or a closed network; `none` requires a token for every page and socket.
				 */
				anonymous_role: z.enum(['none', 'viewer']).default('none'),
				/** How long a laptop sign-in (/signin) lasts; walls keep their long-lived cookie. */
				session_ttl: duration.default('12h'),
				/** Sign-in by a trusted reverse proxy's header (src/lib/server/auth/proxy-schema.ts). */
				proxy: ProxySchema.optional(),
				/**
				 * Proxies that terminate TLS in front of the monitor without signing anyone in: their
				 * X-Forwarded-Proto is believed (Secure cookies), their user header is not.
				 */
				trusted_proxies: z.array(CidrSchema).default([])
			})
			.prefault({}),
		simulator: z
			.strictObject({
				/** Scenario file run by `npm start` when this config is the default one. */
				scenario: z.string().optional(),
				/** A window id: the scenario's opening is played at each of its openings. */
				window: z.string().optional()
			})
			.optional(),
		boards: BoardsSchema,
		windows: WindowsSchema,
		wall: WallSchema,
		// Owned by later capabilities; validated by their own schemas when they land.
		alerts: z
			.strictObject({
				rules: AlertRulesSchema.default([]),
				...notifyConfigShape,
				/** Base URL of the dashboard, for links in chat messages (default http://localhost:<PORT>). */
				external_url: z.url().optional()
			})
			.superRefine(checkNotifyReferences)
			.prefault({}),
		channels: ChannelsSchema.default([])
	})
	.superRefine(checkReferences);

export type Config = z.infer<typeof ConfigSchema>;
export type Org = z.infer<typeof OrgSchema>;
export type Component = z.infer<typeof ComponentSchema>;
export type Stage = z.infer<typeof StageSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type TokenEntry = z.infer<typeof TokenSchema>;
export type AuthConfig = Config['auth'];
export type Capacity = z.infer<typeof CapacitySchema>;
export type LiveConfig = z.infer<typeof LiveSchema>;

type Ctx = z.RefinementCtx;

/** Cross-references a schema cannot express: unique ids, and ids that must name something declared. */
function checkReferences(cfg: z.output<z.ZodObject<any>>, ctx: Ctx): void {
	const c = cfg as Config;
	const orgs = uniqueIds(c.orgs, ['orgs'], ctx);
	const stages = uniqueIds(c.pipeline.stages, ['pipeline', 'stages'], ctx);
	const components = uniqueIds(c.components, ['components'], ctx);
	c.components.forEach((comp, i) => {
		if (!orgs.has(comp.org)) issue(ctx, ['components', i, 'org'], `unknown org "${comp.org}" (declare it under orgs)`);
		if (!stages.has(comp.stage))
			issue(ctx, ['components', i, 'stage'], `unknown stage "${comp.stage}" (declare it under pipeline.stages)`);
	});
	c.boards.forEach((b, i) =>
		b.rows.forEach((row, r) =>
			row.panels.forEach((p, j) => {
				if (p.type === 'chart' && p.stage !== undefined && !stages.has(p.stage))
					issue(ctx, ['boards', i, 'rows', r, 'panels', j, 'stage'], `unknown stage "${p.stage}"`);
			})
		)
	);
	uniqueIds(c.windows, ['windows'], ctx);
	for (const i of checkRuleReferences(c.alerts.rules, c)) issue(ctx, ['alerts', 'rules', ...i.path], i.message);
	const channels = new Set(c.channels.map((ch) => ch.id));
	const known = (list: string[], path: (string | number)[]) =>
		list.forEach((ch, j) => channels.has(ch) || issue(ctx, [...path, j], `unknown channel "${ch}" (declare it under channels)`));
	known(c.alerts.default_channels, ['alerts', 'default_channels']);
	c.alerts.routes.forEach((r, i) => known(r.channels, ['alerts', 'routes', i, 'channels']));
	checkWallReferences(c, ctx);
	const names = new Set<string>();
	c.auth.tokens.forEach((t, i) => {
		if (names.has(t.name)) issue(ctx, ['auth', 'tokens', i, 'name'], `duplicate token name "${t.name}"`);
		names.add(t.name);
		t.orgs?.forEach((o, j) => {
			if (!orgs.has(o)) issue(ctx, ['auth', 'tokens', i, 'orgs', j], `unknown org "${o}"`);
		});
		t.components?.forEach((o, j) => {
			if (!components.has(o)) issue(ctx, ['auth', 'tokens', i, 'components', j], `unknown component "${o}"`);
		});
	});
	c.auth.proxy?.users.forEach((u, i) => {
		u.orgs?.forEach((o, j) => orgs.has(o) || issue(ctx, ['auth', 'proxy', 'users', i, 'orgs', j], `unknown org "${o}"`));
		u.components?.forEach((o, j) => components.has(o) || issue(ctx, ['auth', 'proxy', 'users', i, 'components', j], `unknown component "${o}"`));
	});
	c.auth.proxy?.default_orgs?.forEach((o, j) => orgs.has(o) || issue(ctx, ['auth', 'proxy', 'default_orgs', j], `unknown org "${o}"`));
}

function uniqueIds(items: { id: string }[], path: (string | number)[], ctx: Ctx): Set<string> {
	const seen = new Set<string>();
	items.forEach((item, i) => {
		if (seen.has(item.id)) issue(ctx, [...path, i, 'id'], `duplicate id "${item.id}"`);
		seen.add(item.id);
	});
	return seen;
}

function issue(ctx: Ctx, path: (string | number)[], message: string): void {
	ctx.addIssue({ code: 'custom', path, message });
}
