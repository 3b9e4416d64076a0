import { spawn } from 'node:child_process';
import { generateToken } from '../../src/lib/server/auth/index.ts';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { serverArgs } from '../../scripts/server-command.mjs';

export interface BenchApp {
	url: string;
	pid: number;
	token: string;
	stop(): Promise<void>;
}

/** The real production entry, as `npm start` runs it, against the given InfluxDB. */
export async function startBenchApp(opts: { influxUrl: string; database: string; dataDir: string; config?: string; simulate?: boolean }): Promise<BenchApp> {
	buildIfStale({ quiet: true });
	const token = generateToken('bench');
	// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the monitor, to see where ingest time goes.
	const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
	const proc = spawn(process.execPath, serverArgs(prof), {
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			INFLUX_URL: opts.influxUrl,
			INFLUX_DATABASE: opts.database,
			DATA_DIR: opts.dataDir,
			MONITOR_ADMIN_TOKEN: token,
			MONITOR_CONFIG: opts.config ?? 'samples/vaccine-2021/monitor.yaml',
			SIMULATE: opts.simulate ? '1' : '0',
			LOG_LEVEL: 'warn'
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const exited = new Promise<void>((r) => proc.once('exit', () => r()));
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		proc.stdout!.on('data', (d) => {
			out += d;
			const m = /listening on (http:\/\/localhost:\d+)/.exec(out);
			if (m) resolve(m[1].replace('localhost', '127.0.0.1'));
		});
		proc.once('exit', (code) => reject(new Error(`monitor exited with ${code}:\n${out}`)));
	});
	return {
		url,
		pid: proc.pid!,
		token,
		async stop() {
			proc.kill('SIGTERM');
			await exited;
		}
	};
}
