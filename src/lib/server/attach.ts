import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { SeriesRef } from '../protocol/live.ts';
import { Authenticator, loadSessionSecret, markTransport, RateLimiter, TRANSPORT_HEADER } from './auth/index.ts';
import { AuditLog, TokenUseRecorder } from './audit/index.ts';
import { allBoards, boardSeries, resolveBoard, summarise } from './boards/index.ts';
import { configReloader, durationMs, loadConfig, SAMPLE_CONFIG, type Config } from './config/index.ts';
import { HistoryService, type InfluxSeries } from './history/index.ts';
import { startInfluxd, type ManagedInfluxd } from './influxd/index.ts';
import { PipelineAnalyser, VerdictRecorder } from './pipeline/index.ts';
import { handleIngest, type IngestDeps } from './ingest/index.ts';
import { LatestValues, LiveService, resolveSubscription } from './live/index.ts';
import { childLogger, createMetrics, type Metrics } from './observability/index.ts';
import { setServices, type Health, type Services } from './services.ts';
import { createStore, targetFromEnv, type InfluxTarget, type Store } from './store/index.ts';
import { WindowService } from './windows/index.ts';
import { AlertService } from './alerts/alert-service.ts';
import { applySecurityHeaders, isTlsRequest } from './http/security-headers.ts';

export interface AttachOptions {
	config: Config;
	/** Holds the managed InfluxDB (influxdb/) and the write spool (spool/). */
	dataDir: string;
	/** An external InfluxDB; absent = start and manage a local influxd under dataDir. */
	influx?: InfluxTarget;
	/** MONITOR_ADMIN_TOKEN: an admin token that needs no config entry. */
	adminToken?: string;
	/** The clock of the live path; tests inject one. */
	now?: () => number;
	/** Base URL of the dashboard for links in chat messages (default: the config's alerts.external_url, else http://localhost:PORT). */
	externalUrl?: string;
	/** The config file `config` came from: an admin's reload re-reads it. Absent: reload answers that there is no file. */
	configFile?: string;
	/** The clock of sessions and the audit log; tests inject one to expire a session without waiting hours. */
	authNow?: () => number;
}

export interface AttachedApp {
	/** Connect-style handler: serves the write endpoints, passes everything else to `next`. */
	handle(req: IncomingMessage, res: ServerResponse, next: () => void): void;
	services: Services;
	live: LiveService;
	influxUrl: string;
	/**
	 * The first step of a shutdown: stop judging alerts. While connections drain, ingest has
	 * stopped, and a silence the app itself caused must never page anyone.
	 */
	quiesce(): Promise<void>;
	/** Stops live streaming, flushes the writer (what InfluxDB cannot take stays in the spool), stops the managed influxd. */
	close(): Promise<void>;
}

const log = childLogger('app');

/**
 * The one seam between the monitor's services and Node's HTTP server, used by the production
 * entry (scripts/serve.ts) and by `vite dev` (vite.config.ts) alike. Data flows one way:
 * ingest -> store and live hub -> browsers (and, later, the alert engine).
 */
export async function attach(server: Server, options: AttachOptions): Promise<AttachedApp> {
	const { config } = options;
	const metrics = createMetrics();
	let influxd: ManagedInfluxd | undefined;
	if (!options.influx) influxd = await startInfluxd({ dir: join(options.dataDir, 'influxdb') });
	const target = options.influx ?? { url: influxd!.url, database: config.influx.database };
	let store: Store;
	try {
		store = await createStore({ target, writer: config.writer, influx: config.influx, dataDir: options.dataDir, metrics, logger: childLogger('store') });
	} catch (err) {
		await influxd?.stop();
		throw err;
	}

	const { auth, audit, tokenUse } = authServices(options, metrics);
	const tokens = auth.tokens;
	const boards = boardCatalogue(config);
	const live: LiveService = new LiveService({
		config: config.live,
		httpServer: server,
		identify: (presented) => auth.identify(presented),
		scopeOf: (p) => auth.scopeOf(p),
		authNow: options.authNow,
		onConnect: (identity, peer) => {
			if (identity.via === 'token') tokenUse.used(identity.principal, 'socket /live', peer);
		},
		resolve: (req): SeriesRef[] => resolveSubscription(req, { hub: live.hub, board: boards.get, boardSeries, declared: new Set(config.components.map((c) => c.id)) }),
		backfill: (series, from, to) => history.backfill(series, from, to),
		writeRollups: (lines) => store.writer.write(lines),
		metrics,
		log: childLogger('live'),
		now: options.now
	});
	const history = new HistoryService(async (q) => (await store.query(q)) as InfluxSeries[], live.hub);
	const latest = new LatestValues();
	const ingest = ingestDeps(config, tokens, store, metrics, (points) => {
		live.publish(points);
		latest.publish(points);
	});
	ingest.onAuthorised = (p, endpoint, peer) => void tokenUse.used(p, `ingest ${endpoint}`, peer);

	const pipeline = new PipelineAnalyser(live.hub, config);
	const verdicts = new VerdictRecorder();
	live.onTick((second) => {
		const started = process.hrtime.bigint();
		const state = pipeline.tick(second);
		live.sockets.sendPipeline(state);
		metrics.pipelineTickSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
		const line = verdicts.record(state);
		if (line) void store.writer.write([line]).catch((err) => log.warn({ err }, 'bottleneck verdict not stored'));
	});
	const windows = new WindowService(config, async (q) => (await store.query(q)) as InfluxSeries[], options.now);
	const alerts = new AlertService({
		config,
		hub: live.hub,
		dataDir: options.dataDir,
		externalUrl: options.externalUrl ?? config.alerts.external_url ?? `http://localhost:${process.env.PORT || 3000}`,
		store: (lines) => store.writer.write(lines),
		query: (q) => store.query(q),
		publish: (summary) => live.sockets.sendAlerts(summary),
		now: options.now,
		log: childLogger('alerts')
	});
	// With an injected clock (tests drive flushes and ticks themselves), the tick; otherwise every flush.
	if (options.now) live.onTick((second) => void alerts.evaluateUpTo(second));
	else live.onFlush(() => alerts.onFlush());

	const services: Services = {
		config,
		metrics,
		latest,
		boards,
		history,
		pipeline,
		windows,
		alerts,
		query: async (q) => (await store.query(q)) as InfluxSeries[],
		health: healthCheck(store, target, ingest),
		auth,
		audit,
		tokenUse,
		endSession: (id) => live.sockets.endSession(id),
		reloadConfig: configReloader({
			config,
			file: options.configFile,
			applyAuth: (next) => {
				auth.reload(next.auth, config.components);
				live.sockets.recheckSockets();
			}
		})
	};
	setServices(services);
	log.info({ influx: target.url, database: target.database, managed: Boolean(influxd) }, 'services attached');

	return {
		handle(req, res, next) {
			// socket.io's engine answers its own path on this server; leave those requests to it.
			if (req.url?.startsWith('/socket.io/')) return;
			// One answer to "did this come over TLS?" (a trusted proxy's X-Forwarded-Proto included) for
			// cookies, SvelteKit's origin check and HSTS alike.
			markTransport(req, auth);
			// Ingest answers here and static files in adapter-node's handler, both outside SvelteKit's hooks.
			applySecurityHeaders(res, req.headers[TRANSPORT_HEADER] === 'https' || isTlsRequest(req));
			if (handleIngest(req, res, ingest)) return;
			next();
		},
		services,
		live,
		influxUrl: target.url,
		quiesce: () => alerts.close(),
		async close() {
			setServices(undefined);
			await alerts.close();
			await live.close();
			await store.close();
			await influxd?.stop();
		}
	};
}

