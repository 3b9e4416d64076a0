import { spawn } from 'node:child_process';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { serverArgs } from '../../scripts/server-command.mjs';

export interface WallBenchApp {
	url: string;
	pid: number;
	stop(): Promise<void>;
}

/**
 * The real production entry as `npm start` runs it with the sample: its own managed influxd
 * under `dataDir`, and the sample's simulator driving the booking flow over HTTP.
 */
export async function startSimulatedApp(dataDir: string, config = 'samples/vaccine-2021/monitor.yaml'): Promise<WallBenchApp> {
	buildIfStale({ quiet: true });
	const proc = spawn(process.execPath, serverArgs(), {
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, MONITOR_CONFIG: config, SIMULATE: '1', LOG_LEVEL: 'warn', INFLUX_URL: '' },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const exited = new Promise<void>((r) => proc.once('exit', () => r()));
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => reject(new Error(`monitor did not start within 60 s:\n${out}`)), 60_000);
		proc.stdout!.on('data', (d) => {
			out += d;
			const m = /listening on (http:\/\/localhost:\d+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve(m[1].replace('localhost', '127.0.0.1'));
			}
		});
		proc.once('exit', (code) => reject(new Error(`monitor exited with ${code}:\n${out}`)));
	});
	return {
		url,
		pid: proc.pid!,
		async stop() {
			proc.kill('SIGTERM');
			await exited;
		}
	};
}
