import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The app's own Prometheus metrics, served at GET /metrics. One registry per running app (not
 * prom-client's global one) so that tests can run several apps in one process.
 */
export function createMetrics() {
	const registry = new Registry();
	collectDefaultMetrics({ register: registry, prefix: 'monitor_' });
	const m = {
		registry,
		authProxyHeaderIgnored: new Counter({
			name: 'monitor_auth_proxy_header_ignored_total',
			help: 'Requests and socket handshakes carrying a proxy user header from an address that is not a trusted proxy (ignored).',
			registers: [registry]
		}),
		ingestRequests: new Counter({
			name: 'monitor_ingest_requests_total',
			help: 'Ingest HTTP requests by endpoint and status code.',
			labelNames: ['endpoint', 'status'] as const,
			registers: [registry]
		}),
		pointsAccepted: new Counter({
			name: 'monitor_ingest_points_accepted_total',
			help: 'Points accepted at ingest (acknowledged to the sender).',
			registers: [registry]
		}),
		pointsRejected: new Counter({
			name: 'monitor_ingest_points_rejected_total',
			help: 'Lines or points rejected at ingest, by reason.',
			labelNames: ['reason'] as const,
			registers: [registry]
		}),
		batchDuration: new Histogram({
			name: 'monitor_store_batch_duration_seconds',
			help: 'Time to write one batch to InfluxDB.',
			buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
			registers: [registry]
		}),
		batches: new Counter({
			name: 'monitor_store_batches_total',
			help: 'Batches handled by the store writer, by result (written, spooled, replayed, rejected).',
			labelNames: ['result'] as const,
			registers: [registry]
		}),
		pointsWritten: new Counter({
			name: 'monitor_store_points_written_total',
			help: 'Points written to InfluxDB (directly or replayed from the spool).',
			registers: [registry]
		}),
		influxErrors: new Counter({
			name: 'monitor_store_influx_errors_total',
			help: 'Failed InfluxDB requests, by kind (network, timeout, server, client).',
			labelNames: ['kind'] as const,
			registers: [registry]
		}),
		spoolBatches: new Gauge({
			name: 'monitor_store_spool_batches',
			help: 'Batches waiting in the on-disk spool.',
			registers: [registry]
		}),
		spoolBytes: new Gauge({
			name: 'monitor_store_spool_bytes',
			help: 'Bytes waiting in the on-disk spool.',
			registers: [registry]
		}),
		liveMemoryBytes: new Gauge({
			name: 'monitor_live_memory_bytes',
			help: 'Bytes held by the live hub windows (per-instance and rollup series).',
			registers: [registry]
		}),
		liveMemoryLimitBytes: new Gauge({
			name: 'monitor_live_memory_limit_bytes',
			help: 'Upper bound of the live hub windows, from live.max_series and live.max_rollup_series.',
			registers: [registry]
		}),
		liveSeries: new Gauge({
			name: 'monitor_live_series',
			help: 'Series held live, by kind (instance, rollup).',
			labelNames: ['kind'] as const,
			registers: [registry]
		}),
		livePointsDropped: new Gauge({
			name: 'monitor_live_points_not_shown_total',
			help: 'Points stored but not shown live, by reason (late, future, over_limit).',
			labelNames: ['reason'] as const,
			registers: [registry]
		}),
		liveClients: new Gauge({
			name: 'monitor_live_clients',
			help: 'Connected live (socket.io) clients.',
			registers: [registry]
		}),
		liveFrames: new Counter({
			name: 'monitor_live_frames_total',
			help: 'Frames broadcast (one per room per flush with changes).',
			registers: [registry]
		}),
		liveFrameBytes: new Histogram({
			name: 'monitor_live_frame_bytes',
			help: 'Approximate encoded size of a frame.',
			buckets: [256, 1024, 4096, 16384, 65536, 262144],
			registers: [registry]
		}),
		liveFlushSeconds: new Histogram({
			name: 'monitor_live_flush_seconds',
			help: 'CPU time of one hub flush: rollups recomputed and frames built.',
			buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
			registers: [registry]
		}),
		cspViolations: new Counter({
			name: 'monitor_csp_violations_total',
			help: 'Content-Security-Policy violations reported by browsers, by directive (POST /api/v1/csp-report).',
			labelNames: ['directive'] as const,
			registers: [registry]
		}),
		cspReportsRejected: new Counter({
			name: 'monitor_csp_reports_rejected_total',
			help: 'CSP report requests refused, by reason (too_large, unsupported_type, malformed).',
			labelNames: ['reason'] as const,
			registers: [registry]
		}),
		pipelineTickSeconds: new Histogram({
			name: 'monitor_pipeline_tick_seconds',
			help: 'Time of one pipeline analysis (every stage, bottleneck verdict).',
			buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01],
			registers: [registry]
		})
	};
	return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