function ingestDeps(config: Config, tokens: Authenticator['tokens'], store: Store, metrics: Metrics, publish: IngestDeps['publish']): IngestDeps & { version?: string } {
	const deps: IngestDeps & { version?: string } = {
		tokens,
		rateLimiter: new RateLimiter(config.ingest.rate_limit.points_per_s, config.ingest.rate_limit.burst_s),
		maxBodyBytes: config.ingest.max_body_bytes,
		orgOfComponent: new Map(config.components.map((c) => [c.id, c.org])),
		fieldTypes: store.fieldTypes,
		retention: { ms: durationMs(config.influx.retention), label: config.influx.retention },
		write: (lines) => store.writer.write(lines),
		publish,
		metrics,
		log: childLogger('ingest'),
		influxVersion: () => deps.version
	};
	return deps;
}

function healthCheck(store: Store, target: InfluxTarget, ingest: { version?: string }): () => Promise<Health> {
	const startedAt = Date.now();
	const check = async (): Promise<Health> => {
		const influx = await store.health();
		ingest.version = influx.version ?? ingest.version;
		const spool = store.spoolSize();
		return {
			status: influx.ok && spool.batches === 0 ? 'ok' : 'degraded',
			influx: { ok: influx.ok, url: target.url, version: influx.version },
			spool,
			uptime_s: Math.round((Date.now() - startedAt) / 1000)
		};
	};
	void check().catch(() => undefined);
	return check;
}

/**
 * Who may do what (src/lib/server/auth) and the record of what they did (src/lib/server/audit).
 * A user header from an untrusted address is counted every time and logged at most once a
 * minute, so a scanner cannot flood the log.
 */
function authServices(options: AttachOptions, metrics: Metrics) {
	const log = childLogger('auth');
	const audit = new AuditLog({ dir: join(options.dataDir, 'audit'), now: options.authNow, onError: (err) => log.error({ err }, 'audit record not written') });
	const tokenUse = new TokenUseRecorder(audit, 60_000, options.authNow);
	let lastIgnoredLog = 0;
	const auth = new Authenticator({
		auth: options.config.auth,
		components: options.config.components,
		adminToken: options.adminToken,
		secret: loadSessionSecret(options.dataDir),
		dataDir: options.dataDir,
		now: options.authNow,
		onIgnoredProxyHeader(peer) {
			metrics.authProxyHeaderIgnored.inc();
			if (Date.now() - lastIgnoredLog < 60_000) return;
			lastIgnoredLog = Date.now();
			log.warn({ peer }, 'a user header came from an address that is not a trusted proxy (auth.proxy.trusted); ignored');
		}
	});
	return { auth, audit, tokenUse };
}

function boardCatalogue(config: Config): Services['boards'] {
	const resolved = allBoards(config, config.boards).map((b) => resolveBoard(config, b));
	const byId = new Map(resolved.map((b) => [b.id, b]));
	const summaries = allBoards(config, config.boards).map(summarise);
	return { list: () => summaries, get: (id) => byId.get(id) ?? null };
}

/** Everything from the environment: MONITOR_CONFIG, DATA_DIR, INFLUX_*, MONITOR_ADMIN_TOKEN. */
export async function attachFromEnv(server: Server, env: NodeJS.ProcessEnv = process.env): Promise<AttachedApp> {
	const config = loadConfig(resolve(env.MONITOR_CONFIG || SAMPLE_CONFIG));
	const configFile = resolve(env.MONITOR_CONFIG || SAMPLE_CONFIG);
	return attach(server, {
		config,
		configFile,
		dataDir: resolve(env.DATA_DIR || 'data'),
		influx: env.INFLUX_URL ? targetFromEnv(env, { database: config.influx.database }) : undefined,
		adminToken: env.MONITOR_ADMIN_TOKEN || undefined
	});
}
